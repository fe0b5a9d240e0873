"""staff_session.dashboard_seen_at: the kontaktsenter's page, left open on a session, keeps nobody at work

Revision ID: b4d6f8a0c2e5
Revises: c3e5a7b9d1f4
Create Date: 2026-12-07 02:55:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import router.adapters.models

revision: str = 'b4d6f8a0c2e5'
down_revision: str | None = 'c3e5a7b9d1f4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dashboard_seen_at', router.adapters.models.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_column('dashboard_seen_at')
