"""A logged-in bruker's answer that NAV closed before they read it comes back after a new login, once, to read; "Start
ny samtale" then goes on in the chat the new login belongs to (services/login.py resume_open_conversation). A
router of its own: the persons' conversations of tests/browser/test_login.py stay open there."""

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


def test_an_answer_nav_closed_before_the_bruker_read_it_is_there_after_logging_in_again(  # type: ignore[no-untyped-def]
        new_context, login_router: str, screenshot_dir: Path) -> None:  # noqa: F811
    first = new_context().new_page()
    first.goto(f"{login_router}/")
    expect(first.locator("#status")).to_have_text("Du chatter med chatroboten")
    first.click("#login-button")
    pick_person_at_the_provider(first, "Kari Syntetisk")
    expect(first.locator("#login-badge")).to_be_visible()
    first.click("#handoff-button")
    expect(first.locator("#status")).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    answered_id = conversation_id(first)
    first.close()

    console = kari_s_veileder_answers(new_context, login_router, answered_id,
                                      "Hei Kari, søknaden din er mottatt. Du får svar innen to uker.")
    console.select_option("#close-outcome", "besvart")
    console.click("#close-conversation-button")
    expect(console.locator("#action-message")).to_contain_text("avsluttet")

    again = new_context().new_page()
    again.goto(f"{login_router}/")
    expect(again.locator("#status")).to_have_text("Du chatter med chatroboten")
    logged_in_from = conversation_id(again)
    again.click("#login-button")
    pick_person_at_the_provider(again, "Kari Syntetisk")

    expect(again.locator("#messages [data-sender='veileder']").last).to_contain_text("innen to uker")
    assert conversation_id(again) == answered_id
    expect(again.locator("#status")).to_have_text("Samtalen er avsluttet")
    again.screenshot(path=str(screenshot_dir / "login-9-closed-answer-after-login.png"), full_page=True)
    again.click("#new-chat-button")
    expect(again.locator("#status")).to_have_text("Du chatter med chatroboten")
    assert conversation_id(again) == logged_in_from, "on in the chat the login belongs to"
    expect(again.locator("#login-badge")).to_be_visible()
