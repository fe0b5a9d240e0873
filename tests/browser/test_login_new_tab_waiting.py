"""A logged-in bruker waiting for a veileder opens a new tab, asks for a veileder there before logging in, and then
logs in: the new tab's chat joins the one already waiting, with what was written in it, so the person does not
stand in the queue twice (services/login.py resume_open_conversation; probe 87). A router of its own: the persons'
conversations of tests/browser/test_login.py stay open there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import conversation_id
from tests.browser.test_login import login_router, pick_person_at_the_provider  # noqa: F401 (the fixture)
from tests.oidc_provider import available

pytestmark = pytest.mark.skipif(not available(), reason="scripts/setup.sh installs the local OpenID provider")


def test_asking_for_a_veileder_again_in_a_new_tab_then_logging_in_continues_the_waiting_chat(  # type: ignore[no-untyped-def]
        new_context, login_router: str, screenshot_dir: Path) -> None:  # noqa: F811
    first = new_context().new_page()
    first.goto(f"{login_router}/")
    expect(first.locator("#status")).to_have_text("Du chatter med chatroboten")
    first.click("#login-button")
    pick_person_at_the_provider(first, "Ola Syntetisk")
    expect(first.locator("#login-badge")).to_be_visible()
    first.click("#handoff-button")
    expect(first.locator("#status")).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    waiting_id = conversation_id(first)
    first.close()

    again = new_context().new_page()
    again.goto(f"{login_router}/?kommune=030102")  # the page tells the place: queued at once
    expect(again.locator("#status")).to_have_text("Du chatter med chatroboten")
    again.fill("#message-input", "Jeg lurer på når pengene kommer")
    again.click("#send-button")
    expect(again.locator("#messages [data-sender='user']").last).to_contain_text("når pengene kommer")
    again.click("#handoff-button")
    expect(again.locator("#status")).to_have_attribute("data-state", "QUEUED")
    new_id = conversation_id(again)
    again.click("#login-button")
    pick_person_at_the_provider(again, "Ola Syntetisk")

    expect(again.locator("#messages")).to_contain_text("Du hadde allerede en åpen samtale med oss.")
    expect(again.locator("#messages [data-sender='user']").last).to_contain_text("når pengene kommer")
    assert conversation_id(again) == waiting_id != new_id
    expect(again.locator("#login-badge")).to_be_visible()
    expect(again.locator("#status")).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    again.screenshot(path=str(screenshot_dir / "login-10-new-tab-joins-the-waiting-chat.png"), full_page=True)
