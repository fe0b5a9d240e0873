"""conversation.bot_place_set_aside: the bot's kommune the handoff did not route on (the bruker wrote she does not
live there), so the console marks it as not used beside what the bot learned

Revision ID: c3e5a7b9d1f4
Revises: b8d0f2a4c6e9
Create Date: 2026-12-06 18:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c3e5a7b9d1f4'
down_revision: str | None = 'b8d0f2a4c6e9'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ALTER TABLE ... ADD COLUMN (nullable, no default): SQLite adds it in place (migrations/env.py).
    op.add_column('conversation', sa.Column('bot_place_set_aside', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_column('bot_place_set_aside')
