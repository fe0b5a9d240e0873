"""A chat placed by the bydel the bruker named: the console says "Bydel", not "Kommune: Frogner, Oslo", and what
the chat learned shows the place instead of "Ingen oppsummering fra chatroboten" (a probe's veileder read both)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser


def test_a_bydel_the_bruker_named_is_called_a_bydel_and_is_among_what_the_chat_learned(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    widget = new_context().new_page()
    widget.goto(f"{router_url}/")  # a page that does not know the kommune: the bruker names the place
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    widget.fill("#message-input", "Jeg bor på Frogner i Oslo og vil snakke med en veileder")
    widget.keyboard.press("Enter")
    expect(widget.locator("#status")).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    conv_id = str(widget.evaluate("JSON.parse(sessionStorage.getItem('navchat.conversation')).id"))

    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(console, router_url, "/veileder", ("veileder2", "passord-veileder2"))  # Nav Frogner
    item = console.locator(f"#queue [data-conversation-id='{conv_id}']")
    expect(item).to_contain_text("Bydel: Frogner")
    expect(item).not_to_contain_text("Kommune:")
    item.get_by_role("button", name="Vis").click()
    expect(console.locator("#conv-facts dt:text-is('Bydel') + dd")).to_contain_text("Frogner")
    expect(console.locator("#conv-facts dt:text-is('Kommune')")).to_have_count(0)
    expect(console.locator("#bot-summary dt:text-is('Bydel') + dd")).to_contain_text("Frogner")
    expect(console.locator("#bot-summary-empty")).to_be_hidden()
    console.locator("#bot-summary").scroll_into_view_if_needed()
    console.screenshot(path=str(screenshot_dir / "console-bydel-place.png"))
    widget.click("#close-button")
    widget.click("#close-confirm-button")  # tidy up: later tests see a short queue
