"""merge branches

Revision ID: fff006
Revises: ddd004, eee005
Create Date: 2026-11-22 10:00:05.006000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fff006'
down_revision = ('ddd004', 'eee005')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
