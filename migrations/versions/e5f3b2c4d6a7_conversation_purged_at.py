"""conversation.purged_at: retention deletes a transcript once

Revision ID: e5f3b2c4d6a7
Revises: d4e2a1b3c5f6
Create Date: 2026-11-30 15:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import router.adapters.models

revision: str = 'e5f3b2c4d6a7'
down_revision: str | None = 'd4e2a1b3c5f6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purged_at', router.adapters.models.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_column('purged_at')
