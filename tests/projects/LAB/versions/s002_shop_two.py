"""shop two

Revision ID: s002
Revises: s001
Create Date: 2026-11-22 10:00:06.007000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 's002'
down_revision = 's001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
