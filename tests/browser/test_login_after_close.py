"""A logged-in bruker's chat is closed, in Chromium against the local OpenID provider: her still-open page keeps
her words, her case and the veileder's promise (and "Last ned samtalen" saves them) with "Logg ut" beside; after
"Logg ut" placeholders and "Logg inn", which as her reads it again; "Start ny samtale" goes on logged in. Before,
the close turned all of it into "Denne meldingen ble skrevet mens du var innlogget …" with no "Logg inn", and the
next chat was anonymous without a word. A router of its own (login_router)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import conversation_id
from tests.browser.test_login import (  # noqa: F401 (the fixture)
    kari_s_veileder_answers,
    login_router,
    pick_person_at_the_provider,
    texts_of,
)
from tests.oidc_provider import available

pytestmark = pytest.mark.skipif(not available(), reason="scripts/setup.sh installs the local OpenID provider")

PLACEHOLDER = "Denne meldingen ble skrevet mens du var innlogget. Logg inn igjen for å se den."
PROMISE = "Vi mangler husleiekontrakt og kontoutskrift. Svar innen 14 dager. Referanse: sak 4711"


def logs_in(widget: Page, name: str) -> None:
    widget.click("#login-button")
    pick_person_at_the_provider(widget, name)
    expect(widget.locator("#login-badge")).to_be_visible()


def logged_in_and_said(new_context, router_url: str, name: str, text: str) -> Page:  # type: ignore[no-untyped-def]
    """A new page, the person logged in, and ``text`` written."""
    widget = new_context().new_page()
    widget.goto(f"{router_url}/?kommune=030105")
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    logs_in(widget, name)
    widget.fill("#message-input", text)
    widget.keyboard.press("Enter")
    return widget


def downloaded(widget: Page) -> str:
    with widget.expect_download() as download:
        widget.click("#download-button")
    return Path(download.value.path()).read_text(encoding="utf-8-sig")


def test_the_veileder_s_besvart_leaves_her_page_readable_and_the_next_chat_logged_in(  # type: ignore[no-untyped-def]
        new_context, login_router: str, screenshot_dir: Path) -> None:  # noqa: F811
    widget = logged_in_and_said(new_context, login_router, "Kari Syntetisk", "Har dere fått søknaden?")
    case = widget.locator("#messages [data-sender='bot']").filter(has_text="Den er mottatt hos Nav Frogner")
    expect(case).to_be_visible()
    widget.click("#handoff-button")
    closed_id = conversation_id(widget)
    console = kari_s_veileder_answers(new_context, login_router, closed_id, PROMISE)
    expect(widget.locator("#messages [data-sender='veileder']").last).to_contain_text("sak 4711")
    console.select_option("#close-outcome", "besvart")
    console.click("#close-conversation-button")
    expect(console.locator("#action-message")).to_contain_text("avsluttet")

    expect(widget.locator("#status")).to_have_text("Samtalen er avsluttet")
    expect(widget.locator("#messages [data-sender='system']").filter(has_text="avsluttet")).to_be_visible()
    widget.wait_for_timeout(500)  # the state push and any re-read after it
    expect(widget.locator("#messages .message.withheld")).to_have_count(0)
    expect(case).to_be_visible()
    expect(widget.locator("#messages [data-sender='veileder']").last).to_contain_text(PROMISE)
    assert "Har dere fått søknaden?" in texts_of(widget, "user")
    expect(widget.locator("#logout-button")).to_be_visible()
    widget.screenshot(path=str(screenshot_dir / "login-after-close-besvart.png"), full_page=True)
    transcript = downloaded(widget)
    assert PROMISE in transcript and "Nav Frogner" in transcript and PLACEHOLDER not in transcript

    widget.click("#new-chat-button")
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    assert conversation_id(widget) != closed_id
    expect(widget.locator("#login-badge")).to_be_visible()
    expect(widget.locator("#messages [data-sender='system']").filter(has_text="logget inn")).to_be_visible()
    widget.screenshot(path=str(screenshot_dir / "login-after-close-next-chat.png"), full_page=True)


def test_her_own_close_then_logg_ut_hides_it_and_logg_inn_brings_it_back(  # type: ignore[no-untyped-def]
        new_context, login_router: str, screenshot_dir: Path) -> None:  # noqa: F811
    widget = logged_in_and_said(new_context, login_router, "Ola Syntetisk", "Jeg mangler husleiekontrakten")
    mine = widget.locator("#messages [data-sender='user']").filter(has_text="husleiekontrakten")
    expect(mine).to_be_visible()
    widget.click("#close-button")
    widget.click("#close-confirm-button")
    expect(widget.locator("#status")).to_have_text("Samtalen er avsluttet")
    widget.wait_for_timeout(500)
    expect(mine).to_be_visible()
    expect(widget.locator("#messages .message.withheld")).to_have_count(0)

    widget.click("#logout-button")
    expect(widget.locator("#notice")).to_contain_text("også fra ID-porten")
    expect(widget.locator("#messages .message.withheld").first).to_contain_text(PLACEHOLDER)
    assert "husleiekontrakten" not in widget.locator("#messages").inner_text()
    expect(widget.locator("#login-button")).to_be_visible()
    widget.screenshot(path=str(screenshot_dir / "login-after-close-logged-out.png"), full_page=True)
    assert "husleiekontrakten" not in downloaded(widget)

    logs_in(widget, "Ola Syntetisk")
    expect(mine).to_be_visible()
    expect(widget.locator("#messages .message.withheld")).to_have_count(0)
    expect(widget.locator("#status")).to_have_text("Samtalen er avsluttet")
