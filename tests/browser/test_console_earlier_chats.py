"""Probe 137: a logged-in person's second chat goes to a colleague while the veileder of her first is away. The bruker
is told her own veileder is not free; the colleague's console lists the person's earlier chat ("Tidligere samtaler")
on the chat she has now, and opens it read-only, with the promise made there (an audited read). A router of its own
(tests/browser/test_login.py's login_router, one per module)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from router.texts import fixed_text
from tests.browser.helpers import conversation_id, log_in
from tests.browser.test_login import (  # noqa: F401 (the fixture)
    kari_s_veileder_answers,
    login_router,
    pick_person_at_the_provider,
)
from tests.oidc_provider import available

pytestmark = pytest.mark.skipif(not available(), reason="scripts/setup.sh installs the local OpenID provider")
PROMISE = "Ja, jeg følger opp saken din."


def test_the_colleague_reads_the_earlier_chat_of_the_person_she_helps_now(  # type: ignore[no-untyped-def]
        new_context, login_router: str, screenshot_dir: Path) -> None:  # noqa: F811
    monday = new_context().new_page()
    monday.goto(f"{login_router}/")
    expect(monday.locator("#status")).to_have_text("Du chatter med chatroboten")
    monday.click("#login-button")
    pick_person_at_the_provider(monday, "Kari Syntetisk")
    expect(monday.locator("#login-badge")).to_be_visible()
    monday.click("#handoff-button")
    expect(monday.locator("#status")).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    monday_id = conversation_id(monday)
    own = kari_s_veileder_answers(new_context, login_router, monday_id, PROMISE)  # veileder2, Nav Frogner
    expect(monday.locator("#messages [data-sender='veileder']").last).to_contain_text("følger opp")
    own.select_option("#close-outcome", "besvart")
    own.click("#close-conversation-button")
    expect(own.locator("#action-message")).to_contain_text("avsluttet")
    own.select_option("#presence", "offline")  # her own veileder is away the next time
    monday.close()

    tuesday = new_context().new_page()
    tuesday.goto(f"{login_router}/")
    expect(tuesday.locator("#status")).to_have_text("Du chatter med chatroboten")
    tuesday.click("#login-button")
    pick_person_at_the_provider(tuesday, "Kari Syntetisk")
    expect(tuesday.locator("#login-badge")).to_be_visible()
    # Monday's answer, closed before she came back, is given back to read first (services/login.py); then a new chat,
    # which starts without her login as every "Start ny samtale" on a closed chat does (a shared PC: 6584c7a), so she
    # logs in again.
    expect(tuesday.locator("#status")).to_have_text("Samtalen er avsluttet")
    tuesday.click("#new-chat-button")
    expect(tuesday.locator("#status")).to_have_text("Du chatter med chatroboten")
    expect(tuesday.locator("#messages [data-sender='system']").last).to_contain_text(
        fixed_text("new_chat_not_logged_in", "nb")[:40])
    tuesday.click("#login-button")
    pick_person_at_the_provider(tuesday, "Kari Syntetisk")
    expect(tuesday.locator("#login-badge")).to_be_visible()
    tuesday.click("#handoff-button")
    expect(tuesday.locator("#status")).to_have_attribute("data-state", "QUEUED")
    tuesday_id = conversation_id(tuesday)
    assert tuesday_id != monday_id

    colleague = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    log_in(colleague, login_router, "/veileder", ("veileder3", "passord-veileder3"))
    colleague.select_option("#presence", "online")
    mine = colleague.locator(f"#inbox [data-conversation-id='{tuesday_id}']")
    expect(mine).to_be_visible(timeout=15_000)
    expect(tuesday.locator("#messages [data-sender='system']").last).to_contain_text(
        fixed_text("own_veileder_not_available", "nb"))
    tuesday.screenshot(path=str(screenshot_dir / "own-veileder-not-available.png"), full_page=True)

    mine.get_by_role("button", name="Åpne").click()
    section = colleague.get_by_test_id("earlier-section")
    expect(section).to_be_visible()
    expect(section.get_by_role("heading", name="Tidligere samtaler")).to_be_visible()
    item = section.locator(f"[data-conversation-id='{monday_id}']")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("med Veileder")  # the first name of who had it
    colleague.screenshot(path=str(screenshot_dir / "console-earlier-chats.png"), full_page=True)

    item.get_by_role("button", name=re.compile("^Les samtalen fra")).click()
    expect(colleague.locator("#conversation-title")).to_have_attribute("data-conversation-id", monday_id)
    expect(colleague.locator("[data-testid='transcript-message']").filter(has_text="følger opp")).to_be_visible()
    expect(colleague.locator("#reply-form")).to_be_hidden()  # read-only
    expect(colleague.locator("#actions")).to_be_hidden()
    expect(colleague.get_by_test_id("transcript-link")).to_be_hidden()
    expect(section).to_be_visible()  # the list stays while she reads, to go on or back
    colleague.screenshot(path=str(screenshot_dir / "console-earlier-chat-read.png"), full_page=True)

    # Back to the chat she has now: the list is its own.
    colleague.locator(f"#inbox [data-conversation-id='{tuesday_id}']").get_by_role("button", name="Åpne").click()
    expect(colleague.locator("#reply-form")).to_be_visible()
    expect(section).to_be_visible()
