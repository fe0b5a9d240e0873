"""Probe 119 #3: veileder1 on 23 December at 15:52 saw "Kø 5" with five Nødhjelp cards "Venter 41 s": nothing said
the office was closed, what the brukere had been promised (24.12 09:00) or when the chats would expire. Probe 118
#9: a transferred chat read "Venter 2 min" in the console (since queued_at) and "11 s" on the dashboard."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.browser.test_console import CONSOLE_USER, mocked_conversation

pytestmark = pytest.mark.browser


def test_a_card_says_the_office_is_closed_the_promise_and_the_expiry(new_context, router_url: str,  # type: ignore[no-untyped-def]
                                                                     screenshot_dir: Path) -> None:
    now = datetime.now(UTC)
    waiting = {**mocked_conversation()["conversation"],  # type: ignore[dict-item]
               "queued_at": (now - timedelta(minutes=2)).isoformat(),
               "waiting_since": (now - timedelta(seconds=11)).isoformat(),
               "office_open": False,
               # Days that are never today (a time today is said without its day): on 24 and 29 December 2026 the
               # probe's own dates read "09:00" and "15:00".
               "answer_promised_at": "2025-12-24T09:00:00+01:00",
               "expires_at": "2025-12-29T15:00:00+01:00"}
    ordinary = {**waiting, "id": "mock-0002-open", "priority": "normal", "office_open": True,
                "answer_promised_at": None}
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    console.route("**/api/staff/queue",
                  lambda route: route.fulfill(json={"conversations": [waiting, ordinary]}))
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    card = console.locator("#queue [data-conversation-id='mock-0001-uk']")
    expect(card.locator("[data-testid='queue-promise']")).to_have_text(
        "Chatten er ikke bemannet · lovet svar tidligst ons. 24. des. kl. 09:00 · utløper man. 29. des. kl. 15:00 "
        "uten aktivitet")
    # The wait in this queue (waiting_since), as the dashboard says it: not the 2 minutes since its place in line.
    expect(card.locator(".wait")).to_have_text(re.compile(r"^Venter [1-5]?\d s$"))
    open_card = console.locator("#queue [data-conversation-id='mock-0002-open']")
    expect(open_card).to_be_visible()
    expect(open_card.locator("[data-testid='queue-promise']")).to_have_count(0)  # an open office: no more said
    card.screenshot(path=str(screenshot_dir / "console-queue-promise.png"))
    console.screenshot(path=str(screenshot_dir / "console-queue-promise-page.png"))


def test_a_card_says_a_wait_under_ten_minutes_to_the_second(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    """The console read 118 s as "Venter 1 min" where the kontaktsenter page said "1 min 58 s": one format for both
    (shared/dom.js formatDuration)."""
    waiting = {**mocked_conversation()["conversation"],  # type: ignore[dict-item]
               "waiting_since": (datetime.now(UTC) - timedelta(seconds=110)).isoformat()}
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    console.route("**/api/staff/queue", lambda route: route.fulfill(json={"conversations": [waiting]}))
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    card = console.locator("#queue [data-conversation-id='mock-0001-uk']")
    # 110 s and the few seconds the page takes to load: "1 min 50 s" ... "1 min 59 s", never "1 min".
    expect(card.locator(".wait")).to_have_text(re.compile(r"^Venter 1 min 5\d s$"))


def test_the_one_duration_format(page, router_url: str) -> None:  # type: ignore[no-untyped-def]
    """shared/dom.js formatDuration, the console's and the kontaktsenter page's one format (the dashboard had a twin,
    formatWait, that said 118 s to the second while the console said "1 min")."""
    page.goto(f"{router_url}/veileder")
    said = page.evaluate(
        """async () => {
            const { formatDuration } = await import('/static/shared/dom.js');
            return [null, undefined, 'x', -3, 0, 41.4, 59.6, 60, 118, 120, 599, 600, 1900, 3600, 3900]
              .map(formatDuration);
        }""")
    assert said == ["–", "–", "–", "0 s", "0 s", "41 s", "1 min", "1 min", "1 min 58 s", "2 min", "9 min 59 s",
                    "10 min", "31 min", "1 t", "1 t 5 min"]
