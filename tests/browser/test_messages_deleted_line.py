"""A chat whose messages retention deleted showed blank on the bruker's tab and in the console: one line now says
so on both sides. The router's answer for a deleted chat (tests/unit/services/test_messages_deleted_line.py) is
given to the pages here by a route."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import conversation_id, log_in
from tests.browser.test_console import CONSOLE_USER, mocked_conversation
from tests.browser.test_widget_on_a_phone import open_widget

pytestmark = pytest.mark.browser

BRUKER_LINE = "Meldingene er slettet etter 2 dager, slik vi lovet."


def test_the_bruker_s_tab_says_her_chat_was_deleted(new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    open_widget(page, router_url)
    page.click("#close-button")
    page.click("#close-confirm-button")
    expect(page.locator("#status")).to_have_text("Samtalen er avsluttet")
    conv_id = conversation_id(page)

    def deleted(route) -> None:  # type: ignore[no-untyped-def]
        answer = route.fetch().json()
        route.fulfill(json={"conversation": {**answer["conversation"], "deleted_text": BRUKER_LINE}, "messages": []})

    page.route(f"**/api/conversations/{conv_id}/messages*", deleted)
    page.reload()  # two days on, the tab read again: nothing left but the line
    line = page.get_by_test_id("messages-deleted")
    expect(line).to_have_text(BRUKER_LINE)
    expect(page.locator("#messages .message")).to_have_count(0)
    expect(page.locator("#status")).to_have_text("Samtalen er avsluttet")
    page.screenshot(path=str(screenshot_dir / "widget-messages-deleted.png"))


def test_the_console_says_the_messages_were_deleted(new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    detail = mocked_conversation()
    conversation = dict(detail["conversation"], state="CLOSED", state_label="Avsluttet")  # type: ignore[arg-type]
    staff_line = "Meldingene er slettet etter 2 dager, slik vi lovet."
    detail = dict(detail, conversation=conversation, messages=[], deleted_text=staff_line)
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    console.route("**/api/staff/queue", lambda route: route.fulfill(json={"conversations": [conversation]}))
    console.route("**/api/staff/conversations/mock-0001-uk", lambda route: route.fulfill(json=detail))
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    console.locator("#queue [data-conversation-id='mock-0001-uk']").get_by_role("button", name="Vis").click()
    expect(console.locator("#transcript").get_by_test_id("messages-deleted")).to_have_text(staff_line)
    console.screenshot(path=str(screenshot_dir / "console-messages-deleted.png"))
