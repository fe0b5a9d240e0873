"""conversation login: person_pseudonym (keyed hash, never the ident), logged_in_at, logged_out_at, gt_from_register

Revision ID: f6a4c3d5e7b8
Revises: e5f3b2c4d6a7
Create Date: 2026-11-30 18:05:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import router.adapters.models

revision: str = 'f6a4c3d5e7b8'
down_revision: str | None = 'e5f3b2c4d6a7'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_pseudonym', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('logged_in_at', router.adapters.models.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('logged_out_at', router.adapters.models.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("gt_from_register", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_conversation_person_pseudonym', ['person_pseudonym'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_index('ix_conversation_person_pseudonym')
        batch_op.drop_column('gt_from_register')
        batch_op.drop_column('logged_out_at')
        batch_op.drop_column('logged_in_at')
        batch_op.drop_column('person_pseudonym')
