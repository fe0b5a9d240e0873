"""staff_session.last_seen_at: idle staff sessions end

Revision ID: d4e2a1b3c5f6
Revises: c3d1f0a7b2e4
Create Date: 2026-11-30 15:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import router.adapters.models

revision: str = 'd4e2a1b3c5f6'
down_revision: str | None = 'c3d1f0a7b2e4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', router.adapters.models.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_column('last_seen_at')
