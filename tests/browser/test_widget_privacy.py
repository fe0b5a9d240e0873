"""Probe 108 (#4): the widget says what is stored and for how long, and links "Slik behandler vi opplysningene
dine" (a page of the router's, in a new tab so the chat stays); "Last ned samtalen" is there with the bot too. The
line must not crowd the first view: the greeting and the message box stay in sight on a phone and on a desktop."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_widget_on_a_phone import in_view, open_widget

pytestmark = pytest.mark.browser

SIZES = {"narrow": {"viewport": {"width": 320, "height": 568}, "is_mobile": True, "has_touch": True},
         "wide": {"viewport": {"width": 1280, "height": 800}}}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_privacy_line_and_link_and_the_download_with_the_bot(new_context, router_url: str,  # type: ignore[no-untyped-def]
                                                                  screenshot_dir: Path, size: str) -> None:
    page: Page = new_context(**SIZES[size]).new_page()
    open_widget(page, router_url)
    expect(page.locator("[data-testid='privacy-line']")).to_have_text(
        "Samtalen slettes 2 dager etter at den er avsluttet.")
    link = page.locator("#privacy-link")
    expect(link).to_have_text("Slik behandler vi opplysningene dine")
    expect(link).to_have_attribute("target", "_blank")
    download = page.locator("#download-button")
    expect(download).to_be_visible()
    expect(download).to_have_accessible_name("Last ned samtalen")
    if size == "narrow":  # an icon beside "Snakk med en veileder", not a row of its own
        handoff, saved = page.locator("#handoff-button").bounding_box(), download.bounding_box()
        assert handoff and saved and abs(handoff["y"] - saved["y"]) < 2, (handoff, saved)
    for selector in ("#status", "#messages .message", "#message-input", "#send-button"):
        assert in_view(page, selector), selector
    page.screenshot(path=str(screenshot_dir / f"widget-privacy-{size}.png"))
    with page.context.expect_page() as opened:
        link.click()
    privacy = opened.value
    expect(privacy.locator("h1")).to_have_text("Slik behandler vi opplysningene dine i chatten")
    privacy.screenshot(path=str(screenshot_dir / f"privacy-page-{size}.png"), full_page=True)
    expect(page.locator("#status")).to_have_text("Du chatter med chatroboten"), "the chat is still there"


def test_the_link_follows_the_chats_language(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    page: Page = new_context().new_page()
    page.goto(f"{router_url}/?lang=en")
    expect(page.locator("#privacy-link")).to_have_text("How we process your information")
    expect(page.locator("#privacy-link")).to_have_attribute("href", "/personvern?lang=en")
