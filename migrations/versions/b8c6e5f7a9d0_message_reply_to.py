"""message.reply_to: a bot turn's answer is tied to the bruker message it answers

Revision ID: b8c6e5f7a9d0
Revises: a7b5d4e6f8c9
Create Date: 2026-11-30 20:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b8c6e5f7a9d0'
down_revision: str | None = 'a7b5d4e6f8c9'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_column('reply_to')
