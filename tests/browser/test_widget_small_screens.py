"""The bruker's widget on the smallest screens a probe used (probe 107 #6, #9): a phone on its side with the keyboard
up (740 x 220), 200 % text in 360 x 400, and 360 x 400. The status and a notice stay in sight while she types, the
title and its buttons do not cover each other, the message box keeps room for words and its focus ring, and the
links in the help are targets a finger can hit."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.test_widget_on_a_phone import in_view, open_widget

pytestmark = pytest.mark.browser

PHONE = {"is_mobile": True, "has_touch": True, "device_scale_factor": 3}


def phone(new_context, width: int, height: int, text_px: int | None = None) -> tuple[BrowserContext, Page]:  # type: ignore[no-untyped-def]
    context = new_context(viewport={"width": width, "height": height}, **PHONE)
    page = context.new_page()
    if text_px:  # the phone's own text size (Android: font size in the settings), as the probe set it
        cdp = context.new_cdp_session(page)
        cdp.send("Page.enable")
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": text_px, "fixed": text_px}})
    return context, page


def rect(page: Page, selector: str) -> dict[str, float]:
    return page.evaluate("(s) => { const b = document.querySelector(s).getBoundingClientRect();"
                         " return {left: b.left, top: b.top, right: b.right, bottom: b.bottom,"
                         " width: b.width, height: b.height}; }", selector)


@pytest.mark.parametrize(("name", "width", "height", "text_px"), [
    ("landscape-keyboard", 740, 220, None),
    ("landscape-keyboard-se", 667, 220, None),
    ("text-200", 360, 400, 32),
])
def test_the_status_and_the_offline_notice_stay_in_sight_while_she_types(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path, name: str, width: int, height: int,
        text_px: int | None) -> None:
    """The probe typed with the keyboard up and the network went: the status was 233 px above the screen and the
    notice 195 px (740 x 220), the notice 281 px (200 % text in 360 x 400). The page scrolls; they stay pinned."""
    context, page = phone(new_context, width, height, text_px)
    open_widget(page, router_url)
    page.locator("#message-input").tap()
    page.keyboard.type("Hva med husleia")
    context.set_offline(True)
    expect(page.locator("#notice")).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshot_dir / f"widget-small-{name}-offline.png"))
    for selector in ("#status", "#notice-text", "#message-input"):
        assert in_view(page, selector), (selector, rect(page, selector))
    context.set_offline(False)
    expect(page.locator("#notice")).to_be_hidden()
    page.locator("#message-input").focus()
    page.keyboard.type("Og strømmen")
    page.keyboard.press("Enter")
    expect(page.locator("#messages [data-sender='bot'] [data-testid='message-text']").last).to_have_text(
        "Bot: Og strømmen")
    page.wait_for_timeout(300)
    assert in_view(page, "#status"), rect(page, "#status")


def test_with_200_percent_text_the_title_is_not_covered_and_the_box_keeps_room_for_words(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """At 200 % text "Logg inn" lay over "NAV", and "Send" left the box 148 px for the placeholder ("Skriv meldin")."""
    _context, page = phone(new_context, 360, 400, 32)
    open_widget(page, router_url)
    page.screenshot(path=str(screenshot_dir / "widget-small-text-200.png"))
    brand = rect(page, ".brand")
    for button in ("#login-button", "#close-button"):
        other = rect(page, button)
        if other["width"] == 0:
            continue
        apart = (other["left"] >= brand["right"] or other["right"] <= brand["left"]
                 or other["top"] >= brand["bottom"] or other["bottom"] <= brand["top"])
        assert apart, (button, other, brand)
    box, composer = rect(page, "#message-input"), rect(page, "#composer")
    assert box["width"] >= 0.9 * composer["width"], (box, composer)
    # Every word of the placeholder fits the box's width (none broken in the middle).
    widest = page.evaluate("""() => {
        const box = document.querySelector('#message-input');
        const style = getComputedStyle(box);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = `${style.fontSize} ${style.fontFamily}`;
        return Math.max(...box.placeholder.split(' ').map((w) => ctx.measureText(w).width)) - (box.clientWidth
            - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
    }""")
    assert widest <= 0, widest


def test_in_a_small_portrait_window_the_focus_ring_shows_and_the_help_links_are_big_enough_to_tap(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """360 x 400: the message box's bottom was at 401.6 px (its focus ring cut), "55 55 33 33" in the help was a
    63 x 14 px target (WCAG 2.5.8: 24 x 24 CSS px at least)."""
    context, page = phone(new_context, 360, 400)
    open_widget(page, router_url)
    for link in page.locator("#composer-help a").all():
        box = link.bounding_box()
        assert box is not None and box["height"] >= 24 and box["width"] >= 24, (link.inner_text(), box)
    page.locator("#message-input").tap()
    page.keyboard.type("Hva med husleia")
    context.set_offline(True)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshot_dir / "widget-small-portrait-offline.png"))
    box = rect(page, "#message-input")
    outline = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('#message-input'));
        return parseFloat(s.outlineWidth) + Math.max(0, parseFloat(s.outlineOffset)); }""")
    assert box["bottom"] + outline <= page.evaluate("innerHeight") + 0.5, (box, outline)
    context.set_offline(False)


def test_on_a_phone_a_long_hint_in_the_message_box_shows_whole_and_the_box_grows_with_her_words(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """The box is one line high on a phone: Ukrainian's "Напишіть тут своє повідомлення" wrapped, and its second line
    showed cut in half under the first (found in Chromium, 390 x 844)."""
    page = new_context(locale="uk-UA", viewport={"width": 390, "height": 844}, **PHONE).new_page()
    page.goto(f"{router_url}/?kommune=030102")
    expect(page.locator("#message-input")).to_have_attribute("placeholder", "Напишіть тут своє повідомлення")
    size = "(() => { const box = document.querySelector('#message-input'); return [box.clientHeight, box.scrollHeight]; })()"
    page.locator(".chat-footer").screenshot(path=str(screenshot_dir / "widget-small-long-hint.png"))
    shown, needed = page.evaluate(size)
    assert needed <= shown, (shown, needed)
    page.locator("#message-input").fill("Мені потрібна допомога з оплатою оренди за грудень, бо я ще не отримала зарплату")
    shown, needed = page.evaluate(size)
    assert needed <= shown and shown <= 844 / 5 + 1, (shown, needed)
    page.keyboard.press("Enter")
    expect(page.locator("#messages [data-sender='user']").last).to_contain_text("оренди")
    shown, needed = page.evaluate(size)
    assert needed <= shown < 100, (shown, needed)  # the hint's two lines again, not the words' height


def test_at_200_percent_text_on_a_phone_the_queue_notice_reads_from_its_start_and_no_focus_hides_under_the_top(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """Probe 158 (360 x 740, 200 % text, keyboard only): the pinned top took 279 of 740 px. The queue notice was
    shown from its end, its start never in view; going back with Shift+Tab, "Tilbake til chatroboten (du går ut av
    køen)" showed only "går ut av køen)" under the top, and "116 117" half."""
    _context, page = phone(new_context, 360, 740, 32)
    open_widget(page, router_url)
    page.locator("#message-input").focus()
    page.keyboard.type("Jeg trenger hjelp til å betale husleien for desember")
    page.keyboard.press("Enter")
    expect(page.locator("#messages [data-sender='bot'] [data-testid='message-text']").last).to_have_text(
        "Bot: Jeg trenger hjelp til å betale husleien for desember")
    page.locator("#handoff-button").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_attribute("data-state", "QUEUED")
    notice = page.locator("#messages > li").last
    expect(notice).to_contain_text("Du står nå i kø")
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_dir / "widget-small-text-200-queue-notice.png"))
    seen = page.evaluate("""() => {
        const scroller = document.querySelector('.messages-wrap').getBoundingClientRect();
        const notice = [...document.querySelectorAll('#messages > li')].pop().getBoundingClientRect();
        return {notice: notice.top, from: scroller.top, to: scroller.bottom, tall: notice.height > scroller.height};
    }""")
    assert seen["tall"], "the case of the probe: a notice taller than the conversation's window"
    assert seen["from"] - 0.5 <= seen["notice"] < seen["to"], f"its start is in the conversation's window: {seen}"
    assert in_view(page, "#messages > li:last-child .meta"), "and on the screen, under the pinned top"
    page.keyboard.type("Takk")  # typing brings the message box back: the line she types in (the browser's scroll)
    page.wait_for_timeout(300)
    box = rect(page, "#message-input")
    assert rect(page, ".chat-top")["bottom"] <= box["top"] < page.viewport_size["height"] - 32, box
    covered = []
    for _ in range(8):
        page.keyboard.press("Shift+Tab")
        page.wait_for_timeout(150)
        where = page.evaluate("""() => {
            const node = document.activeElement, top = document.querySelector('.chat-top');
            if (!node || top.contains(node) || node === document.body) return null;
            const box = node.getBoundingClientRect();
            return {text: (node.textContent || node.id).trim().slice(0, 40), top: box.top,
                    pinned: top.getBoundingClientRect().bottom};
        }""")
        if where and where["top"] < where["pinned"] - 0.5:
            covered.append(where)
    assert covered == [], f"focused controls under the pinned top: {covered}"
