"""C2 on branch two

Revision ID: eee005
Revises: bbb002
Create Date: 2026-11-22 10:00:04.005000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'eee005'
down_revision = 'bbb002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
