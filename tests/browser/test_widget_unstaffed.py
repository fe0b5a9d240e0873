"""Probe 159: a bruker queued at 21:00 on a Saturday read "Venter på ledig veileder …" in the widget's status line,
while the queue notice above it said nobody answers before Monday 09:00. The status says she is in the queue and the
chat is not staffed now, in her language, and it changes by itself when the chat opens. The router's clock is pinned
(serve_router --clock-start) so that each test runs at the hour it is about, whenever the suite runs."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from router.texts import fixed_text
from tests.browser.conftest import PROJECT_ROOT, _wait_until_up
from tests.processes import free_port, stop

pytestmark = pytest.mark.browser

SATURDAY_EVENING = "2026-12-05T21:00:00+01:00"
# Half a minute before a weekday's 09:00 (the default staffed hours, mon-fri 09:00-15:00): time to open the widget
# and queue, then the chat opens while she waits.
JUST_BEFORE_OPENING = "2026-12-07T08:59:30+01:00"


@pytest.fixture
def router_at(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """A router of the browser suite's kind whose clock starts at the given time and runs on."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(clock_start: str) -> str:
        port = free_port()
        log = (tmp_path / f"router-{port}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.browser.serve_router", "--port", str(port), "--database",
             str(tmp_path / f"router-{port}.db"), "--clock-start", clock_start],
            cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT)
        processes.append(process)
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url, process)
        return url

    yield start
    for process in processes:
        stop(process, timeout_s=10)


def queue_from_the_widget(page: Page, url: str, status: str) -> None:
    page.goto(f"{url}/?kommune=030102")
    expect(page.locator("#status")).to_have_text(status)
    page.click("#handoff-button")
    expect(page.locator("#status")).to_have_attribute("data-state", "QUEUED")


def test_queued_on_a_saturday_evening_the_status_says_the_chat_is_not_staffed(  # type: ignore[no-untyped-def]
        new_context, router_at, screenshot_dir: Path) -> None:
    url = router_at(SATURDAY_EVENING)
    page = new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True).new_page()
    queue_from_the_widget(page, url, fixed_text("widget_status_bot", "nb"))
    expect(page.locator("#status")).to_have_text(fixed_text("widget_status_queued_unstaffed", "nb"))
    # What the notice above it says: when a veileder can answer at the earliest.
    expect(page.locator("#messages [data-sender='system']").last).to_contain_text("mandag 7. desember kl. 09:00")
    page.screenshot(path=str(screenshot_dir / "widget-queued-unstaffed-saturday.png"))

    english = new_context(locale="en-GB").new_page()
    queue_from_the_widget(english, url, fixed_text("widget_status_bot", "en"))
    expect(english.locator("#status")).to_have_text("In the queue – the chat is not staffed now")


def test_the_status_changes_by_itself_when_the_chat_opens_while_she_waits(  # type: ignore[no-untyped-def]
        page: Page, router_at, screenshot_dir: Path) -> None:
    url = router_at(JUST_BEFORE_OPENING)
    queue_from_the_widget(page, url, fixed_text("widget_status_bot", "nb"))
    status = page.locator("#status")
    expect(status).to_have_text(fixed_text("widget_status_queued_unstaffed", "nb"))
    # 09:00 on the router's clock comes within half a minute; the widget asks again a second after, with no reload
    # and nothing she does.
    expect(status).to_have_text(fixed_text("widget_status_queued", "nb"), timeout=45_000)
    page.screenshot(path=str(screenshot_dir / "widget-queued-chat-opened.png"))
    assert page.js_errors == []  # type: ignore[attr-defined]
