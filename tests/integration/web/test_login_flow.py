"""Login against the real local OpenID provider process (oidc-provider, scripts/oidc_provider): code flow with
PKCE through the provider's own pages, the callback, the tie, the bruker's own case, logout."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import secrets
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from router.adapters.language_layer import NorwegianOnlyLanguage
from router.app import Overrides, create_app
from router.config import Settings
from tests.conftest import INTERNAL_TOKEN
from tests.fakes import FakeBot
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, available, local_provider, log_in_at_the_provider
from tests.processes import free_port

pytestmark = pytest.mark.skipif(not available(), reason="scripts/setup.sh installs the local OpenID provider")
ROUTER_PORT = free_port()
OLA = "01019012480"  # SYNTETISK
KARI = "15028523472"  # SYNTETISK


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with local_provider(f"http://127.0.0.1:{ROUTER_PORT}/oauth2/callback", f"http://127.0.0.1:{ROUTER_PORT}/oauth2/logged-out") as url:
        yield url


@pytest.fixture
def login_settings(settings: Settings, issuer: str) -> Settings:
    return Settings(**{**settings.__dict__, "oidc_issuer": issuer, "oidc_client_id": CLIENT_ID,
                       "oidc_client_secret": CLIENT_SECRET, "host": "127.0.0.1", "port": ROUTER_PORT,
                       "internal_token": INTERNAL_TOKEN})


async def start_router(settings: Settings) -> TestClient:
    app = create_app(settings, Overrides(bot=FakeBot(), language=NorwegianOnlyLanguage()))
    client = TestClient(TestServer(app, host="127.0.0.1", port=ROUTER_PORT))
    await client.start_server()
    return client


@pytest.fixture
async def router(login_settings: Settings) -> AsyncIterator[TestClient]:
    client = await start_router(login_settings)
    yield client
    await client.close()


async def test_the_whole_login_against_the_local_provider(router: TestClient, issuer: str) -> None:
    created = await (await router.post("/api/conversations", json={"kommune": "Asker"})).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    conversation_id = created["id"]
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        started = await browser.post(f"http://127.0.0.1:{ROUTER_PORT}/api/conversations/{conversation_id}/login",
                                     headers=auth)
        assert started.status == 200
        url = (await started.json())["url"]
        assert url.startswith(issuer) and "code_challenge_method=S256" in url and "nonce=" in url
        landed = await log_in_at_the_provider(browser, url, OLA)
        assert landed.status == 200 and landed.url.path == "/" and landed.url.query.get("login") == "ok"
        cookies = {c.key: c for c in browser.cookie_jar if c["domain"] in ("127.0.0.1", "")}
        login_cookie = next(c for c in browser.cookie_jar if c.key == "navchat_login")
        assert login_cookie["httponly"] and OLA not in login_cookie.value, "only an opaque id in the browser"
        assert cookies

        body = await (await router.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
        assert body["conversation"]["logged_in"] is True
        assert any("logget inn" in m["text"] for m in body["messages"] if m["sender"] == "system")
        assert OLA not in str(body)

        case = await browser.get(f"http://127.0.0.1:{ROUTER_PORT}/api/conversations/{conversation_id}/case",
                                 params={"question": "mangler det noe?"}, headers=auth)
        answer: dict[str, Any] = await case.json()
        assert case.status == 200 and answer["logged_in"] and "Husleiekontrakt" in " ".join(answer["texts"])

        out = await browser.post(f"http://127.0.0.1:{ROUTER_PORT}/api/conversations/{conversation_id}/logout", headers=auth)
        assert out.status == 200 and (await out.json())["logout_url"] == "/oauth2/logout"
        body = await (await router.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
        assert body["conversation"]["logged_in"] is False


async def end_the_provider_session(browser: aiohttp.ClientSession, logout_url: str) -> aiohttp.ClientResponse:
    """What the browser does after "Logg ut": the router's /oauth2/logout, the provider's end-session page (its
    form submitted at once by its script, as a browser does), back through /oauth2/logged-out to the chat."""
    response = await browser.get(f"http://127.0.0.1:{ROUTER_PORT}{logout_url}")
    text = await response.text()
    form = re.search(r'<form id="op.logoutForm" method="post" action="([^"]+)">(.*?)</form>', text, re.S)
    assert form and "document.forms[0].submit()" in text, text[:300]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    assert fields.get("logout") == "yes", "the whole single sign-on session ends, without asking"
    return await browser.post(str(response.url.join(aiohttp.client.URL(html.unescape(form.group(1))))), data=fields)


async def test_logout_ends_the_provider_session_too_without_the_id_token_reaching_the_page(
        router: TestClient, issuer: str) -> None:
    """Found by a probe: after "Logg ut" the provider still held Kari's single sign-on session, so the next
    person at a shared computer asking the provider without prompt=login was let in as Kari at once; the logout's
    answer also gave the page's script the provider's URL with the whole ID token (her pid in it)."""
    created = await (await router.post("/api/conversations", json={"kommune": "Asker"})).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    base = f"http://127.0.0.1:{ROUTER_PORT}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        url = (await (await browser.post(f"{base}/api/conversations/{created['id']}/login", headers=auth)).json())["url"]
        assert (await log_in_at_the_provider(browser, url, KARI)).url.query.get("login") == "ok"
        out = await browser.post(f"{base}/api/conversations/{created['id']}/logout", headers=auth)
        answer = await out.text()
        assert out.status == 200 and "id_token" not in answer and "eyJ" not in answer and issuer not in answer

        # Straight after the chat's logout (as before the fix) the provider still knows her: a code at once.
        assert await single_sign_on_code(browser, issuer) is not None, "the provider session is alive before"

        landed = await end_the_provider_session(browser, (await out.json())["logout_url"])
        assert landed.url.path == "/" and landed.url.query.get("logout") == "ok", landed.url
        assert await single_sign_on_code(browser, issuer) is None, "the next person is asked who logs in"
        # The ticket is used up: the same logout again ends nothing and says so.
        again = await browser.get(f"{base}/oauth2/logout", allow_redirects=False)
        assert again.status == 303 and again.headers["Location"] == "/?logout=incomplete"


async def single_sign_on_code(browser: aiohttp.ClientSession, issuer: str) -> str | None:
    """An authorization request without prompt=login (another service on the same single sign-on): the code the
    provider answers with at once, or None when it asks who logs in."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    response = await browser.get(f"{issuer}/auth", params={
        "client_id": CLIENT_ID, "response_type": "code", "scope": "openid", "state": "next-person", "nonce": "n",
        "redirect_uri": f"http://127.0.0.1:{ROUTER_PORT}/oauth2/callback", "code_challenge": challenge,
        "code_challenge_method": "S256"}, allow_redirects=False)
    for _ in range(5):
        location = response.headers.get("Location", "")
        if response.status not in (302, 303) or not location:
            break
        if location.startswith(f"http://127.0.0.1:{ROUTER_PORT}/oauth2/callback"):
            return aiohttp.client.URL(location).query.get("code")
        response = await browser.get(str(response.url.join(aiohttp.client.URL(location))), allow_redirects=False)
    return None


async def test_the_return_from_the_provider_s_logout_needs_the_state_it_was_sent_with(router: TestClient) -> None:
    """Only the browser sent to the provider with a state is told it is logged out of ID-porten; a forged return
    (no state, another state) goes back to the chat claiming nothing."""
    forged = await router.get("/oauth2/logged-out", params={"state": "guessed"}, allow_redirects=False)
    assert forged.status == 303 and forged.headers["Location"] == "/"
    router.session.cookie_jar.update_cookies({"navchat_logout_state": "the-real-one"})
    wrong = await router.get("/oauth2/logged-out", params={"state": "guessed"}, allow_redirects=False)
    assert wrong.status == 303 and wrong.headers["Location"] == "/"
    nothing = await router.get("/oauth2/logout", allow_redirects=False)
    assert nothing.status == 303 and nothing.headers["Location"] == "/?logout=incomplete"


async def test_a_shared_browser_keeps_no_one_logged_in_for_the_next_person(router: TestClient, issuer: str) -> None:
    """Found by a probe: after Ola closed the chat, the next person on the browser pressed 'Logg inn' and was in
    as Ola without choosing anyone (the provider's single sign-on); the case also came with the token alone."""
    base = f"http://127.0.0.1:{ROUTER_PORT}/api/conversations"

    async def new_chat() -> tuple[str, dict[str, str]]:
        created = await (await router.post("/api/conversations", json={"kommune": "Asker"})).json()
        return created["id"], {"Authorization": f"Bearer {created['token']}"}

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        first, auth = await new_chat()
        url = (await (await browser.post(f"{base}/{first}/login", headers=auth)).json())["url"]
        assert (await log_in_at_the_provider(browser, url, OLA)).url.query.get("login") == "ok"
        # The token alone (no login cookie: another device, a copied token) shows nothing of the case.
        async with aiohttp.ClientSession() as elsewhere:
            bare = await elsewhere.get(f"{base}/{first}/case", params={"question": "mangler det noe?"}, headers=auth)
            assert bare.status == 403 and "log in" in (await bare.json())["error"]
        closed = await browser.post(f"{base}/{first}/close", headers=auth)
        # A close ends no login (her page reads what she was told until Logg ut or expiry), but a closed chat
        # looks nothing up any more (login.session_for).
        assert closed.status == 200 and (await closed.json())["logged_in"] is True
        after = await browser.get(f"{base}/{first}/case", params={"question": "mangler det noe?"}, headers=auth)
        assert "Husleiekontrakt" not in await after.text()

        second, auth = await new_chat()
        url = (await (await browser.post(f"{base}/{second}/login", headers=auth)).json())["url"]
        assert "prompt=login" in url
        # The provider asks again who logs in (log_in_at_the_provider asserts its chooser page): Kari this time.
        landed = await log_in_at_the_provider(browser, url, "15028523472")
        assert landed.url.query.get("login") == "ok", await landed.text()
        case = await browser.get(f"{base}/{second}/case", params={"question": "mangler det noe?"}, headers=auth)
        assert case.status == 200 and "Husleiekontrakt" not in await case.text(), "Kari's case, not Ola's"


async def test_a_forged_callback_and_a_missing_pkce_are_refused(router: TestClient, issuer: str) -> None:
    forged = await router.get("/oauth2/callback", params={"code": "x", "state": "not-started"}, allow_redirects=False)
    assert forged.status == 303 and forged.headers["Location"] == "/?login=failed"
    assert "navchat_login" not in forged.cookies
    # A spoiled link (a control or bidi character, too long) is a page in the browser: back to the chat, not JSON.
    for state in ("a\x01b", "x" * 500, "\u202eabc"):
        spoiled = await router.get("/oauth2/callback", params={"code": "1", "state": state}, allow_redirects=False)
        assert spoiled.status == 303 and spoiled.headers["Location"] == "/?login=failed", state
    async with aiohttp.ClientSession() as http, http.get(
            f"{issuer}/auth", params={"client_id": CLIENT_ID, "response_type": "code", "scope": "openid",
                                      "redirect_uri": f"http://127.0.0.1:{ROUTER_PORT}/oauth2/callback",
                                      "state": "s", "nonce": "n"}, allow_redirects=False) as response:
        location = response.headers.get("Location", "")
        assert "error=invalid_request" in location and "PKCE" in location, "the provider demands PKCE"


async def test_the_action_server_gets_facts_only_while_the_bot_answers(router: TestClient) -> None:
    from actions.router_client import RouterClient, close_shared_session

    created = await (await router.post("/api/conversations", json={})).json()
    client = RouterClient(base_url=f"http://127.0.0.1:{ROUTER_PORT}", token=INTERNAL_TOKEN)
    try:
        assert await client.case_answer(created["id"], "mangler det noe?") is None, "refused outside a bot turn"
    finally:
        await close_shared_session()


async def test_a_login_link_opened_in_another_browser_ties_nobody(router: TestClient) -> None:
    created = await (await router.post("/api/conversations", json={})).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as starter:
        started = await starter.post(f"http://127.0.0.1:{ROUTER_PORT}/api/conversations/{created['id']}/login",
                                     headers=auth)
        url = (await started.json())["url"]
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as someone_else:
            landed = await log_in_at_the_provider(someone_else, url, OLA)
            assert landed.url.query.get("login") == "failed"
            assert not any(c.key == "navchat_login" for c in someone_else.cookie_jar)
        body = await (await router.get(f"/api/conversations/{created['id']}/messages", headers=auth)).json()
        assert body["conversation"]["logged_in"] is False
        # The other browser's try did not use up the login: the bruker who started it still finishes it.
        landed = await log_in_at_the_provider(starter, url, OLA)
        assert landed.url.query.get("login") == "ok"


async def test_a_login_outlives_a_restart_of_the_router(login_settings: Settings, issuer: str) -> None:
    """The login is stored (sealed) in the database: a restarted router still knows who logged in, and the
    provider's callback may reach a router other than the one that started the login."""
    first = await start_router(login_settings)
    created = await (await first.post("/api/conversations", json={"kommune": "Asker"})).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    base = f"http://127.0.0.1:{ROUTER_PORT}/api/conversations/{created['id']}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        url = (await (await browser.post(f"{base}/login", headers=auth)).json())["url"]
        await first.close()  # the router that started the login goes away before the callback
        second = await start_router(login_settings)
        try:
            landed = await log_in_at_the_provider(browser, url, OLA)
            assert landed.url.query.get("login") == "ok"
        finally:
            await second.close()
        third = await start_router(login_settings)
        try:
            case = await browser.get(f"{base}/case", params={"question": "mangler det noe?"}, headers=auth)
            answer = await case.json()
            assert case.status == 200 and answer["logged_in"], "still logged in after a restart"
            assert "Husleiekontrakt" in " ".join(answer["texts"])
            out = await browser.post(f"{base}/logout", headers=auth)
            assert out.status == 200
            body = await (await third.get(f"/api/conversations/{created['id']}/messages", headers=auth)).json()
            assert body["conversation"]["logged_in"] is False
        finally:
            await third.close()


async def test_a_rasa_widgets_chat_moves_to_the_own_page_and_logs_in_there(router: TestClient, issuer: str) -> None:
    """A widget on another site cannot start the login (it is bound to the router's site by a cookie): its "Logg inn"
    is a link to the own page, which takes the conversation over in one click; the widget is detached."""
    from tests.integration.web.test_rasa_socketio import connect, next_event

    base = f"http://127.0.0.1:{ROUTER_PORT}"
    sio, received = await connect(router)
    await sio.emit("session_request", {})
    session_id = await next_event(received, "session_confirm")
    widget_token = (await next_event(received, "session_token"))["session_token"]
    await sio.emit("user_uttered", {"message": "Har dere fått søknaden min?", "session_id": session_id})
    offer = await next_event(received, "bot_uttered", "Logg inn")
    assert set(offer) == {"text", "quick_replies"}
    link = offer["quick_replies"][0]
    assert link["type"] == "web_url" and link["title"] == "Logg inn"
    assert link["url"].startswith(f"{base}/chat/continue?ticket=")
    ticket = link["url"].split("ticket=", 1)[1]
    # A widget that shows the link as a plain button sends its payload back: it gets the link as a text to follow.
    await sio.emit("user_uttered", {"message": "router:login", "session_id": session_id})
    assert (await next_event(received, "bot_uttered"))["text"] == f"[Logg inn]({link['url']})"

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        page = await browser.get(link["url"])
        html = await page.text()
        assert page.status == 200 and page.headers["Cache-Control"] == "no-store"
        assert "Fortsett samtalen innlogget" in html and 'id="handover-gone" class="handover-body" ' \
            'data-testid="handover-gone" hidden' in html, "the offer, not the dead end"
        claim = secrets.token_urlsafe(32)
        forged = await browser.post(f"{base}/api/handover", json={"ticket": ticket[:-2] + "xx", "claim": claim})
        assert forged.status == 410 and "error" in await forged.json()
        unclaimed = await browser.post(f"{base}/api/handover", json={"ticket": ticket})
        assert unclaimed.status == 400 and "claim" in (await unclaimed.json())["error"]

        moved = await browser.post(f"{base}/api/handover", json={"ticket": ticket, "claim": claim})
        assert moved.status == 200
        conversation = await moved.json()
        # Its answer lost on the way: the same claim asked again gets the same conversation and token.
        again = await browser.post(f"{base}/api/handover", json={"ticket": ticket, "claim": claim})
        assert again.status == 200 and await again.json() == conversation
        auth = {"Authorization": f"Bearer {conversation['token']}"}
        notice = await next_event(received, "bot_uttered", "nye vinduet")
        assert set(notice) == {"text"}
        await sio.emit("user_uttered", {"message": "Hallo, er du der?", "session_id": session_id})
        assert "nye vinduet" in (await next_event(received, "bot_uttered"))["text"], "detached: told again"
        other_claim = {"ticket": ticket, "claim": secrets.token_urlsafe(32)}
        assert (await browser.post(f"{base}/api/handover", json=other_claim)).status == 410, "someone else's claim"
        assert "hidden" not in (await (await browser.get(link["url"])).text()).split('id="handover-gone"', 1)[1][:60]
        old = await browser.get(f"{base}/api/conversations/{conversation['id']}/messages",
                                headers={"Authorization": f"Bearer {widget_token}"})
        assert old.status == 401, "the widget's token reads nothing any more"

        started = await browser.post(f"{base}/api/conversations/{conversation['id']}/login", headers=auth)
        landed = await log_in_at_the_provider(browser, (await started.json())["url"], OLA)
        assert landed.url.path == "/" and landed.url.query.get("login") == "ok"
        body = await (await browser.get(f"{base}/api/conversations/{conversation['id']}/messages",
                                        headers=auth)).json()
        assert body["conversation"]["logged_in"] is True
        said = [m["text"] for m in body["messages"] if m["sender"] == "user"]
        assert said == ["Har dere fått søknaden min?"], "what the widget sent after the move reached nobody"
    await sio.disconnect()



async def test_the_continue_page_speaks_the_conversations_language(router: TestClient) -> None:
    from router.services import handover
    from router.services.conversations import session_key
    from router.texts import fixed_text
    from router.web.appkeys import DEPS
    from tests.integration.web.test_rasa_socketio import connect, next_event

    sio, received = await connect(router)
    await sio.emit("session_request", {"customData": {"language": "ar"}})
    session_id = await next_event(received, "session_confirm")
    deps = router.app[DEPS]
    async with deps.uow() as uow:
        conversation = await uow.conversations.by_external_session(session_key(session_id))
    assert conversation is not None
    page = await (await router.get((handover.link(deps, conversation.id) or "").split(str(ROUTER_PORT), 1)[1])).text()
    assert '<html lang="ar" dir="rtl">' in page
    assert html.escape(fixed_text("widget_handover_intro", "ar")) in page
    assert f'data-testid="continue-button">{html.escape(fixed_text("widget_login", "ar"))}</button>' in page
    await sio.disconnect()
