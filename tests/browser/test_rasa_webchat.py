"""A real published Rasa widget, botfront's rasa-webchat from npm, embedded on another site and pointed at the router.

The widget (tests/browser/webchat, installed by `scripts/setup.sh --with-browser` with `npm ci`) runs unchanged in
headless Chromium on a page served from its own origin; the router allows that origin through
NAVCHAT_ALLOWED_ORIGINS, as the README's "Embedding the chat on another site" says. Everything goes through the three
real processes (the trained Rasa model and the action server, started by scripts/run_all.py as in tests/e2e): what
is asserted is what the bruker sees in the widget's own DOM.
"""

from __future__ import annotations

import re
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import MANY_BRUKERE_FROM_ONE_ADDRESS, Service
from tests.launcher import PYTHON, ROOT, NotStarted, start_embedded, stop

# Rasa's first turns can be slow on two cores; the widget also holds each bot message back 0.8-3 s (its default).
pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.timeout(1800)]

WEBCHAT = Path(__file__).resolve().parent / "webchat"
WIDGET_SCRIPT = WEBCHAT / "node_modules" / "rasa-webchat" / "lib" / "index.js"
GREETING = "Hei! Jeg er NAVs chatrobot"
BOT_TIMEOUT_MS = 90_000


class _EmbeddingSite(BaseHTTPRequestHandler):
    """Another site: its page, and the widget's script from the npm package (nothing else)."""

    files = {"/": (WEBCHAT / "index.html", "text/html; charset=utf-8"),
             "/rasa-webchat/lib/index.js": (WIDGET_SCRIPT, "text/javascript; charset=utf-8")}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?", 1)[0]
        if path not in self.files:
            self.send_error(404)
            return
        file, content_type = self.files[path]
        body = file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture(scope="module")
def embedding_site() -> Iterator[str]:
    """The other site's origin, e.g. http://127.0.0.1:40123 (the router runs on another port)."""
    if not WIDGET_SCRIPT.exists():
        pytest.fail(f"rasa-webchat is not installed in {WEBCHAT}: run scripts/setup.sh --with-browser")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmbeddingSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def service(embedding_site: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """Rasa with the trained model, the action server and the router (scripts/run_all.py, as tests/e2e starts
    them), the router allowing the embedding site's origin. Module-scoped: stopped before other tests start theirs."""
    subprocess.run([PYTHON, str(ROOT / "scripts" / "train_if_needed.py")], cwd=ROOT, check=True, capture_output=True)
    data_dir = tmp_path_factory.mktemp("rasa-webchat")
    try:
        launched = start_embedded(data_dir, env={**MANY_BRUKERE_FROM_ONE_ADDRESS, "NAVCHAT_LOG_LEVEL": "INFO",
                                                 "NAVCHAT_ALLOWED_ORIGINS": embedding_site})
    except NotStarted as error:
        pytest.fail(str(error))
    try:
        yield Service(url=launched.url, rasa_url=launched.rasa_urls[0], data_dir=data_dir)
    finally:
        stop(launched, timeout_s=30)


def bot_messages(widget: Page) -> Locator:
    return widget.locator(".rw-messages-container .rw-response .rw-message-text")


def bruker_messages(widget: Page) -> Locator:
    return widget.locator(".rw-messages-container .rw-client .rw-message-text")


def quick_replies(widget: Page) -> Locator:
    return widget.locator(".rw-messages-container .rw-replies .rw-reply")


def say(widget: Page, text: str) -> None:
    widget.fill(".rw-new-message", text)
    widget.keyboard.press("Enter")
    expect(bruker_messages(widget).last).to_have_text(text)


class Staff:
    """A veileder (here the kontaktsenter's nks1) over the router's HTTP API, as the console uses it."""

    def __init__(self, url: str, username: str) -> None:
        self.url, self.http = url, requests.Session()
        response = self.http.post(f"{url}/api/staff/login", json={"username": username,
                                                                  "password": f"passord-{username}"}, timeout=10)
        assert response.status_code == 200, response.text
        self.csrf = {"X-CSRF-Token": response.json()["csrf_token"]}

    def socketio_conversation(self) -> dict[str, Any]:
        """The widget's conversation, waiting in this user's queue or already assigned to them."""
        seen: list[dict[str, Any]] = []
        for _ in range(60):
            seen = [*self.http.get(f"{self.url}/api/staff/queue", timeout=10).json()["conversations"],
                    *self.http.get(f"{self.url}/api/staff/conversations/mine", timeout=10).json()["conversations"]]
            found = [c for c in seen if c.get("channel") == "socketio"]
            if found:
                return found[0]
            time.sleep(0.5)
        raise AssertionError(f"the widget's conversation never reached the queue: {seen}")

    def take_and_answer(self, conversation: dict[str, Any], text: str) -> None:
        base = f"{self.url}/api/staff/conversations/{conversation['id']}"
        if conversation["state"] == "QUEUED":
            response = self.http.post(f"{base}/take", headers=self.csrf, timeout=10)
            assert response.status_code == 200, response.text
        response = self.http.post(f"{base}/messages", json={"text": text}, headers=self.csrf, timeout=10)
        assert response.status_code == 201, response.text


def test_rasa_webchat_on_another_site_bot_buttons_handoff_and_veileder(
    new_context, service: Service, embedding_site: str, screenshot_dir: Path  # type: ignore[no-untyped-def]
) -> None:
    widget = new_context(viewport={"width": 1100, "height": 900}).new_page()
    errors: list[str] = []
    widget.on("pageerror", lambda error: errors.append(str(error)))
    sent: list[str] = []  # the socket.io packets the widget sent, whatever the transport
    widget.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(str(frame))))
    widget.on("request", lambda request: sent.append(request.post_data or "") if request.method == "POST" else None)

    widget.goto(f"{embedding_site}/?router={service.url}")
    # Closed until opened from the launcher; connected at once (connectOn "mount"), so the greeting is waiting.
    widget.locator(".rw-launcher").click()
    expect(widget.locator(".rw-conversation-container")).to_be_visible()
    expect(widget.locator(".rw-conversation-container .rw-title")).to_have_text("NAV chat")
    expect(bot_messages(widget).first).to_contain_text(GREETING, timeout=BOT_TIMEOUT_MS)
    widget.wait_for_timeout(600)  # the widget's slide-in animation (0.5 s)
    widget.screenshot(path=str(screenshot_dir / "rasa-webchat-greeting.png"))
    # Opening the chat made the widget send its usual initPayload; the router greeted already, so no second one.
    for _ in range(100):
        if any("/get_started" in packet for packet in sent):
            break
        widget.wait_for_timeout(100)
    assert any('"user_uttered"' in packet and "/get_started" in packet for packet in sent), sent

    say(widget, "Hvordan søker jeg om økonomisk sosialhjelp?")
    answer = bot_messages(widget).filter(has_text="nav.no/sosialhjelp")
    expect(answer).to_have_count(1, timeout=BOT_TIMEOUT_MS)
    expect(quick_replies(widget)).to_have_text(["Ja, hjelp meg", "Nei takk"])
    widget.screenshot(path=str(screenshot_dir / "rasa-webchat-answer.png"))

    quick_replies(widget).filter(has_text="Ja, hjelp meg").click()
    # The widget shows the title; the router stores the title and gives Rasa the payload (/affirm): the guide starts.
    expect(bruker_messages(widget).last).to_have_text("Ja, hjelp meg")
    expect(bot_messages(widget).filter(has_text="Fint, da begynner vi")).to_have_count(1, timeout=BOT_TIMEOUT_MS)
    # The guide's first question (the widget shows each bot message after a delay of its own, in order).
    expect(bot_messages(widget).last).to_contain_text("Hvilken kommune bor du i?", timeout=BOT_TIMEOUT_MS)

    say(widget, "snakk med en veileder")
    queued = bot_messages(widget).filter(has_text="Du står nå i kø")
    place_question = bot_messages(widget).filter(has_text="Hvilken kommune eller bydel bor du i?")
    expect(queued.or_(place_question).first).to_be_visible(timeout=BOT_TIMEOUT_MS)
    if place_question.count():
        # Kommunale tjenester go to the bruker's own office: the router asks where they live, once. Declining is
        # a quick reply of the router's own; the conversation goes to the kontaktsenter.
        expect(quick_replies(widget)).to_have_text(["Vil ikke oppgi"])
        quick_replies(widget).click()
        expect(bruker_messages(widget).last).to_have_text("Vil ikke oppgi")
    expect(queued).to_have_count(1, timeout=BOT_TIMEOUT_MS)
    widget.screenshot(path=str(screenshot_dir / "rasa-webchat-queued.png"))

    staff = Staff(service.url, "nks1")
    conversation = staff.socketio_conversation()
    staff.take_and_answer(conversation, "Hei, dette er NAV. Hva lurer du på med søknaden?")
    expect(bot_messages(widget).filter(has_text="har tatt over samtalen")).to_have_count(1, timeout=30_000)
    expect(bot_messages(widget).last).to_have_text("Hei, dette er NAV. Hva lurer du på med søknaden?",
                                                    timeout=30_000)
    widget.screenshot(path=str(screenshot_dir / "rasa-webchat-veileder.png"))
    bruker_messages(widget).filter(has_text="snakk med en veileder").scroll_into_view_if_needed()
    widget.screenshot(path=str(screenshot_dir / "rasa-webchat-handoff.png"))

    # What the veileder sees is what the bruker clicked and wrote, the language picker and start payload nowhere.
    detail = staff.http.get(f"{service.url}/api/staff/conversations/{conversation['id']}", timeout=10).json()
    said = [m["text"] for m in detail["messages"] if m["sender"] == "user"]
    assert said[:3] == ["Hvordan søker jeg om økonomisk sosialhjelp?", "Ja, hjelp meg", "snakk med en veileder"]
    assert not any(text.startswith("/") for text in said), said

    expect(bot_messages(widget).filter(has_text=GREETING)).to_have_count(1)
    assert bot_messages(widget).first.inner_text().startswith(GREETING), "the greeting comes first, once"
    assert errors == []


def test_rasa_webchat_logs_in_by_moving_the_chat_to_navs_own_page(
    new_context, service: Service, embedding_site: str, screenshot_dir: Path  # type: ignore[no-untyped-def]
) -> None:
    """The widget on another site cannot start ID-porten's login (it is bound to the router's site by a cookie):
    its "Logg inn" is a link that opens NAV's own chat page, which takes the conversation over and logs in."""
    from tests.browser.test_login import pick_person_at_the_provider, texts_of

    context = new_context(viewport={"width": 1100, "height": 900})
    widget = context.new_page()
    widget.goto(f"{embedding_site}/?router={service.url}")
    widget.locator(".rw-launcher").click()
    expect(bot_messages(widget).first).to_contain_text(GREETING, timeout=BOT_TIMEOUT_MS)
    say(widget, "Har dere fått søknaden min?")
    expect(bot_messages(widget).filter(has_text="logge inn her i chatten").first).to_be_visible(timeout=BOT_TIMEOUT_MS)
    # Both answers of the turn are shown (rasa-webchat keeps only the last message's buttons): the link stays.
    expect(bot_messages(widget).filter(has_text="selv følge på nav.no").first).to_be_visible(timeout=BOT_TIMEOUT_MS)
    login_link = widget.locator(".rw-messages-container a.rw-reply", has_text="Logg inn")
    expect(login_link).to_be_visible(timeout=BOT_TIMEOUT_MS)
    assert (login_link.get_attribute("href") or "").startswith(f"{service.url}/chat/continue?ticket=")
    widget.screenshot(path=str(screenshot_dir / "rasa-webchat-login-1-offer.png"))

    with context.expect_page() as opened:
        login_link.click()
    own_page = opened.value
    expect(own_page.get_by_role("heading")).to_contain_text("Fortsett samtalen innlogget")
    expect(own_page.get_by_text("Chatten på den andre nettsiden stopper da")).to_be_visible()
    own_page.screenshot(path=str(screenshot_dir / "rasa-webchat-login-2-continue.png"), full_page=True)

    # The click's answer is lost on the way back, after the router moved the chat, and so is the second click's:
    # the page says so each time. Reloaded, the router shows the link as used, but the tab holds its claim (the
    # same one both clicks sent), which gets the chat, where a new claim would find the link used.
    lost: list[int] = []

    def lose_the_answer(route) -> None:  # type: ignore[no-untyped-def]
        lost.append(route.fetch().status)
        route.abort("connectionreset")

    own_page.route("**/api/handover", lose_the_answer)
    own_page.click("#continue-button")
    expect(own_page.locator("#handover-failed")).to_be_visible()
    own_page.screenshot(path=str(screenshot_dir / "rasa-webchat-login-2b-answer-lost.png"), full_page=True)
    own_page.click("#continue-button")
    expect(own_page.locator("#continue-button")).to_be_enabled()
    assert lost == [200, 200], "the router moved the chat, then answered the same claim again; the answers were lost"
    own_page.unroute("**/api/handover")
    own_page.reload()
    pick_person_at_the_provider(own_page, "Kari Syntetisk")

    # Back on NAV's own chat page, logged in, in the same conversation.
    expect(own_page).to_have_url(re.compile(rf"^{re.escape(service.url)}/$"))
    expect(own_page.locator("#login-badge")).to_be_visible()
    expect(own_page.locator("#messages [data-sender='system']").filter(has_text="logget inn")).to_be_visible()
    assert "Har dere fått søknaden min?" in texts_of(own_page, "user"), "what was said in the widget is there"
    # The question asked in the widget is answered from her case once she has logged in, without asking again
    # (router/domain/asked_before_login.py); asked again, it is answered again.
    received = own_page.locator("#messages [data-sender='bot']").filter(has_text="Den er mottatt hos Nav Frogner")
    expect(received).to_have_count(1, timeout=BOT_TIMEOUT_MS)
    own_page.fill("#message-input", "Har dere fått søknaden?")
    own_page.keyboard.press("Enter")
    expect(received).to_have_count(2, timeout=BOT_TIMEOUT_MS)
    own_page.screenshot(path=str(screenshot_dir / "rasa-webchat-login-3-own-page.png"), full_page=True)

    # The widget was told where the chat went, and what it sends now reaches nobody.
    moved = bot_messages(widget).filter(has_text="Samtalen fortsetter i det nye vinduet")
    expect(moved).to_have_count(1, timeout=30_000)
    say(widget, "Er du der?")
    expect(moved).to_have_count(2, timeout=30_000)
    widget.screenshot(path=str(screenshot_dir / "rasa-webchat-login-4-widget-after.png"))
    assert "Er du der?" not in texts_of(own_page, "user")


def test_rasa_webchat_keeps_the_veileder_chat_through_a_network_drop(
    new_context, service: Service, embedding_site: str, screenshot_dir: Path  # type: ignore[no-untyped-def]
) -> None:
    """Probe 107 s6: on a phone on a bus, the connection cut for 5 s while a veileder had the chat. The widget
    vanished, came back with a new greeting from the bot, her next message went to the bot and the veileder's
    never reached her. rasa-webchat reconnects with the session id it stored; the router continues that session."""
    widget = new_context(viewport={"width": 393, "height": 851}).new_page()
    down = {"now": False}
    live: list[Any] = []

    def connect_or_drop(ws) -> None:  # type: ignore[no-untyped-def]
        if down["now"]:
            ws.close()
            return
        live.append((ws, ws.connect_to_server()))

    widget.route_web_socket(re.compile(r".*/socket\.io/.*"), connect_or_drop)
    widget.route(re.compile(r".*/socket\.io/.*"),
                 lambda route: route.abort("internetdisconnected") if down["now"] else route.continue_())
    widget.goto(f"{embedding_site}/?router={service.url}")
    widget.locator(".rw-launcher").click()
    expect(bot_messages(widget).first).to_contain_text(GREETING, timeout=BOT_TIMEOUT_MS)
    say(widget, "snakk med en veileder")
    queued = bot_messages(widget).filter(has_text="Du står nå i kø")
    place_question = bot_messages(widget).filter(has_text="Hvilken kommune eller bydel bor du i?")
    expect(queued.or_(place_question).first).to_be_visible(timeout=BOT_TIMEOUT_MS)
    if place_question.count():
        quick_replies(widget).filter(has_text="Vil ikke oppgi").click()
    expect(queued).to_have_count(1, timeout=BOT_TIMEOUT_MS)
    staff = Staff(service.url, "nks1")
    conversation = staff.socketio_conversation()
    staff.take_and_answer(conversation, "S1 Hei, jeg heter Kari. Hva kan jeg hjelpe med?")
    expect(bot_messages(widget).last).to_have_text("S1 Hei, jeg heter Kari. Hva kan jeg hjelpe med?",
                                                    timeout=30_000)

    down["now"] = True  # the bus goes into a tunnel
    for ws, server in live:
        ws.close()
        server.close()
    widget.wait_for_timeout(2_000)
    expect(widget.locator(".rw-conversation-container")).to_be_visible()  # the chat stays on her screen
    base = f"{service.url}/api/staff/conversations/{conversation['id']}"
    response = staff.http.post(f"{base}/messages", json={"text": "S2 Er du der fortsatt?"}, headers=staff.csrf,
                               timeout=10)
    assert response.status_code == 201, response.text
    widget.wait_for_timeout(3_000)
    down["now"] = False  # out of the tunnel: the widget's socket.io client reconnects by itself

    expect(bot_messages(widget).filter(has_text="S2 Er du der fortsatt?")).to_have_count(1, timeout=30_000)
    widget.screenshot(path=str(screenshot_dir / "rasa-webchat-after-a-drop.png"))
    say(widget, "U1 Ja, jeg er her. Jeg mangler penger til husleia.")
    for _ in range(40):
        detail = staff.http.get(base, timeout=10).json()
        said = [m["text"] for m in detail["messages"] if m["sender"] == "user"]
        if said and said[-1].startswith("U1"):
            break
        time.sleep(0.25)
    assert said[-1] == "U1 Ja, jeg er her. Jeg mangler penger til husleia.", "her words reach the veileder"
    assert detail["conversation"]["state"] == "ASSIGNED"
    widget.wait_for_timeout(3_000)
    expect(bot_messages(widget).filter(has_text=GREETING)).to_have_count(1)  # no new conversation with the bot
    assert "søker" not in (bot_messages(widget).last.inner_text()), "the bot did not answer her"
