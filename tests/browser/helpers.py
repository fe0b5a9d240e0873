"""Steps the browser tests share: a bruker waiting in the queue, a staff login."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect


def bruker_in_queue(context: BrowserContext, router_url: str, question: str) -> Page:
    widget = context.new_page()
    widget.goto(f"{router_url}/?kommune=0301")
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    widget.fill("#message-input", question)
    widget.keyboard.press("Enter")
    expect(widget.locator("#messages [data-sender='bot'] [data-testid='message-text']").last).to_have_text(
        f"Bot: {question}"
    )
    widget.click("#handoff-button")
    # QUEUED, or ASSIGNED at once when the router assigns automatically.
    expect(widget.locator("#status")).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    return widget


def log_in(page: Page, router_url: str, path: str, user: tuple[str, str]) -> None:
    page.goto(f"{router_url}{path}")
    page.fill("#username", user[0])
    page.fill("#password", user[1])
    page.click("#login-button")
    expect(page.locator("#app")).to_be_visible()


def conversation_id(widget: Page) -> str:
    return str(widget.evaluate("JSON.parse(sessionStorage.getItem('navchat.conversation')).id"))


def take_conversation(console: Page, conv_id: str) -> None:
    """Take the conversation from the queue, or open it when the router already assigned it to this user."""
    queued = console.locator(f"#queue [data-conversation-id='{conv_id}']")
    mine = console.locator(f"#inbox [data-conversation-id='{conv_id}']")
    expect(queued.or_(mine).first).to_be_visible(timeout=15_000)
    if queued.count():
        queued.get_by_role("button", name="Ta samtale").click()
    else:
        mine.get_by_role("button", name="Åpne").click()
    expect(console.locator("#reply-form")).to_be_visible()
    expect(mine).to_be_visible()
