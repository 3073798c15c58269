"""net one

Revision ID: n001
Revises: 
Create Date: 2026-11-22 10:00:03.004000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'n001'
down_revision = None
branch_labels = ('networking',)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
