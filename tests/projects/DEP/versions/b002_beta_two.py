"""beta two

Revision ID: b002
Revises: b001
Create Date: 2026-11-22 10:00:04.005000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b002'
down_revision = 'b001'
branch_labels = None
depends_on = 'a003'


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
