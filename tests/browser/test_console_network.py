"""The console when the veileder's network goes (probe 164): a reply sent while it was gone and stored once it came
back says so by itself, Send pressed again stores it once, and the live tag says the feed is gone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import conversation_id, end_own_chats, log_in, take_conversation
from tests.browser.test_console import CONSOLE_USER
from tests.browser.test_console_drafts_and_languages import bruker_writing

pytestmark = pytest.mark.browser


def test_a_reply_sent_while_offline_is_stored_once_and_said_sent_when_the_network_is_back(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    widget = bruker_writing(new_context(), router_url, "Jeg trenger hjelp med husleia denne måneden")
    conv_id = conversation_id(widget)
    console_context = new_context(viewport={"width": 1400, "height": 900})
    console = console_context.new_page()
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    console.select_option("#presence", "online")
    end_own_chats(console, keep=conv_id)
    take_conversation(console, conv_id)
    live = console.locator("[data-testid='live-status']")
    expect(live).to_have_text("Direkte oppdatering")

    console_context.set_offline(True)
    reply = "Hei! Jeg ser på saken din nå."
    console.fill("#reply-input", reply)
    console.keyboard.press("Enter")
    failed = console.locator("#reply-form [data-testid='reply-message']")
    expect(failed).to_contain_text("Svaret ble ikke sendt", timeout=20_000)
    expect(console.locator("#reply-input")).to_have_value(reply)
    # The feed's own ping goes unanswered: the tag no longer says the page is live.
    expect(live).not_to_have_text("Direkte oppdatering", timeout=30_000)
    console.screenshot(path=str(screenshot_dir / "console-offline-reply-not-sent.png"))

    console_context.set_offline(False)
    # Send again, as the notice says, before anything is heard of the first: the same reply, stored once.
    console.click("#reply-send")
    expect(console.locator("#reply-input")).to_have_value("", timeout=20_000)
    expect(failed).to_be_hidden()
    expect(live).to_have_text("Direkte oppdatering", timeout=40_000)
    bruker_sees = widget.locator("#messages [data-sender='veileder'] [data-testid='message-text']")
    expect(bruker_sees).to_have_text([reply])
    expect(console.locator("#transcript [data-sender='veileder']").filter(has_text=reply)).to_have_count(1)
    widget.wait_for_timeout(3000)  # a late copy would have come by now
    expect(bruker_sees).to_have_text([reply])
    console.screenshot(path=str(screenshot_dir / "console-offline-reply-sent-once.png"))
