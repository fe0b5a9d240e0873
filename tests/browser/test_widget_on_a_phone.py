"""The bruker's widget as a probe used it on phones (iPhone 13, Pixel 5, iPhone SE): a copy of the chat to keep, an
honest status while the connection is lost, a day marker in a chat over two days, the status in sight with the
keyboard up, no greyed "Snakk med en veileder" taking a row, and no Shift key hint where there is no Shift key."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import bruker_in_queue, conversation_id, log_in, queued_status, take_conversation

pytestmark = pytest.mark.browser

OSLO = ZoneInfo("Europe/Oslo")
PHONE = {"viewport": {"width": 390, "height": 664}, "is_mobile": True, "has_touch": True}


def open_widget(page: Page, router_url: str) -> None:
    page.goto(f"{router_url}/?kommune=030102")
    expect(page.locator("#status")).to_have_text("Du chatter med chatroboten")
    expect(page.locator("#messages .message").first).to_be_visible()


def test_a_touch_screen_is_not_told_about_the_shift_key(new_context, router_url: str,  # type: ignore[no-untyped-def]
                                                        screenshot_dir: Path) -> None:
    phone = new_context(**PHONE).new_page()
    open_widget(phone, router_url)
    help_text = phone.locator("#composer-help")
    expect(help_text).to_contain_text("fødselsnummer")
    phone.screenshot(path=str(screenshot_dir / "widget-phone-help.png"))
    assert "Shift" not in help_text.inner_text()
    desktop = new_context().new_page()
    open_widget(desktop, router_url)
    expect(desktop.locator("#composer-help")).to_contain_text("Enter sender, Shift + Enter gir ny linje.")


CHAT_SOCKET = re.compile(r".*/api/conversations/[^/]+/ws$")
STATUS = "#status"


def in_view(page: Page, selector: str) -> bool:
    """Wholly inside the window, and not under the part of the page stuck to its top (if it is not in it)."""
    return bool(page.evaluate("""(selector) => {
        const node = document.querySelector(selector);
        const box = node.getBoundingClientRect();
        if (box.height === 0 || box.top < -0.5 || box.bottom > window.innerHeight + 0.5) return false;
        const top = document.querySelector('.chat-top');
        if (top.contains(node)) return true;
        return box.top >= top.getBoundingClientRect().bottom - 0.5;
    }""", selector))


# ---------------------------------------------------------------- 1: a copy of the chat to keep

def test_the_chat_can_be_kept_as_a_file_with_the_veileders_words_once_it_has_ended(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """A probe: after "Avslutt" and "Ja, avslutt" only "Start ny samtale" was left, and the veileder's promise ("ringer
    deg i morgen") was gone once the tab closed. The widget's "Last ned samtalen" saves what the bruker saw: the day,
    each message's time, who wrote it and the words, made in the page, by keyboard too."""
    widget = bruker_in_queue(new_context(**PHONE), router_url, "Jeg trenger hjelp med husleia")
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(console, router_url, "/veileder", ("nks1", "passord-nks1"))
    console.select_option("#presence", "online")
    take_conversation(console, conversation_id(widget))
    console.fill("#reply-input", "Jeg ringer deg i morgen klokka 10.")
    console.keyboard.press("Enter")
    expect(widget.locator("#messages [data-sender='veileder']").last).to_contain_text("Jeg ringer deg i morgen")
    expect(widget.locator("#download-button")).to_be_visible()
    expect(widget.locator("#handoff-button")).to_be_hidden()  # with a veileder: no greyed "Snakk med en veileder"
    widget.click("#close-button")
    widget.click("#close-confirm-button")
    expect(widget.locator(STATUS)).to_have_text("Samtalen er avsluttet")
    expect(widget.locator("#new-chat-button")).to_be_focused()
    widget.screenshot(path=str(screenshot_dir / "widget-phone-ended-download.png"))
    widget.keyboard.press("Tab")
    expect(widget.locator("#download-button")).to_be_focused()
    with widget.expect_download() as download:
        widget.keyboard.press("Enter")
    name = download.value.suggested_filename
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert re.fullmatch(r"chat-med-nav-\d{4}-\d{2}-\d{2}\.txt", name), name
    today = datetime.now(OSLO).date()
    lines = text.splitlines()
    assert lines[0] == "Chat med NAV" and day_label(today, with_year=True) in lines, lines[:4]
    assert re.search(r"^\d\d:\d\d Du: Jeg trenger hjelp med husleia$", text, re.M), text
    assert re.search(r"^\d\d:\d\d Chatrobot: Bot: Jeg trenger hjelp med husleia$", text, re.M), text
    assert re.search(r"^\d\d:\d\d Nks1, veileder i NAV: Jeg ringer deg i morgen klokka 10\.$", text, re.M), text
    assert "avsluttet" in lines[-1], lines[-1]


# ---------------------------------------------------------------- 2: an honest status while the connection is lost

def test_a_lost_connection_says_it_is_reconnecting_until_it_is_back(page: Page, router_url: str,
                                                                    screenshot_dir: Path) -> None:
    """A probe stopped the server: the status said "Venter på ledig veileder …" with its orange dot for 20 s, never
    that the chat had lost its connection."""
    down = [False]
    sockets: list[object] = []

    def socket(ws) -> None:  # type: ignore[no-untyped-def]
        if down[0]:
            ws.close()
            return
        ws.connect_to_server()
        sockets.append(ws)

    page.route_web_socket(CHAT_SOCKET, socket)
    open_widget(page, router_url)
    page.click("#handoff-button")
    expect(page.locator(STATUS)).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    waiting = page.locator(STATUS).inner_text()
    expect(page.locator("[data-testid='day-divider']")).to_have_count(0)  # a chat of today has no day marker
    down[0] = True
    page.route("**/api/**", lambda route: route.abort("connectionrefused"))
    sockets[-1].close()  # type: ignore[attr-defined]
    expect(page.locator(STATUS)).to_have_text("Kobler til igjen …", timeout=3000)
    dot = page.locator(STATUS).evaluate("node => getComputedStyle(node, '::before').backgroundColor")
    page.screenshot(path=str(screenshot_dir / "widget-reconnecting.png"))
    assert dot != "rgb(255, 165, 0)" and "orange" not in dot
    down[0] = False
    page.unroute("**/api/**")
    # The same, or the other words for waiting if the chat opened or closed meanwhile (09:00, 15:00).
    expect(page.locator(STATUS)).to_have_text(queued_status() if queued_status().search(waiting) else waiting,
                                              timeout=15_000)
    expect(page.locator(STATUS)).not_to_have_attribute("data-reconnecting", "true")


def test_a_socket_refused_while_the_router_answers_is_no_lost_connection(page: Page, router_url: str) -> None:
    """Behind a proxy that drops WebSockets the chat works by polling: the status never says it is reconnecting."""
    seen: list[str] = []
    page.route_web_socket(CHAT_SOCKET, lambda ws: ws.close())
    page.expose_function("noteStatus", lambda text: seen.append(text))
    page.add_init_script("""new MutationObserver(() => window.noteStatus(document.getElementById('status').textContent))
        .observe(document, { subtree: true, childList: true, characterData: true });""")
    open_widget(page, router_url)
    page.wait_for_timeout(3500)
    expect(page.locator(STATUS)).to_have_text("Du chatter med chatroboten")
    assert "Kobler til igjen …" not in seen


# ---------------------------------------------------------------- 3: a day marker where the day changes

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
          "desember")


def day_label(day: date, with_year: bool = False) -> str:
    label = f"{WEEKDAYS[day.weekday()]} {day.day}. {MONTHS[day.month - 1]}"
    return f"{label} {day.year}" if with_year else label


def test_a_chat_over_two_days_marks_where_the_day_changes(page: Page, router_url: str,
                                                          screenshot_dir: Path) -> None:
    """A probe's chat over two days read "15:04" and then "08:58", with nothing to say a night had passed. The greeting
    is made two days old here (the router's answer rewritten): the chat opens with its day, and today's first
    message has today's."""
    today = datetime.now(OSLO).date()
    earlier = today - timedelta(days=2)
    old = datetime.combine(earlier, datetime.min.time().replace(hour=15, minute=4), OSLO).isoformat()

    def two_days_old(route) -> None:  # type: ignore[no-untyped-def]
        response = route.fetch()
        data = response.json()
        for message in data.get("messages", []):
            message["created_at"] = old
        route.fulfill(response=response, json=data)

    page.route(re.compile(r".*/messages\?after=0$"), two_days_old)
    open_widget(page, router_url)
    # The visible day (a spoken copy beside it keeps its words when the language changes).
    dividers = page.locator("#messages [data-testid='day-divider'] time")
    expect(dividers).to_have_text([day_label(earlier)])
    expect(page.locator("#messages > li").first).to_have_attribute("data-testid", "day-divider")
    expect(page.locator("#messages .message .meta time").first).to_have_text("15:04")
    page.fill("#message-input", "Hei igjen")
    page.keyboard.press("Enter")
    expect(page.locator("#messages [data-sender='bot'] [data-testid='message-text']").last).to_have_text(
        "Bot: Hei igjen")
    expect(dividers).to_have_text([day_label(earlier), day_label(today)])
    # Today's divider stands right before the bruker's first message of today.
    after = page.locator("#messages [data-testid='day-divider']").last.evaluate(
        "node => node.nextElementSibling.querySelector('[data-testid=message-text]').textContent")
    assert after == "Hei igjen"
    page.screenshot(path=str(screenshot_dir / "widget-day-divider.png"))
    assert page.js_errors == []  # type: ignore[attr-defined]


# ---------------------------------------------------------------- 4: the status in sight with the keyboard up

@pytest.mark.parametrize("height", [300, 330])
def test_with_the_phone_keyboard_up_the_status_and_a_notice_stay_in_sight(  # type: ignore[no-untyped-def]
        new_context, router_url: str, height: int, screenshot_dir: Path) -> None:
    """A probe typed with the keyboard up (a window 300-330 px high): the page scrolled to the message box and the
    header (the status, "Avslutt", the error notice) was out of sight."""
    context = new_context(viewport={"width": 390, "height": height}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_widget(page, router_url)
    page.fill("#message-input", "Hei")
    page.keyboard.press("Enter")
    expect(page.locator("#messages [data-sender='bot'] [data-testid='message-text']").last).to_have_text("Bot: Hei")
    page.locator("#message-input").focus()
    page.locator("#message-input").press_sequentially("Jeg skriver med tastaturet oppe")
    page.locator("#send-button").scroll_into_view_if_needed()
    for selector in ("#status", "#close-button", "#message-input", "#send-button"):
        assert in_view(page, selector), selector
    page.screenshot(path=str(screenshot_dir / f"widget-keyboard-up-{height}.png"))
    context.set_offline(True)
    expect(page.locator("#notice")).to_be_visible()
    page.locator("#send-button").scroll_into_view_if_needed()
    for selector in ("#status", "#notice-text", "#message-input"):
        assert in_view(page, selector), selector
    page.screenshot(path=str(screenshot_dir / f"widget-keyboard-up-{height}-offline.png"))
    context.set_offline(False)
    expect(page.locator("#notice")).to_be_hidden()


# ---------------------------------------------------------------- 5: no greyed "Snakk med en veileder" taking a row

def test_talk_to_a_veileder_is_not_shown_while_queued_nor_after_the_end(  # type: ignore[no-untyped-def]
        new_context, router_url: str) -> None:
    page = new_context(**PHONE).new_page()
    open_widget(page, router_url)
    expect(page.locator("#handoff-button")).to_be_visible()
    expect(page.locator("#download-button")).to_be_visible()  # a copy to keep, with the bot too (probe 108)
    page.click("#handoff-button")
    expect(page.locator(STATUS)).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    expect(page.locator("#handoff-button")).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "message-input"
    page.click("#close-button")
    page.click("#close-confirm-button")
    expect(page.locator(STATUS)).to_have_text("Samtalen er avsluttet")
    expect(page.locator("#handoff-button")).to_be_hidden()
    page.click("#new-chat-button")
    expect(page.locator(STATUS)).to_have_text("Du chatter med chatroboten")
    expect(page.locator("#handoff-button")).to_be_visible()
    expect(page.locator("#handoff-button")).to_be_enabled()
