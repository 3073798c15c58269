"""net two

Revision ID: n002
Revises: n001
Create Date: 2026-11-22 10:00:04.005000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'n002'
down_revision = 'n001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
