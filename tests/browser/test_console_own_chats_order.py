"""A veileder's own chats say whose turn it is and what the bruker last wrote, and the one waiting longest for the
veileder's word comes first, live as brukere write and the veileder answers (probe 157: no time, no preview, the
order they were taken)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.helpers import bruker_in_queue, conversation_id, log_in

pytestmark = pytest.mark.browser

SAGENE = "030103"  # the bydel Nav Sagene (0314) serves


def write(widget: Page, text: str) -> None:
    widget.fill("#message-input", text)
    widget.keyboard.press("Enter")
    expect(widget.locator("#messages [data-sender='user']").last).to_contain_text(text[:20])


def reply(console: Page, text: str) -> None:
    console.fill("#reply-input", text)
    console.keyboard.press("Enter")
    expect(console.locator("#reply-input")).to_have_value("")


def two_at_sagene(new_context, router_url: str, first: str,  # type: ignore[no-untyped-def]
                  second: str) -> tuple[tuple[Page, str], tuple[Page, str], Page, dict[str, Locator]]:
    """Two brukere at Nav Sagene, whose one veileder (veileder4) the rest of the suite leaves free, asked for a person
    after ``first`` and ``second``; veileder4's console, online (the kontaktsenter's user is given what other tests
    leave in the queue when it comes online), and each chat's card in it, by id."""
    widgets = [bruker_in_queue(new_context(), router_url, question, SAGENE) for question in (first, second)]
    ids = [conversation_id(widget) for widget in widgets]
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(console, router_url, "/veileder", ("veileder4", "passord-veileder4"))
    console.select_option("#presence", "online")
    card = {cid: console.locator(f"#inbox [data-conversation-id='{cid}']") for cid in ids}
    return (widgets[0], ids[0]), (widgets[1], ids[1]), console, card


def answer_each(console: Page, card: dict[str, Locator], ids: tuple[str, ...]) -> None:
    """Each chat opened and greeted, in this order: the card says she has answered."""
    for cid in ids:
        card[cid].get_by_test_id("open-button").click()
        expect(console.locator("#reply-form")).to_be_visible()
        reply(console, "Hei, jeg heter Vera og hjelper deg nå.")
        expect(card[cid].get_by_test_id("awaiting")).to_have_text("Du har svart")


def end_each(console: Page, card: dict[str, Locator], ids: tuple[str, ...]) -> None:
    """Each chat ended, so the console user's capacity is free for the next test."""
    for cid in ids:
        card[cid].get_by_test_id("open-button").click()
        console.select_option("#close-outcome", index=0)
        console.click("#close-conversation-button")
        expect(card[cid]).to_have_count(0)


def test_the_chat_waiting_longest_for_the_veileder_comes_first_with_her_last_words(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    (anna, anna_id), (bjorn, bjorn_id), console, card = two_at_sagene(
        new_context, router_url, "Jeg trenger hjelp med husleia denne måneden",
        "Hvor lang tid tar det å få svar på søknaden")
    inbox = console.locator("#inbox [data-testid='inbox-item']")
    for cid in (anna_id, bjorn_id):  # given to her at once: online, with room, alone at Nav Sagene
        expect(card[cid].get_by_test_id("awaiting")).to_contain_text("Venter på svar fra deg siden", timeout=15_000)
    answer_each(console, card, (anna_id, bjorn_id))

    # Bjørn's chat is open; Anna writes first, then Bjørn: Anna has waited longest and comes first.
    # Not acute (an eviction notice would make it nødhjelp, first whatever its turn): the order of turns alone.
    write(anna, "Jeg har fått et brev fra kommunen, hva betyr det?")
    expect(card[anna_id].get_by_test_id("last-bruker-message")).to_contain_text(
        "«Jeg har fått et brev fra kommunen, hva betyr det?»")
    expect(card[anna_id].get_by_test_id("awaiting")).to_contain_text("Venter på svar fra deg siden")
    write(bjorn, "Takk, jeg venter.")
    expect(card[bjorn_id].get_by_test_id("awaiting")).to_contain_text("Venter på svar fra deg siden")
    expect(inbox.first).to_have_attribute("data-conversation-id", anna_id)
    console.screenshot(path=str(screenshot_dir / "console-own-chats-waiting-first.png"))

    # Answered, Anna's chat goes below Bjørn's, who still waits.
    card[anna_id].get_by_test_id("open-button").click()
    reply(console, "Ta det med ro, vi finner en løsning. Kan du sende meg varselet?")
    expect(card[anna_id].get_by_test_id("awaiting")).to_have_text("Du har svart")
    expect(inbox.first).to_have_attribute("data-conversation-id", bjorn_id)
    console.reload()  # the router's order is the same as the live one
    expect(console.locator("#app")).to_be_visible()
    expect(inbox.first).to_have_attribute("data-conversation-id", bjorn_id)
    expect(card[bjorn_id].get_by_test_id("last-bruker-message")).to_contain_text("«Takk, jeg venter.»")

    end_each(console, card, (anna_id, bjorn_id))


def test_a_nodhjelp_chat_stays_first_when_answered_and_another_waits(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """Probes 162 and 163: answered, the acute chat went below every chat waiting for a reply, last and out of sight."""
    (calm, calm_id), (_, acute_id), console, card = two_at_sagene(
        new_context, router_url, "Hvor lang tid tar det å få svar på søknaden",
        "Jeg har ikke penger til mat til barna i dag")
    inbox = console.locator("#inbox [data-testid='inbox-item']")
    expect(card[acute_id].get_by_test_id("priority-emergency")).to_be_visible(timeout=15_000)
    expect(inbox.first).to_have_attribute("data-conversation-id", acute_id)
    answer_each(console, card, (acute_id, calm_id))
    write(calm, "Takk, men hvor lang tid tar det?")
    expect(card[calm_id].get_by_test_id("awaiting")).to_contain_text("Venter på svar fra deg siden")
    expect(inbox.first).to_have_attribute("data-conversation-id", acute_id)  # live, as the router orders it
    console.reload()
    expect(inbox.first).to_have_attribute("data-conversation-id", acute_id)
    console.screenshot(path=str(screenshot_dir / "console-own-chats-nodhjelp-first.png"))
    end_each(console, card, (calm_id, acute_id))
