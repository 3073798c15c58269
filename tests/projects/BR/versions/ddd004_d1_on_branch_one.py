"""D1 on branch one

Revision ID: ddd004
Revises: ccc003
Create Date: 2026-11-22 10:00:03.004000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ddd004'
down_revision = 'ccc003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
