"""The bruker's widget when the network, the router or the veileder changes what is on screen: what the bruker typed
is shown as the router stored it, survives a reload while offline, and the end of the chat is said in the log."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import APIRequestContext, BrowserContext, Page, expect

from router.texts import fixed_text
from tests.browser.helpers import bruker_in_queue, conversation_id

pytestmark = pytest.mark.browser

# The veileder of Nav Grünerløkka (0315), where bruker_in_queue's bruker is routed.
VEILEDER = ("veileder1", "passord-veileder1")
USER_TEXTS = "#messages [data-sender='user'] [data-testid='message-text']"


class Veileder:
    """A veileder working through the staff API (the console's own calls), not through the console page."""

    def __init__(self, context: BrowserContext, router_url: str) -> None:
        self.api: APIRequestContext = context.request
        self.url = router_url
        login = self.api.post(f"{router_url}/api/staff/login",
                              data={"username": VEILEDER[0], "password": VEILEDER[1]})
        assert login.ok, login.text()
        self.csrf = login.json()["csrf_token"]

    def post(self, path: str, body: dict[str, object] | None = None) -> dict[str, object]:
        response = self.api.post(f"{self.url}{path}", data=body or {}, headers={"X-CSRF-Token": self.csrf})
        assert response.ok, f"{path}: {response.status} {response.text()}"
        return response.json()

    def take(self, conv_id: str) -> None:
        self.post(f"/api/staff/conversations/{conv_id}/take")

    def close(self, conv_id: str) -> None:
        self.post(f"/api/staff/conversations/{conv_id}/close", {"outcome": "besvart"})


def test_a_typed_fodselsnummer_is_replaced_by_the_masked_text_at_once(page: Page, router_url: str,
                                                                      screenshot_dir: Path) -> None:
    page.goto(f"{router_url}/?kommune=030102")
    expect(page.locator("#status")).to_have_text("Du chatter med chatroboten")
    page.fill("#message-input", "Fødselsnummeret mitt er 01019012345 og telefon 912 34 567")
    page.keyboard.press("Enter")
    expect(page.locator("#messages [data-sender='bot'] [data-testid='message-text']").last).to_contain_text("Bot:")
    # Without a reload: the bruker's own bubble shows what the router stored, not the numbers typed.
    expect(page.locator(USER_TEXTS)).to_have_text(["Fødselsnummeret mitt er [fødselsnummer] og telefon [tel]"])
    expect(page.locator("#messages")).not_to_contain_text("01019012345")
    expect(page.locator("#messages")).not_to_contain_text("912 34 567")
    page.screenshot(path=str(screenshot_dir / "widget-masked-own-message.png"))
    page.reload()
    expect(page.locator(USER_TEXTS)).to_have_text(["Fødselsnummeret mitt er [fødselsnummer] og telefon [tel]"])
    assert page.js_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_when_the_veileder_ends_the_chat_the_log_says_so_once(new_context, router_url: str, language: str,  # type: ignore[no-untyped-def]
                                                              screenshot_dir: Path) -> None:
    bruker = new_context()
    widget = bruker_in_queue(bruker, router_url, "Jeg trenger hjelp med husleia")
    conv_id = conversation_id(widget)
    if language != "nb":
        widget.click("#language-button")
        widget.click(f"#language-list button[data-language='{language}']")
        expect(widget.locator("html")).to_have_attribute("lang", language)
    veileder = Veileder(new_context(), router_url)
    veileder.take(conv_id)
    expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
    veileder.close(conv_id)
    ended = fixed_text("closed", language)
    expect(widget.locator("#status")).to_have_attribute("data-state", "CLOSED")
    # In the log, as the last message, in the bruker's language; once, also after waiting for late frames.
    notices = widget.locator("#messages [data-sender='system'] [data-testid='message-text']")
    expect(notices.last).to_have_text(ended)
    widget.wait_for_timeout(1500)
    expect(notices.filter(has_text=ended)).to_have_count(1)
    expect(widget.locator("#messages [data-testid='message']").last).to_contain_text(ended)
    widget.screenshot(path=str(screenshot_dir / f"widget-ended-by-veileder-{language}.png"))
    widget.reload()
    expect(widget.locator("#status")).to_have_attribute("data-state", "CLOSED")
    expect(notices.filter(has_text=ended)).to_have_count(1)
