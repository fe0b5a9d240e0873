"""login_session and pending_login: logins shared by every router and kept across restarts (sealed secrets)

Revision ID: a7b5d4e6f8c9
Revises: f6a4c3d5e7b8
Create Date: 2026-11-30 20:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import router.adapters.models

revision: str = 'a7b5d4e6f8c9'
down_revision: str | None = 'f6a4c3d5e7b8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'login_session',
        sa.Column('id_hash', sa.String(length=64), nullable=False),
        sa.Column('conversation_id', sa.String(length=36), nullable=False),
        sa.Column('pseudonym', sa.String(length=64), nullable=False),
        sa.Column('sealed', sa.Text(), nullable=False),
        sa.Column('created_at', router.adapters.models.UtcDateTime(), nullable=False),
        sa.Column('expires_at', router.adapters.models.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id_hash'),
    )
    op.create_index('ix_login_session_conversation_id', 'login_session', ['conversation_id'])
    op.create_index('ix_login_session_expires_at', 'login_session', ['expires_at'])
    op.create_table(
        'pending_login',
        sa.Column('state_hash', sa.String(length=64), nullable=False),
        sa.Column('conversation_id', sa.String(length=36), nullable=False),
        sa.Column('browser_binding', sa.String(length=64), nullable=False),
        sa.Column('sealed', sa.Text(), nullable=False),
        sa.Column('started_at', router.adapters.models.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('state_hash'),
    )
    op.create_index('ix_pending_login_started_at', 'pending_login', ['started_at'])


def downgrade() -> None:
    op.drop_index('ix_pending_login_started_at', table_name='pending_login')
    op.drop_table('pending_login')
    op.drop_index('ix_login_session_expires_at', table_name='login_session')
    op.drop_index('ix_login_session_conversation_id', table_name='login_session')
    op.drop_table('login_session')
