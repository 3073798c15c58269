"""y three

Revision ID: y003
Revises: y002
Create Date: 2026-11-22 10:00:14.015000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'y003'
down_revision = 'y002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
