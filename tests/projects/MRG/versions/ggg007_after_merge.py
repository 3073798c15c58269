"""after merge

Revision ID: ggg007
Revises: fff006
Create Date: 2026-11-22 10:00:06.007000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ggg007'
down_revision = 'fff006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
