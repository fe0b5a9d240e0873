"""A logged-in bruker's chat is closed, in Chromium against the local OpenID provider: her still-open page keeps
her words, her case and the veileder's promise (and "Last ned samtalen" saves them) with "Logg ut" beside; after
"Logg ut" placeholders and "Logg inn", which as her reads it again. Beside the buttons, "Husk å logge ut hvis andre
kan bruke denne datamaskinen." with its own "Logg ut"; "Start ny samtale" starts anonymous and ends her login (a
shared PC: a1a288f carried it on, and the next person at the screen chatted as her and was given her case). Before
that, the close turned all of it into "Denne meldingen ble skrevet mens du var innlogget …" with no "Logg inn". A
login as another person on a chat tied to someone says whose it is and offers a new chat, not "Innloggingen
mislyktes. Du kan prøve igjen", which failed every time. A router of its own (login_router)."""

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
# The placeholder on a chat where a login was refused as another person's: no "Logg inn" there to promise.
NOT_HERS = "Denne meldingen vises bare for personen samtalen tilhører."
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


def test_the_veileder_s_besvart_leaves_her_page_readable_and_the_next_person_not_logged_in_as_her(  # type: ignore[no-untyped-def]
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
    # She may leave the screen now: told, where the buttons are, with a "Logg ut" of its own.
    expect(widget.locator("#logout-reminder")).to_contain_text(
        "Husk å logge ut hvis andre kan bruke denne datamaskinen.")
    expect(widget.locator("#logout-reminder-button")).to_have_text("Logg ut")
    widget.screenshot(path=str(screenshot_dir / "login-after-close-besvart.png"), full_page=True)
    transcript = downloaded(widget)
    assert PROMISE in transcript and "Nav Frogner" in transcript and PLACEHOLDER not in transcript

    # She walked away; the next person at this PC presses the big "Start ny samtale" and asks about "søknaden min".
    widget.click("#new-chat-button")
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    assert conversation_id(widget) != closed_id
    expect(widget.locator("#messages [data-sender='system']").filter(
        has_text="Du er ikke innlogget i denne nye samtalen.")).to_be_visible()
    expect(widget.locator("#login-badge")).to_be_hidden()
    expect(widget.locator("#logout-reminder")).to_be_hidden()
    expect(widget.locator("#login-button")).to_be_visible()
    widget.fill("#message-input", "Mangler det noe i søknaden min?")
    widget.keyboard.press("Enter")
    expect(widget.locator("#messages [data-sender='bot']").filter(has_text="logge inn her i chatten")).to_be_visible()
    assert "Nav Frogner" not in widget.locator("#messages").inner_text(), "not Kari's case"
    widget.screenshot(path=str(screenshot_dir / "login-after-close-next-chat.png"), full_page=True)

    # Kari herself, back: "Logg inn" in the new chat, as her, and she stays in it. The answer she was shown when it
    # closed is not given back "to read": that moved the page to the closed chat once the resume call came back.
    next_id = conversation_id(widget)
    logs_in(widget, "Kari Syntetisk")
    widget.wait_for_timeout(1000)  # the page's resume call after the login
    assert conversation_id(widget) == next_id
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    expect(widget.locator("#logout-reminder")).to_be_hidden()


def test_a_login_on_another_person_s_chat_says_whose_it_is_and_offers_a_new_one(  # type: ignore[no-untyped-def]
        new_context, login_router: str, screenshot_dir: Path) -> None:  # noqa: F811
    widget = logged_in_and_said(new_context, login_router, "Kari Syntetisk", "Hei")
    widget.click("#logout-button")
    expect(widget.locator("#notice")).to_contain_text("også fra ID-porten")
    kari_s = conversation_id(widget)

    # The next person at this PC logs in as Nils on Kari's chat: refused every time, so no "Du kan prøve igjen".
    widget.click("#login-button")
    pick_person_at_the_provider(widget, "Nils Syntetisk (skjermet)")
    expect(widget.locator("#notice")).to_contain_text(
        "Denne samtalen tilhører en annen person. Start en ny samtale for å logge inn som deg selv.")
    expect(widget.locator("#notice [data-text='widget_call_or_retry']")).to_be_hidden()
    expect(widget.locator("#retry-button")).to_be_hidden()
    expect(widget.locator("#new-chat-button")).to_be_visible()
    expect(widget.locator("#login-badge")).to_be_hidden()
    # A login cannot help whoever sits here on this chat: no "Logg inn" offered again (it stayed, refused each time).
    expect(widget.locator("#login-button")).to_be_hidden()
    assert "Kari" not in widget.locator("#chat").inner_text(), "nothing says whose chat it is"
    # Nor does a placeholder promise what the page no longer offers ("… Logg inn igjen for å se den."): what is true
    # for whoever sits here, that it is shown only to the person the chat belongs to.
    withheld = widget.locator("#messages .message.withheld [data-testid='message-text']")
    expect(withheld.first).to_be_visible()
    expect(withheld).to_have_text([NOT_HERS] * withheld.count())
    widget.screenshot(path=str(screenshot_dir / "login-another-person-s-chat.png"), full_page=True)
    transcript = downloaded(widget)
    assert NOT_HERS in transcript and "Logg inn igjen" not in transcript

    widget.click("#new-chat-button")
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    assert conversation_id(widget) != kari_s
    expect(widget.locator("#notice")).to_be_hidden()
    logs_in(widget, "Nils Syntetisk (skjermet)")


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
    # An ended chat does not go on: the notice says only that she is logged out, as the chat's own line does (it
    # ended "... Samtalen fortsetter uten innlogging.").
    expect(widget.locator("#notice-text")).to_have_text("Du er logget ut.")
    expect(widget.locator("#messages [data-sender='system'] [data-testid='message-text']").last).to_have_text(
        "Du er logget ut.")
    expect(widget.locator("#messages .message.withheld").first).to_contain_text(PLACEHOLDER)
    assert "husleiekontrakten" not in widget.locator("#messages").inner_text()
    expect(widget.locator("#login-button")).to_be_visible()
    widget.screenshot(path=str(screenshot_dir / "login-after-close-logged-out.png"), full_page=True)
    assert "husleiekontrakten" not in downloaded(widget)

    logs_in(widget, "Ola Syntetisk")
    expect(mine).to_be_visible()
    expect(widget.locator("#messages .message.withheld")).to_have_count(0)
    expect(widget.locator("#status")).to_have_text("Samtalen er avsluttet")
