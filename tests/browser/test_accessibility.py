"""Accessibility (WCAG 2.1 AA) of the three pages in a real browser: reading order, focus that survives refreshes,
reflow at 400 % zoom, live regions that are announced once, keyboard use of the widget's dialogs, staff login focus.

Each test measures what an accessibility probe measured: the DOM order against the messages' seq, the element
that has focus after a timed redraw, element heights in a small viewport, what a live region holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import bruker_in_queue, conversation_id, log_in

pytestmark = pytest.mark.browser

CONSOLE_USER = ("nks1", "passord-nks1")


def open_widget(page: Page, router_url: str) -> None:
    page.goto(f"{router_url}/?kommune=030102")
    expect(page.locator("#status")).to_have_text("Du chatter med chatroboten")
    expect(page.locator("#messages .message").first).to_be_visible()


def active_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''"))


# Every `li.message` of the bruker's own ever added to the log, counted by a MutationObserver.
COUNT_OWN_ADDITIONS = """() => {
    window.__ownAdded = 0;
    new MutationObserver((records) => {
        for (const record of records) for (const node of record.addedNodes) {
            if (node.nodeType === 1 && node.matches("li.message[data-sender='user']")) window.__ownAdded += 1;
        }
    }).observe(document.getElementById("messages"), { childList: true });
}"""

DOM_SEQS = "() => [...document.querySelectorAll('#messages .message')].map((node) => Number(node.dataset.seq))"
CHAT_SOCKET = re.compile(r".*/api/conversations/[^/]+/ws$")


def confirm_after_the_answer(page: Page) -> None:
    """The race the probe met now and then, every time: the router's confirmation of the bruker's message
    (``sent``) reaches the page only after the next message it pushes (the answer to it)."""

    def forward(ws) -> None:  # type: ignore[no-untyped-def]
        server = ws.connect_to_server()
        held: list[str | bytes] = []
        answered = [False]  # a message has reached the page since the bruker's last send

        def to_page(message: str | bytes) -> None:
            kind = json.loads(message).get("type")
            if kind == "sent" and not answered[0]:
                held.append(message)
                return
            ws.send(message)
            if kind == "message":
                answered[0] = True
                while held:
                    ws.send(held.pop(0))

        def to_server(message: str | bytes) -> None:
            if json.loads(message).get("type") == "send":
                answered[0] = False
            server.send(message)

        server.on_message(to_page)
        ws.on_message(to_server)

    page.route_web_socket(CHAT_SOCKET, forward)


# ---------------------------------------------------------------- 1 and 6: reading order, one announcement per message

def test_own_message_is_read_before_the_notice_that_answers_it_and_added_once(page: Page, router_url: str) -> None:
    """In the queue, the router's notice to the bruker's message is pushed before the message is confirmed: it must
    still read after the message (DOM order = seq order), and the message is added to the log once, then updated."""
    confirm_after_the_answer(page)
    open_widget(page, router_url)
    page.click("#handoff-button")
    expect(page.locator("#status")).to_have_attribute("data-state", "QUEUED")
    # The state comes with the handoff's HTTP answer, the queue notice over the socket: wait for both.
    system = page.locator("#messages [data-sender='system']")
    expect(system.filter(has_text="Du står nå i kø")).to_have_count(1)
    system_before = system.count()
    page.evaluate(COUNT_OWN_ADDITIONS)
    page.fill("#message-input", "Grünerløkka")
    page.keyboard.press("Enter")
    expect(page.locator("#messages .message.pending")).to_have_count(0)
    own = page.locator("#messages [data-sender='user']")
    expect(own).to_have_count(1)
    # The router answers a message in the queue with a notice ("Du står nå i kø …").
    expect(system).to_have_count(system_before + 1)
    seqs = page.evaluate(DOM_SEQS)
    assert seqs == sorted(seqs), f"the log does not read in seq order: {seqs}"
    notice_seq = int(page.locator("#messages [data-sender='system']").last.get_attribute("data-seq") or 0)
    assert int(own.get_attribute("data-seq") or 0) < notice_seq
    assert page.evaluate("window.__ownAdded") == 1, "the own message was added to the live log more than once"
    # After a reload (everything from the router) it reads the same.
    page.reload()
    expect(page.locator("#messages [data-sender='user']")).to_have_count(1)
    assert page.evaluate(DOM_SEQS) == seqs
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_own_message_is_read_before_the_bots_answer_in_a_right_to_left_language(page: Page,
                                                                                router_url: str) -> None:
    """Arabic chosen in the language picker, then a message: the router's answer to it (here, without a translation
    model, that messages cannot be translated) follows it, in seq order."""
    confirm_after_the_answer(page)
    open_widget(page, router_url)
    page.click("#language-button")
    page.click("#language-list button[data-language='ar']")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    notices = page.locator("#messages [data-sender='system']")
    expect(notices).to_have_count(1)  # the choice, confirmed in Arabic
    page.evaluate(COUNT_OWN_ADDITIONS)
    page.fill("#message-input", "مرحبا، أحتاج إلى مساعدة")
    page.keyboard.press("Enter")
    expect(notices).to_have_count(2)
    expect(page.locator("#messages .message.pending")).to_have_count(0)
    seqs = page.evaluate(DOM_SEQS)
    assert seqs == sorted(seqs), f"the log does not read in seq order: {seqs}"
    assert page.evaluate("window.__ownAdded") == 1


# Changes a screen reader would read again: text or nodes changed inside a message already in the log, outside what
# is hidden from it (aria-hidden). New messages (children of the list itself) and attributes do not count.
RECORD_RELABELLING = """() => {
    window.__relabelled = [];
    const log = document.getElementById("messages");
    new MutationObserver((records) => {
        for (const record of records) {
            const target = record.target.nodeType === 1 ? record.target : record.target.parentElement;
            if (!target || target === log || target.closest("[aria-hidden='true']")) continue;
            window.__relabelled.push(target.outerHTML.slice(0, 120));
        }
    }).observe(log, { childList: true, characterData: true, subtree: true });
}"""


def test_a_change_of_language_does_not_reread_the_log(page: Page, router_url: str) -> None:
    open_widget(page, router_url)
    page.fill("#message-input", "Hei")
    page.keyboard.press("Enter")
    expect(page.locator("#messages [data-sender='bot']")).to_have_count(2)
    expect(page.locator("#messages .message.pending")).to_have_count(0)
    page.evaluate(RECORD_RELABELLING)
    page.click("#language-button")
    page.click("#language-list button[data-language='en']")
    # The visible label follows the language ...
    expect(page.locator("#messages [data-sender='user'] .who")).to_have_text("You")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__relabelled") == [], "messages already read were changed for a screen reader"
    # ... and a screen reader still has a sender for each message.
    label = page.locator("#messages [data-sender='user']").evaluate(
        "(node) => [...node.querySelectorAll('.visually-hidden')].map((n) => n.textContent).join('|')")
    assert label == "Du"


# ---------------------------------------------------------------- 2: the console keeps the focus through its redraws

def test_console_keeps_the_focus_through_its_periodic_redraws(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    widget = bruker_in_queue(new_context(), router_url, "Jeg venter på svar om husleie")
    conv_id = conversation_id(widget)
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    console.clock.install()
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    console.select_option("#presence", "offline")  # nothing is assigned to us meanwhile
    show = console.locator(f"#queue [data-conversation-id='{conv_id}']").get_by_role("button", name="Vis")
    show.focus()
    show.evaluate("(node) => { node.__probe = true; }")
    # Past one full refresh (every 10 s) and one redraw of the waiting times (every 15 s).
    with console.expect_response(lambda r: r.url.endswith("/api/staff/queue")):
        console.clock.run_for(16_000)
    console.wait_for_timeout(300)
    assert console.evaluate("document.activeElement.__probe === true"), (
        f"focus moved to {active_id(console)} after a redraw")
    expect(console.locator(f"#queue [data-conversation-id='{conv_id}']")).to_contain_text("Venter")


# ---------------------------------------------------------------- 3: the dashboard keeps focus and choice

def test_dashboard_keeps_the_focus_and_the_chosen_conversation_through_its_refresh(  # type: ignore[no-untyped-def]
        new_context, router_url: str) -> None:
    widget = bruker_in_queue(new_context(), router_url, "Jeg trenger hjelp med strømregningen")
    conv_id = conversation_id(widget)
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    dashboard.clock.install()
    log_in(dashboard, router_url, "/kontaktsenter", CONSOLE_USER)
    radio = dashboard.locator(f"#stuck-body [data-conversation-id='{conv_id}'] input[type=radio]")
    radio.check()
    radio.focus()
    radio.evaluate("(node) => { node.__probe = true; }")
    expect(dashboard.locator("#transfer-conversation")).to_have_value(conv_id)
    for _ in range(2):  # two refreshes (every 5 s)
        with dashboard.expect_response(lambda r: r.url.endswith("/api/staff/queue")):
            dashboard.clock.run_for(5_100)
        dashboard.wait_for_timeout(200)
    assert dashboard.evaluate("document.activeElement.__probe === true"), (
        f"focus moved to {active_id(dashboard)} after a refresh")
    expect(radio).to_be_checked()
    expect(dashboard.locator("#transfer-conversation")).to_have_value(conv_id)
    # The conversation list of the move form keeps the focus and its choice too.
    select = dashboard.locator("#transfer-conversation")
    select.focus()
    option = dashboard.locator(f"#transfer-conversation option[value='{conv_id}']")
    option.evaluate("(node) => { node.__probe = true; }")
    with dashboard.expect_response(lambda r: r.url.endswith("/api/staff/queue")):
        dashboard.clock.run_for(5_100)
    dashboard.wait_for_timeout(200)
    assert active_id(dashboard) == "transfer-conversation"
    assert option.evaluate("(node) => node.__probe === true"), "the options were rebuilt"


# ---------------------------------------------------------------- 4: reflow

def messages_height(page: Page) -> float:
    box = page.locator(".messages-wrap").bounding_box()
    assert box is not None
    return float(box["height"])


@pytest.mark.parametrize("viewport", [{"width": 320, "height": 256}, {"width": 740, "height": 360}],
                         ids=["zoom-400", "phone-landscape"])
def test_a_short_window_keeps_the_conversation_readable_and_scrolls_as_a_page(  # type: ignore[no-untyped-def]
        new_context, router_url: str, viewport: dict[str, int], screenshot_dir: Path) -> None:
    page = new_context(viewport=viewport).new_page()
    open_widget(page, router_url)
    assert messages_height(page) >= 120, f"the conversation is {messages_height(page)} px high"
    # No sideways scrolling, and the message box is reached by scrolling the page.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.locator("#message-input").scroll_into_view_if_needed()
    expect(page.locator("#message-input")).to_be_in_viewport()
    page.fill("#message-input", "Hei fra et lite vindu")
    page.keyboard.press("Enter")
    expect(page.locator("#messages [data-sender='bot'] [data-testid='message-text']").last).to_have_text(
        "Bot: Hei fra et lite vindu")
    page.screenshot(path=str(screenshot_dir / f"a11y-widget-{viewport['width']}x{viewport['height']}.png"),
                    full_page=True)


def test_the_console_reflows_at_400_percent_zoom_with_a_conversation_open(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """A probe at 320 px wide (1280 px at 400 %): the console was 385 px wide, the transcript and the reply box cut
    off at the right (WCAG 1.4.10)."""
    conv_id = conversation_id(bruker_in_queue(new_context(), router_url, "Jeg trenger hjelp med husleien min"))
    console = new_context(viewport={"width": 320, "height": 256}).new_page()
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    console.select_option("#presence", "offline")
    console.locator(f"#queue [data-conversation-id='{conv_id}']").get_by_role("button", name="Vis").click()
    expect(console.locator("#transcript")).to_contain_text("Jeg trenger hjelp med husleien min")
    widest = console.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter((n) => n.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map((n) => n.id || n.className || n.tagName).slice(0, 5)""")
    console.screenshot(path=str(screenshot_dir / "a11y-console-320.png"), full_page=True)
    assert console.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), widest


def test_the_language_picker_on_a_phone_leaves_room_for_the_conversation(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    page = new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True).new_page()
    open_widget(page, router_url)
    normal = messages_height(page)
    page.click("#language-button")
    expect(page.locator("#language-list button")).to_have_count(20)
    assert messages_height(page) >= 120, f"the conversation is {messages_height(page)} px high with the picker"
    page.screenshot(path=str(screenshot_dir / "a11y-widget-phone-picker.png"))
    page.keyboard.press("Escape")
    expect(page.locator("#language-picker")).to_be_hidden()
    assert messages_height(page) == normal, "the phone layout is not the same with the picker closed"


def test_a_desktop_window_keeps_the_chat_on_one_screen(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_widget(page, router_url)
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    expect(page.locator("#message-input")).to_be_in_viewport()
    assert messages_height(page) > 400


# ---------------------------------------------------------------- 5: a button that disables itself keeps the focus on the page

def test_handoff_pressed_by_keyboard_leaves_the_focus_in_the_message_box(page: Page, router_url: str) -> None:
    open_widget(page, router_url)
    page.focus("#handoff-button")
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_attribute("data-state", "QUEUED")
    expect(page.locator("#handoff-button")).to_be_disabled()
    assert active_id(page) == "message-input"


def test_login_pressed_by_keyboard_leaves_the_focus_in_the_message_box(page: Page, router_url: str) -> None:
    held: list[object] = []
    page.route("**/api/conversations/*/login", lambda route: held.append(route))
    open_widget(page, router_url)
    expect(page.locator("#login-button")).to_be_visible()
    page.focus("#login-button")
    page.keyboard.press("Enter")
    expect(page.locator("#login-button")).to_be_disabled()  # while the router is asked for the way to log in
    assert active_id(page) == "message-input"
    assert held
    held[0].fulfill(status=503, json={"error": "unavailable"})  # type: ignore[attr-defined]
    expect(page.locator("#login-button")).to_be_enabled()


# ---------------------------------------------------------------- 7: live regions stay in the page

LIVE_REGION_SHOWN = """(id) => {
    const live = document.getElementById(id).closest('[aria-live]');
    return Boolean(live) && live.closest('[hidden]') === null && getComputedStyle(live).display !== 'none';
}"""


def test_the_typing_notices_are_live_regions_that_stay_in_the_page(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    widget = bruker_in_queue(new_context(), router_url, "Jeg lurer på en ting")
    expect(widget.locator("#typing-indicator")).to_be_hidden()
    assert widget.evaluate(LIVE_REGION_SHOWN, "typing-indicator"), "the widget's typing region is not in the page"
    assert widget.evaluate("document.getElementById('typing-indicator').closest('[aria-live]').innerText.trim()") == ""

    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    item = console.locator(f"#queue [data-conversation-id='{conversation_id(widget)}']")
    item.get_by_role("button", name="Vis").click()
    expect(console.locator("#transcript")).to_contain_text("Jeg lurer på en ting")
    expect(console.locator("#user-typing")).to_be_hidden()
    assert console.evaluate(LIVE_REGION_SHOWN, "user-typing"), "the console's typing region is not in the page"
    # The bruker types: the notice shows inside the region.
    widget.locator("#message-input").press_sequentially("Hallo", delay=20)
    expect(console.locator("#user-typing")).to_be_visible()
    assert console.evaluate(LIVE_REGION_SHOWN, "user-typing")


# ---------------------------------------------------------------- 8: small keyboard and naming defects

def test_escape_cancels_ending_the_chat_and_returns_to_the_button(page: Page, router_url: str) -> None:
    open_widget(page, router_url)
    page.focus("#close-button")
    page.keyboard.press("Enter")
    expect(page.locator("#close-confirm")).to_be_visible()
    expect(page.locator("#close-confirm-button")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#close-confirm")).to_be_hidden()
    expect(page.locator("#close-button")).to_be_focused()
    expect(page.locator("#status")).to_have_text("Du chatter med chatroboten")


def test_the_language_button_says_it_expands_the_picker_not_a_menu(page: Page, router_url: str) -> None:
    open_widget(page, router_url)
    button = page.locator("#language-button")
    assert button.get_attribute("aria-haspopup") is None
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "language-picker")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")


@pytest.mark.parametrize("path", ["/veileder", "/kontaktsenter"])
def test_after_a_staff_login_the_focus_is_on_the_page_heading(page: Page, router_url: str, path: str) -> None:
    page.goto(f"{router_url}{path}")
    page.fill("#username", CONSOLE_USER[0])
    page.fill("#password", "feil-passord")
    page.focus("#login-button")
    page.keyboard.press("Enter")
    expect(page.locator("#login-error")).to_have_text("Feil brukernavn eller passord.")
    expect(page.locator("#password")).to_be_focused()
    page.fill("#password", CONSOLE_USER[1])
    page.focus("#login-button")
    page.keyboard.press("Enter")
    expect(page.locator("#app")).to_be_visible()
    expect(page.locator("h1")).to_be_focused()
    expect(page.locator("h1")).to_have_text(re.compile("Chat –"))
