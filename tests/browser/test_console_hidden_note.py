"""The console's queue tells a veileder without the permission kode 6, kode 7 or skjermet needs that such chats are
kept from her, in the same words whether any waits or none (docs/PRIVACY.md, "What staff are told of what is kept
from them"): it hid them and said nothing, so "Ingen venter nå" read as an empty queue."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser

QUEUE_HIDDEN_NOTE = ("Samtaler med adressebeskyttelse/skjerming som du ikke har tilgang til, vises ikke i køen, og køen "
                     "sier ikke om det venter noen. Kolleger med tilgang tar dem.")


def test_the_queue_says_what_it_keeps_from_her_never_how_many(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(console, router_url, "/veileder", ("veileder2", "passord-veileder2"))
    note = console.get_by_test_id("queue-hidden-note")
    expect(note).to_have_text(QUEUE_HIDDEN_NOTE)
    expect(note).to_be_visible()
    console.screenshot(path=str(screenshot_dir / "console-queue-hidden-note.png"))

    # One with every permission (the router sends no note) is told nothing.
    trusted = new_context(viewport={"width": 1400, "height": 900}).new_page()
    trusted.route("**/api/staff/queue", lambda route: route.fulfill(json={"conversations": [],
                                                                          "hidden_note_nb": None}))
    log_in(trusted, router_url, "/veileder", ("nks1", "passord-nks1"))
    expect(trusted.locator("#queue-empty")).to_be_visible()
    expect(trusted.get_by_test_id("queue-hidden-note")).to_be_hidden()
