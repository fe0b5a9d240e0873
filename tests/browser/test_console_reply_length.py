"""The console says how long a reply may be before it is sent (probe 157: no counter; a 2,001-character reply was
refused by the router only after Send), and a long paste is kept whole, not cut at the textarea's old maxlength."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import bruker_in_queue, conversation_id, log_in
from tests.browser.test_console_own_chats_order import SAGENE

pytestmark = pytest.mark.browser

LIMIT = 2000  # Settings.max_message_chars, as the browser suite's router runs it (GET /api/limits)


def test_the_reply_counter_shows_near_the_limit_and_a_too_long_reply_is_held_with_its_reason(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    # At Nav Sagene, whose one veileder the rest of the suite leaves free: given to her at once.
    conv_id = conversation_id(bruker_in_queue(new_context(), router_url, "Hva må jeg legge ved søknaden?", SAGENE))
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(console, router_url, "/veileder", ("veileder4", "passord-veileder4"))
    console.select_option("#presence", "online")
    assert console.request.get(f"{router_url}/api/limits").json()["max_message_chars"] == LIMIT
    console.locator(f"#inbox [data-conversation-id='{conv_id}']").get_by_test_id("open-button").click(timeout=15_000)
    expect(console.locator("#reply-form")).to_be_visible()
    counter = console.locator("[data-testid='reply-length']")

    console.fill("#reply-input", "Hei! " * 20)
    expect(counter).to_be_hidden()  # a short reply is not cluttered by a number

    console.fill("#reply-input", "a" * 1700)
    expect(counter).to_be_visible()
    expect(counter).to_have_text("1\u00a0700 av 2\u00a0000 tegn")

    # Emoji count once each, as the router counts (code points): 1,999 letters and two emoji is 2,001.
    console.fill("#reply-input", "a" * 1999 + "🙂🙂")
    expect(counter).to_have_text("2\u00a0001 av høyst 2\u00a0000 tegn: for langt")
    expect(counter).to_have_class("small reply-length over")
    console.keyboard.press("Enter")
    held = console.locator("#reply-form [data-testid='reply-message']")
    expect(held).to_have_text("Svaret er for langt: 2\u00a0001 tegn, og høyst 2\u00a0000 kan sendes. "
                              "Del det opp i flere meldinger.")
    expect(held).to_be_in_viewport()
    expect(console.locator("#reply-input")).to_have_value("a" * 1999 + "🙂🙂")  # nothing lost
    console.screenshot(path=str(screenshot_dir / "console-reply-too-long.png"))

    console.fill("#reply-input", "a" * 1999)
    expect(held).to_be_hidden()  # shortened: the refusal goes
    # A paste longer than the old maxlength (4,000) is kept whole, to be split by the veileder.
    console.fill("#reply-input", "b" * 4500)
    expect(console.locator("#reply-input")).to_have_value("b" * 4500)

    console.fill("#reply-input", "Du kan sende husleiekontrakt og kontoutskrift. " + "x" * 1900)
    console.keyboard.press("Enter")
    expect(console.locator("#reply-input")).to_have_value("")
    expect(counter).to_be_hidden()
    messages = console.request.get(f"{router_url}/api/staff/conversations/{conv_id}").json()["messages"]
    veileder = [m["text"] for m in messages if m["sender"] == "veileder"]
    assert len(veileder) == 1 and veileder[0].startswith("Du kan sende husleiekontrakt"), veileder

    console.select_option("#close-outcome", index=0)  # ended, so the console user's capacity is free for the next test
    console.click("#close-conversation-button")
    expect(console.locator(f"#inbox [data-conversation-id='{conv_id}']")).to_have_count(0)
