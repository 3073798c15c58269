"""y two

Revision ID: y002
Revises: y001
Create Date: 2026-11-22 10:00:13.014000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'y002'
down_revision = 'y001'
branch_labels = ('yl',)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
