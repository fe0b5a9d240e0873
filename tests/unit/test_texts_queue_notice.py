"""The queue notice says once that the bruker can write their message while they wait.

"Du står nå i kø ... Du kan skrive meldingen din mens du venter. Kontoret er stengt nå. En veileder svarer deg
mandag ... Du kan legge igjen meldingen din her." said it twice: the notice is the fixed text "queued" and then the
wait (router/services/waiting.py wait_texts), and every wait but the short one already says where the message goes
(and, when nobody is online, that they see it when they log in). So "queued" only says where the bruker waits, and
the short wait ("about 5 minutes") invites the message itself."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from router.domain.conversation import Conversation
from router.domain.language_policy import SUPPORTED_LANGUAGES
from router.domain.opening_hours import NAV_PHONE_HOURS
from router.domain.wait_promise import WaitKind, WaitPromise
from router.services import waiting
from router.texts import fixed_text

# The word for the bruker's message in each language, as the queue texts write it.
MESSAGE = {
    "nb": "melding", "nn": "melding", "en": "message", "da": "besked", "sv": "meddelande", "de": "Nachricht",
    "es": "mensaje", "pl": "wiadomoś", "lt": "žinut", "ro": "mesaj", "ru": "сообщени", "uk": "повідомлен",
    "tr": "mesaj", "so": "fariin", "ar": "رسال", "fa": "پیام", "ur": "پیغام", "ti": "መልእኽት", "th": "ข้อความ",
    "vi": "tin nhắn",
}
NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)  # Monday 10:30 in Oslo: NAV's phone is open
SATURDAY = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)  # NAV's phone closed
CLOSES = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
OPENS = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
PROMISES = {
    "soon": WaitPromise(WaitKind.SOON, minutes=5),
    "nobody_online": WaitPromise(WaitKind.NOBODY_ONLINE, closes=CLOSES, opens=OPENS),
    "past_closing": WaitPromise(WaitKind.PAST_CLOSING, minutes=45, closes=CLOSES, opens=OPENS),
    "closed": WaitPromise(WaitKind.CLOSED, opens=OPENS),
}


def test_every_language_is_checked() -> None:
    assert set(MESSAGE) == set(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize("language", sorted(SUPPORTED_LANGUAGES))
@pytest.mark.parametrize("kind", sorted(PROMISES))
@pytest.mark.parametrize("now", [NOW, SATURDAY], ids=["phone-open", "phone-closed"])
def test_the_queue_notice_invites_the_message_once(language: str, kind: str, now: datetime) -> None:
    conversation = Conversation(id="c", token_hash="h", created_at=now, updated_at=now, enhet_navn="Nav Asker",
                                enhetsnummer="0220")
    wait = waiting.wait_texts(conversation, PROMISES[kind], language, now, phone=NAV_PHONE_HOURS, contacts_just_shown=True)
    notice = " ".join([fixed_text("queued", language, enhet="Nav Asker"), *wait])
    assert notice.casefold().count(MESSAGE[language].casefold()) == 1, notice
