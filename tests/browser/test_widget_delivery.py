"""The bruker's widget when the network, the router or the veileder changes what is on screen: what the bruker typed
is shown as the router stored it, survives a reload while offline, and the end of the chat is said in the log."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import APIRequestContext, BrowserContext, Page, Route, WebSocketRoute, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from router.texts import fixed_text
from tests.browser.helpers import bruker_in_queue, conversation_id

pytestmark = pytest.mark.browser

# The veileder of Nav Grünerløkka (0315), where bruker_in_queue's bruker is routed.
VEILEDER = ("veileder1", "passord-veileder1")
USER_TEXTS = "#messages [data-sender='user'] [data-testid='message-text']"
CHAT_SOCKET = re.compile(r".*/api/conversations/[^/]+/ws$")


class Veileder:
    """A veileder working through the staff API (the console's own calls), not through the console page."""

    def __init__(self, context: BrowserContext, router_url: str) -> None:
        self.api: APIRequestContext = context.request
        self.url = router_url
        login = self.api.post(f"{router_url}/api/staff/login",
                              data={"username": VEILEDER[0], "password": VEILEDER[1]})
        assert login.ok, login.text()
        self.csrf = login.json()["csrf_token"]

    def post(self, path: str, body: dict[str, object] | None = None) -> dict[str, object]:
        response = self.api.post(f"{self.url}{path}", data=body or {}, headers={"X-CSRF-Token": self.csrf})
        assert response.ok, f"{path}: {response.status} {response.text()}"
        return response.json()

    def take(self, conv_id: str) -> None:
        self.post(f"/api/staff/conversations/{conv_id}/take")

    def close(self, conv_id: str) -> None:
        self.post(f"/api/staff/conversations/{conv_id}/close", {"outcome": "besvart"})


class Network:
    """The bruker's network. Chromium's offline emulation (context.set_offline) fails requests but leaves an open
    WebSocket working; a real network loss leaves it open and silent. So the chat's socket is cut here too: one open
    when the network goes never carries a frame again, and none connects while it is down."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.down = False
        self.cuts = 0
        context.route_web_socket(CHAT_SOCKET, self._socket)

    def _socket(self, ws: WebSocketRoute) -> None:
        if self.down:
            ws.close()
            return
        server = ws.connect_to_server()
        born = self.cuts
        alive = lambda: self.cuts == born  # noqa: E731
        ws.on_message(lambda message: server.send(message) if alive() else None)
        server.on_message(lambda message: ws.send(message) if alive() else None)

    def go_offline(self) -> None:
        self.down = True
        self.cuts += 1
        self.context.set_offline(True)

    def go_online(self) -> None:
        self.context.set_offline(False)
        self.down = False


def test_a_typed_fodselsnummer_is_replaced_by_the_masked_text_at_once(page: Page, router_url: str,
                                                                      screenshot_dir: Path) -> None:
    page.goto(f"{router_url}/?kommune=030102")
    expect(page.locator("#status")).to_have_text("Du chatter med chatroboten")
    page.fill("#message-input", "Fødselsnummeret mitt er 01019012345 og telefon 912 34 567")
    page.keyboard.press("Enter")
    expect(page.locator("#messages [data-sender='bot'] [data-testid='message-text']").last).to_contain_text("Bot:")
    # Without a reload: the bruker's own bubble shows what the router stored, not the numbers typed.
    expect(page.locator(USER_TEXTS)).to_have_text(["Fødselsnummeret mitt er [fødselsnummer] og telefon [tel]"])
    expect(page.locator("#messages")).not_to_contain_text("01019012345")
    expect(page.locator("#messages")).not_to_contain_text("912 34 567")
    # Told once, after the message, that the number was hidden and need not be written here.
    expect(page.locator("#messages [data-sender='system']").last).to_contain_text(
        fixed_text("personal_number_hidden", "nb"))
    page.screenshot(path=str(screenshot_dir / "widget-masked-own-message.png"))
    page.reload()
    expect(page.locator(USER_TEXTS)).to_have_text(["Fødselsnummeret mitt er [fødselsnummer] og telefon [tel]"])
    assert page.js_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_when_the_veileder_ends_the_chat_the_log_says_so_once(new_context, router_url: str, language: str,  # type: ignore[no-untyped-def]
                                                              screenshot_dir: Path) -> None:
    bruker = new_context()
    widget = bruker_in_queue(bruker, router_url, "Jeg trenger hjelp med husleia")
    conv_id = conversation_id(widget)
    if language != "nb":
        widget.click("#language-button")
        widget.click(f"#language-list button[data-language='{language}']")
        expect(widget.locator("html")).to_have_attribute("lang", language)
    veileder = Veileder(new_context(), router_url)
    veileder.take(conv_id)
    expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
    veileder.close(conv_id)
    ended = fixed_text("closed", language)
    expect(widget.locator("#status")).to_have_attribute("data-state", "CLOSED")
    # In the log, as the last message, in the bruker's language; once, also after waiting for late frames.
    notices = widget.locator("#messages [data-sender='system'] [data-testid='message-text']")
    expect(notices.last).to_have_text(ended)
    widget.wait_for_timeout(1500)
    expect(notices.filter(has_text=ended)).to_have_count(1)
    expect(widget.locator("#messages [data-testid='message']").last).to_contain_text(ended)
    # The answers offered before (the queue notice's way back to the bot, say) are no longer there to press.
    expect(widget.locator("#messages button.quick-reply")).not_to_have_count(0)
    expect(widget.locator("#messages button.quick-reply:enabled")).to_have_count(0)
    widget.screenshot(path=str(screenshot_dir / f"widget-ended-by-veileder-{language}.png"))
    widget.reload()
    expect(widget.locator("#status")).to_have_attribute("data-state", "CLOSED")
    expect(notices.filter(has_text=ended)).to_have_count(1)


def bruker_with_veileder(new_context, router_url: str, question: str,  # type: ignore[no-untyped-def]
                         fake_clock: bool = False) -> tuple[Page, Network, Veileder, str]:
    """A bruker whose chat a veileder has taken, on a network the test can cut (and a clock it can move on)."""
    bruker = new_context()
    if fake_clock:
        bruker.clock.install()
    network = Network(bruker)
    widget = bruker_in_queue(bruker, router_url, question)
    conv_id = conversation_id(widget)
    veileder = Veileder(new_context(), router_url)
    veileder.take(conv_id)
    expect(widget.locator("#status")).to_have_text("Du chatter med en veileder")
    return widget, network, veileder, conv_id


def test_the_status_and_a_notice_say_when_the_bruker_is_offline(new_context, router_url: str,  # type: ignore[no-untyped-def]
                                                                 screenshot_dir: Path) -> None:
    widget, network, veileder, conv_id = bruker_with_veileder(new_context, router_url, "Hjelp med strømregningen")
    network.go_offline()
    expect(widget.locator("#status")).to_have_text(fixed_text("widget_offline_status", "nb"))
    expect(widget.locator("#notice")).to_be_visible()
    expect(widget.locator("#notice")).to_contain_text(fixed_text("widget_offline", "nb"))
    expect(widget.locator("#retry-button")).to_be_hidden()  # nothing to try again until the network is back
    widget.screenshot(path=str(screenshot_dir / "widget-offline.png"))
    network.go_online()
    expect(widget.locator("#status")).to_have_text("Du chatter med en veileder")
    expect(widget.locator("#notice")).to_be_hidden()
    expect(widget.locator("#retry-button")).not_to_have_attribute("hidden", "")
    veileder.close(conv_id)


def test_a_message_typed_offline_survives_a_reload_and_is_stored_once_when_back_online(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    widget, network, veileder, conv_id = bruker_with_veileder(new_context, router_url, "Hjelp med depositum")
    network.go_offline()
    widget.fill("#message-input", "B1 skrevet uten nett")
    widget.keyboard.press("Enter")
    pending = widget.locator("#messages .message.pending")
    expect(pending.locator("[data-testid='message-text']")).to_have_text("B1 skrevet uten nett")
    widget.screenshot(path=str(screenshot_dir / "widget-offline-pending.png"))
    # A reload while offline fails (the browser's own error page); back online, the bruker reloads again.
    with pytest.raises(Exception):  # noqa: B017, PT011 - net::ERR_INTERNET_DISCONNECTED, whatever its type
        widget.reload()
    network.go_online()
    widget.reload()
    expect(widget.locator("#status")).to_have_text("Du chatter med en veileder")
    expect(widget.locator(USER_TEXTS).last).to_have_text("B1 skrevet uten nett")
    expect(widget.locator("#messages .message.pending")).to_have_count(0, timeout=15_000)
    widget.screenshot(path=str(screenshot_dir / "widget-sent-after-offline-reload.png"))
    # Stored once: a second reload shows it once, and the veileder has it once.
    widget.reload()
    expect(widget.locator(USER_TEXTS).filter(has_text="B1 skrevet uten nett")).to_have_count(1)
    staff_view = veileder.api.get(f"{router_url}/api/staff/conversations/{conv_id}").json()
    assert [m["text"] for m in staff_view["messages"] if m["sender"] == "user"].count("B1 skrevet uten nett") == 1
    veileder.close(conv_id)


def test_a_message_typed_offline_waits_for_the_network_however_long_and_is_then_sent(  # type: ignore[no-untyped-def]
        new_context, router_url: str) -> None:
    widget, network, veileder, conv_id = bruker_with_veileder(new_context, router_url, "Hjelp med strøm",
                                                              fake_clock=True)
    network.go_offline()
    widget.fill("#message-input", "B2 skrevet uten nett")
    widget.keyboard.press("Enter")
    expect(widget.locator("#messages .message.pending")).to_have_count(1)
    for _ in range(30):  # 90 s, longer than every retry the widget makes; each failed request in between
        widget.clock.run_for(3000)
        widget.wait_for_timeout(50)
    expect(widget.locator("#messages .message.pending")).to_have_count(1)
    expect(widget.locator("#messages .message.failed")).to_have_count(0)
    network.go_online()
    expect(widget.locator("#messages .message.pending")).to_have_count(0, timeout=15_000)
    expect(widget.locator(USER_TEXTS).last).to_have_text("B2 skrevet uten nett")
    expect(widget.locator("#messages .message.failed")).to_have_count(0)
    veileder.close(conv_id)


def test_a_message_typed_offline_in_a_chat_ended_meanwhile_is_marked_not_sent(new_context, router_url: str,  # type: ignore[no-untyped-def]
                                                                               screenshot_dir: Path) -> None:
    widget, network, veileder, conv_id = bruker_with_veileder(new_context, router_url, "Hjelp med bostøtte")
    network.go_offline()
    widget.fill("#message-input", "B3 skrevet uten nett")
    widget.keyboard.press("Enter")
    with pytest.raises(Exception):  # noqa: B017, PT011 - the reload fails while offline
        widget.reload()
    veileder.close(conv_id)
    network.go_online()
    widget.reload()
    expect(widget.locator("#status")).to_have_text("Samtalen er avsluttet")
    unsent = widget.locator("#messages [data-sender='user']").filter(has_text="B3 skrevet uten nett")
    expect(unsent).to_have_class(re.compile(r"\bfailed\b"))
    expect(unsent).to_contain_text(fixed_text("widget_not_sent_closed", "nb"))
    widget.screenshot(path=str(screenshot_dir / "widget-offline-message-chat-ended.png"))
    # Not kept for the next reload: the log is then the router's.
    widget.reload()
    expect(widget.locator("#status")).to_have_text("Samtalen er avsluttet")
    expect(widget.locator("#messages").get_by_text("B3 skrevet uten nett")).to_have_count(0)


def test_a_refused_message_says_why_offers_no_retry_and_what_follows_reads_after_it(page: Page, router_url: str,
                                                                                     screenshot_dir: Path) -> None:
    page.goto(f"{router_url}/?kommune=030102")
    expect(page.locator("#status")).to_have_text("Du chatter med chatroboten")
    # A control character (a bell): the router refuses it (400) every time, so trying again cannot help. (A bidi
    # override, refused before probe 164, is now taken and dropped.)
    page.fill("#message-input", "hei \x07")
    page.keyboard.press("Enter")
    refused = page.locator("#messages .message.failed")
    expect(refused.locator(".failed-text")).to_have_text(fixed_text("widget_not_sent_refused", "nb"))
    expect(refused.locator("button.retry")).to_have_count(0)
    for question in ["Hva er økonomisk sosialhjelp?", "Hvor lang tid tar det å få svar?"]:
        page.fill("#message-input", question)
        page.keyboard.press("Enter")
        expect(page.locator(f"#messages [data-sender='bot']:has-text('{question}')")).to_have_count(1)
    order = page.eval_on_selector_all(
        "#messages .message:not([data-sender='system'])",
        "nodes => nodes.map(n => n.classList.contains('failed') ? 'failed' : n.dataset.sender === 'bot' ? 'bot'"
        " : n.querySelector('[data-testid=message-text]').textContent)")
    # In the order it was said: the refused bubble above the questions that came after it, each answer below its
    # question (before the fix both answers stacked above the refused bubble and the questions).
    assert order[-5:] == ["failed", "Hva er økonomisk sosialhjelp?", "bot", "Hvor lang tid tar det å få svar?",
                          "bot"], order
    refused.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "widget-refused-message.png"))
    # Not sent again after a reload, and no "Prøv igjen" left that can never succeed.
    page.reload()
    expect(page.locator(USER_TEXTS)).to_have_text(["Hva er økonomisk sosialhjelp?", "Hvor lang tid tar det å få svar?"])
    expect(page.locator("#messages .message.failed")).to_have_count(0)
    assert page.js_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(("status", "key"), [(401, "widget_not_sent_unauthorized"), (403, "widget_not_sent_forbidden"),
                                           (404, "widget_not_sent_gone")])
def test_a_chat_the_router_refuses_says_why_and_offers_a_new_one(page: Page, router_url: str, status: int, key: str,
                                                                   screenshot_dir: Path) -> None:
    """A user probe: a message refused for the chat (401 its token no longer opens it, 403, 404 it is gone) was
    "Ikke sendt ... kanskje på grunn av spesielle tegn", the text for words the router will not take."""
    page.route_web_socket(CHAT_SOCKET, lambda ws: ws.close())  # without a socket the widget posts

    def refuse(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
        elif status == 401:  # the router's own answer to a token that does not open the chat
            route.continue_(headers={**route.request.headers, "authorization": "Bearer a-token-of-nothing"})
        elif status == 404:  # ... and to a chat it does not have
            route.continue_(url=re.sub(r"/conversations/[^/]+/", "/conversations/finnes-ikke/", route.request.url))
        else:  # the router gives a bruker no 403 today; the widget must still not blame the words
            route.fulfill(status=403, json={"error": "forbidden"})

    page.goto(f"{router_url}/?kommune=030102")
    expect(page.locator("#status")).to_have_text("Du chatter med chatroboten")
    page.route("**/api/conversations/*/messages", refuse)
    page.fill("#message-input", "Hei, er det noen der?")
    page.keyboard.press("Enter")
    failed = page.locator("#messages .message.failed")
    expect(failed.locator(".failed-text")).to_have_text(fixed_text(key, "nb"))
    expect(failed.locator(".failed-text")).not_to_contain_text("spesielle tegn")
    expect(failed.locator("button.retry")).to_have_count(0)
    # The way on the text names is there, and stays after the next poll (every 3 s without a socket) reads the chat.
    expect(page.locator("#new-chat-button")).to_be_visible()
    page.wait_for_timeout(3500)
    expect(page.locator("#new-chat-button")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / f"widget-refused-{status}.png"))
    page.unroute("**/api/conversations/*/messages")
    page.click("#new-chat-button")
    expect(page.locator("#status")).to_have_text("Du chatter med chatroboten")
    expect(page.locator("#messages .message.failed")).to_have_count(0)
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_after_a_message_that_failed_for_the_moment_what_follows_reads_after_it_and_a_retry_comes_last(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    context = new_context()
    failing = {"on": True}

    def socket(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        def to_server(message: str | bytes) -> None:
            frame = json.loads(message)
            if failing["on"] and frame.get("type") == "send" and frame.get("text") == "Første spørsmål":
                ws.send(json.dumps({"type": "send_error", "client_msg_id": frame["client_msg_id"], "status": 503,
                                    "error": "the chat cannot store anything right now"}))
                return
            server.send(message)

        ws.on_message(to_server)
        server.on_message(ws.send)

    def post(route: Route) -> None:
        body = route.request.post_data_json if route.request.method == "POST" else None
        if failing["on"] and isinstance(body, dict) and body.get("text") == "Første spørsmål":
            route.fulfill(status=503, json={"error": "the chat cannot store anything right now"})
        else:
            route.fallback()

    # The router cannot store that one message for now, over the socket and by POST alike.
    context.route_web_socket(CHAT_SOCKET, socket)
    context.route(re.compile(r".*/api/conversations/[^/]+/messages$"), post)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{router_url}/?kommune=030102")
    expect(page.locator("#status")).to_have_text("Du chatter med chatroboten")
    page.fill("#message-input", "Første spørsmål")
    page.keyboard.press("Enter")
    failed = page.locator("#messages .message.failed")
    # Given up after the retries (about 30 s): "Prøv igjen" is offered, as a retry can help.
    expect(failed.locator("button.retry")).to_have_count(1, timeout=60_000)
    # Still failing while more is said: the widget sends what it gave up on again by itself after a poll or a
    # socket's catch-up (retryFailedSends), and this checks where the message stands before it can go through.
    for question in ["Hva er økonomisk sosialhjelp?", "Hvor lang tid tar det å få svar?"]:
        page.fill("#message-input", question)
        page.keyboard.press("Enter")
        expect(page.locator(f"#messages [data-sender='bot']:has-text('{question}')")).to_have_count(1)
    said = "#messages .message:not([data-sender='system'])"
    shown = ("nodes => nodes.map(n => n.classList.contains('failed') ? 'failed' : n.classList.contains('pending')"
             " ? 'sending' : n.dataset.sender === 'bot' ? 'bot' : n.querySelector('[data-testid=message-text]')"
             ".textContent)")
    meanwhile = ["Hva er økonomisk sosialhjelp?", "bot", "Hvor lang tid tar det å få svar?", "bot"]
    # Given up on, it stays where it was written; being sent again by itself, it has moved below what was said.
    assert page.eval_on_selector_all(said, shown)[-5:] in (["failed", *meanwhile], [*meanwhile, "sending"])
    page.screenshot(path=str(screenshot_dir / "widget-failed-then-more.png"))
    # Sent again now (by "Prøv igjen", or by the widget's own retry if it came first), it is read after what was
    # said meanwhile, with its answer below it.
    failing["on"] = False
    with contextlib.suppress(PlaywrightTimeoutError):  # the widget's own retry took it first
        failed.locator("button.retry").click(timeout=3_000)
    expect(page.locator("#messages [data-sender='bot']:has-text('Første spørsmål')")).to_have_count(1)
    assert page.eval_on_selector_all(said, shown)[-6:] == [
        "Hva er økonomisk sosialhjelp?", "bot", "Hvor lang tid tar det å få svar?", "bot", "Første spørsmål", "bot"]
    assert errors == []
