"""alpha two

Revision ID: a002
Revises: a001
Create Date: 2026-11-22 10:00:01.002000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a002'
down_revision = 'a001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
