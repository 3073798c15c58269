"""B branchpoint

Revision ID: bbb002
Revises: aaa001
Create Date: 2026-11-22 10:00:01.002000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bbb002'
down_revision = 'aaa001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
