"""add column

Revision ID: ae1027a6acf2
Revises: 1975ea83b712
Create Date: 2026-11-22 10:00:01.002000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ae1027a6acf2'
down_revision = '1975ea83b712'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
