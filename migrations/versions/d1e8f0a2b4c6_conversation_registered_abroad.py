"""conversation.registered_abroad: the person who logged in lives abroad by the folkeregister (gtType UTLAND)

Revision ID: d1e8f0a2b4c6
Revises: c9d7f6a8b0e1
Create Date: 2026-12-05 08:05:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'd1e8f0a2b4c6'
down_revision: str | None = 'c9d7f6a8b0e1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registered_abroad', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_column('registered_abroad')
