"""Probe 134: "Last ned samtalen" named the file by the day it was saved (the browser's clock), so Monday's chat saved
on Thursday read as Thursday's. It is named by the chat's first day."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

OSLO = ZoneInfo("Europe/Oslo")


def test_the_saved_chat_is_named_by_its_own_day_not_the_day_it_is_saved(page: Page, router_url: str) -> None:
    page.goto(f"{router_url}/?kommune=030102")
    expect(page.locator("#status")).to_have_text("Du chatter med chatroboten")
    first = page.locator("#messages .message .meta time").first
    expect(first).to_be_attached()
    chat_day = datetime.fromisoformat(first.get_attribute("datetime") or "").astimezone(OSLO).date()
    # Three days later by the browser's clock, the tab still open.
    page.clock.set_system_time(datetime.now(OSLO) + timedelta(days=3))
    with page.expect_download() as download:
        page.click("#download-button")
    assert download.value.suggested_filename == f"chat-med-nav-{chat_day.isoformat()}.txt"
