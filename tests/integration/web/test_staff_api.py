"""Staff API and access: login, CSRF, take/reply/back to bot/close, enhet scope, audit, WebSockets."""

from __future__ import annotations

import asyncio
import contextlib
import json

import aiohttp
import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.texts import fixed_text
from router.web.appkeys import DEPS
from tests.conftest import frames_until_quiet, login, open_conversation, settle


async def queued_conversation(client: TestClient) -> tuple[str, dict[str, str]]:
    """A conversation handed off to Nav Asker (0220) by the bot. Checked here, so that a setup that did not finish
    (a message refused, a bot turn still running when settle gave up) fails as such, not as a 403 or an audit row
    missing later in the test."""
    conversation_id, auth = await open_conversation(client)
    for number, text in enumerate(["jeg trenger penger til mat", "kan jeg snakke med en veileder"], start=1):
        sent = await client.post(f"/api/conversations/{conversation_id}/messages",
                                 json={"client_msg_id": str(number), "text": text}, headers=auth)
        assert sent.status == 201, await sent.text()
    await settle(client)
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
    assert conversation is not None and conversation.handed_off and conversation.enhetsnummer == "0220", \
        f"the handoff had not finished: {conversation and conversation.state}"
    return conversation_id, auth


async def test_login_wrong_password_is_401_and_staff_routes_need_login(client: TestClient) -> None:
    response = await client.post("/api/staff/login", json={"username": "veileder1", "password": "feil-passord"})
    assert response.status == 401
    assert (await client.get("/api/staff/queue")).status == 401


async def test_post_without_csrf_token_is_refused(client: TestClient) -> None:
    await login(client, "veileder1")
    response = await client.post("/api/staff/presence", json={"presence": "online"})
    assert response.status == 403 and "CSRF" in (await response.json())["error"]


async def test_login_rotates_the_session(client: TestClient) -> None:
    await login(client, "veileder1")
    first = client.session.cookie_jar.filter_cookies(client.make_url("/"))["navchat_staff"].value
    await login(client, "veileder1")
    second = client.session.cookie_jar.filter_cookies(client.make_url("/"))["navchat_staff"].value
    assert first != second
    client.session.cookie_jar.clear()
    assert (await client.get("/api/staff/me", headers={"Cookie": f"navchat_staff={first}"})).status == 401
    assert (await client.get("/api/staff/me", headers={"Cookie": f"navchat_staff={second}"})).status == 200


async def test_whole_path_queue_take_transcript_reply_back_to_bot_and_no_close_after(client: TestClient) -> None:
    conversation_id, auth = await queued_conversation(client)
    csrf = await login(client, "veileder1")
    queue = (await (await client.get("/api/staff/queue")).json())["conversations"]
    assert [c["id"] for c in queue] == [conversation_id]
    assert queue[0]["handoff_reason"]

    taken = await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)
    assert taken.status == 200 and (await taken.json())["state"] == "ASSIGNED"
    again = await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)
    # The English reason for API clients, and the same in bokmål for the console, which shows it as it is.
    assert again.status == 409 and (await again.json()) == {
        "error": "this conversation is not waiting in the queue (someone may have taken it)",
        "error_nb": "Samtalen venter ikke lenger i køen. Noen kan ha tatt den."}
    moved = await client.post(f"/api/staff/conversations/{conversation_id}/transfer", headers=csrf,
                              json={"to_enhetsnummer": "9999"})
    assert moved.status == 400 and (await moved.json())["error_nb"].startswith("Fant ingen enhet")

    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    user_messages = [m for m in detail["messages"] if m["sender"] == "user"]
    assert [m["text"] for m in user_messages] == ["jeg trenger penger til mat", "kan jeg snakke med en veileder"]
    assert user_messages[0]["intent"] == "fake_intent"
    kinds = [e["kind"] for e in detail["events"] if e["kind"] != "emergency_contacts_shown"]  # with the wait, if said
    assert kinds[-3:] == ["handoff", "routed", "assign"]

    reply = await client.post(
        f"/api/staff/conversations/{conversation_id}/messages", json={"text": "Hei, jeg heter Kari."}, headers=csrf
    )
    assert reply.status == 201
    seen = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    assert seen["conversation"]["state"] == "ASSIGNED"
    assert seen["messages"][-1]["sender"] == "veileder" and seen["messages"][-1]["text"] == "Hei, jeg heter Kari."

    back = await client.post(f"/api/staff/conversations/{conversation_id}/back-to-bot", headers=csrf)
    assert (await back.json())["state"] == "BOT"
    await client.post(f"/api/conversations/{conversation_id}/messages",
                      json={"client_msg_id": "3", "text": "takk"}, headers=auth)
    await settle(client)
    seen = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    assert seen["messages"][-1]["text"] == "Bot: takk"

    bad = await client.post(f"/api/staff/conversations/{conversation_id}/close", json={"outcome": "x"}, headers=csrf)
    assert bad.status == 400
    refused = await client.post(
        f"/api/staff/conversations/{conversation_id}/close", json={"outcome": "besvart"}, headers=csrf
    )
    assert refused.status == 409, "back with the chatbot: the bruker's bot chat is not ended by staff"
    assert "chatroboten" in (await refused.json())["error_nb"]
    later = await client.post(f"/api/conversations/{conversation_id}/messages",
                              json={"client_msg_id": "4", "text": "hallo?"}, headers=auth)
    assert later.status == 201, "the bruker goes on with the bot"


async def test_other_enhet_gets_403_and_reads_are_audited(client: TestClient) -> None:
    conversation_id, _ = await queued_conversation(client)
    csrf = await login(client, "veileder2")  # enhet 0312; the conversation waits at 0220 (Asker)
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 403
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 403
    assert (await (await client.get("/api/staff/queue")).json())["conversations"] == []

    await login(client, "veileder1")
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200
    assert (await client.get("/api/admin/audit")).status == 403
    await login(client, "admin1")
    audit = (await (await client.get(f"/api/admin/audit?conversation_id={conversation_id}")).json())["audit"]
    # The refused attempts are rows too (test_refused_attempts_audited.py), newest first.
    assert [(row["username"], row["action"], row["detail"].get("attempt")) for row in audit] == [
        ("veileder1", "read", None), ("veileder2", "refused", "take"), ("veileder2", "refused", "read")]


async def test_an_admin_sees_the_queue_but_takes_nothing_and_is_never_online(client: TestClient) -> None:
    conversation_id, _ = await queued_conversation(client)
    csrf = await login(client, "admin1")
    me = (await (await client.get("/api/staff/me")).json())["user"]
    assert me["answers_brukere"] is False
    assert conversation_id in [c["id"] for c in (await (await client.get("/api/staff/queue")).json())["conversations"]]
    online = await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)
    assert online.status == 403 and "answer brukere" in (await online.json())["error"]
    taken = await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)
    assert taken.status == 403 and "answer brukere" in (await taken.json())["error"]
    await login(client, "veileder1")
    assert (await (await client.get("/api/staff/me")).json())["user"]["answers_brukere"] is True


async def test_a_conversation_with_the_bot_only_does_not_exist_for_any_staff(client: TestClient) -> None:
    """Need to know: before a human was asked for, no role reads, finds, closes or signals to it."""
    conversation_id, auth = await open_conversation(client)  # Asker: enhet 0220, veileder1's and admin1's
    assert (await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                              json={"client_msg_id": "1", "text": "Jeg heter Ola og trenger hjelp med husleia"})).status == 201
    await settle(client)
    for username in ("veileder1", "nks1", "admin1"):
        csrf = await login(client, username)
        base = f"/api/staff/conversations/{conversation_id}"
        assert (await client.get(base)).status == 404, username
        assert (await client.post(f"{base}/close", json={"outcome": "besvart"}, headers=csrf)).status == 404
        assert (await client.post(f"{base}/typing", json={"typing": True}, headers=csrf)).status == 404
        assert (await client.post(f"{base}/take", headers=csrf)).status == 404
        for words in (conversation_id[:8], "husleia"):
            found = await client.get(f"/api/staff/conversations/search?q={words}")
            if username == "admin1":  # admin alone searches no chat at all (it reads none: probe 108)
                assert found.status == 403 and conversation_id not in await found.text()
            else:
                assert (await found.json())["conversations"] == [], username
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
    assert conversation is not None and conversation.state.value == "BOT"
    # Once a human is asked for, the enhet's veileder sees it, the bot part included.
    assert (await client.post(f"/api/conversations/{conversation_id}/handoff", json={}, headers=auth)).status == 200
    await login(client, "veileder1")
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert "Jeg heter Ola og trenger hjelp med husleia" in [m["text"] for m in detail["messages"]]


async def test_what_the_bot_learned_is_shown_when_a_conversation_is_opened_not_in_lists(client: TestClient) -> None:
    conversation_id, _ = await queued_conversation(client)
    async with client.app[DEPS].uow() as uow:  # as the bot's handoff leaves it
        conversation = await uow.conversations.get(conversation_id)
        assert conversation is not None
        conversation.bot_summary = {"digisos_behov": "husleie"}
    csrf = await login(client, "nks1")
    staff_ws = await client.ws_connect("/api/staff/ws")
    assert (await staff_ws.receive_json(timeout=5))["type"] == "ready"
    listed = (await (await client.get("/api/staff/queue")).json())["conversations"]
    found = (await (await client.get("/api/staff/conversations/search?q=husleie")).json())["conversations"]
    assert [c["id"] for c in listed] == [c["id"] for c in found] == [conversation_id]
    for shown in (*listed, *found):
        assert not {"bot_summary", "bot_slots", "bot_facts"} & set(shown)
    # A state push to every screen that may see it carries no more than the list.
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    states = [f for f in await frames_until_quiet(staff_ws) if f["type"] == "state"]
    assert states and not {"bot_summary", "bot_slots", "bot_facts"} & set(states[-1]["conversation"])
    await staff_ws.close()
    opened = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert [f["text"] for f in opened["conversation"]["bot_facts"] if f["key"] == "digisos_behov"] == ["husleie"]
    # The search hit is in the conversation's own audit trail, with who searched.
    await login(client, "admin1")
    audit = (await (await client.get(f"/api/admin/audit?conversation_id={conversation_id}")).json())["audit"]
    assert ("nks1", "search_hit") in [(row["username"], row["action"]) for row in audit]


async def test_fortrolig_conversation_is_hidden_without_permission(client: TestClient) -> None:
    conversation_id, _ = await queued_conversation(client)
    async with client.app[DEPS].uow() as uow:  # as if the person register said kode 7
        conversation = await uow.conversations.get(conversation_id)
        assert conversation is not None
        conversation.diskresjonskode = "SPFO"
    await login(client, "veileder1")
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 403
    assert (await (await client.get("/api/staff/queue")).json())["conversations"] == []


async def test_capacity_is_never_exceeded_by_take(client: TestClient) -> None:
    ids = [(await queued_conversation(client))[0] for _ in range(4)]
    csrf = await login(client, "veileder1")  # capacity 3
    statuses = [(await client.post(f"/api/staff/conversations/{cid}/take", headers=csrf)).status for cid in ids]
    assert statuses == [200, 200, 200, 409]


async def test_going_offline_returns_conversations_to_the_queue_with_their_place(client: TestClient) -> None:
    conversation_id, auth = await queued_conversation(client)
    csrf = await login(client, "veileder1")
    before = (await (await client.get("/api/staff/queue")).json())["conversations"][0]["queued_at"]
    await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)
    result = await (await client.post("/api/staff/presence", json={"presence": "offline"}, headers=csrf)).json()
    assert result["returned_to_queue"] == [conversation_id]
    queue = (await (await client.get("/api/staff/queue")).json())["conversations"]
    assert queue[0]["id"] == conversation_id and queue[0]["queued_at"] == before
    # The bruker is told, not left reading a veileder who has gone.
    shown = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    last = shown["messages"][-1] if isinstance(shown, dict) else shown[-1]
    assert last["sender"] == "system" and last["text"].startswith(fixed_text("veileder_left_chat", "nb"))
    # Probe 87: "Ingen veileder er ledig akkurat nå" did not say that the veileder the bruker talked with had left.
    assert last["text"].startswith("Veilederen din måtte gå fra chatten.")
    # With the wait as it is now, as on entering the queue: the one who left is not counted as online.
    assert fixed_text("wait_nobody_online", "nb", enhet="Nav Asker") in last["text"]


async def test_logging_out_is_leaving_nothing_is_assigned_to_someone_gone(client: TestClient) -> None:
    csrf = await login(client, "veileder1")
    await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)
    conversation_id, auth = await queued_conversation(client)
    await settle(client)
    async with client.app[DEPS].uow() as uow:
        assert (await uow.conversations.get(conversation_id)).state.value == "ASSIGNED"  # type: ignore[union-attr]
    assert (await client.post("/api/staff/logout", headers=csrf)).status == 204
    async with client.app[DEPS].uow() as uow:
        veileder = await uow.veiledere.by_username("veileder1")
        conversation = await uow.conversations.get(conversation_id)
    assert veileder is not None and veileder.presence.value == "offline"
    assert conversation is not None and conversation.state.value == "QUEUED"
    shown = await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
    last = (shown["messages"] if isinstance(shown, dict) else shown)[-1]
    assert last["text"].startswith(fixed_text("veileder_left_chat", "nb"))
    # A new bruker is not given to the one who left.
    other_id, _ = await queued_conversation(client)
    await settle(client)
    async with client.app[DEPS].uow() as uow:
        assert (await uow.conversations.get(other_id)).state.value == "QUEUED"  # type: ignore[union-attr]


async def test_a_veileder_who_just_closed_the_browser_goes_offline_when_the_session_runs_out(
        client: TestClient, clock: FixedClock) -> None:
    from router.services import dispatch

    csrf = await login(client, "veileder1")
    await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)
    deps = client.app[DEPS]
    assert await dispatch.offline_when_gone(deps) == []
    clock.advance(minutes=deps.settings.staff_idle_minutes + 1)  # no request since: the session has ended
    async with deps.uow() as uow:
        veileder = await uow.veiledere.by_username("veileder1")
    assert veileder is not None
    assert await dispatch.offline_when_gone(deps) == [veileder.id]
    async with deps.uow() as uow:
        assert (await uow.veiledere.get(veileder.id)).presence.value == "offline"  # type: ignore[union-attr]


async def test_websockets_push_live_to_the_bruker_and_the_console(client: TestClient) -> None:
    conversation_id, auth = await queued_conversation(client)
    token = auth["Authorization"].removeprefix("Bearer ")
    csrf = await login(client, "veileder1")
    user_ws = await client.ws_connect(f"/api/conversations/{conversation_id}/ws")
    await user_ws.send_json({"type": "auth", "token": token})
    assert (await user_ws.receive_json(timeout=5))["type"] == "ready"
    staff_ws = await client.ws_connect("/api/staff/ws")
    assert (await staff_ws.receive_json(timeout=5))["type"] == "ready"
    # The page's own ping, so a feed gone silently dead is noticed (probe 164); nothing else is done with it.
    await staff_ws.send_json({"type": "ping"})
    assert await staff_ws.receive_json(timeout=5) == {"type": "pong"}

    await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)
    await client.post(f"/api/staff/conversations/{conversation_id}/messages", json={"text": "Hei!"}, headers=csrf)
    user_frames = [await user_ws.receive_json(timeout=5) for _ in range(3)]
    assert [f["type"] for f in user_frames] == ["state", "message", "message"]
    assert user_frames[0]["conversation"]["state"] == "ASSIGNED"
    assert user_frames[2]["message"]["text"] == "Hei!" and user_frames[2]["message"]["sender"] == "veileder"

    await client.post(f"/api/conversations/{conversation_id}/messages",
                      json={"client_msg_id": "x", "text": "<img src=x onerror=alert(1)>"}, headers=auth)
    frames = []
    while not any(f.get("type") == "message" and f["message"]["sender"] == "user" for f in frames):
        frames.append(await staff_ws.receive_json(timeout=5))
    assert frames[-1]["message"]["text"] == "<img src=x onerror=alert(1)>"  # stored as text; pages set textContent
    await user_ws.close()
    await staff_ws.close()


async def test_user_websocket_needs_the_token_and_refuses_foreign_origins(client: TestClient) -> None:
    conversation_id, _ = await open_conversation(client)
    ws = await client.ws_connect(f"/api/conversations/{conversation_id}/ws")
    await ws.send_json({"type": "auth", "token": "wrong"})
    assert (await ws.receive_json(timeout=5))["type"] == "error"
    closing = await ws.receive(timeout=5)
    assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED) and ws.close_code == 4401
    response = await client.get(
        f"/api/conversations/{conversation_id}/ws",
        headers={"Origin": "https://evil.example", "Upgrade": "websocket", "Connection": "Upgrade",
                 "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="},
    )
    assert response.status == 403
    await asyncio.sleep(0)


async def test_transfer_to_a_veileder_to_an_enhet_and_refusals(client: TestClient) -> None:
    from router.services import staff

    await staff.create_user(client.app[DEPS].uow, username="veileder3", password="passord-veileder3",
                            navn="Aisha Ali", enhetsnummer="0220", roles=["veileder"])
    conversation_id, auth = await queued_conversation(client)
    csrf = await login(client, "veileder1")
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    csrf3 = await login(client, "veileder3")
    await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf3)
    csrf = await login(client, "veileder1")
    url = f"/api/staff/conversations/{conversation_id}/transfer"
    assert (await client.post(url, json={"to_veileder": "nobody"}, headers=csrf)).status == 400
    assert (await client.post(url, json={"to_enhetsnummer": "9999"}, headers=csrf)).status == 400
    moved = await client.post(url, json={"to_veileder": "veileder3", "note": "kan arabisk"}, headers=csrf)
    body = await moved.json()
    assert moved.status == 200 and body["state"] == "ASSIGNED" and body["veileder_id"] != (await (
        await client.get("/api/staff/me")).json())["user"]["id"]
    seen = await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
    assert seen["conversation"]["veileder_name"] == "Aisha"
    # The bruker is told that their veileder passed it on (it was silent), then who took over; the note is staff's.
    told = [m["text"] for m in seen["messages"] if m["sender"] == "system"][-2:]
    assert told == [fixed_text("conversation_passed_on", "nb"), fixed_text("veileder_joined", "nb", name="Aisha")]
    assert "kan arabisk" not in str(seen["messages"])

    await login(client, "nks1")
    csrf_nks = {"X-CSRF-Token": (await (await client.get("/api/staff/me")).json())["csrf_token"]}
    to_enhet = await client.post(url, json={"to_enhetsnummer": "0312", "note": "bor i Frogner"}, headers=csrf_nks)
    assert (await to_enhet.json())["state"] == "QUEUED" and (await to_enhet.json())["enhet_navn"]


async def test_the_veileder_whose_conversation_the_kontaktsenter_moves_away_is_told_at_once(
        client: TestClient) -> None:
    conversation_id, _ = await queued_conversation(client)
    csrf = await login(client, "veileder1")  # Nav Asker
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    staff_ws = await client.ws_connect("/api/staff/ws")
    assert (await staff_ws.receive_json(timeout=5))["type"] == "ready"
    # The kontaktsenter, at a screen of its own, sends it to Nav Frogner, which veileder1 cannot see.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as nks:
        async with nks.post(client.make_url("/api/staff/login"),
                            json={"username": "nks1", "password": "passord-nks1"}) as r:
            nks_csrf = {"X-CSRF-Token": (await r.json())["csrf_token"]}
        async with nks.post(client.make_url(f"/api/staff/conversations/{conversation_id}/transfer"),
                            json={"to_enhetsnummer": "0312", "note": "Bor i Frogner."}, headers=nks_csrf) as r:
            assert r.status == 200
    frames = await frames_until_quiet(staff_ws)
    withdrawn = [f for f in frames if f["type"] == "withdrawn"]
    assert [(f["conversation_id"], bool(f["by"])) for f in withdrawn] == [(conversation_id, True)]
    # By whom and where: a tester's veileder was told only "Samtalen ble flyttet". Not the note: it is about the
    # bruker, for the office she was moved to, and this veileder no longer helps her (probe 165).
    assert withdrawn[0]["text_nb"] == (f"Samtalen ble flyttet av {withdrawn[0]['by']} til køen til Nav Frogner (0312). "
                                       "Den er ikke lenger din.")
    assert "Bor i Frogner" not in json.dumps(frames)
    # Nothing of the conversation itself: it is another enhet's now.
    assert not [f for f in frames if f["type"] in ("message", "state")]
    await staff_ws.close()


async def test_an_online_veileder_gets_waiting_conversations_automatically_within_capacity(
    client: TestClient, clock: FixedClock
) -> None:
    ids = []
    for _ in range(4):
        ids.append((await queued_conversation(client))[0])
        clock.advance(seconds=30)  # distinct queue times, so "oldest first" is well defined
    csrf = await login(client, "veileder1")  # capacity 3
    await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)
    await settle(client)
    mine = [c["id"] for c in (await (await client.get("/api/staff/conversations/mine")).json())["conversations"]]
    waiting = [c["id"] for c in (await (await client.get("/api/staff/queue")).json())["conversations"]]
    assert mine == ids[:3], "oldest first, and never above capacity"
    assert waiting == ids[3:]
    await client.post(f"/api/staff/conversations/{ids[0]}/close", json={"outcome": "besvart"}, headers=csrf)
    await settle(client)  # closing freed a place: the fourth comes without asking
    assert (await (await client.get("/api/staff/queue")).json())["conversations"] == []


async def test_typing_and_read_receipts_reach_the_other_side(client: TestClient) -> None:
    conversation_id, auth = await queued_conversation(client)
    csrf = await login(client, "veileder1")
    await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)
    staff_ws = await client.ws_connect("/api/staff/ws")
    await staff_ws.receive_json(timeout=5)
    user_ws = await client.ws_connect(f"/api/conversations/{conversation_id}/ws")
    await user_ws.send_json({"type": "auth", "token": auth["Authorization"].removeprefix("Bearer ")})
    await user_ws.receive_json(timeout=5)

    assert (await client.post(f"/api/conversations/{conversation_id}/typing", json={"typing": True},
                              headers=auth)).status == 204
    assert (await staff_ws.receive_json(timeout=5)) == {"type": "typing", "conversation_id": conversation_id,
                                                        "typing": True}
    messages = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    last = messages["messages"][-1]["seq"]
    assert (await client.post(f"/api/conversations/{conversation_id}/read", json={"seq": last},
                              headers=auth)).status == 204
    assert (await staff_ws.receive_json(timeout=5)) == {"type": "read", "conversation_id": conversation_id,
                                                        "seq": last}
    # A seq the conversation does not have (another's, or one not written yet) is refused, not shown as read.
    refused = await client.post(f"/api/conversations/{conversation_id}/read", json={"seq": last + 1000}, headers=auth)
    assert refused.status == 400 and "not a message of this conversation" in (await refused.json())["error"]
    await client.post(f"/api/staff/conversations/{conversation_id}/typing", json={"typing": True}, headers=csrf)
    assert (await user_ws.receive_json(timeout=5)) == {"type": "typing", "sender": "veileder", "typing": True}
    for not_a_bool in ("ja", "yes", 1, None):
        assert (await client.post(f"/api/conversations/{conversation_id}/typing", json={"typing": not_a_bool},
                                  headers=auth)).status == 400
        assert (await client.post(f"/api/staff/conversations/{conversation_id}/typing", json={"typing": not_a_bool},
                                  headers=csrf)).status == 400
    # Staff who may see the conversation but do not have it never show the bruker a veileder typing.
    # (admin, who answers no bruker, is refused for her role: 403, whatever the chat's protection)
    for other, status in (("admin1", 403), ("nks1", 409)):
        other_csrf = await login(client, other)
        assert (await client.post(f"/api/staff/conversations/{conversation_id}/typing", json={"typing": True},
                                  headers=other_csrf)).status == status, other
    assert [f for f in await frames_until_quiet(user_ws) if f["type"] == "typing"] == []
    await staff_ws.close()
    await user_ws.close()


async def test_a_change_made_while_the_bruker_socket_opens_is_in_its_ready_frame(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The widget's flake: a Polish first message changed the language in a turn that committed and published while
    the socket was between its token check and joining the receivers, so the widget stayed in bokmål. The ready
    frame is read after the socket joins: any change is in it or in a frame the socket receives."""
    from router.services import preferences
    from router.web import ws as ws_module

    conversation_id, auth = await open_conversation(client)
    deps = client.app[DEPS]
    checked = ws_module.authenticated
    calls = 0

    async def a_turn_commits_right_after_the_check(*args: object) -> object:
        nonlocal calls
        calls += 1
        row = await checked(*args)  # type: ignore[arg-type]
        if calls == 1:
            await preferences.apply_language_choice(deps, conversation_id, "pl")
        return row

    monkeypatch.setattr(ws_module, "authenticated", a_turn_commits_right_after_the_check)
    user_ws = await client.ws_connect(f"/api/conversations/{conversation_id}/ws")
    await user_ws.send_json({"type": "auth", "token": auth["Authorization"].removeprefix("Bearer ")})
    ready = await user_ws.receive_json(timeout=5)
    while ready["type"] != "ready":  # the published change may come first, when the bus delivers it late
        ready = await user_ws.receive_json(timeout=5)
    assert ready["conversation"]["language"] == "pl"
    await user_ws.close()


async def test_what_a_veileder_types_and_is_refused_is_said_in_her_words(client: TestClient) -> None:
    """Probe 164: a refusal without error_nb read «noe av det du fylte inn, ble avvist» on the console. What a
    veileder can type and have refused (a reply of invisible characters, a pasted control character, a one-letter
    search) says what was wrong, in bokmål."""
    conversation_id, _ = await queued_conversation(client)
    csrf = await login(client, "nks1")
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    reply = f"/api/staff/conversations/{conversation_id}/messages"
    for text, said in (("\u200b\u200b", "Teksten er tom"), ("se vedlegg\x01", "kontrolltegn")):
        answer = await client.post(reply, json={"text": text}, headers=csrf)
        data = await answer.json()
        assert answer.status == 400 and said in data["error_nb"], (text, data)
    found = await client.get("/api/staff/conversations/search?q=a")
    assert found.status == 400 and (await found.json())["error_nb"] == "Skriv minst to tegn for å søke."
    too_long = await client.get("/api/staff/conversations/search?q=" + "a" * 101)
    assert too_long.status == 400 and "høyst 100 tegn" in (await too_long.json())["error_nb"]


async def test_what_she_tells_the_bot_after_leaving_the_queue_is_not_read_by_staff(client: TestClient) -> None:
    """Probe 165: a bruker left the queue for the chatbot and told it «mannen min slår meg»; the office's veileder
    opened the chat and read it (audited as a read of a chat at her own enhet). Back with the bot, the chat is hers
    and the bot's: no read, no search hit, no live push; asking for a person again shows it all, as a first handoff."""
    conversation_id, auth = await queued_conversation(client)
    await login(client, "veileder1")  # enhet 0220, where it waits
    staff_ws = await client.ws_connect("/api/staff/ws")
    assert (await staff_ws.receive_json(timeout=5))["type"] == "ready"
    await staff_ws.send_json({"type": "watch", "conversation_id": conversation_id})
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200
    left = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                             json={"client_msg_id": "leave", "text": "Tilbake til chatroboten",
                                   "payload": "router:back_to_bot"})
    assert left.status == 201
    await settle(client)
    said = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                             json={"client_msg_id": "secret", "text": "jeg har gjeld og mannen min er sint"})
    assert said.status == 201
    await settle(client)
    read = await client.get(f"/api/staff/conversations/{conversation_id}")
    body = await read.json()
    assert read.status == 409 and "tilbake hos chatroboten" in body["error_nb"], body
    assert "mannen min" not in await read.text()
    found = await client.get(f"/api/staff/conversations/search?q={conversation_id[:8]}")
    assert (await found.json())["conversations"] == []
    pushed = [frame for frame in await frames_until_quiet(staff_ws) if "mannen min" in json.dumps(frame)]
    assert pushed == [], "nothing she told the bot reached the watching console"
    await staff_ws.close()
    # She asks for a person again: the chat is the office's to read again, the bot part included.
    assert (await client.post(f"/api/conversations/{conversation_id}/handoff", json={}, headers=auth)).status == 200
    await settle(client)
    again = await client.get(f"/api/staff/conversations/{conversation_id}")
    assert again.status == 200 and "mannen min" in await again.text()


async def test_a_veileders_presence_goes_to_her_enhet_and_those_who_watch_every_queue_only(client: TestClient) -> None:
    """Probe 165: a Vikafossen veileder going online (a hint of a kode 6 chat) reached every staff socket, another
    office's and the revisor's too."""
    async with contextlib.AsyncExitStack() as stack:
        sockets = {}
        for username in ("veileder2", "nks1"):  # Nav Frogner, the kontaktsenter: each at a browser of their own
            session = await stack.enter_async_context(
                aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)))
            async with session.post(client.make_url("/api/staff/login"),
                                    json={"username": username, "password": f"passord-{username}"}) as r:
                assert r.status == 200
            ws = await stack.enter_async_context(session.ws_connect(client.make_url("/api/staff/ws")))
            assert (await ws.receive_json(timeout=5))["type"] == "ready"
            sockets[username] = ws
        csrf = await login(client, "veileder1")  # Nav Asker (0220)
        assert (await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)).status == 200
        got = {name: [f for f in await frames_until_quiet(ws) if f["type"] == "presence"]
               for name, ws in sockets.items()}
    assert {name: bool(frames) for name, frames in got.items()} == {"veileder2": False, "nks1": True}, got
