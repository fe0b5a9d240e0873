"""message.person_pseudonym: the person logged in to the conversation when the message was stored; after a logout
the bruker's page (and anyone else holding its token) reads such a message only as a placeholder, until the same
person logs in again (router/domain/messages.py shown_to)

Revision ID: c4e6a8b0d2f4
Revises: b2d4f6a8c0e3
Create Date: 2026-12-06 06:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c4e6a8b0d2f4'
down_revision: str | None = 'b2d4f6a8c0e3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_pseudonym', sa.String(length=64), nullable=True))
    _bind_what_was_said_while_logged_in()


def _bind_what_was_said_while_logged_in() -> None:
    """The messages already stored while someone was logged in: each login's window from its history rows
    (``logged_in`` from its time, until the next ``logged_out``, whose own notice is not hers), bound to the person
    the conversation still names (a conversation holds one person: another cannot log in to it). Times are compared
    here, not in SQL: SQLite keeps them as text, written by more than one path."""
    bind = op.get_bind()
    conversation = sa.table('conversation', sa.column('id', sa.String), sa.column('person_pseudonym', sa.String))
    event = sa.table('conversation_event', sa.column('id', sa.Integer), sa.column('conversation_id', sa.String),
                     sa.column('kind', sa.String), sa.column('at', sa.DateTime))
    message = sa.table('message', sa.column('id', sa.Integer), sa.column('conversation_id', sa.String),
                       sa.column('created_at', sa.DateTime), sa.column('person_pseudonym', sa.String))
    tied = bind.execute(sa.select(conversation.c.id, conversation.c.person_pseudonym)
                        .where(conversation.c.person_pseudonym.is_not(None))).all()
    for conversation_id, person in tied:
        rows = bind.execute(sa.select(event.c.kind, event.c.at)
                            .where(event.c.conversation_id == conversation_id,
                                   event.c.kind.in_(('logged_in', 'logged_out')))
                            .order_by(event.c.id)).all()
        windows, start = [], None
        for kind, at in [*rows, ('logged_out', None)]:
            if kind == 'logged_in':
                start = at if start is None else start
            elif start is not None:
                windows.append((start, at))
                start = None
        if not windows:
            continue
        said = bind.execute(sa.select(message.c.id, message.c.created_at)
                            .where(message.c.conversation_id == conversation_id)).all()
        hers = [message_id for message_id, at in said
                if any(begin <= at and (end is None or at < end) for begin, end in windows)]
        if hers:
            bind.execute(sa.update(message).where(message.c.id.in_(hers)).values(person_pseudonym=person))
