"""conversation threats against staff: origin_key (keyed hash of the address), threatened_veileder_id,
earlier_threat_at, earlier_threat_veileder_id

Revision ID: f1a3c5e7b9d2
Revises: e8b6d4f2a0c1
Create Date: 2026-12-05 23:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import router.adapters.models

revision: str = 'f1a3c5e7b9d2'
down_revision: str | None = 'e8b6d4f2a0c1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('threatened_veileder_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('earlier_threat_at', router.adapters.models.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('earlier_threat_veileder_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_conversation_origin_key', ['origin_key'], unique=False)
        batch_op.create_foreign_key('fk_conversation_threatened_veileder', 'veileder',
                                    ['threatened_veileder_id'], ['id'])
        batch_op.create_foreign_key('fk_conversation_earlier_threat_veileder', 'veileder',
                                    ['earlier_threat_veileder_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_constraint('fk_conversation_earlier_threat_veileder', type_='foreignkey')
        batch_op.drop_constraint('fk_conversation_threatened_veileder', type_='foreignkey')
        batch_op.drop_index('ix_conversation_origin_key')
        batch_op.drop_column('earlier_threat_veileder_id')
        batch_op.drop_column('earlier_threat_at')
        batch_op.drop_column('threatened_veileder_id')
        batch_op.drop_column('origin_key')
