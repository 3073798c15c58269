"""shop one

Revision ID: s001
Revises: a002
Create Date: 2026-11-22 10:00:05.006000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 's001'
down_revision = 'a002'
branch_labels = ('shopping',)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
