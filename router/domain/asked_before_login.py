"""A question about her own case, asked before she logged in, is answered once she has (probe 159: a status question
asked just before an ID-porten login was not answered after it, and she typed it again).

The router's part is to find the question; the bot answers it, as it would have had she been logged in: a turn on
the login's notice (login.finish_login) carries ANSWER_AFTER_LOGIN and the question's seq (relay.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from router.domain.masking import FODSELSNUMMER_TOKEN
from router.domain.messages import Message

# The payload of the "Logg inn" button (the bot's login offer, a veileder's request): the widget starts the login.
LOGIN_PAYLOAD = "router:login"
# The payload of the turn that has the bot answer the question again: this prefix and the question's seq.
ANSWER_AFTER_LOGIN = "router:answer_after_login:"
# The intents whose answer is read from the person's own case (actions/innsyn.py ActionCaseAnswer; the rules in
# data/rules): only such a question is asked again. "Jeg vil logge inn" also got the login button, and asking it
# again after the login would offer the login she just did.
CASE_INTENTS = frozenset({"sosialhjelp_status", "sosialhjelp_documents", "payment_dates"})


def login_offered_for_last_question(messages: Sequence[Message]) -> Message | None:
    """The bruker's last message, when the bot's answer to it offered the login (a button with LOGIN_PAYLOAD), it was
    written before anyone logged in, and she has written nothing since; else None. ``messages``: the conversation's,
    in seq order."""
    asked = next((m for m in reversed(messages) if m.sender == "user"), None)
    if asked is None or asked.person_pseudonym is not None:
        return None
    offered = any(m.sender == "bot" and m.reply_to == asked.id
                  and any(button.get("payload") == LOGIN_PAYLOAD for button in m.buttons) for m in messages)
    return asked if offered else None


def asks_about_own_case(message: Message) -> bool:
    """Whether the bot read ``message`` (its stored intent) as a question answered from the person's own case."""
    if message.intent not in CASE_INTENTS:
        return False
    # Whose case a masked number was is not known once masked (it was written before anyone logged in, so it was
    # never compared with hers): she asks again, and the answer is checked then (services/innsyn.py).
    return FODSELSNUMMER_TOKEN not in message.original_text


def question_seq(payload: str | None) -> int | None:
    """The seq of the question a turn's payload asks again, or None when it is no such turn."""
    if not payload or not payload.startswith(ANSWER_AFTER_LOGIN):
        return None
    seq = payload.removeprefix(ANSWER_AFTER_LOGIN)
    return int(seq) if seq.isdigit() else None
