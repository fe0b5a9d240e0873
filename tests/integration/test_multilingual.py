"""Languages through the router: real detector and policy, a fake translator (the Argos adapter has its own tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.adapters.language_layer import PolicyLanguageLayer
from router.app import Overrides, create_app
from router.config import Settings
from router.web.language_api import _create_warm_detector
from tests.conftest import login, open_conversation, settle
from tests.fakes import FakeBot, FakeTranslator


@pytest.fixture
def translator() -> FakeTranslator:
    return FakeTranslator({("pl", "nb"), ("nb", "pl")})


@pytest.fixture
async def multilingual(
    aiohttp_client: Callable[..., Any], settings: Settings, fake_bot: FakeBot, clock: FixedClock,
    translator: FakeTranslator,
) -> AsyncIterator[TestClient]:
    layer = PolicyLanguageLayer(_create_warm_detector(), translator)
    yield await aiohttp_client(create_app(settings, Overrides(bot=fake_bot, clock=clock, language=layer)))


async def messages(client: TestClient, conversation_id: str, auth: dict[str, str]) -> list[dict[str, Any]]:
    response = await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)
    return (await response.json())["messages"]


async def say(client: TestClient, conversation_id: str, auth: dict[str, str], text: str, msg_id: str) -> None:
    response = await client.post(f"/api/conversations/{conversation_id}/messages",
                                 json={"client_msg_id": msg_id, "text": text}, headers=auth)
    assert response.status == 201
    await settle(client)


async def test_polish_is_translated_both_ways_and_labelled(
    multilingual: TestClient, fake_bot: FakeBot, translator: FakeTranslator
) -> None:
    conversation_id, auth = await open_conversation(multilingual)
    text = "dzień dobry, straciłem pracę i nie mam pieniędzy na jedzenie"
    await say(multilingual, conversation_id, auth, text, "1")
    assert fake_bot.received == [(conversation_id, f"[pl>nb] {text}")]
    assert fake_bot.metadata[-1]["language"] == "nb"
    shown = await messages(multilingual, conversation_id, auth)
    assert [m["text"] for m in shown if m["sender"] == "user"] == [text]  # the bruker sees their own words
    # (no food is acute need: the router's hand-written emergency contacts come before the bot's answer)
    assert any(m["sender"] == "system" and m["language"] == "pl" and "116 117" in m["text"] for m in shown)
    assert shown[-1]["text"] == f"[nb>pl] Bot: [pl>nb] {text}" and shown[-1]["machine_translated"] is True
    assert shown[-1]["machine_translated_label"] == "przetłumaczono maszynowo"

    await multilingual.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    await login(multilingual, "veileder1")
    detail = await (await multilingual.get(f"/api/staff/conversations/{conversation_id}")).json()
    user_message = next(m for m in detail["messages"] if m["sender"] == "user")
    assert user_message["text"] == f"[pl>nb] {text}" and user_message["original_text"] == text
    assert user_message["machine_translated"] and detail["conversation"]["language"] == "pl"


async def test_norwegian_never_goes_to_machine_translation(
    multilingual: TestClient, fake_bot: FakeBot, translator: FakeTranslator
) -> None:
    conversation_id, auth = await open_conversation(multilingual)
    for i, text in enumerate(["jeg har mistet jobben og trenger hjelp til husleia",
                              "eg treng hjelp med å søkje om sosialhjelp no",
                              "jag behöver hjälp med hyran denna månad"]):
        await say(multilingual, conversation_id, auth, text, str(i))
    assert translator.calls == []
    assert [text for _, text in fake_bot.received][0] == "jeg har mistet jobben og trenger hjelp til husleia"


async def test_language_without_a_model_gets_a_handwritten_notice_and_a_tolk_flag(
    multilingual: TestClient, fake_bot: FakeBot
) -> None:
    conversation_id, auth = await open_conversation(multilingual)
    await say(multilingual, conversation_id, auth, "ሰላም ስራይ ስኢነ ገንዘብ የብለይን ሓገዝ የድልየኒ እዩ", "1")
    shown = await messages(multilingual, conversation_id, auth)
    notice = shown[-1]
    from router.texts import fixed_text

    assert notice["sender"] == "system" and notice["text"] == fixed_text("translation_unavailable", "ti")
    assert fake_bot.received == []  # the bot would not understand
    # The next message the bot cannot read is answered too (no silent turn), in the bruker's language: in one line,
    # not the whole notice again.
    await say(multilingual, conversation_id, auth, "ክንደይ ግዜ ይወስድ እዩ ንመልሲ ክሳብ ዝመጽእ", "2")
    again = (await messages(multilingual, conversation_id, auth))[-1]
    assert again["sender"] == "system" and again["text"] == fixed_text("translation_unavailable_again", "ti")
    assert again["seq"] > notice["seq"] and fake_bot.received == []
    # Under each notice, a way to a person, in the bruker's language; pressed, it hands off (no bot needed).
    button = {"title": fixed_text("offer_human", "ti"), "payload": "/human_handoff"}
    assert notice["buttons"] == [button] and again["buttons"] == [button]
    response = await multilingual.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                       json={"client_msg_id": "3", "text": button["title"], "payload": button["payload"]})
    assert response.status == 201
    await settle(multilingual)
    assert fake_bot.received == []
    await login(multilingual, "veileder1")
    queue = (await (await multilingual.get("/api/staff/queue")).json())["conversations"]
    assert queue[0]["needs_interpreter"] and queue[0]["interpreter_language"] == "ti"


async def test_a_too_short_message_gets_the_language_picker_once(multilingual: TestClient, fake_bot: FakeBot) -> None:
    conversation_id, auth = await open_conversation(multilingual)
    await say(multilingual, conversation_id, auth, "ok", "1")
    await say(multilingual, conversation_id, auth, "hm", "2")
    pickers = [m for m in await messages(multilingual, conversation_id, auth)
               if any(b["payload"] == "router:language" for b in m["buttons"])]
    assert len(pickers) == 1


@pytest.mark.parametrize(("first", "second"), [("Привіт", "Допоможіть"), ("مرحبا", "ساعدني")])
async def test_a_short_message_the_bot_cannot_read_gets_the_picker_and_no_answer_from_the_bot(
        multilingual: TestClient, fake_bot: FakeBot, first: str, second: str) -> None:
    conversation_id, auth = await open_conversation(multilingual, page_locale="nb-NO")
    await say(multilingual, conversation_id, auth, first, "1")
    await say(multilingual, conversation_id, auth, second, "2")
    shown = await messages(multilingual, conversation_id, auth)
    pickers = [m for m in shown if any(b["payload"] == "router:language" for b in m["buttons"])]
    assert len(pickers) == 2, "each message the bot could not read is answered, with the picker"
    assert fake_bot.received == [], "no Norwegian 'I did not understand' from the bot"
    assert [m["sender"] for m in shown if m["sender"] == "bot"] == ["bot"]  # the greeting only


async def test_a_norwegian_jaa_reaches_the_bot_and_a_polish_tak_is_translated(
        multilingual: TestClient, fake_bot: FakeBot) -> None:
    """The real detector takes "jaa" for Somali (0.84) and "tak" for Danish: a bare yes answers the bot's question
    in the conversation's own language, without the language picker."""
    conversation_id, auth = await open_conversation(multilingual, page_locale="nb-NO")
    await say(multilingual, conversation_id, auth, "jeg vil søke om økonomisk sosialhjelp", "1")
    await say(multilingual, conversation_id, auth, "jaa", "2")
    assert fake_bot.received[-1] == (conversation_id, "jaa")
    assert not [m for m in await messages(multilingual, conversation_id, auth)
                if any(b["payload"] == "router:language" for b in m["buttons"])]

    polish_id, polish_auth = await open_conversation(multilingual)
    await say(multilingual, polish_id, polish_auth, "dzień dobry, straciłem pracę i nie mam pieniędzy", "1")
    await say(multilingual, polish_id, polish_auth, "tak", "2")
    assert fake_bot.received[-1] == (polish_id, "[pl>nb] tak")


async def test_page_locale_and_explicit_choice_stick(multilingual: TestClient, fake_bot: FakeBot) -> None:
    conversation_id, auth = await open_conversation(multilingual, page_locale="nn-NO")
    await say(multilingual, conversation_id, auth, "hei", "1")
    assert fake_bot.metadata[-1]["language"] == "nn"
    response = await multilingual.post(f"/api/conversations/{conversation_id}/language", json={"language": "en"},
                                       headers=auth)
    assert (await response.json())["language"] == "en"
    await say(multilingual, conversation_id, auth, "jeg lurer på hvordan jeg søker om sosialhjelp", "2")
    assert fake_bot.metadata[-1]["language"] == "en"
    bad = await multilingual.post(f"/api/conversations/{conversation_id}/language", json={"language": "xx"},
                                  headers=auth)
    assert bad.status == 400
