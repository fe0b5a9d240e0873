"""The bruker's widget on a phone's network (probe 107): a socket that goes silently dead (the phone's NAT or cell
changed; it stays open and carries nothing), requests that hang, dead zones longer than the retries. What a veileder
writes reaches the bruker, is marked read only once shown, and what she writes goes when the network is back."""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import BrowserContext, Page, Route, WebSocketRoute, expect

from tests.browser.helpers import bruker_in_queue, conversation_id
from tests.browser.test_widget_delivery import CHAT_SOCKET, USER_TEXTS, Veileder

pytestmark = pytest.mark.browser

SHOWN = "#messages [data-testid='message'] [data-testid='message-text']"
VEILEDER_TEXTS = "#messages [data-sender='veileder'] [data-testid='message-text']"


class DeadSockets:
    """The chat's sockets through a network that can kill the open ones silently: after ``kill()`` a socket open
    then carries no frame either way and its close is never answered (as a socket behind a NAT that forgot it: a
    browser's close() then waits for its own timeout). Sockets opened later work. ``bury()`` lets the page learn
    at last that the dead ones are closed."""

    def __init__(self, context: BrowserContext) -> None:
        self.generation = 0
        self.opened = 0
        self.sockets: list[tuple[WebSocketRoute, int]] = []
        self.refusing = False  # a dead zone: no new socket connects either
        context.route_web_socket(CHAT_SOCKET, self._socket)

    def _socket(self, ws: WebSocketRoute) -> None:
        if self.refusing:
            ws.close()
            return
        self.opened += 1
        server = ws.connect_to_server()
        born = self.generation
        alive = lambda: self.generation == born  # noqa: E731
        ws.on_message(lambda message: server.send(message) if alive() else None)
        server.on_message(lambda message: ws.send(message) if alive() else None)
        # Closed by the page: a live socket closes; a dead one never answers (the page is not told either).
        ws.on_close(lambda code, reason: server.close() if alive() else None)
        server.on_close(lambda code, reason: ws.close() if alive() else None)
        self.sockets.append((ws, born))

    def kill(self) -> None:
        self.generation += 1

    def bury(self) -> None:
        for ws, born in self.sockets:
            if born != self.generation:
                ws.close()


@pytest.fixture
def with_veileder(new_context, router_url: str):  # type: ignore[no-untyped-def]
    """A factory: a bruker (on a phone) whose chat veileder1 has taken, her sockets through DeadSockets; each chat is
    ended afterwards (a veileder has room for three)."""
    taken: list[tuple[Veileder, str]] = []

    def make(question: str, fake_clock: bool = False) -> tuple[Page, DeadSockets, Veileder, str]:
        bruker = new_context(viewport={"width": 393, "height": 727}, is_mobile=True, has_touch=True)
        if fake_clock:
            bruker.clock.install()
        sockets = DeadSockets(bruker)
        widget = bruker_in_queue(bruker, router_url, question)
        errors: list[str] = []
        widget.on("pageerror", lambda error: errors.append(str(error)))
        widget.js_errors = errors  # type: ignore[attr-defined]
        conv_id = conversation_id(widget)
        veileder = Veileder(new_context(), router_url)
        veileder.take(conv_id)
        taken.append((veileder, conv_id))
        expect(widget.locator("#status")).to_have_text("Du chatter med en veileder")
        return widget, sockets, veileder, conv_id

    yield make
    for veileder, conv_id in taken:
        veileder.close(conv_id)


def reply(veileder: Veileder, conv_id: str, text: str) -> int:
    message = veileder.post(f"/api/staff/conversations/{conv_id}/messages", {"text": text})
    return int(message["seq"])  # type: ignore[arg-type]


def record_read_receipts(page: Page) -> None:
    reads: list[int] = []

    def on_request(request) -> None:  # type: ignore[no-untyped-def]
        if request.method == "POST" and request.url.endswith("/read"):
            reads.append(int(request.post_data_json["seq"]))

    page.on("request", on_request)
    page.reads = reads  # type: ignore[attr-defined]


# ---------------------------------------------------------------- 1: a reply is never skipped, nor read unseen

def test_a_reply_lost_on_a_dead_socket_is_shown_before_her_next_message_and_read_only_once_shown(  # type: ignore[no-untyped-def]
        with_veileder) -> None:
    """Probe 107 #1: her socket died silently, the veileder wrote R1, she wrote B1 (confirmed by the router), the
    veileder wrote R2. The confirmation of B1 moved the widget's cursor past R1: the next fetch asked for what came
    after B1, R1 was never shown, and the read receipt for R2 marked it "✓ Lest" on the veileder's screen."""
    widget, sockets, veileder, conv_id = with_veileder("Hjelp med husleia")
    record_read_receipts(widget)
    reply(veileder, conv_id, "R0 Hei, jeg kan hjelpe deg.")
    expect(widget.locator(VEILEDER_TEXTS).last).to_have_text("R0 Hei, jeg kan hjelpe deg.")
    sockets.kill()
    r1 = reply(veileder, conv_id, "R1 Hvor mye er husleia di?")
    widget.fill("#message-input", "B1 Hei? Er du der?")
    widget.keyboard.press("Enter")
    # Sent over the dead socket, unanswered, then posted: stored.
    expect(widget.locator("#messages .message.pending")).to_have_count(0, timeout=30_000)
    sockets.bury()  # the browser learns at last that the dead socket is closed: it polls and connects anew
    reply(veileder, conv_id, "R2 Svar når du kan.")
    expect(widget.locator(VEILEDER_TEXTS).last).to_have_text("R2 Svar når du kan.", timeout=20_000)
    texts = widget.locator(SHOWN).all_text_contents()
    assert "R1 Hvor mye er husleia di?" in texts, texts[-4:]
    assert texts.index("R1 Hvor mye er husleia di?") < texts.index("B1 Hei? Er du der?") < texts.index(
        "R2 Svar når du kan.")
    # Nothing was said read before R1 was on screen: every receipt up to R1's seq came once it was shown.
    widget.wait_for_timeout(1500)
    assert widget.reads, "no read receipt"  # type: ignore[attr-defined]
    assert max(widget.reads) >= r1  # type: ignore[attr-defined]
    assert widget.js_errors == []  # type: ignore[attr-defined]


def test_no_read_receipt_names_a_reply_not_shown(with_veileder) -> None:  # type: ignore[no-untyped-def]
    """The read receipt says read up to what was received in order: with R1 not fetched yet (its fetch held), the
    confirmation of her own later message B1 does not make a receipt reach past R1."""
    widget, sockets, veileder, conv_id = with_veileder("Hjelp med strøm")
    record_read_receipts(widget)
    reply(veileder, conv_id, "R0 Hei.")
    expect(widget.locator(VEILEDER_TEXTS).last).to_have_text("R0 Hei.")
    widget.wait_for_timeout(1000)
    sockets.kill()
    held: list[Route] = []
    widget.route(re.compile(r".*/messages\?after=.*"), lambda route: held.append(route))
    r1 = reply(veileder, conv_id, "R1 Hvor mye?")
    widget.fill("#message-input", "B1 Hallo?")
    widget.keyboard.press("Enter")
    expect(widget.locator("#messages .message.pending")).to_have_count(0, timeout=30_000)
    widget.wait_for_timeout(2000)
    assert all(seq < r1 for seq in widget.reads), (widget.reads, r1)  # type: ignore[attr-defined]
    expect(widget.get_by_text("R1 Hvor mye?")).to_have_count(0)
    widget.unroute(re.compile(r".*/messages\?after=.*"))
    for route in held:
        with contextlib.suppress(Exception):  # given up by the page meanwhile (its timeout)
            route.continue_()
    expect(widget.get_by_text("R1 Hvor mye?")).to_have_count(1, timeout=15_000)


# ---------------------------------------------------------------- 2: a silently dead socket is noticed

def test_a_silently_dead_socket_is_noticed_by_the_widgets_own_ping_and_the_reply_comes(  # type: ignore[no-untyped-def]
        with_veileder) -> None:
    """Probe 107 #2: the socket died silently and the bruker wrote nothing: a reply never came (80 s and more), the
    status said "Du chatter med en veileder". The widget pings every 20 s; unanswered within 5 s, the socket is
    given up, the widget polls and connects anew."""
    widget, sockets, veileder, conv_id = with_veileder("Hjelp med bostøtte")
    reply(veileder, conv_id, "T0 Hei.")
    expect(widget.locator(VEILEDER_TEXTS).last).to_have_text("T0 Hei.")
    sockets.kill()
    opened = sockets.opened
    reply(veileder, conv_id, "T1 Er du der?")
    expect(widget.locator(VEILEDER_TEXTS).last).to_have_text("T1 Er du der?", timeout=35_000)
    # A new socket was opened and is live: the next reply comes pushed.
    deadline = 15
    while sockets.opened == opened and deadline:
        widget.wait_for_timeout(1000)
        deadline -= 1
    assert sockets.opened > opened
    reply(veileder, conv_id, "T2 Fint.")
    expect(widget.locator(VEILEDER_TEXTS).last).to_have_text("T2 Fint.", timeout=5_000)
    expect(widget.locator("#status")).to_have_text("Du chatter med en veileder")
    assert widget.js_errors == []  # type: ignore[attr-defined]


def test_a_new_sockets_catch_up_that_fails_is_tried_again(with_veileder) -> None:  # type: ignore[no-untyped-def]
    """Probe 107 (s9 with the fix): the phone's network changed; every old connection was dead, the new socket
    connected, but its catch-up fetch went over a dead keep-alive connection and was given up. Polling had stopped
    (the socket was ready): the reply stored meanwhile never came. The catch-up is tried until it answers."""
    widget, sockets, veileder, conv_id = with_veileder("Hjelp med strømregningen")
    reply(veileder, conv_id, "T0 Hei!")
    expect(widget.locator(VEILEDER_TEXTS).last).to_have_text("T0 Hei!")
    failing = {"on": True}
    widget.route(re.compile(r".*/messages\?after=.*"),
                 lambda route: route.abort("timedout") if failing["on"] else route.fallback())
    sockets.kill()
    reply(veileder, conv_id, "T1 Takk, jeg ser på det.")
    opened = sockets.opened
    sockets.bury()
    for _ in range(100):  # the new socket connects (about 2 s after the old one closed)
        if sockets.opened > opened:
            break
        widget.wait_for_timeout(100)
    assert sockets.opened > opened
    widget.wait_for_timeout(1000)  # ready, and its catch-up failed
    failing["on"] = False
    expect(widget.locator(VEILEDER_TEXTS).last).to_have_text("T1 Takk, jeg ser på det.", timeout=15_000)


@pytest.mark.parametrize("event", ["focus", "visibilitychange", "pageshow"])
def test_what_came_while_away_is_fetched_when_the_page_is_looked_at_again(  # type: ignore[no-untyped-def]
        with_veileder, event: str) -> None:
    widget, sockets, veileder, conv_id = with_veileder("Hjelp med barnetrygd")
    sockets.kill()
    reply(veileder, conv_id, "V1 Kom tilbake når du kan.")
    widget.wait_for_timeout(1500)
    expect(widget.get_by_text("V1 Kom tilbake når du kan.")).to_have_count(0)
    if event == "pageshow":
        widget.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    elif event == "focus":
        widget.evaluate("window.dispatchEvent(new FocusEvent('focus'))")
    else:
        widget.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(widget.locator(VEILEDER_TEXTS).last).to_have_text("V1 Kom tilbake når du kan.", timeout=4_000)


# ---------------------------------------------------------------- 4: given up in a dead zone, sent when it is over

def test_a_message_given_up_in_a_dead_zone_is_sent_once_when_the_router_answers_again(  # type: ignore[no-untyped-def]
        with_veileder) -> None:
    """Probe 107 #4: no "offline" event (the phone kept its signal bars, nothing came through), the retries gave up
    after 30 s and the message stayed "Ikke sendt" after the network was back. It goes by itself, in order, once."""
    widget, sockets, veileder, conv_id = with_veileder("Hjelp med AAP",
                                                              fake_clock=True)
    dead_zone = re.compile(r".*/api/conversations/.*")
    widget.route(dead_zone, lambda route: route.abort("timedout"))
    sockets.refusing = True
    sockets.kill()
    sockets.bury()
    for text in ("D1 første i tunnelen", "D2 andre i tunnelen"):
        widget.fill("#message-input", text)
        widget.keyboard.press("Enter")
    for _ in range(40):  # 120 s: longer than every retry of both
        widget.clock.run_for(3000)
        widget.wait_for_timeout(50)
    expect(widget.locator("#messages .message.failed")).to_have_count(2)
    widget.unroute(dead_zone)
    sockets.refusing = False
    for _ in range(10):
        widget.clock.run_for(3000)
        widget.wait_for_timeout(200)
        if widget.locator("#messages .message.failed, #messages .message.pending").count() == 0:
            break
    expect(widget.locator("#messages .message.failed, #messages .message.pending")).to_have_count(0)
    expect(widget.locator(USER_TEXTS)).to_have_text(
        [re.compile("."), "D1 første i tunnelen", "D2 andre i tunnelen"])
    stored = veileder.api.get(f"{veileder.url}/api/staff/conversations/{conv_id}").json()
    texts = [m["text"] for m in stored["messages"] if m["sender"] == "user"]
    assert texts.count("D1 første i tunnelen") == 1 and texts.count("D2 andre i tunnelen") == 1, texts
    assert texts.index("D1 første i tunnelen") < texts.index("D2 andre i tunnelen")


# ---------------------------------------------------------------- 5: a hung request holds nothing

def test_a_send_that_hangs_is_given_up_and_sent_again_and_what_follows_is_not_held(  # type: ignore[no-untyped-def]
        new_context, router_url: str) -> None:
    """Probe 107 #5: the router stored the message at once, but its answer never came: "Sender …" for a minute and
    more, and every message after it waited behind it. A request unanswered in 12 s is tried again (the same
    client_msg_id: stored once)."""
    context = new_context()
    context.route_web_socket(CHAT_SOCKET, lambda ws: ws.close())  # no socket: sends are posted
    page = context.new_page()
    page.goto(f"{router_url}/?kommune=030102")
    expect(page.locator("#status")).to_have_text("Du chatter med chatroboten")
    held: list[Route] = []

    def hang_the_first(route: Route) -> None:
        if route.request.method == "POST" and not held:
            held.append(route)  # stored by nobody, answered never
            return
        route.fallback()

    page.route(re.compile(r".*/api/conversations/[^/]+/messages$"), hang_the_first)
    page.fill("#message-input", "H1 først")
    page.keyboard.press("Enter")
    page.fill("#message-input", "H2 så")
    page.keyboard.press("Enter")
    expect(page.locator("#messages .message.pending")).to_have_count(2)
    expect(page.locator("#messages .message.pending")).to_have_count(0, timeout=25_000)
    expect(page.locator("#messages .message.failed")).to_have_count(0)
    expect(page.locator(USER_TEXTS)).to_have_text(["H1 først", "H2 så"])
    assert len(held) == 1
