"""short id

Revision ID: abc
Revises: 27c6a30d7c24
Create Date: 2026-11-22 10:00:04.005000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'abc'
down_revision = '27c6a30d7c24'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
