"""C1 on branch one

Revision ID: ccc003
Revises: bbb002
Create Date: 2026-11-22 10:00:02.003000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ccc003'
down_revision = 'bbb002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
