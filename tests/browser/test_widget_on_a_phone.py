"""The bruker's widget as a probe used it on phones (iPhone 13, Pixel 5, iPhone SE): a copy of the chat to keep, an
honest status while the connection is lost, a day marker in a chat over two days, the status in sight with the
keyboard up, no greyed "Snakk med en veileder" taking a row, and no Shift key hint where there is no Shift key."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

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
