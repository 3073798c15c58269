"""x four a

Revision ID: x04a
Revises: x003
Create Date: 2026-11-22 10:00:10.011000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'x04a'
down_revision = 'x003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
