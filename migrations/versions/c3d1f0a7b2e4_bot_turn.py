"""bot_turn: durable bot turns

Revision ID: c3d1f0a7b2e4
Revises: b794bc154987
Create Date: 2026-11-30 15:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import router.adapters.models

revision: str = 'c3d1f0a7b2e4'
down_revision: str | None = 'b794bc154987'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'bot_turn',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('conversation_id', sa.String(length=36), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=False),
        sa.Column('payload', sa.String(length=300), nullable=True),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('worker', sa.String(length=64), nullable=True),
        sa.Column('lease_until', router.adapters.models.UtcDateTime(), nullable=True),
        sa.Column('created_at', router.adapters.models.UtcDateTime(), nullable=False),
        sa.Column('done_at', router.adapters.models.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['conversation_id'], ['conversation.id']),
        sa.ForeignKeyConstraint(['message_id'], ['message.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('message_id'),
    )
    with op.batch_alter_table('bot_turn', schema=None) as batch_op:
        batch_op.create_index('ix_bot_turn_conversation_state', ['conversation_id', 'state', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bot_turn_state'), ['state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('bot_turn', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bot_turn_state'))
        batch_op.drop_index('ix_bot_turn_conversation_state')
    op.drop_table('bot_turn')
