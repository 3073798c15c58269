"""alpha three

Revision ID: a003
Revises: a002
Create Date: 2026-11-22 10:00:02.003000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a003'
down_revision = 'a002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
