"""The veileder's internal note: written beside the chat, shown in its log as a note for colleagues, read again
after a reload, and never on the bruker's screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_console_own_chats_order import reply
from tests.browser.test_console_unanswered_close import opened_at_sagene

pytestmark = pytest.mark.browser

NOTE = "Har søkt 1. desember, venter på vedtak. Ring tilbake torsdag hvis ikke svar."


def test_a_note_is_in_the_log_for_colleagues_and_never_on_the_brukers_screen(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    widget, conv_id, console, _ = opened_at_sagene(new_context, router_url, "Når får jeg svar på søknaden min?")
    reply(console, "Hei! Jeg ser på saken din nå.")
    section = console.get_by_test_id("note-section")
    expect(section).to_be_visible()
    expect(section).to_contain_text("Brukeren ser ikke notatet")

    console.get_by_label("Notat til kolleger").fill(NOTE)
    console.get_by_test_id("note-button").click()
    note = console.locator("#transcript [data-kind='staff_note']")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("Internt notat fra ")
    expect(note).to_contain_text(NOTE)
    expect(console.locator("#action-message")).to_contain_text("Brukeren ser det ikke")
    expect(console.get_by_label("Notat til kolleger")).to_have_value("")
    console.screenshot(path=str(screenshot_dir / "console-internal-note.png"))

    # The bruker's screen has the veileder's reply and nothing of the note.
    expect(widget.locator("#messages")).to_contain_text("Jeg ser på saken din nå")
    expect(widget.locator("body")).not_to_contain_text("venter på vedtak")

    console.reload()
    console.locator(f"#inbox [data-conversation-id='{conv_id}']").get_by_test_id("open-button").click()
    expect(console.locator("#transcript [data-kind='staff_note']")).to_have_count(1)

    console.select_option("#close-outcome", "besvart")
    console.click("#close-conversation-button")
    expect(widget.locator("#status")).to_have_text("Samtalen er avsluttet")
    expect(widget.locator("body")).not_to_contain_text("venter på vedtak")

