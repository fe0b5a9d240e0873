"""Probe 96: a veileder threatened in a chat, and spam waiting in her office's queue. The console closes a chat as
"Trusler eller sjikane" only with a note, offers the transcript as a file, warns on the card of a chat from the same
person or address, and dismisses a waiting chat as "Ikke en NAV-sak" from its card after a confirmation.

(A real "trusler" close is left to tests/unit/services/test_threats.py: in this session's one router every chat comes
from 127.0.0.1, and a real one would steer every later chat away from that veileder.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from router.domain.staff_labels import EARLIER_THREAT_LABEL
from tests.browser.helpers import bruker_in_queue, conversation_id, log_in, take_conversation
from tests.browser.test_console import CONSOLE_USER, mocked_conversation

pytestmark = pytest.mark.browser


def test_a_veileder_dismisses_spam_from_the_queue_card(new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    widget = bruker_in_queue(new_context(), router_url, "Dette er reklame for billige klokker")
    conv_id = conversation_id(widget)
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(console, router_url, "/veileder", ("veileder1", "passord-veileder1"))
    console.select_option("#presence", "offline")
    card = console.locator(f"#queue [data-conversation-id='{conv_id}']")
    expect(card).to_be_visible(timeout=15_000)
    console.screenshot(path=str(screenshot_dir / "console-queue-dismiss.png"))
    asked: list[str] = []
    console.on("dialog", lambda dialog: asked.append(dialog.message))  # the page's dialogs are accepted (conftest)
    with console.expect_response(lambda r: r.url.endswith(f"/conversations/{conv_id}/close")) as closing:
        card.get_by_role("button", name="Avslutt: ikke en NAV-sak").click()
    assert closing.value.ok, closing.value.text()
    assert json.loads(closing.value.request.post_data or "{}") == {"outcome": "ikke_nav"}
    assert asked and "«Ikke en NAV-sak» uten å ta den?" in asked[0], "asked first"
    expect(card).to_have_count(0)
    expect(console.locator("#app-error")).to_have_text("Samtalen er avsluttet (ikke en NAV-sak). Brukeren har fått beskjed.")
    expect(widget.locator("#status")).to_have_text("Samtalen er avsluttet")
    expect(widget.locator("#messages")).to_contain_text("NAV har avsluttet samtalen")


def test_the_transcript_downloads_as_a_file(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    widget = bruker_in_queue(new_context(), router_url, "Jeg vet hvor du bor")
    conv_id = conversation_id(widget)
    console = new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True).new_page()
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    console.select_option("#presence", "offline")
    button = console.get_by_role("button", name="Last ned samtalen (til anmeldelse eller HMS-avvik)")
    # Waiting, nobody has it: no download offered (probe 108: every queue screen was offered one).
    console.locator(f"#queue [data-conversation-id='{conv_id}']").get_by_role("button", name="Vis").click()
    expect(console.locator("#transcript [data-sender='user']").first).to_be_visible()
    expect(button).to_be_hidden()
    take_conversation(console, conv_id)
    expect(button).to_be_visible()
    button.click()
    purpose = console.get_by_label("Hva skal utskriften brukes til? Formålet lagres i revisjonsloggen.")
    expect(purpose).to_be_focused()
    purpose.fill("Anmeldelse til politiet")
    with console.expect_download() as download:
        console.get_by_test_id("transcript-download").click()
    assert download.value.suggested_filename.startswith(f"chat-{conv_id[:8]}-")
    expect(console.locator("#app-error")).to_contain_text("Samtalen er lastet ned")
    expect(console.get_by_test_id("transcript-form")).to_be_hidden()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Bruker: Jeg vet hvor du bor" in text
    console.select_option("#close-outcome", "besvart")
    console.click("#close-conversation-button")
    expect(console.locator("#action-message")).to_contain_text("Samtalen er avsluttet")


def test_threats_ask_for_a_note_and_the_next_card_warns(new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    detail = mocked_conversation()
    # Waiting, opened by the kontaktsenter (who may end it): the close form is there.
    conversation = dict(detail["conversation"], earlier_threat=True,  # type: ignore[arg-type]
                        earlier_threat_label=EARLIER_THREAT_LABEL)
    detail = dict(detail, conversation=conversation)
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    closes: list[dict[str, str]] = []

    def close(route) -> None:  # type: ignore[no-untyped-def]
        closes.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(json=dict(conversation, state="CLOSED", close_outcome="trusler"))

    console.route("**/api/staff/queue", lambda route: route.fulfill(
        json={"conversations": [conversation]}))
    console.route("**/api/staff/conversations/mock-0001-uk", lambda route: route.fulfill(json=detail))
    console.route("**/api/staff/conversations/mock-0001-uk/close", close)
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    card = console.locator("#queue [data-conversation-id='mock-0001-uk']")
    expect(card.locator("[data-testid='earlier-threat']")).to_have_text(EARLIER_THREAT_LABEL)
    card.get_by_role("button", name="Vis").click()
    expect(console.locator("#conv-facts")).to_contain_text(EARLIER_THREAT_LABEL)
    expect(console.locator("#close-note")).to_be_hidden()
    console.select_option("#close-outcome", "trusler")
    expect(console.get_by_label("Hva skjedde? (kort, til anmeldelse eller HMS-avvik)")).to_be_visible()
    console.click("#close-conversation-button")
    expect(console.locator("#action-message")).to_contain_text("Skriv kort hva som skjedde")
    assert closes == []
    console.fill("#close-note", "Truet med kniv")
    console.screenshot(path=str(screenshot_dir / "console-close-threat.png"))
    with console.expect_request(lambda r: r.url.endswith("/mock-0001-uk/close")):
        console.click("#close-conversation-button")
    expect(console.locator("#action-message")).to_contain_text("Samtalen er avsluttet")
    assert closes == [{"outcome": "trusler", "note": "Truet med kniv"}]
    # Another outcome hides the note again («Besvart» is not offered for a waiting chat nobody answered).
    console.select_option("#close-outcome", "henvist")
    expect(console.locator("#close-note")).to_be_hidden()


def test_a_veileder_closes_a_waiting_threat_as_such_with_a_note(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    """A bruker who threatens while still waiting: the veileder opens the card and closes it as threats, with a
    note, without taking it. (The close is answered here by the page's stand-in: see the module's note.)"""
    widget = bruker_in_queue(new_context(), router_url, "Jeg kommer til kontoret i morgen med kniv")
    conv_id = conversation_id(widget)
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    closes: list[dict[str, str]] = []

    def close(route) -> None:  # type: ignore[no-untyped-def]
        closes.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(json={"id": conv_id, "state": "CLOSED", "close_outcome": "trusler"})

    console.route(f"**/api/staff/conversations/{conv_id}/close", close)
    log_in(console, router_url, "/veileder", ("veileder1", "passord-veileder1"))
    console.select_option("#presence", "offline")
    console.locator(f"#queue [data-conversation-id='{conv_id}']").get_by_role("button", name="Vis").click()
    expect(console.locator("#close-form")).to_be_visible()
    expect(console.locator("#close-outcome")).to_have_value("ikke_nav")
    console.select_option("#close-outcome", "trusler")
    console.fill("#close-note", "Truet med kniv mens han ventet i køen")
    with console.expect_request(lambda r: r.url.endswith(f"/{conv_id}/close")):
        console.click("#close-conversation-button")
    expect(console.locator("#app-error, #action-message").locator("visible=true")).to_contain_text(
        "Samtalen er avsluttet")
    assert closes == [{"outcome": "trusler", "note": "Truet med kniv mens han ventet i køen"}]
    # The chat really still waits (the close above was the stand-in's): ended now, as spam, for the tests after.
    console.unroute(f"**/api/staff/conversations/{conv_id}/close")
    card = console.locator(f"#queue [data-conversation-id='{conv_id}']")
    card.get_by_role("button", name="Avslutt: ikke en NAV-sak").click()
    expect(card).to_have_count(0)
