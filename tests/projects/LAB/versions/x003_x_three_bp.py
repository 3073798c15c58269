"""x three bp

Revision ID: x003
Revises: x002
Create Date: 2026-11-22 10:00:09.010000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'x003'
down_revision = 'x002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
