"""The bruker's widget when time, the router's limits or another person end or slow the chat (probes 96/97):
a silent chat is warned before it is closed and told why it ended (WCAG 2.2.1); closed under her, the focus goes to
"Start ny samtale" and her unsent words stay (2.4.3); her own messages carry the language found in them (3.1.2); a
busy shared address and a flood of messages are said as they are; the live log is not noisy; bubbles keep their
edge in forced colours and their marks inside them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from router.config import Settings
from router.texts import fixed_text

pytestmark = pytest.mark.browser

CHAT_SOCKET = re.compile(r".*/api/conversations/[^/]+/ws$")
IDLE = Settings().abandoned_after_minutes
NOTICES = "#messages [data-sender='system'] [data-testid='message-text']"

# Every text change in a live region, as a screen reader may announce it (added nodes not hidden from it, changed
# text, a region shown), once per batch of changes.
LIVE_LOGGER = r"""
(() => {
  window.__said = [];
  const live = (n) => {
    for (let e = n; e && e.nodeType === 1; e = e.parentElement) {
      const r = e.getAttribute('role'); const l = e.getAttribute('aria-live');
      if (l === 'off') return null;
      if (l || ['log', 'status', 'alert'].includes(r)) return e;
    }
    return null;
  };
  const hidden = (n) => { for (let e = n.nodeType === 1 ? n : n.parentElement; e; e = e.parentElement) {
    if (e.hidden || e.getAttribute('aria-hidden') === 'true') return true; } return false; };
  const spoken = (n) => { if (n.nodeType === 3) return hidden(n) ? '' : n.textContent;
    if (n.nodeType !== 1 || hidden(n)) return ''; return [...n.childNodes].map(spoken).join(' '); };
  new MutationObserver((changes) => {
    // One batch of changes is one announcement per text (a notice filled and shown at once is read once).
    const batch = new Set();
    for (const m of changes) {
      const region = live(m.target.nodeType === 1 ? m.target : m.target.parentElement);
      if (!region) continue;
      let text = '';
      if (m.type === 'childList') for (const a of m.addedNodes) text += ' ' + spoken(a);
      else if (m.type === 'characterData') text = hidden(m.target) ? '' : m.target.textContent;
      else if (m.attributeName === 'hidden' && !m.target.hidden) text = spoken(m.target);
      text = text.replace(/\s+/g, ' ').trim();
      if (text && !batch.has(text)) { batch.add(text); window.__said.push(text); }
    }
  }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
                        attributeFilter: ['hidden']});
})();
"""


def said(page: Page) -> list[str]:
    texts = page.evaluate("window.__said.splice(0)")
    return [str(text) for text in texts]


def sweep(page: Page, router_url: str, minutes_ahead: float) -> None:
    response = page.request.post(f"{router_url}/test/retention", data={"minutes_ahead": minutes_ahead})
    assert response.ok, response.text()


def open_chat(page: Page, router_url: str, query: str = "kommune=030102") -> None:
    page.goto(f"{router_url}/?{query}")
    expect(page.locator("#status")).to_have_attribute("data-state", "BOT")


def test_a_silent_chat_is_warned_kept_by_the_button_and_then_told_why_it_ended_with_the_focus_and_words_kept(
        page: Page, router_url: str, screenshot_dir: Path) -> None:
    open_chat(page, router_url)
    sweep(page, router_url, IDLE - 4)
    warning = page.locator(NOTICES).last
    expect(warning).to_have_text(fixed_text("inactivity_warning", "nb"))
    still_here = page.locator("#messages button.quick-reply[data-payload='router:still_here']")
    expect(still_here).to_have_text("Jeg er her fortsatt")
    expect(still_here).to_be_enabled()
    page.screenshot(path=str(screenshot_dir / "widget-silence-warning.png"))
    still_here.click()
    expect(page.locator(NOTICES).last).to_have_text(fixed_text("inactivity_kept", "nb"))
    expect(page.locator("#messages [data-sender='user'] [data-testid='message-text']").last).to_have_text(
        "Jeg er her fortsatt")
    expect(still_here).to_be_disabled()
    sweep(page, router_url, IDLE - 4)  # the press was activity: a new silence, warned again
    expect(page.locator("#status")).to_have_attribute("data-state", "BOT")
    expect(page.locator(NOTICES).last).to_have_text(fixed_text("inactivity_warning", "nb"))
    # She starts writing and leaves it unsent; the chat ends under her.
    page.fill("#message-input", "Jeg lurer på om jeg kan få hjelp til strøm")
    page.focus("#message-input")
    sweep(page, router_url, IDLE + 2)
    expect(page.locator("#status")).to_have_attribute("data-state", "CLOSED")
    expect(page.locator(NOTICES).last).to_have_text(fixed_text("inactivity_closed", "nb"))
    expect(page.locator("#new-chat-button")).to_be_focused()
    box = page.locator("#message-input")
    expect(box).to_have_value("Jeg lurer på om jeg kan få hjelp til strøm")
    expect(box).to_be_enabled()
    expect(box).not_to_be_editable()
    expect(page.locator("#messages button.quick-reply:enabled")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "widget-silence-closed.png"))
    page.keyboard.press("Enter")  # on "Start ny samtale": a new chat, her words still in the box to send
    expect(page.locator("#status")).to_have_attribute("data-state", "BOT")
    expect(box).to_have_value("Jeg lurer på om jeg kan få hjelp til strøm")
    expect(box).to_be_editable()
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_the_warning_come_while_she_is_in_another_tab_asks_in_the_tabs_title_too(page: Page, router_url: str) -> None:
    open_chat(page, router_url)
    page.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    sweep(page, router_url, IDLE - 4)
    expect(page.locator(NOTICES).last).to_have_text(fixed_text("inactivity_warning", "nb"))
    expect(page).to_have_title(f"Er du der fortsatt? – {fixed_text('widget_title', 'nb')}")
    page.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'visible'});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    expect(page).to_have_title(fixed_text("widget_title", "nb"))
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_her_own_message_gets_the_language_it_was_written_in_without_a_reload(page: Page, router_url: str) -> None:
    open_chat(page, router_url, "kommune=030102&locale=nb-NO")
    page.fill("#message-input", "Hello, I need help paying my rent this month because I lost my job")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the widget's texts followed her words
    own = page.locator("#messages [data-sender='user'] [data-testid='message-text']").last
    expect(own).to_have_attribute("lang", "en")
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_a_busy_shared_address_is_said_as_it_is_and_the_chat_starts_by_itself_after_retry_after(
        page: Page, router_url: str, screenshot_dir: Path) -> None:
    refused: list[str] = []

    def busy_once(route: Route) -> None:
        if route.request.method == "POST" and not refused:
            refused.append(route.request.url)
            route.fulfill(status=429, headers={"Retry-After": "2"}, json={"error": "too many conversations"})
        else:
            route.continue_()

    page.route(re.compile(r".*/api/conversations$"), busy_once)
    page.goto(f"{router_url}/?kommune=030102")
    notice = page.locator("#notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(fixed_text("widget_busy_here", "nb"))
    expect(notice).not_to_contain_text(fixed_text("widget_unreachable", "nb"))
    expect(page.locator("#notice [data-text='widget_call_or_retry']")).to_be_hidden()
    expect(page.locator("#status")).not_to_have_text(fixed_text("widget_unavailable", "nb"))
    page.screenshot(path=str(screenshot_dir / "widget-busy-address.png"))
    expect(page.locator("#status")).to_have_attribute("data-state", "BOT", timeout=10_000)
    expect(notice).to_be_hidden()
    expect(page.locator("#handoff-button")).to_be_enabled()
    assert len(refused) == 1
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_a_flood_of_messages_held_back_is_told_once_and_the_notice_goes_when_all_are_sent(
        page: Page, router_url: str, screenshot_dir: Path) -> None:
    page.route_web_socket(CHAT_SOCKET, lambda ws: ws.close())  # without a socket the widget posts
    open_chat(page, router_url)
    page.add_init_script(LIVE_LOGGER)
    page.evaluate(LIVE_LOGGER)
    held: list[int] = []

    def limited(route: Route) -> None:
        if route.request.method == "POST" and len(held) < 4:
            held.append(1)
            route.fulfill(status=429, headers={"Retry-After": "1"}, json={"error": "too many messages"})
        else:
            route.continue_()

    page.route("**/api/conversations/*/messages", limited)
    for n in range(3):
        page.fill("#message-input", f"melding {n}")
        page.keyboard.press("Enter")
    notice = page.locator("#notice")
    expect(notice).to_contain_text(fixed_text("widget_sending_slowly", "nb"))
    expect(page.locator("#notice [data-text='widget_call_or_retry']")).to_be_hidden()  # no error: nothing to do
    expect(page.locator("#retry-button")).to_be_hidden()
    page.screenshot(path=str(screenshot_dir / "widget-flood.png"))
    expect(page.locator("#messages .message.user:not(.pending)")).to_have_count(3, timeout=20_000)
    expect(notice).to_be_hidden()
    expect(page.locator("#messages .message.failed")).to_have_count(0)
    told = [text for text in said(page) if fixed_text("widget_sending_slowly", "nb") in text]
    assert len(told) == 1, told
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_a_flood_whose_messages_each_wait_once_is_told_why(page: Page, router_url: str, screenshot_dir: Path) -> None:
    """Probe 156: 45 quick messages, each refused once with 429 and then stored; each success counted the flood
    over, so "Sender …" stood for up to 30 s without a word."""
    page.route_web_socket(CHAT_SOCKET, lambda ws: ws.close())  # without a socket the widget posts
    open_chat(page, router_url)
    refused_once: set[str] = set()

    def each_waits_once(route: Route) -> None:
        client_msg_id = (route.request.post_data_json or {}).get("client_msg_id")
        if route.request.method == "POST" and client_msg_id not in refused_once:
            refused_once.add(client_msg_id)
            route.fulfill(status=429, headers={"Retry-After": "1"}, json={"error": "too many messages"})
        else:
            route.continue_()

    page.route("**/api/conversations/*/messages", each_waits_once)
    for n in range(4):
        page.fill("#message-input", f"melding {n}")
        page.keyboard.press("Enter")
    notice = page.locator("#notice")
    expect(notice).to_contain_text(fixed_text("widget_sending_slowly", "nb"))
    page.screenshot(path=str(screenshot_dir / "widget-flood-each-once.png"))
    expect(page.locator("#messages .message.user:not(.pending)")).to_have_count(4, timeout=20_000)
    expect(notice).to_be_hidden()
    assert len(refused_once) == 4
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_one_long_wait_is_told_at_once(page: Page, router_url: str) -> None:
    page.route_web_socket(CHAT_SOCKET, lambda ws: ws.close())
    open_chat(page, router_url)
    refused: list[int] = []

    def one_long_wait(route: Route) -> None:
        if route.request.method == "POST" and not refused:
            refused.append(1)
            route.fulfill(status=429, headers={"Retry-After": "5"}, json={"error": "too many messages"})
        else:
            route.continue_()

    page.route("**/api/conversations/*/messages", one_long_wait)
    page.fill("#message-input", "hei")
    page.keyboard.press("Enter")
    expect(page.locator("#notice")).to_contain_text(fixed_text("widget_sending_slowly", "nb"), timeout=3_000)
    expect(page.locator("#messages .message.user:not(.pending)")).to_have_count(1, timeout=15_000)
    expect(page.locator("#notice")).to_be_hidden()


def test_the_live_log_reads_no_sending_note_no_lone_time_no_divider_again_and_says_what_quick_replies_are(
        page: Page, router_url: str) -> None:
    # The browser's day is tomorrow: today's messages are "another day" and get a divider, as a chat over midnight.
    page.clock.install()
    page.clock.set_system_time(_tomorrow())
    page.add_init_script(LIVE_LOGGER)
    open_chat(page, router_url)
    expect(page.locator("#messages [data-testid='day-divider']")).to_have_count(1)
    said(page)
    page.fill("#message-input", "Hei")
    page.keyboard.press("Enter")
    expect(page.locator("#messages .message.bot")).to_have_count(2)  # the greeting and "Bot: Hei"
    page.wait_for_timeout(500)
    spoken = said(page)
    assert not [text for text in spoken if "Sender" in text], spoken
    assert not [text for text in spoken if re.fullmatch(r"\d{1,2}[:.]\d{2}", text)], spoken
    page.click("#language-button")
    page.click("#language-list button[data-language='en']")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.wait_for_timeout(500)
    divider = page.locator("#messages [data-testid='day-divider'] time")
    spoken = said(page)
    assert not [text for text in spoken if divider.inner_text() in text], spoken
    # Quick replies: the log says they are answer options before their words.
    sweep(page, router_url, IDLE - 4)
    expect(page.locator("#messages button.quick-reply[data-payload='router:still_here']")).to_be_visible()
    page.wait_for_timeout(300)
    spoken = " ".join(said(page))
    assert f"{fixed_text('widget_answer_options', 'en')}: {fixed_text('inactivity_still_here_button', 'en')}" \
        in spoken, spoken
    assert page.js_errors == []  # type: ignore[attr-defined]


def _tomorrow() -> str:
    from datetime import UTC, datetime, timedelta

    return (datetime.now(UTC) + timedelta(days=1)).isoformat()


ZALGO = "a" + "\u0301\u0316\u0327\u0352\u0360" * 60 + " og vanlig tekst"


def test_bubbles_keep_an_edge_in_forced_colours_and_zalgo_stays_in_its_bubble(page: Page, router_url: str,
                                                                            screenshot_dir: Path) -> None:
    page.emulate_media(forced_colors="active")
    open_chat(page, router_url)
    page.fill("#message-input", ZALGO)
    page.keyboard.press("Enter")
    expect(page.locator("#messages .message.bot")).to_have_count(2)
    for selector in ("#messages .message.user .bubble", "#messages .message.bot .bubble"):
        style = page.locator(selector).last.evaluate(
            "(e) => { const s = getComputedStyle(e); return [s.borderTopStyle, s.borderTopWidth, s.overflow]; }")
        assert style[0] == "solid" and style[1] != "0px", (selector, style)
        assert style[2] in ("clip", "hidden"), (selector, style)
    page.screenshot(path=str(screenshot_dir / "widget-forced-colors-zalgo.png"))
    page.emulate_media(forced_colors="none")
    page.screenshot(path=str(screenshot_dir / "widget-zalgo.png"))
    assert page.js_errors == []  # type: ignore[attr-defined]
