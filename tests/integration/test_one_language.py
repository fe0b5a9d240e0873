"""One language per conversation through the HTTP API, with the real detector and policy: a Norwegian writing from a
browser set to English gets every notice from then on in Norwegian, and the conversation is stored as bokmål; the
language picker works for a REST client and never reaches the bot."""

from __future__ import annotations

import importlib
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.adapters.language_layer import PolicyLanguageLayer
from router.app import Overrides, create_app
from router.config import Settings
from router.texts import contact_text, fixed_text
from router.web.language_api import _create_warm_detector
from tests.conftest import login, open_conversation, settle
from tests.fakes import FakeBot, FakeTranslator


@pytest.fixture
async def multilingual(
    aiohttp_client: Callable[..., Any], settings: Settings, fake_bot: FakeBot, clock: FixedClock,
) -> AsyncIterator[TestClient]:
    layer = PolicyLanguageLayer(_create_warm_detector(), FakeTranslator({("pl", "nb"), ("nb", "pl")}))
    yield await aiohttp_client(create_app(settings, Overrides(bot=fake_bot, clock=clock, language=layer)))


async def messages(client: TestClient, conversation_id: str, auth: dict[str, str]) -> dict[str, Any]:
    return await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()


async def say(client: TestClient, conversation_id: str, auth: dict[str, str], text: str, msg_id: str,
              payload: str | None = None) -> None:
    body = {"client_msg_id": msg_id, "text": text, **({"payload": payload} if payload else {})}
    response = await client.post(f"/api/conversations/{conversation_id}/messages", json=body, headers=auth)
    assert response.status == 201, await response.text()
    await settle(client)


def written_in(text: str, lang: str) -> bool:
    """The text is made of ``lang``'s hand-written fixed texts: a literal piece of one of them is in it."""
    templates = importlib.import_module(f"router.texts.{lang}").TEXTS.values()
    pieces = [piece.strip() for template in templates for piece in re.split(r"\{\w+\}", contact_text(template))]
    return any(len(piece) >= 12 and piece in text for piece in pieces)


async def test_a_norwegian_writing_from_an_english_browser_reads_every_notice_in_norwegian(
    multilingual: TestClient, fake_bot: FakeBot,
) -> None:
    client = multilingual
    conversation_id, auth = await open_conversation(client, page_locale="en-GB")
    before = await messages(client, conversation_id, auth)
    assert before["conversation"]["language"] == "en"
    assert before["messages"][0]["text"] == fixed_text("greeting", "en"), "before a word, the browser's guess"

    await say(client, conversation_id, auth, "Hei, jeg har mistet jobben og trenger hjelp til husleia", "1")
    assert (await messages(client, conversation_id, auth))["conversation"]["language"] == "nb"
    assert fake_bot.metadata[-1]["language"] == "nb"

    handed = await (await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)).json()
    assert handed["state"] == "QUEUED" and written_in(handed["message"], "nb")
    await say(client, conversation_id, auth, "Er det noen der?", "2")  # "saved, you are number 1 in the queue"
    csrf = await login(client, "veileder1")
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    # The staff view while the veileder has it (back with the bot, it is not staff's to read).
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert (detail["conversation"]["language"], detail["conversation"]["language_source"]) == ("nb", "detected")
    await client.post(f"/api/staff/conversations/{conversation_id}/back-to-bot", headers=csrf)
    ended = await client.post(f"/api/staff/conversations/{conversation_id}/close", json={"outcome": "besvart"},
                              headers=csrf)
    assert ended.status == 409, "back with the chatbot: no chat with a person to end"

    seen = await messages(client, conversation_id, auth)
    notices = [m for m in seen["messages"] if m["sender"] == "system"]
    # queued (+ wait), saved in the queue, veileder joined, back to the bot
    assert len(notices) >= 4, [n["text"] for n in notices]
    for notice in notices:
        assert notice["language"] == "nb", notice
        assert written_in(notice["text"], "nb") and not written_in(notice["text"], "en"), notice["text"]
    assert notices[-1]["text"] == fixed_text("back_to_bot", "nb")
    assert any(n["text"].startswith(fixed_text("message_saved_in_queue", "nb", position=1)) for n in notices)
    bot_answers = [m for m in seen["messages"] if m["sender"] == "bot"][1:]
    assert bot_answers and all(m["language"] == "nb" for m in bot_answers)


async def test_a_rest_client_uses_the_language_picker_like_any_button(
    multilingual: TestClient, fake_bot: FakeBot,
) -> None:
    client = multilingual
    conversation_id, auth = await open_conversation(client)
    await say(client, conversation_id, auth, "ok", "1")  # no locale, too short to know: the picker is offered
    picker = next(m for m in (await messages(client, conversation_id, auth))["messages"]
                  if any(b["payload"] == "router:language" for b in m["buttons"]))
    button = picker["buttons"][0]
    assert button["title"] == "Velg språk / Choose language"
    await say(client, conversation_id, auth, button["title"], "2", payload=button["payload"])
    offer = (await messages(client, conversation_id, auth))["messages"][-1]
    polish = next(b for b in offer["buttons"] if b["payload"] == "router:language:pl")
    assert polish["title"] == "Polski (polsk)"
    await say(client, conversation_id, auth, polish["title"], "3", payload=polish["payload"])
    seen = await messages(client, conversation_id, auth)
    assert seen["conversation"]["language"] == "pl"
    assert seen["messages"][-1]["text"] == fixed_text("language_chosen", "pl")
    assert [text for _, text in fake_bot.received] == ["ok"], "only the bruker's own words reached the bot"


async def test_the_widget_page_and_its_texts_come_in_one_language(client: TestClient) -> None:
    """GET / is the widget in the language asked for (or the browser's), every text filled in; GET
    /api/widget/texts gives the same texts in another language when the conversation changes language."""
    arabic = await (await client.get("/?lang=ar")).text()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert f'data-text="widget_send">{fixed_text("widget_send", "ar")}</button>' in arabic
    assert f'placeholder="{fixed_text("widget_placeholder", "ar")}"' in arabic
    assert not re.search(r"\{[ta]:\w+\}|\{(lang|dir|phone|widget_texts_json)\}", arabic)
    # The phone number reads left to right and is a link, even before the script runs.
    assert '<a href="tel:+4755553333" class="phone" dir="ltr">+47 55 55 33 33</a>' in arabic
    english = await (await client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9,nb;q=0.8"})).text()
    assert '<html lang="en" dir="ltr">' in english and ">Send<" in english
    assert '<html lang="nb" dir="ltr">' in await (await client.get("/?lang=xx")).text()

    polish = await (await client.get("/api/widget/texts?lang=pl-PL")).json()
    assert (polish["lang"], polish["dir"]) == ("pl", "ltr")
    assert polish["texts"]["widget_send"] == fixed_text("widget_send", "pl") == "Wyślij"
    assert polish["texts"]["widget_veileder_named"] == "{name}, doradca NAV"  # filled in by the widget
    assert (await (await client.get("/api/widget/texts?lang=<script>")).json())["lang"] == "nb"

