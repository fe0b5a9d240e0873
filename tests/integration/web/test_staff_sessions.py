"""Staff sessions: idle sessions end, logout needs the CSRF token, the cookie is Secure off localhost."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from argon2 import PasswordHasher

from router.adapters.clock import FixedClock
from router.web.appkeys import DEPS
from tests.conftest import frames_until_quiet, login, open_conversation, settle


async def test_an_idle_session_ends_and_activity_keeps_it(client: TestClient, clock: FixedClock) -> None:
    await login(client, "veileder1")
    for _ in range(3):  # 25 minutes apart: active, so never idle for 30
        clock.advance(minutes=25)
        assert (await client.get("/api/staff/me")).status == 200
    clock.advance(minutes=31)
    response = await client.get("/api/staff/me")
    body = await response.json()
    assert response.status == 401 and "without activity" in body["error"]
    # Said on the login form the veileder lands on.
    assert body["error_nb"] == "Du ble logget ut fordi du ikke har vært aktiv på 30 minutter."


async def test_a_session_ends_after_its_lifetime_however_active(client: TestClient, clock: FixedClock) -> None:
    await login(client, "veileder1")
    for _ in range(24):  # active every 25 minutes for ten hours
        clock.advance(minutes=25)
        await client.get("/api/staff/me")
    response = await client.get("/api/staff/me")
    assert response.status == 401
    assert (await response.json())["error_nb"] == "Du ble logget ut fordi en innlogging varer høyst 10 timer."


async def test_a_screen_left_open_times_out_although_it_refreshes_itself(client: TestClient, clock: FixedClock) -> None:
    """The console and dashboard poll every 10 s; those reads are marked as the page's own, so they do not keep an
    unattended screen (with bruker messages on it) logged in for the session's whole lifetime."""
    await login(client, "veileder1")
    background = {"X-Navchat-Background": "1"}
    for _ in range(2):
        clock.advance(minutes=12)
        assert (await client.get("/api/staff/queue", headers=background)).status == 200
    clock.advance(minutes=7)  # 31 minutes since the login, the last thing the person did
    response = await client.get("/api/staff/queue", headers=background)
    assert response.status == 401 and "without activity" in (await response.json())["error"]


async def test_logout_needs_the_csrf_token(client: TestClient) -> None:
    csrf = await login(client, "veileder1")
    assert (await client.post("/api/staff/logout")).status == 403, "a foreign page cannot log staff out"
    assert (await client.get("/api/staff/me")).status == 200
    assert (await client.post("/api/staff/logout", headers=csrf)).status == 204
    assert (await client.get("/api/staff/me")).status == 401
    # Audited as the login is (probe 165: logins were rows, logouts not).
    async with client.app[DEPS].uow() as uow:
        rows = await uow.audit.query(conversation_id=None, username="veileder1", limit=10)
    assert [row.action for row in rows][:2] == ["logout", "login"]


async def test_the_cookie_is_secure_unless_served_on_localhost(client: TestClient) -> None:
    body = {"username": "veileder1", "password": "passord-veileder1"}
    local = await client.post("/api/staff/login", json=body)
    assert "Secure" not in local.headers["Set-Cookie"]
    public = await client.post("/api/staff/login", json=body, headers={"Host": "chat.nav.no"})
    cookie = public.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie


async def test_staff_screens_get_nothing_before_handoff_and_live_reads_are_audited(client: TestClient) -> None:
    await login(client, "nks1")  # kontaktsenter: may see every queue
    staff_ws = await client.ws_connect("/api/staff/ws")
    assert (await staff_ws.receive_json(timeout=5))["type"] == "ready"
    conversation_id, auth = await open_conversation(client)
    await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                      json={"client_msg_id": "a", "text": "jeg har gjeld og skammer meg"})
    await settle(client)
    with pytest.raises(asyncio.TimeoutError):
        frame = await staff_ws.receive_json(timeout=0.5)
        pytest.fail(f"a bot-only conversation reached a staff screen: {frame}")
    await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    await settle(client)
    # Waiting in a queue the kontaktsenter sees: its state reaches the screen, what is said does not, until the
    # screen opens the conversation (a probe's screens got every message, logged as reads nobody made).
    await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                      json={"client_msg_id": "b", "text": "er det noen der?"})
    await settle(client)
    unopened = await frames_until_quiet(staff_ws)
    assert [f for f in unopened if f.get("type") in ("message", "message_updated", "typing")] == []
    await staff_ws.send_json({"type": "watch", "conversation_id": "not-a-conversation"})
    assert (await staff_ws.receive_json(timeout=5))["type"] == "watch_error"
    await staff_ws.send_json({"type": "watch", "conversation_id": conversation_id})
    assert (await staff_ws.receive_json(timeout=5)) == {"type": "watching", "conversation_id": conversation_id}
    await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                      json={"client_msg_id": "c", "text": "hallo?"})
    frames = []
    while not any(f.get("type") == "message" and f["message"]["text"] == "hallo?" for f in frames):
        frames.append(await staff_ws.receive_json(timeout=5))
    await staff_ws.close()
    await login(client, "admin1")
    audit = (await (await client.get(f"/api/admin/audit?conversation_id={conversation_id}")).json())["audit"]
    assert [(row["username"], row["action"]) for row in audit] == [("nks1", "live_read")], "once per screen"


async def test_the_password_is_checked_off_the_event_loop(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 costs tens of ms of CPU: on the loop, each staff login would stall every bruker's turn that long."""
    import threading

    from router.services import staff

    loop_thread, checked_on = threading.get_ident(), []
    real = staff._hasher()

    class Recording(PasswordHasher):
        def verify(self, password_hash: str | bytes, password: str | bytes) -> bool:
            checked_on.append(threading.get_ident())
            return real.verify(password_hash, password)

    recording = Recording(time_cost=real.time_cost, memory_cost=real.memory_cost, parallelism=real.parallelism)
    monkeypatch.setattr(staff, "_hasher", lambda: recording)
    await login(client, "veileder1")
    wrong = await client.post("/api/staff/login", json={"username": "veileder1", "password": "feil-passord"})
    unknown = await client.post("/api/staff/login", json={"username": "ingen", "password": "feil-passord"})
    assert (wrong.status, unknown.status) == (401, 401)
    assert len(checked_on) == 3 and loop_thread not in checked_on


async def test_a_burst_of_logins_checks_two_passwords_at_a_time(client: TestClient,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Each check holds its argon2 memory while it runs: a shift's burst of logins must not hold it many times over.
    The logins all succeed, only queued."""
    import threading
    import time

    from router.services import staff

    real, lock = staff._hasher(), threading.Lock()
    running, most = [0], [0]

    class Counting(PasswordHasher):
        def verify(self, password_hash: str | bytes, password: str | bytes) -> bool:
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            try:
                time.sleep(0.05)  # long enough for the other logins to arrive while this one is checked
                return real.verify(password_hash, password)
            finally:
                with lock:
                    running[0] -= 1

    counting = Counting(time_cost=real.time_cost, memory_cost=real.memory_cost, parallelism=real.parallelism)
    monkeypatch.setattr(staff, "_hasher", lambda: counting)
    body = {"username": "veileder1", "password": "passord-veileder1"}
    statuses = await asyncio.gather(*(client.post("/api/staff/login", json=body) for _ in range(6)))
    assert [response.status for response in statuses] == [200] * 6
    assert most[0] == 2, f"{most[0]} password checks ran at once"


async def test_a_hash_made_with_older_parameters_is_made_again_at_login(client: TestClient) -> None:
    """Hashes from before the parameters changed (argon2-cffi's default, 64 MiB) still let their users in, and
    the login stores a hash with today's parameters; the password keeps working."""
    from router.services import staff

    deps = client.app[DEPS]
    old = PasswordHasher().hash("passord-veileder1")  # argon2-cffi's default: 64 MiB, 3 passes, 4 lanes
    async with deps.uow() as uow:
        (await uow.veiledere.by_username("veileder1")).password_hash = old
    await login(client, "veileder1")
    async with deps.uow() as uow:
        remade = (await uow.veiledere.by_username("veileder1")).password_hash
    assert remade != old and remade.startswith("$argon2id$v=19$m=7168,t=5,p=1$")
    assert not staff._hasher().check_needs_rehash(remade)
    assert (await client.post("/api/staff/login", json={"username": "veileder1", "password": "passord-veileder1"})
            ).status == 200
    wrong = await client.post("/api/staff/login", json={"username": "veileder1", "password": "feil-passord"})
    assert wrong.status == 401


async def test_a_user_without_a_password_cannot_log_in_with_the_dummy_hashs_password(client: TestClient) -> None:
    """Unknown users are checked against a dummy hash; a known user whose hash is empty must not be."""
    deps = client.app[DEPS]
    async with deps.uow() as uow:
        (await uow.veiledere.by_username("veileder1")).password_hash = ""
    for password in ("not-a-real-password", ""):
        response = await client.post("/api/staff/login", json={"username": "veileder1", "password": password})
        assert response.status in (400, 401), password
    unknown = await client.post("/api/staff/login", json={"username": "ingen", "password": "not-a-real-password"})
    assert unknown.status == 401


async def test_a_console_closed_without_a_logout_hands_its_brukere_back_and_an_open_one_keeps_them(
        client: TestClient, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """At work is a sign of life within AT_WORK_WITHIN: the console's live feed says it is open (also when the
    veileder is idle); a browser closed without a logout says nothing more."""
    from datetime import timedelta

    from router.services import dispatch
    from router.services.staff import AT_WORK_WITHIN
    from router.web import ws

    monkeypatch.setattr(ws, "FEED_BEAT", timedelta(seconds=0.05))  # the test's clock jumps; its beats need not wait
    csrf = await login(client, "veileder1")
    assert (await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)).status == 200
    conversation_id, auth = await open_conversation(client, kommune="Asker")
    await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    await settle(client)
    mine = (await (await client.get("/api/staff/conversations/mine")).json())["conversations"]
    assert [c["id"] for c in mine] == [conversation_id], "given to veileder1, who is Tilgjengelig"
    staff_ws = await client.ws_connect("/api/staff/ws")
    assert (await staff_ws.receive_json())["type"] == "ready"
    deps = client.app[DEPS]
    for _ in range(3):  # idle for twice AT_WORK_WITHIN, no request made: the open console keeps them at work
        clock.advance(seconds=AT_WORK_WITHIN.total_seconds() * 2 / 3)
        await asyncio.sleep(0.2)
        assert await dispatch.offline_when_gone(deps) == []
    await staff_ws.close()  # the browser closed: no logout
    clock.advance(seconds=AT_WORK_WITHIN.total_seconds() + 1)
    assert len(await dispatch.offline_when_gone(deps)) == 1
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
    assert conversation is not None and conversation.state.value == "QUEUED" and conversation.veileder_id is None


async def test_a_closed_console_is_given_no_new_chat_and_a_reload_gets_them_again(client: TestClient) -> None:
    """The probe: a console closed without a logout still got new chats for AT_WORK_WITHIN ("Ola fra NAV har tatt
    over samtalen", 22 s later "Tilbake i køen fordi veilederen ble frakoblet"). Nothing new is assigned while
    every console of the veileder is closed; a reload (the socket opens again) makes them assignable at once."""
    csrf = await login(client, "veileder1")
    assert (await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)).status == 200
    staff_ws = await client.ws_connect("/api/staff/ws")
    assert (await staff_ws.receive_json())["type"] == "ready"
    await close_the_console(client, staff_ws)
    conversation_id, auth = await handed_off(client)
    deps = client.app[DEPS]
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
    assert conversation is not None and conversation.state.value == "QUEUED", "nobody at a console to take it"
    history = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    assert "tatt over" not in str(history)
    reloaded = await client.ws_connect("/api/staff/ws")  # a reload: the console is back within seconds
    assert (await reloaded.receive_json())["type"] == "ready"
    for _ in range(50):
        await asyncio.sleep(0.05)
        async with deps.uow() as uow:
            conversation = await uow.conversations.get(conversation_id)
        if conversation is not None and conversation.veileder_id is not None:
            break
    assert conversation is not None and conversation.state.value == "ASSIGNED", "the reload takes the waiting chat"
    await reloaded.close()


async def at_console_with_a_chat(client: TestClient, screen: str = "") -> tuple[Any, str, dict[str, str]]:
    """veileder1 logged in and Tilgjengelig, her console's live feed open, given a bruker's chat: the console's
    socket, the chat and her CSRF header."""
    csrf = await login(client, "veileder1")
    assert (await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)).status == 200
    console = await client.ws_connect(f"/api/staff/ws{screen}")
    assert (await console.receive_json())["type"] == "ready"
    conversation_id, _ = await handed_off(client)
    return console, conversation_id, csrf


async def handed_off(client: TestClient) -> tuple[str, dict[str, str]]:
    """A bruker in Asker asks for a person (the button): her chat and her Authorization header."""
    conversation_id, auth = await open_conversation(client, kommune="Asker")
    await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    await settle(client)
    return conversation_id, auth


async def close_the_console(client: TestClient, console: Any) -> None:
    """veileder1's console's browser closes, no logout; once the router has stored that its feed closed."""
    await console.close()
    for _ in range(100):
        async with client.app[DEPS].uow() as uow:
            if any(s.feed_closed_at for s in await uow.staff_sessions.of_veiledere([1])):
                return
        await asyncio.sleep(0.05)


async def log_in_elsewhere(client: TestClient, other: Any) -> dict[str, str]:
    """veileder1 logs in in another browser (``other``, an aiohttp ClientSession); its CSRF header."""
    response = await other.post(client.make_url("/api/staff/login"),
                                json={"username": "veileder1", "password": "passord-veileder1"})
    assert response.status == 200
    return {"X-CSRF-Token": (await response.json())["csrf_token"]}


async def test_logging_out_of_one_browser_leaves_the_chats_with_the_veileder_at_work_in_another(
        client: TestClient) -> None:
    """Probe 88: veileder2 logged in from a second browser and logged out there; all three of her chats went back to
    the queue (each bruker, mid-conversation, read "Ingen veileder er ledig …") and she was set offline, while her
    console stayed open saying "Tilgjengelig". A logout ends that session; the veileder leaves only when no other
    session of theirs is at work, as when a session ends by time."""
    import aiohttp

    console, conversation_id, csrf = await at_console_with_a_chat(client)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as other:
        other_csrf = await log_in_elsewhere(client, other)
        assert (await other.post(client.make_url("/api/staff/logout"), headers=other_csrf)).status == 204
    await settle(client)
    mine = (await (await client.get("/api/staff/conversations/mine")).json())["conversations"]
    assert [c["id"] for c in mine] == [conversation_id], "still hers"
    assert (await (await client.get("/api/staff/me")).json())["user"]["presence"] == "online"
    assert (await client.post("/api/staff/logout", headers=csrf)).status == 204  # her console's session: she leaves
    await settle(client)
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
    assert conversation is not None and conversation.state.value == "QUEUED" and conversation.veileder_id is None


async def test_the_kontaktsenter_page_left_open_keeps_nobody_at_work_whose_console_closed(
        client: TestClient, clock: FixedClock) -> None:
    """A probe's kontaktsenter worker closed the console without logging out, with the kontaktsenter's page open in
    another window: its live feed and refreshes kept him Tilgjengelig for twenty minutes, he was given three chats
    (one of acute need) and nobody answered them. Only a console's feed says a veileder is at work; the page that
    is no console keeps its own session alive, nothing more."""
    import aiohttp

    from router.services import dispatch
    from router.services.staff import AT_WORK_WITHIN, CONSOLE_OPENS_WITHIN

    deps = client.app[DEPS]
    console, first, _ = await at_console_with_a_chat(client, screen="?screen=console")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as other:
        await log_in_elsewhere(client, other)
        dashboard = await other.ws_connect(client.make_url("/api/staff/ws?screen=dashboard"))
        assert (await dashboard.receive_json())["type"] == "ready"
        clock.advance(seconds=CONSOLE_OPENS_WITHIN.total_seconds() + 1)  # not a login whose console is opening
        await close_the_console(client, console)
        second, _ = await handed_off(client)
        async with deps.uow() as uow:
            waiting = await uow.conversations.get(second)
        assert waiting is not None and waiting.state.value == "QUEUED", "nobody at a console to take it"
        clock.advance(seconds=AT_WORK_WITHIN.total_seconds() + 1)
        assert (await other.get(client.make_url("/api/staff/me"))).status == 200  # the page refreshes itself
        assert len(await dispatch.offline_when_gone(deps)) == 1
        async with deps.uow() as uow:
            handed_back = await uow.conversations.get(first)
        assert handed_back is not None and handed_back.state.value == "QUEUED", "her bruker waits again, told so"
        await dashboard.close()


async def test_a_staff_socket_for_an_unknown_screen_is_refused_with_the_reason(client: TestClient) -> None:
    await login(client, "veileder1")
    response = await client.get("/api/staff/ws?screen=kiosk")
    assert response.status == 400
    assert "screen must be one of console, dashboard" in await response.text()
