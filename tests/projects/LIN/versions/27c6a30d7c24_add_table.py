"""add table

Revision ID: 27c6a30d7c24
Revises: ae10f5e7b2c1
Create Date: 2026-11-22 10:00:03.004000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '27c6a30d7c24'
down_revision = 'ae10f5e7b2c1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
