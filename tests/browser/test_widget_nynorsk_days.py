"""Nynorsk days in a browser without nynorsk dates (Chromium: Chrome and Edge): a probe's nynorsk chat read
"2026-12-07" above its messages and in its downloaded copy, where bokmål read "mandag 7. desember"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NYNORSK_DAY = re.compile(r"^(?:måndag|tysdag|onsdag|torsdag|fredag|laurdag|sundag) \d{1,2}\. "
                         r"(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)"
                         r" \d{4}$")


def test_a_nynorsk_chat_s_days_are_nynorsk_words_not_numbers(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    widget = new_context(locale="nn-NO").new_page()
    widget.goto(f"{router_url}/?kommune=4621")
    expect(widget.locator("html")).to_have_attribute("lang", "nn")
    expect(widget.locator("#messages [data-sender='bot']").first).to_be_visible()
    assert not widget.evaluate("Intl.DateTimeFormat.supportedLocalesOf(['nn-NO']).length"), \
        "this Chromium has nynorsk dates now: the test no longer tests the fallback"
    with widget.expect_download() as download:
        widget.click("#download-button")
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    day = lines[2]
    assert NYNORSK_DAY.match(day), lines[:4]
    weekday = widget.evaluate("new Intl.DateTimeFormat('en', {weekday: 'long', timeZone: 'Europe/Oslo'}).format()")
    english = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    nynorsk = ["sundag", "måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag"]
    assert day.startswith(nynorsk[english.index(weekday)]), (day, weekday)
