"""x two

Revision ID: x002
Revises: x001
Create Date: 2026-11-22 10:00:08.009000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'x002'
down_revision = 'x001'
branch_labels = ('xl',)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
