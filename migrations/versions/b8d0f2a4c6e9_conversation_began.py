"""conversation.began: the STARTED counter's flag (queue_figures.begins), loaded with the conversation, so a bruker
message no longer asks the messages whether she wrote before (one query per message while the bot had the chat)

Existing conversations began if she wrote, was handed off, or the chat is closed (an unused chat begins at its
close): what the old per-message query and handoff flag said.

Revision ID: b8d0f2a4c6e9
Revises: d7f9b1c3e5a2
Create Date: 2026-12-06 12:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b8d0f2a4c6e9'
down_revision: str | None = 'd7f9b1c3e5a2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ALTER TABLE ... ADD COLUMN, not batch mode: SQLite adds a column with a constant default in place,
    # where a batch copies and drops the table other rows point at (migrations/env.py).
    op.add_column('conversation', sa.Column('began', sa.Boolean(), server_default=sa.false(), nullable=False))
    conversation = sa.table('conversation', sa.column('id', sa.String()), sa.column('state', sa.String()),
                            sa.column('handed_off', sa.Boolean()), sa.column('began', sa.Boolean()))
    message = sa.table('message', sa.column('conversation_id', sa.String()), sa.column('sender', sa.String()))
    wrote = sa.exists().where(message.c.conversation_id == conversation.c.id, message.c.sender == 'user')
    op.execute(conversation.update()
               .where(sa.or_(conversation.c.handed_off == sa.true(), conversation.c.state == 'CLOSED', wrote))
               .values(began=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_column('began')
