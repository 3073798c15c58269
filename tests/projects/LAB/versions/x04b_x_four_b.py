"""x four b

Revision ID: x04b
Revises: x003
Create Date: 2026-11-22 10:00:11.012000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'x04b'
down_revision = 'x003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
