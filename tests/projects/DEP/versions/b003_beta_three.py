"""beta three

Revision ID: b003
Revises: b002
Create Date: 2026-11-22 10:00:05.006000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b003'
down_revision = 'b002'
branch_labels = None
depends_on = 'a003'


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
