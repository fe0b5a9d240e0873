"""The widget's day divider in the chat's language, as the router's texts write days (probe 119 #5): English as in
Britain ("Thursday 24 December", the router's order), not the US "Wednesday, December 23"; a language the browser
has no dates for gets the day as numbers ("2027-03-26"), not the browser's Norwegian ("fredag 26. mars 2027" in a
Somali chat)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from router.domain.opening_hours import OSLO
from tests.browser.test_widget_silence import open_chat

# A browser without Somali dates, as the probe's: Intl knows no "so" (it would fall back to the browser's language).
NO_SOMALI_DATES = """
const supported = Intl.DateTimeFormat.supportedLocalesOf;
Intl.DateTimeFormat.supportedLocalesOf = (locales, options) =>
  supported.call(Intl.DateTimeFormat, locales, options).filter((tag) => !/^so\\b/.test(tag));
"""


def choose(page: Page, language: str) -> None:
    page.click("#language-button")
    page.click(f"#language-list button[data-language='{language}']")
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_the_day_divider_follows_the_chats_language_as_the_router_writes_days(page: Page, router_url: str) -> None:
    # The browser's day is tomorrow: today's messages are "another day" and get a divider.
    page.clock.install()
    page.clock.set_system_time((datetime.now(UTC) + timedelta(days=1)).isoformat())
    page.add_init_script(NO_SOMALI_DATES)
    open_chat(page, router_url)
    today = datetime.now(OSLO).date()
    divider = page.locator("#messages [data-testid='day-divider'] time")
    expect(divider).to_have_count(1)
    choose(page, "en")
    british = rf"^{today:%A},? {today.day} {today:%B}$"  # "Sunday 6 December", not "Sunday, December 6"
    expect(divider).to_have_text(re.compile(british))
    choose(page, "so")
    expect(divider).to_have_text(today.isoformat())
    assert page.js_errors == []  # type: ignore[attr-defined]
