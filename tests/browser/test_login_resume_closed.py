"""A logged-in bruker's answer that NAV closed before they read it comes back after a new login, once, to read
(services/login.py resume_open_conversation), as a closed chat's page after a close is: "Logg ut", "Husk å logge ut
hvis andre kan bruke denne datamaskinen." with its own "Logg ut", and "Start ny samtale" starts anonymous and ends the
login (it went back to the new chat, logged in, with neither on the page). A router of its own: the persons'
conversations of tests/browser/test_login.py stay open there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import conversation_id
from tests.browser.test_login import (  # noqa: F401 (the fixture)
    kari_s_veileder_answers,
    login_router,
    pick_person_at_the_provider,
)
from tests.oidc_provider import available

pytestmark = pytest.mark.skipif(not available(), reason="scripts/setup.sh installs the local OpenID provider")


@pytest.mark.parametrize("first_login", ["ended", "still-on"])
def test_an_answer_nav_closed_before_the_bruker_read_it_is_there_after_logging_in_again(  # type: ignore[no-untyped-def]
        new_context, login_router: str, screenshot_dir: Path, first_login: str) -> None:  # noqa: F811
    """``ended``: she pressed "Logg ut" on her phone when the chat ended (the page given back showed her words with
    neither "Logg ut" nor the reminder); ``still-on``: that page was just closed, its login still on."""
    first = new_context().new_page()
    first.goto(f"{login_router}/")
    expect(first.locator("#status")).to_have_text("Du chatter med chatroboten")
    first.click("#login-button")
    pick_person_at_the_provider(first, "Kari Syntetisk")
    expect(first.locator("#login-badge")).to_be_visible()
    first.click("#handoff-button")
    expect(first.locator("#status")).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    answered_id = conversation_id(first)
    if first_login == "still-on":
        first.close()

    console = kari_s_veileder_answers(new_context, login_router, answered_id,
                                      "Hei Kari, søknaden din er mottatt. Du får svar innen to uker.")
    console.select_option("#close-outcome", "besvart")
    console.click("#close-conversation-button")
    expect(console.locator("#action-message")).to_contain_text("avsluttet")
    if first_login == "ended":
        expect(first.locator("#status")).to_have_text("Samtalen er avsluttet")
        first.click("#logout-button")
        expect(first.locator("#notice-text")).to_have_text("Du er logget ut.")
        first.close()

    again = new_context().new_page()
    again.goto(f"{login_router}/")
    expect(again.locator("#status")).to_have_text("Du chatter med chatroboten")
    logged_in_from = conversation_id(again)
    again.click("#login-button")
    pick_person_at_the_provider(again, "Kari Syntetisk")

    expect(again.locator("#messages [data-sender='veileder']").last).to_contain_text("innen to uker")
    assert conversation_id(again) == answered_id
    expect(again.locator("#status")).to_have_text("Samtalen er avsluttet")
    expect(again.locator("#logout-button")).to_be_visible()
    expect(again.locator("#logout-reminder")).to_contain_text(
        "Husk å logge ut hvis andre kan bruke denne datamaskinen.")
    expect(again.locator("#logout-reminder-button")).to_have_text("Logg ut")
    # "Innlogget" in the header, and the chat's last word on her login agrees: the "Du er logget ut." of her first
    # login is history above it (it was the last line, under the badge).
    expect(again.locator("#login-badge")).to_be_visible()
    said = again.locator("#messages [data-sender='system'] [data-testid='message-text']")
    expect(said.last).not_to_have_text("Du er logget ut.")
    if first_login == "ended":
        expect(said.filter(has_text="Du er logget ut.")).to_have_count(1)
        expect(said.last).to_have_text("Du er nå logget inn med ID-porten.")
    again.screenshot(path=str(screenshot_dir / f"login-9-closed-answer-after-login-{first_login}.png"), full_page=True)

    # She leaves; the next person at this screen presses "Start ny samtale": anonymous, Kari's login ended.
    again.click("#new-chat-button")
    expect(again.locator("#status")).to_have_text("Du chatter med chatroboten")
    assert conversation_id(again) not in (answered_id, logged_in_from), "a new chat, not the logged-in one"
    expect(again.locator("#messages [data-sender='system']").filter(
        has_text="Du er ikke innlogget i denne nye samtalen.")).to_be_visible()
    expect(again.locator("#login-badge")).to_be_hidden()
    expect(again.locator("#logout-reminder")).to_be_hidden()
    expect(again.locator("#login-button")).to_be_visible()
    again.screenshot(path=str(screenshot_dir / f"login-9-closed-answer-next-chat-{first_login}.png"), full_page=True)
