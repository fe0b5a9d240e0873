"""Message: original and translated text, language, client message id for dedup, the intent the bot saw."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

SENDERS = frozenset({"user", "bot", "veileder", "system"})


@dataclass
class Message:
    conversation_id: str
    sender: str  # user | bot | veileder | system
    # As written by its author, with personal numbers masked.
    original_text: str
    original_language: str | None
    created_at: datetime
    # Machine translation for the other side (user -> nb, bot/veileder -> the bruker's language).
    translated_text: str | None = None
    translated_language: str | None = None
    machine_translated: bool = False
    client_msg_id: str | None = None
    author_id: int | None = None
    # What the bot understood of this very message (stored with it, never matched by text afterwards).
    intent: str | None = None
    intent_confidence: float | None = None
    buttons: list[dict[str, Any]] = field(default_factory=list)
    # The seq: given by the store when the message is added; it only grows.
    id: int | None = None
    # The bruker message a bot turn's answer belongs to (its seq): read right after it, however fast they wrote.
    reply_to: int | None = None
    # The person logged in to the conversation when it was stored (the conversation's pseudonym,
    # Conversation.logged_in_person), whoever wrote it: bot, veileder, router or the bruker. None: nobody was.
    # Only that person, logged in again, reads it (shown_to); the store sets it (bound_person; ports/store.py
    # MessageRepository.add).
    person_pseudonym: str | None = None

    @property
    def text_for_bot(self) -> str:
        """What Rasa and the veileder read: the Norwegian translation when there is one, else the original."""
        return self.translated_text or self.original_text

    @property
    def text_for_user(self) -> str:
        """What the bruker reads: an answer in their language when there is one (the veileder's or bot's words
        translated, a fixed text's own version), else the original; their own words as they wrote them."""
        if self.sender != "user" and self.translated_text is not None:
            return self.translated_text
        return self.original_text

    def record_translation(self, text: str, language: str, *, machine_translated: bool = True) -> None:
        """The text for the other side: the bruker's words in Norwegian, or an answer in the bruker's language."""
        self.translated_text = text
        self.translated_language = language
        self.machine_translated = machine_translated

    def record_intent(self, name: str | None, confidence: float | None) -> None:
        self.intent = name
        self.intent_confidence = confidence


def bound_person(logged_in_person: str | None, answered: Message | None) -> str | None:
    """Whom a message being stored is bound to: the person logged in to its conversation now
    (Conversation.logged_in_person); with nobody logged in, an answer to a message of hers (``answered``, the one its
    ``reply_to`` names) is hers too: a bot turn that read her case while she was logged in and finished just after
    "Logg ut" stores her case after the logout."""
    if logged_in_person is not None:
        return logged_in_person
    return answered.person_pseudonym if answered is not None else None


def said_unbound_since(messages: Iterable[Message], since: datetime) -> bool:
    """Whether anything was said in a chat since ``since`` (her Logg ut, or her login's end) bound to nobody: words
    of whoever sat at that screen then, or a veileder's or the bot's answer to them. That may be another person (a
    shared PC), so the chat is not given back to her at her next login elsewhere (services/login.py)."""
    return any(message.sender != "system" and message.person_pseudonym is None and message.created_at > since
               for message in messages)


def shown_to(message: Message, reader: str | None) -> bool:
    """Whether a bruker reader sees what ``message`` says. ``reader``: the person logged in to the conversation now
    (Conversation.logged_in_person), None when nobody is. What was said while a person was logged in (her case, the
    amounts, what she wrote about herself) is hers: after "Logg ut" a shared computer's next user holds the same
    page and token, and sees only that such a message was there. Logged in again as her, it is shown again; as
    anyone else, never. Staff read every message (their own access rules)."""
    return readable_by(message.person_pseudonym, reader)


def readable_by(bound_to: str | None, reader: str | None) -> bool:
    """The one rule for what a bruker reader sees of a person's own facts: something bound to a person (a message
    said while she was logged in, the office her folkeregister address chose: Conversation.names_enhet_to) is read
    by her alone; something bound to nobody by anyone holding the conversation's token."""
    return bound_to is None or bound_to == reader


def reading_order(messages: list[Message]) -> list[Message]:
    """The transcript as it is read: each answer right after the bruker message it answers (and its earlier
    answers), everything else in the order it was stored. A bruker who writes twice before the bot has answered
    reads u1 a1 u2 a2, not u1 u2 a1 a2.

    An answer moves up past later bruker messages only, never past what was said to the bruker after the message
    it answers: "you are number 1 in the queue" (an answer) came above "your conversation has moved to ..." (no
    answer, stored before it) and read as if the move came after. Works on any slice of the transcript (a client
    reading on from a seq).
    """
    stored = sorted(messages, key=lambda m: m.id or 0)
    keys: list[int] = []
    for index, message in enumerate(stored):
        key = message.id or 0
        if message.reply_to is not None:
            key = message.reply_to
            for earlier, earlier_key in zip(reversed(stored[:index]), reversed(keys), strict=True):
                if (earlier.id or 0) <= message.reply_to:
                    break
                if earlier.sender != "user":
                    key = max(key, earlier_key)
        keys.append(key)
    order = sorted(range(len(stored)), key=lambda i: (keys[i], stored[i].id or 0))
    return [stored[i] for i in order]


def awaiting_reply_since(bruker_latest_first: Sequence[Message], veileder_latest_first: Sequence[Message],
                         veileder_id: int | None, *, asked_at: datetime | None,
                         assigned_at: datetime | None) -> datetime | None:
    """Since when the bruker has waited for the word of the veileder who has her chat (None: they wrote last): from
    her first message after their last one. Before any word of theirs she waits for their first: from when she
    asked for a person, or, where another veileder wrote before (a transfer), from her first message after that
    veileder's last one or from when this one got it, whichever came first (probe 158: the veileder a chat was
    transferred to read "Du har svart" for the colleague's reply). The console orders a veileder's chats by it
    (probe 157: five chats, and no way to see who had waited longest)."""

    def first_after(message: Message) -> datetime | None:
        after = [m.created_at for m in bruker_latest_first if (m.id or 0) > (message.id or 0)]
        return min(after) if after else None

    own = next((m for m in veileder_latest_first if m.author_id == veileder_id), None)
    if own is not None:
        return first_after(own)
    if not veileder_latest_first:
        return asked_at
    candidates = [t for t in (first_after(veileder_latest_first[0]), assigned_at or asked_at) if t is not None]
    return min(candidates) if candidates else None
