"""Playwright fixtures: Debian's Chromium (never `playwright install`), a router URL, pages per audience.

The router comes from the session fixture `live_router` in tests/conftest.py when it exists; otherwise
these tests start their own (tests/browser/serve_router.py: the real app with a stand-in bot).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.processes import free_port, stop

try:
    from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - the browser tests need the dev extras
    sync_playwright = None  # type: ignore[assignment]
else:
    # Assertions wait as long as page actions do (10 s, below). Playwright's own 5 s was too short for an ID-porten
    # login through the local provider on a loaded CI machine: the badge came, but after the assertion gave up.
    expect.set_options(timeout=10_000)

CHROMIUM = os.environ.get("NAVCHAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = Path(os.environ.get("NAVCHAT_SCREENSHOTS", "/tmp/navchat-screenshots"))


def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the router exited with {process.returncode} before it answered")
        try:
            with urllib.request.urlopen(f"{url}/api/languages", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the router did not answer at {url} within {timeout_s} s")


class _OwnRouter:
    def __init__(self, url: str) -> None:
        self.url = url


@pytest.fixture(scope="session")
def router_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    try:
        live = request.getfixturevalue("live_router")
    except pytest.FixtureLookupError:
        live = None
    if live is not None:
        yield str(live.url).rstrip("/")
        return
    port = free_port()
    database = tmp_path_factory.mktemp("browser-router") / "router.db"
    log = (tmp_path_factory.getbasetemp() / "browser-router.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.browser.serve_router",
            "--port",
            str(port),
            "--database",
            str(database),
        ],
        cwd=PROJECT_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        stop(process, timeout_s=10)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Never skip: scripts/setup.sh --with-browser installs both; a missing one is a broken set-up.
    if sync_playwright is None:
        pytest.fail("playwright is not installed: run scripts/setup.sh")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run scripts/setup.sh --with-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator:
    """A factory for fresh browser contexts (separate cookies and sessionStorage), closed after the test.
    The pages carry their Content-Security-Policy in a <meta> tag; a violation on any page fails the test."""
    contexts: list[BrowserContext] = []
    violations: list[str] = []

    def watch(page) -> None:  # type: ignore[no-untyped-def]
        # A question the page asks (the console's "go offline with open chats?") is answered yes: the tests choose
        # on purpose. A test of the question itself replaces window.confirm.
        page.on("dialog", lambda dialog: dialog.accept())
        # So is the console's "the bruker waits for your answer: end it anyway?" (a test of it removes this handler;
        # test_console_unanswered_close.py).
        page.add_locator_handler(page.get_by_test_id("unanswered-dialog"),
                                 lambda: page.get_by_test_id("unanswered-close").click())
        page.on(
            "console",
            lambda message: (
                violations.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )

    def make(**options: object) -> BrowserContext:
        options.setdefault("locale", "nb-NO")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert violations == [], f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def page(new_context) -> Page:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors  # type: ignore[attr-defined]
    return page


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR
