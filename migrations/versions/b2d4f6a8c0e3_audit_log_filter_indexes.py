"""audit_log indexes for the audit page's filters, each newest first by id (keyset paging): (username, id) and
(action, id); at and conversation_id had theirs from the start

Revision ID: b2d4f6a8c0e3
Revises: a7c9e1b3d5f8
Create Date: 2026-12-06 02:40:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = 'b2d4f6a8c0e3'
down_revision: str | None = 'a7c9e1b3d5f8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ('ix_audit_log_username_id', ['username', 'id']),
    ('ix_audit_log_action_id', ['action', 'id']),
)


def upgrade() -> None:
    for name, columns in INDEXES:
        op.create_index(name, 'audit_log', columns, unique=False)


def downgrade() -> None:
    for name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name='audit_log')
