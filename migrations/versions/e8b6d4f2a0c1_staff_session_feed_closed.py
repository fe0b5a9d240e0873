"""staff_session.feed_closed_at: nothing new is assigned to a veileder whose every console has closed

Revision ID: e8b6d4f2a0c1
Revises: d1e8f0a2b4c6
Create Date: 2026-12-05 11:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import router.adapters.models

revision: str = 'e8b6d4f2a0c1'
down_revision: str | None = 'd1e8f0a2b4c6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feed_closed_at', router.adapters.models.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_column('feed_closed_at')
