"""State-changing API requests a page on another site could make in the visitor's browser are refused with a reason.

Found by a probe (login CSRF): a form on http://localhost:<other port> posted a text/plain "JSON" body to
/api/staff/login; the router read it as JSON, logged the visitor's browser in as the staff user the page chose, and
the browser kept the Strict cookie. Now a body must be declared JSON and a browser's Origin must be this site's.
"""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.conftest import login, open_conversation

FORM_BODY = '{"username":"veileder2","password":"passord-veileder2","x":"="}'


def own_origin(client: TestClient) -> str:
    return f"http://{client.server.host}:{client.server.port}"


async def test_a_foreign_form_cannot_log_the_browser_in_as_staff(client: TestClient) -> None:
    # What the probe's page sent: a text/plain form from another origin.
    forged = await client.post("/api/staff/login", data=FORM_BODY,
                               headers={"Content-Type": "text/plain", "Origin": "http://localhost:19899"})
    assert forged.status == 403 and "Origin" in (await forged.json())["error"]
    assert "navchat_staff" not in forged.cookies
    # The same text/plain body from the own site (or a page hiding its Origin): not JSON, so refused all the same.
    for headers in ({"Content-Type": "text/plain", "Origin": own_origin(client)}, {"Content-Type": "text/plain"}):
        plain = await client.post("/api/staff/login", data=FORM_BODY, headers=headers)
        assert plain.status == 415 and "application/json" in (await plain.json())["error"], headers
        assert "navchat_staff" not in plain.cookies
    # JSON from another origin (a fetch that skipped the preflight cannot exist, but an allowed one would be): 403.
    foreign_json = await client.post("/api/staff/login", json={"username": "veileder2", "password": "passord-veileder2"},
                                     headers={"Origin": "https://evil.example"})
    assert foreign_json.status == 403
    sandboxed = await client.post("/api/staff/login", json={"username": "veileder2", "password": "passord-veileder2"},
                                  headers={"Origin": "null"})
    assert sandboxed.status == 403
    assert (await client.get("/api/staff/me")).status == 401, "nobody is logged in"

    # The console itself: JSON from its own origin, as ever.
    own = await client.post("/api/staff/login", json={"username": "veileder2", "password": "passord-veileder2"},
                            headers={"Origin": own_origin(client)})
    assert own.status == 200


async def test_every_state_changing_request_needs_json_and_the_own_origin(client: TestClient) -> None:
    csrf = await login(client, "veileder1")
    foreign = await client.post("/api/staff/presence", json={"presence": "online"},
                                headers={**csrf, "Origin": "https://evil.example"})
    assert foreign.status == 403 and (await foreign.json())["error"]
    plain = await client.post("/api/staff/presence", data='{"presence": "online"}',
                              headers={**csrf, "Content-Type": "text/plain"})
    assert plain.status == 415
    ok = await client.post("/api/staff/presence", json={"presence": "online"},
                           headers={**csrf, "Origin": own_origin(client)})
    assert ok.status == 200, await ok.text()

    conversation_id, auth = await open_conversation(client)
    sent = await client.post(f"/api/conversations/{conversation_id}/messages",
                             data='{"client_msg_id": "1", "text": "hei"}',
                             headers={**auth, "Content-Type": "text/plain;charset=UTF-8"})
    assert sent.status == 415
    # Reading is not changed: a GET from anywhere is answered as before (its own rules decide).
    read = await client.get(f"/api/conversations/{conversation_id}/messages",
                            headers={**auth, "Origin": "https://evil.example"})
    assert read.status == 200
    # A body-less POST (close, logout) needs no Content-Type.
    closed = await client.post(f"/api/conversations/{conversation_id}/close", headers=auth)
    assert closed.status == 200, await closed.text()


async def test_without_a_public_origin_the_host_named_is_this_site(client: TestClient) -> None:
    """Development (NAVCHAT_PUBLIC_ORIGIN unset): the Host the request names is this site, as before the setting
    (tests/integration/web/test_public_origin.py: with it, a forged Host no longer passes)."""
    same_host = await client.post("/api/staff/login", json={"username": "veileder2", "password": "passord-veileder2"},
                                  headers={"Origin": "http://chat.test:8080", "Host": "chat.test:8080"})
    assert same_host.status == 200, await same_host.text()
