"""Headers on what the router answers: no caching of chat content or case facts, HSTS off this machine, no
versions in the Server header, a CSP that lets the pages connect to their own host only.

Found by a probe: staff JSON with chat content and case facts had no Cache-Control (only the transcript download
had no-store), no HSTS, ``Server: Python/3.11 aiohttp/3.x.y``, and ``connect-src 'self' ws: wss:`` let a page's
script open a WebSocket to any host.
"""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.conftest import login, open_conversation


async def test_chat_content_and_case_facts_are_never_stored_by_a_cache(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client)
    bruker = [
        await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth),
        await client.post(f"/api/conversations/{conversation_id}/messages",
                          json={"client_msg_id": "1", "text": "hei"}, headers=auth),
        await client.get(f"/api/conversations/{conversation_id}/case", params={"question": "x"}, headers=auth),
        await client.get("/api/conversations/unknown/messages", headers=auth),  # a refusal too
    ]
    csrf = await login(client, "admin1")
    staff = [await client.get(path) for path in ("/api/staff/me", "/api/staff/queue", "/api/admin/users",
                                                  "/api/admin/audit")]
    staff.append(await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf))
    # The logout's return from the provider is a raised redirect: the hook sees it too.
    logout = [await client.get("/oauth2/logged-out", allow_redirects=False)]
    assert logout[0].status == 303, logout[0].status
    for response in bruker + staff + logout:
        assert response.headers.get("Cache-Control") == "no-store", (response.url.path, response.status)
    # What is the same for everyone may still be cached as its handler says.
    texts = await client.get("/api/widget/texts")
    assert texts.headers["Cache-Control"].startswith("public")


async def test_no_versions_in_the_server_header(client: TestClient) -> None:
    for response in (await client.get("/"), await client.get("/api/staff/me"), await client.get("/nowhere")):
        assert response.headers.get("Server") == "navchat", response.headers.get("Server")


async def test_hsts_when_the_host_is_not_this_machine(client: TestClient) -> None:
    local = await client.get("/health/live")
    assert "Strict-Transport-Security" not in local.headers, "plain HTTP in development"
    public = await client.get("/health/live", headers={"Host": "chat.nav.no"})
    assert public.headers["Strict-Transport-Security"] == "max-age=31536000"


async def test_the_pages_connect_to_their_own_host_only(client: TestClient) -> None:
    for path in ("/", "/veileder", "/kontaktsenter"):
        response = await client.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "connect-src 'self';" in policy and "ws:" not in policy and "wss:" not in policy, (path, policy)
        assert "ws: wss:" not in await response.text(), f"{path}: the page's own meta policy"
