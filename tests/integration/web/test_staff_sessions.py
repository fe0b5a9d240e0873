"""Staff sessions: idle sessions end, logout needs the CSRF token, the cookie is Secure off localhost."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from tests.conftest import login, open_conversation, settle


async def test_an_idle_session_ends_and_activity_keeps_it(client: TestClient, clock: FixedClock) -> None:
    await login(client, "veileder1")
    for _ in range(3):  # 25 minutes apart: active, so never idle for 30
        clock.advance(minutes=25)
        assert (await client.get("/api/staff/me")).status == 200
    clock.advance(minutes=31)
    response = await client.get("/api/staff/me")
    assert response.status == 401 and "without activity" in (await response.json())["error"]


async def test_logout_needs_the_csrf_token(client: TestClient) -> None:
    csrf = await login(client, "veileder1")
    assert (await client.post("/api/staff/logout")).status == 403, "a foreign page cannot log staff out"
    assert (await client.get("/api/staff/me")).status == 200
    assert (await client.post("/api/staff/logout", headers=csrf)).status == 204
    assert (await client.get("/api/staff/me")).status == 401


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
    await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                      json={"client_msg_id": "b", "text": "er det noen der?"})
    frames = []
    while not any(f.get("type") == "message" and f["message"]["text"] == "er det noen der?" for f in frames):
        frames.append(await staff_ws.receive_json(timeout=5))
    await staff_ws.close()
    await login(client, "admin1")
    audit = (await (await client.get(f"/api/admin/audit?conversation_id={conversation_id}")).json())["audit"]
    assert [(row["username"], row["action"]) for row in audit] == [("nks1", "live_read")], "once per screen"


async def test_the_password_is_checked_off_the_event_loop(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 costs about 0.1 s of CPU: on the loop, each staff login would stall every bruker's turn that long."""
    import threading

    from router.services import staff

    loop_thread, checked_on = threading.get_ident(), []
    real = staff._hasher

    class Recording:
        def verify(self, password_hash: str, password: str) -> bool:
            checked_on.append(threading.get_ident())
            return real.verify(password_hash, password)

    monkeypatch.setattr(staff, "_hasher", Recording())
    await login(client, "veileder1")
    wrong = await client.post("/api/staff/login", json={"username": "veileder1", "password": "feil-passord"})
    unknown = await client.post("/api/staff/login", json={"username": "ingen", "password": "feil-passord"})
    assert (wrong.status, unknown.status) == (401, 401)
    assert len(checked_on) == 3 and loop_thread not in checked_on
