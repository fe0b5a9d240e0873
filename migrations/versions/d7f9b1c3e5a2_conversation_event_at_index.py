"""conversation_event.at index: the kontaktsenter's figures count what happened in the last hours by the time it
happened (the history's transitions), not by when the chat was created (queue_overview, probe 118)

Revision ID: d7f9b1c3e5a2
Revises: c4e6a8b0d2f4
Create Date: 2026-12-06 06:10:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = 'd7f9b1c3e5a2'
down_revision: str | None = 'c4e6a8b0d2f4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_conversation_event_at', 'conversation_event', ['at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_conversation_event_at', table_name='conversation_event')
