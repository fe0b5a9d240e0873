"""conversation indexes for the reads that run as the kept history grows: created_at (the dashboard's window),
(enhetsnummer, closed_at) and (enhetsnummer, first_human_reply_at) (the wait promise), (purged_at, closed_at) (the
retention sweep)

Revision ID: a7c9e1b3d5f8
Revises: f1a3c5e7b9d2
Create Date: 2026-12-06 02:20:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = 'a7c9e1b3d5f8'
down_revision: str | None = 'f1a3c5e7b9d2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ('ix_conversation_created_at', ['created_at']),
    ('ix_conversation_enhet_closed', ['enhetsnummer', 'closed_at']),
    ('ix_conversation_enhet_first_reply', ['enhetsnummer', 'first_human_reply_at']),
    ('ix_conversation_purge', ['purged_at', 'closed_at']),
)


def upgrade() -> None:
    for name, columns in INDEXES:
        op.create_index(name, 'conversation', columns, unique=False)


def downgrade() -> None:
    for name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name='conversation')
