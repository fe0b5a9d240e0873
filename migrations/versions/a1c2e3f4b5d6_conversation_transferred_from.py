"""conversation.transferred_from_veileder_id: a transfer is not handed back to the veileder it came from

Revision ID: a1c2e3f4b5d6
Revises: b8c6e5f7a9d0
Create Date: 2026-12-04 18:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'a1c2e3f4b5d6'
down_revision: str | None = 'b8c6e5f7a9d0'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('transferred_from_veileder_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_conversation_transferred_from_veileder', 'veileder',
                                    ['transferred_from_veileder_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_constraint('fk_conversation_transferred_from_veileder', type_='foreignkey')
        batch_op.drop_column('transferred_from_veileder_id')
