"""The bruker API through aiohttp's test client, on a real SQLite file, with a fake bot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import aiohttp
from aiohttp.test_utils import TestClient

from router.adapters.language_layer import NorwegianOnlyLanguage
from router.app import Overrides, create_app
from router.config import Settings
from router.texts import fixed_text
from router.web.appkeys import DEPS
from tests.conftest import during_bot_turn, open_conversation, settle
from tests.fakes import FakeBot


async def test_open_conversation_returns_id_and_token(client: TestClient) -> None:
    response = await client.post("/api/conversations", json={"language": "nn", "kommune": "Bergen"})
    assert response.status == 201
    body = await response.json()
    assert set(body) >= {"id", "token"} and body["language"] == "nn"


async def test_message_reaches_the_bot_and_the_answer_is_stored(client: TestClient, fake_bot: FakeBot) -> None:
    conversation_id, auth = await open_conversation(client)
    response = await client.post(
        f"/api/conversations/{conversation_id}/messages", json={"client_msg_id": "m1", "text": "hei"}, headers=auth
    )
    assert response.status == 201
    stored = await response.json()
    assert stored["sender"] == "user" and stored["text"] == "hei" and stored["seq"] > 0
    await settle(client)
    messages = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())[
        "messages"
    ]
    assert [m["sender"] for m in messages] == ["bot", "user", "bot"]
    assert messages[-1]["text"] == "Bot: hei"
    assert fake_bot.received == [(conversation_id, "hei")]
    assert fake_bot.metadata[-1]["language"] == "nb" and fake_bot.metadata[-1]["kommune"] == "Asker"
    await client.post(f"/api/conversations/{conversation_id}/messages", json={"client_msg_id": "m2", "text": "og så?"},
                      headers=auth)
    await settle(client)
    assert "kommune" not in fake_bot.metadata[-1], "the place is told once, with the first message"
    assert len(fake_bot.received) == 2, "one request a turn: no slot writes"


async def test_same_client_msg_id_is_stored_once(client: TestClient, fake_bot: FakeBot) -> None:
    conversation_id, auth = await open_conversation(client)
    body = {"client_msg_id": "retry-1", "text": "hei igjen"}
    first = await client.post(f"/api/conversations/{conversation_id}/messages", json=body, headers=auth)
    second = await client.post(f"/api/conversations/{conversation_id}/messages", json=body, headers=auth)
    assert (first.status, second.status) == (201, 200)
    assert (await first.json())["seq"] == (await second.json())["seq"]
    await settle(client)
    messages = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())[
        "messages"
    ]
    assert sum(1 for m in messages if m["sender"] == "user") == 1
    assert len(fake_bot.received) == 1


async def test_a_retry_after_the_conversation_closed_gets_the_stored_message(client: TestClient) -> None:
    # The stored message answers the retry even where a new message is refused (409): the retry is found by its
    # client_msg_id, not taken for a new message.
    conversation_id, auth = await open_conversation(client)
    body = {"client_msg_id": "before-close", "text": "takk for hjelpen"}
    first = await client.post(f"/api/conversations/{conversation_id}/messages", json=body, headers=auth)
    await settle(client)
    assert (await client.post(f"/api/conversations/{conversation_id}/close", json={}, headers=auth)).status == 200
    retry = await client.post(f"/api/conversations/{conversation_id}/messages", json=body, headers=auth)
    assert retry.status == 200 and (await retry.json())["seq"] == (await first.json())["seq"]
    new = await client.post(f"/api/conversations/{conversation_id}/messages",
                            json={"client_msg_id": "after-close", "text": "en ting til"}, headers=auth)
    assert new.status == 409


async def test_after_returns_only_newer_messages(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client)
    await client.post(f"/api/conversations/{conversation_id}/messages", json={"client_msg_id": "a", "text": "en"},
                      headers=auth)
    await settle(client)
    all_messages = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())[
        "messages"
    ]
    last_seq = all_messages[1]["seq"]
    newer = (
        await (await client.get(f"/api/conversations/{conversation_id}/messages?after={last_seq}", headers=auth)).json()
    )["messages"]
    assert [m["seq"] for m in newer] == [m["seq"] for m in all_messages if m["seq"] > last_seq]


async def test_personal_numbers_are_masked_before_the_bot_sees_them(client: TestClient, fake_bot: FakeBot) -> None:
    conversation_id, auth = await open_conversation(client)
    text = "fnr 01019012345 og konto 1234.56.78903"
    response = await client.post(
        f"/api/conversations/{conversation_id}/messages", json={"client_msg_id": "p", "text": text}, headers=auth
    )
    assert "01019012345" not in (await response.json())["text"]
    await settle(client)
    assert fake_bot.received == [(conversation_id, "fnr [fødselsnummer] og konto [kontonummer]")]


async def test_bad_input_gets_4xx_with_a_reason(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client)
    url = f"/api/conversations/{conversation_id}/messages"
    cases = [
        (client.post("/api/conversations/nope/messages", json={"client_msg_id": "x", "text": "hei"}, headers=auth), 404),
        (client.post(url, json={"client_msg_id": "x", "text": "hei"}, headers={"Authorization": "Bearer wrong"}), 401),
        (client.post(url, json={"client_msg_id": "x", "text": "hei"}), 401),
        (client.post(url, json={"client_msg_id": "x", "text": "   "}, headers=auth), 400),
        (client.post(url, json={"client_msg_id": "x", "text": "a" * 2001}, headers=auth), 400),
        (client.post(url, json={"client_msg_id": "x", "text": 5}, headers=auth), 400),
        (client.post(url, json={"text": "hei"}, headers=auth), 400),
        (client.post(url, data=b"{not json", headers={**auth, "Content-Type": "application/json"}), 400),
        (client.post(url, json=["a", "list"], headers=auth), 400),
        (client.post(url, data=b"x" * 100_000, headers={**auth, "Content-Type": "application/json"}), 413),
        # A body not declared JSON (a form can post text/plain cross-site without asking): 415, not parsed.
        (client.post(url, data=b'{"client_msg_id": "x", "text": "hei"}', headers={**auth, "Content-Type": "text/plain"}),
         415),
        (client.get(f"/api/conversations/{conversation_id}/messages?after=abc", headers=auth), 400),
        (client.post("/api/conversations", json={"language": "xx"}), 400),
    ]
    for request, status in cases:
        response = await request
        assert response.status == status, (status, await response.text())
        assert (await response.json())["error"]


async def test_bot_down_gives_a_clear_message_and_a_way_to_a_human(client: TestClient, fake_bot: FakeBot) -> None:
    fake_bot.down = True
    conversation_id, auth = await open_conversation(client)
    response = await client.post(
        f"/api/conversations/{conversation_id}/messages", json={"client_msg_id": "d", "text": "hei"}, headers=auth
    )
    assert response.status == 201
    await settle(client)
    messages = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())[
        "messages"
    ]
    notice = messages[-1]
    assert notice["sender"] == "system" and "55 55 33 33" in notice["text"]
    assert notice["buttons"][0]["payload"] == "/human_handoff"
    # The button works although the bot is down: the router hands off itself.
    await client.post(
        f"/api/conversations/{conversation_id}/messages",
        json={"client_msg_id": "h", "text": "Snakk med en veileder", "payload": "/human_handoff"},
        headers=auth,
    )
    await settle(client)
    state = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    assert state["conversation"]["state"] == "QUEUED"


async def test_a_slow_bot_turn_says_once_that_the_bot_is_busy_then_answers(
        aiohttp_client: Callable[..., Any], settings: Settings, fake_bot: FakeBot) -> None:
    """Backpressure as the bruker sees it: a turn waiting for Rasa (every slot busy) past bot_busy_notice_s gets
    one notice that the message is saved and the bot busy, in the conversation's language, and then the answer;
    a quick turn gets no notice, nor does a turn that is only slow, with nothing waiting (probe 164: a hung Rasa
    was said to be busy, "du får svar så snart det er din tur", and then not to answer)."""
    app = create_app(replace(settings, bot_busy_notice_s=0.1), Overrides(bot=fake_bot, language=NorwegianOnlyLanguage()))
    client: TestClient = await aiohttp_client(app)
    conversation_id, auth = await open_conversation(client)
    fake_bot.delay_s = 0.4
    fake_bot.turns_waiting = 3
    await client.post(f"/api/conversations/{conversation_id}/messages",
                      json={"client_msg_id": "s", "text": "hei"}, headers=auth)
    await settle(client)
    fake_bot.delay_s = 0.0
    fake_bot.turns_waiting = 0
    await client.post(f"/api/conversations/{conversation_id}/messages",
                      json={"client_msg_id": "q", "text": "og nå?"}, headers=auth)
    await settle(client)
    fake_bot.delay_s = 0.4
    await client.post(f"/api/conversations/{conversation_id}/messages",
                      json={"client_msg_id": "h", "text": "hallo?"}, headers=auth)
    await settle(client)
    messages = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())[
        "messages"]
    said = [(m["sender"], m["text"]) for m in messages[1:]]
    assert said == [
        ("user", "hei"),
        ("system", fixed_text("bot_busy", "nb")),
        ("bot", "Bot: hei"),
        ("user", "og nå?"),
        ("bot", "Bot: og nå?"),
        ("user", "hallo?"),
        ("bot", "Bot: hallo?"),
    ], said
    assert messages[2]["reply_to"] == messages[1]["seq"], "the notice belongs to the message that waits"


async def test_health_reports_each_part(client: TestClient, fake_bot: FakeBot) -> None:
    fake_bot.down = True
    body = await (await client.get("/health")).json()
    assert body["database"] == "up" and body["rasa"] == "down" and body["status"] == "degraded"


async def test_interpreter_need_is_recorded_by_the_bruker_and_by_the_bot(client: TestClient) -> None:
    from tests.conftest import INTERNAL_TOKEN

    conversation_id, auth = await open_conversation(client)
    response = await client.post(f"/api/conversations/{conversation_id}/interpreter", json={"language": "so"},
                                 headers=auth)
    assert response.status == 200 and (await response.json())["needs_interpreter"] is True
    for language in ("prs", "am"):  # tolk languages the widget does not offer are still languages
        assert (await client.post(f"/api/conversations/{conversation_id}/interpreter", json={"language": language},
                                  headers=auth)).status == 200, language
    for not_a_language in ("xx", "qqq", "zz"):
        refused = await client.post(f"/api/conversations/{conversation_id}/interpreter",
                                    json={"language": not_a_language}, headers=auth)
        assert refused.status == 400 and "ISO 639" in (await refused.json())["error"], not_a_language
    internal = f"/api/internal/conversations/{conversation_id}/interpreter"
    assert (await client.post(internal, json={"language": "ar"})).status == 401
    token = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}
    assert (await client.post(internal, json={"language": "ar"}, headers=token)).status == 409, \
        "outside a bot turn the bot cannot act"

    async def bot_records_tolk() -> int:
        return (await client.post(internal, json={"language": "ar"}, headers=token)).status

    assert await during_bot_turn(client, conversation_id, auth, bot_records_tolk) == 200
    bad = await client.post(internal, json={"language": "a1"}, headers={"Authorization": f"Bearer {INTERNAL_TOKEN}"})
    assert bad.status == 400


async def test_an_ended_conversation_takes_no_language_or_tolk_choice(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client)
    assert (await client.post(f"/api/conversations/{conversation_id}/close", headers=auth)).status == 200
    for path, body in (("language", {"language": "en"}), ("interpreter", {"language": "ar"})):
        response = await client.post(f"/api/conversations/{conversation_id}/{path}", json=body, headers=auth)
        assert response.status == 409, path
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        texts = [m.original_text for m in await uow.messages.list(conversation_id)]
    assert conversation is not None and not conversation.needs_interpreter
    assert not any("English" in text for text in texts), "nothing stored in the closed transcript"


async def test_internal_handoff_needs_the_token_and_validates(client: TestClient) -> None:
    from tests.conftest import INTERNAL_TOKEN

    conversation_id, auth = await open_conversation(client)
    url = f"/api/internal/conversations/{conversation_id}/handoff"
    token = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}
    assert (await client.post(url, json={"reason": "x"})).status == 401
    assert (await client.post(url, json={"tema": "XYZ"}, headers=token)).status == 400
    assert (await client.post(url, json={"priority": "urgent"}, headers=token)).status == 400
    assert (await client.post("/api/internal/conversations/nope/handoff", json={}, headers=token)).status == 404
    body_json = {"reason": "nødhjelp", "priority": "emergency", "tema": "KOM",
                 "summary": {"situasjon": "fnr 01019012345, ingen mat"}}
    forged = await client.post(url, json=body_json, headers=token)
    assert forged.status == 409, "a handoff from 'the bot' while the bot answers nothing is refused"

    async def bot_hands_off() -> aiohttp.ClientResponse:
        return await client.post(url, json=body_json, headers=token)

    response = await during_bot_turn(client, conversation_id, auth, bot_hands_off)
    body = await response.json()
    assert response.status == 200 and body["stored"] is True and body["enhet"]["enhetsnummer"] == "0220"
    assert "112" in body["message"], "emergencies get the emergency contacts at once"
    again = await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    assert (await again.json())["state"] == "QUEUED", "a second handoff is idempotent"


async def test_languages_carry_their_names_from_router_texts(client: TestClient) -> None:
    picker = await (await client.get("/api/languages")).json()
    by_code = {language["code"]: language for language in picker}
    assert picker[0]["code"] == "nb" and all(language["picker"] for language in picker)
    assert by_code["pl"] == {"code": "pl", "name": "Polski", "name_nb": "polsk", "norwegian_path": False,
                             "picker": True, "veileder_replies": "not_translated"}  # no model installed here
    assert [by_code[code]["veileder_replies"] for code in ("nb", "sv", "en")] == [
        "as_written", "as_written", "write_in_it"]
    assert by_code["da"]["norwegian_path"] and not by_code["en"]["norwegian_path"]
    everything = {language["code"]: language for language in await (await client.get("/api/languages?all=1")).json()}
    assert everything["am"]["name_nb"] == "amharisk" and not everything["am"]["picker"]
    assert everything["no"]["norwegian_path"]
    assert everything["am"]["veileder_replies"] == "not_translated", "a tolk language answers too (it gave a 500)"


async def test_the_widget_page_shows_navs_phone_number(client: TestClient) -> None:
    response = await client.get("/")
    html = await response.text()
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    # dir="ltr": the number reads left to right in right-to-left languages too
    assert '<a href="tel:+4755553333" class="phone" dir="ltr">55 55 33 33</a>' in html and "{phone" not in html


async def test_answers_are_read_right_after_the_message_they_answer(client: TestClient, fake_bot: FakeBot) -> None:
    """A bruker who writes three times before the bot has answered reads each answer after its own message, in
    the widget's history and in the console: u1 a1 u2 a2 u3 a3, not u1 u2 u3 a1 a2 a3."""
    fake_bot.delay_s = 0.05
    conversation_id, auth = await open_conversation(client)
    for n in (1, 2, 3):
        response = await client.post(f"/api/conversations/{conversation_id}/messages",
                                     json={"client_msg_id": f"fast-{n}", "text": f"spørsmål {n}"}, headers=auth)
        assert response.status == 201
    await settle(client)
    messages = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())[
        "messages"]
    said = [(m["sender"], m["text"]) for m in messages][1:]  # after the greeting
    assert said == [("user", "spørsmål 1"), ("bot", "Bot: spørsmål 1"), ("user", "spørsmål 2"),
                    ("bot", "Bot: spørsmål 2"), ("user", "spørsmål 3"), ("bot", "Bot: spørsmål 3")]
    user_seq = {m["text"]: m["seq"] for m in messages if m["sender"] == "user"}
    assert all(m["reply_to"] == user_seq[m["text"].removeprefix("Bot: ")] for m in messages[1:] if m["sender"] == "bot")
    assert [m["seq"] for m in messages[1:]] != sorted(m["seq"] for m in messages[1:]), "stored u1 u2 u3 a1 a2 a3"


async def test_a_hidden_fodselsnummer_or_kontonummer_is_said_once_after_the_message_in_the_bruker_s_language(
        client: TestClient) -> None:
    """Masked without a word, the bruker may think the number was lost and write it again: the router says, once per
    conversation and after their message, that it was hidden and need not be written here."""
    conversation_id, auth = await open_conversation(client, page_locale="en")
    url = f"/api/conversations/{conversation_id}/messages"
    for client_msg_id, text in (("a", "my number is 010190 12345"), ("b", "account 1234.56.78903"),
                                ("c", "call me on 912 34 567"), ("d", "again: 01019012345")):
        assert (await client.post(url, json={"client_msg_id": client_msg_id, "text": text}, headers=auth)).status == 201
        await settle(client)
    messages = (await (await client.get(url, headers=auth)).json())["messages"]
    told = fixed_text("personal_number_hidden", "en")
    said = [i for i, m in enumerate(messages) if m["text"] == told]
    assert len(said) == 1, [m["text"] for m in messages]
    assert messages[said[0] - 1]["sender"] == "user" and "[fødselsnummer]" in messages[said[0] - 1]["text"]
    assert messages[said[0]]["sender"] == "system"


async def test_a_hidden_phone_number_or_e_mail_is_said_once_and_a_token_written_by_hand_hides_nothing(
        client: TestClient) -> None:
    """The probe: "ring meg på 912 34 567, eller mail ola@example.com" was stored as "ring meg på [tel], eller mail
    [e-post]" without a word; the bruker is told once that the veileder cannot see it either."""
    conversation_id, auth = await open_conversation(client)
    url = f"/api/conversations/{conversation_id}/messages"
    for client_msg_id, text in (("a", "ring meg på 912 34 567, eller mail ola@example.com"),
                                ("b", "skal jeg skrive [fødselsnummer] her?"), ("c", "eller på 45 67 89 01")):
        assert (await client.post(url, json={"client_msg_id": client_msg_id, "text": text}, headers=auth)).status == 201
        await settle(client)
    messages = (await (await client.get(url, headers=auth)).json())["messages"]
    texts = [m["text"] for m in messages]
    told = texts.index(fixed_text("contact_detail_hidden", "nb"))
    assert texts.count(texts[told]) == 1 and messages[told]["sender"] == "system", texts
    assert texts[told - 1] == "ring meg på [tel], eller mail [e-post]"
    assert fixed_text("personal_number_hidden", "nb") not in texts
