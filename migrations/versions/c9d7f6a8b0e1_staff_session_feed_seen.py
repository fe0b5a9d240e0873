"""staff_session.feed_seen_at: a veileder whose console is gone is no longer at work

Revision ID: c9d7f6a8b0e1
Revises: a1c2e3f4b5d6
Create Date: 2026-12-05 05:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import router.adapters.models

revision: str = 'c9d7f6a8b0e1'
down_revision: str | None = 'a1c2e3f4b5d6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feed_seen_at', router.adapters.models.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_column('feed_seen_at')
