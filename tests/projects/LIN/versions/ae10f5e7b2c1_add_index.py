"""add index

Revision ID: ae10f5e7b2c1
Revises: ae1027a6acf2
Create Date: 2026-11-22 10:00:02.003000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ae10f5e7b2c1'
down_revision = 'ae1027a6acf2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
