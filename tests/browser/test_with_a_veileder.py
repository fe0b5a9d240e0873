"""The bruker's chat while a veileder has it: the router's old buttons, closing the tab, and what the veileder's
console says when the bruker's page is gone and when it is back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from router.texts import fixed_text
from tests.browser.helpers import bruker_in_queue, conversation_id, log_in, take_conversation

pytestmark = pytest.mark.browser

CONSOLE_USER = ("nks1", "passord-nks1")


def console_of(new_context, router_url: str) -> Page:  # type: ignore[no-untyped-def]
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    console.select_option("#presence", "online")
    return console


def end_chat(console: Page) -> None:
    """The open chat closed, so the console's user has room for the next test's chats (capacity counts open ones)."""
    console.select_option("#close-outcome", "besvart")
    console.click("#close-conversation-button")
    expect(console.locator("#action-message")).to_contain_text("avsluttet")


LEAVE_QUEUE = "#messages button.quick-reply[data-payload='router:back_to_bot']"


def test_the_routers_old_buttons_are_disabled_and_look_it_once_a_veileder_has_the_chat(
        new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """A user probe: "Tilbake til chatroboten" on the queue notice stayed pressable beside the veileder, and
    pressing it sent its title to the veileder. The bot's stale suggestions stay in sight, disabled and looking it;
    the queue's own "Tilbake til chatroboten (du går ut av køen)" is not shown at all (leaving is "Avslutt")."""
    widget = bruker_in_queue(new_context(), router_url, "Jeg trenger hjelp med husleia")
    leave = widget.locator(LEAVE_QUEUE).last
    suggestion = widget.locator("#messages button.quick-reply[data-payload='/human_handoff']").last
    expect(leave).to_be_visible()
    if widget.locator("#status").get_attribute("data-state") == "QUEUED":
        expect(leave).to_be_enabled()
    enabled_colour = leave.evaluate("b => getComputedStyle(b).color")
    console = console_of(new_context, router_url)
    take_conversation(console, conversation_id(widget))
    expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
    expect(leave).to_be_disabled()
    expect(leave).to_be_hidden()
    expect(suggestion).to_be_disabled()
    style = suggestion.evaluate("b => { const s = getComputedStyle(b); return [s.color, s.borderTopStyle, s.cursor]; }")
    assert style[0] != enabled_colour and style[1:] == ["dashed", "not-allowed"], style
    suggestion.hover()
    assert suggestion.evaluate("b => getComputedStyle(b).borderTopStyle") == "dashed", "the same on hover"
    widget.screenshot(path=str(screenshot_dir / "widget-old-buttons-disabled.png"))
    # After a reload too: the notice is drawn again without it.
    widget.reload()
    expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
    expect(widget.locator(LEAVE_QUEUE).last).to_be_disabled()
    expect(widget.locator(LEAVE_QUEUE).last).to_be_hidden()
    end_chat(console)


def test_a_transfer_notice_offers_no_way_back_to_the_bot_once_a_veileder_has_the_chat(
        new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """A user probe: the notice that the chat was sent on to Nav Frogner kept its "Tilbake til chatroboten (du går
    ut av køen)" after a veileder there had taken the chat."""
    widget = new_context(viewport={"width": 320, "height": 568}).new_page()
    widget.goto(f"{router_url}/?kommune=030102")
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    widget.fill("#message-input", "Jeg trenger hjelp med strømregningen")
    widget.keyboard.press("Enter")
    expect(widget.locator("#messages [data-sender='bot']").last).to_contain_text("Bot: Jeg trenger hjelp")
    widget.click("#handoff-button")
    expect(widget.locator("#status")).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    conv_id = conversation_id(widget)
    console = console_of(new_context, router_url)
    # Frakoblet at Nav Frogner, so nothing waiting there is given to them behind the test's back; they take it.
    colleague = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(colleague, router_url, "/veileder", ("veileder2", "passord-veileder2"))
    try:
        take_conversation(console, conv_id)
        console.fill("#reply-input", "Hei, jeg ser på saken din.")
        console.keyboard.press("Enter")
        expect(widget.locator("#messages [data-sender='veileder']").last).to_contain_text("jeg ser på saken din")
        console.fill("#transfer-enhet", "0312")
        expect(console.locator("#transfer-veileder-status")).to_contain_text("Nav Frogner (0312)")
        console.fill("#transfer-note", "Bor på Frogner nå")
        console.click("#transfer-button")
        done = console.locator("#action-message, #app-error").filter(has_text="overført til Nav Frogner (0312)")
        expect(done.first).to_be_visible()
        notice = widget.locator("#messages [data-sender='system']").filter(
            has_text=re.compile("(sendt videre|flyttet) til Nav Frogner"))
        expect(notice).to_have_count(1)
        expect(widget.locator("#status")).to_have_attribute("data-state", "QUEUED")
        expect(notice.locator(LEAVE_QUEUE.removeprefix("#messages "))).to_be_enabled()  # while it waits: yes
        take_conversation(colleague, conv_id)
        expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
        expect(notice.locator(".quick-replies")).to_be_hidden()
        expect(widget.locator(LEAVE_QUEUE).filter(visible=True)).to_have_count(0)
        widget.screenshot(path=str(screenshot_dir / "widget-transfer-notice-with-a-veileder.png"))
        colleague.fill("#reply-input", "Hei, jeg tar over her.")
        colleague.keyboard.press("Enter")
        expect(widget.locator("#messages [data-sender='veileder']").last).to_contain_text("jeg tar over her")
        widget.reload()
        expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
        expect(notice).to_have_count(1)
        # Read back, each veileder's words under their own name (probe 162: all got the current veileder's).
        expect(widget.locator("#messages [data-sender='veileder'] .who")).to_have_text(
            ["Nks1, veileder i NAV", "Veileder2, veileder i NAV"])
        expect(widget.locator(LEAVE_QUEUE).filter(visible=True)).to_have_count(0)
        # Leaving the veileder is "Avslutt".
        expect(widget.locator("#close-button")).to_be_visible()
    finally:
        widget.click("#close-button")
        widget.click("#close-confirm-button")


def test_closing_the_tab_asks_first_only_while_a_veileder_has_the_chat(
        browser: Browser, new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    """A user probe: the widget gave no warning before the tab closed during a running veileder chat. (A context
    of its own: new_context's pages answer every question themselves.)"""
    context = browser.new_context(locale="nb-NO")
    context.set_default_timeout(10_000)
    asked: list[str] = []
    try:
        bot_chat = context.new_page()
        bot_chat.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
        bot_chat.goto(f"{router_url}/")
        bot_chat.fill("#message-input", "Hei")
        bot_chat.keyboard.press("Enter")
        expect(bot_chat.locator("#messages [data-sender='bot']").last).to_contain_text("Bot: Hei")
        with bot_chat.expect_event("close"):
            bot_chat.close(run_before_unload=True)
        assert asked == [], "a bot chat closes without asking"

        widget = bruker_in_queue(context, router_url, "Jeg trenger hjelp med strømregningen")
        widget.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
        console = console_of(new_context, router_url)
        take_conversation(console, conversation_id(widget))
        expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
        widget.close(run_before_unload=True)
        widget.wait_for_timeout(500)
        assert asked == ["beforeunload"]
        assert not widget.is_closed(), "the bruker chose to stay"
        widget.fill("#message-input", "Jeg er her fortsatt")
        widget.keyboard.press("Enter")
        expect(console.locator("#transcript [data-sender='user'] [data-testid='message-text']").last).to_have_text(
            "Jeg er her fortsatt")
        end_chat(console)
    finally:
        context.close()


def test_the_console_says_when_the_brukers_page_is_gone_and_when_it_is_back(
        new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """A user probe: the veileder was never told that the bruker had closed the chat, and kept writing to nobody.
    A reload says nothing; a closed tab is said in the chat (the router's grace period is 3 s here, 60 s in
    service), with the outcome to close it with; the bruker opening the chat again is said too."""
    context = new_context()
    widget = bruker_in_queue(context, router_url, "Jeg lurer på noe om søknaden")
    conv_id = conversation_id(widget)
    console = console_of(new_context, router_url)
    take_conversation(console, conv_id)
    expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
    presence = console.locator("#bruker-presence")
    widget.reload()  # no question asked: Playwright's reload runs no beforeunload
    expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
    console.wait_for_timeout(4_500)
    expect(presence).to_be_hidden()

    stored = widget.evaluate("sessionStorage.getItem('navchat.conversation')")
    widget.close()  # the tab is gone
    expect(presence).to_be_visible(timeout=10_000)
    # Since when her page was last seen (probe 107 s4), not when the router's grace period ran out.
    expect(presence).to_contain_text(re.compile(r"^Brukeren har ikke vært tilkoblet siden (.* kl\. )?\d\d[:.]\d\d "
                                                r"\(lukket chatten eller mistet forbindelsen\)"))
    expect(presence).to_contain_text("Brukeren forlot samtalen")
    expect(console.locator("#close-outcome")).to_have_value("bruker_forlot")
    gone_tag = console.locator(f"#inbox [data-conversation-id='{conv_id}'] [data-testid='bruker-gone']")
    expect(gone_tag).to_have_text("Brukeren har gått")
    expect(console.locator("#transcript [data-testid='transcript-event'][data-kind='bruker_left']")).to_have_text(
        re_text("Brukeren har lukket chatten eller mistet forbindelsen"))
    console.screenshot(path=str(screenshot_dir / "console-bruker-gone.png"))

    # A console opened later says the same.
    console.reload()
    expect(console.locator("#app")).to_be_visible()
    take_conversation(console, conv_id)
    expect(presence).to_contain_text("Brukeren har ikke vært tilkoblet siden")

    # The bruker opens the chat again (the same browser's stored chat, as a restored tab has it).
    again = context.new_page()
    # Before the page's own script runs (it would open a new chat and store that one).
    again.add_init_script(f"sessionStorage.setItem('navchat.conversation', {json.dumps(stored)})")
    again.goto(f"{router_url}/")
    expect(again.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
    expect(presence).to_have_text("Brukeren er tilbake i chatten.")
    expect(gone_tag).to_have_count(0)
    expect(console.locator("#transcript [data-testid='transcript-event'][data-kind='bruker_back']")).to_have_count(1)
    end_chat(console)


def re_text(words: str):  # type: ignore[no-untyped-def]
    return re.compile(re.escape(words))


def test_the_console_says_at_once_that_the_bruker_ended_the_chat(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    """A user probe: when the bruker ended the chat, the router stored no message and the transcript did not say
    who ended it."""
    widget = bruker_in_queue(new_context(), router_url, "Jeg har et spørsmål om husleie")
    console = console_of(new_context, router_url)
    take_conversation(console, conversation_id(widget))
    expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
    widget.click("#close-button")
    widget.click("#close-confirm-button")
    expect(widget.locator("#messages [data-sender='system'] [data-testid='message-text']").last).to_have_text(
        "Du har avsluttet samtalen. Takk for at du tok kontakt med NAV.")
    transcript = console.locator("#transcript")
    expect(transcript.locator("[data-testid='transcript-event'][data-kind='close']")).to_contain_text(
        "Avsluttet av brukeren")
    expect(transcript.locator("[data-sender='system'] [data-testid='message-text']").last).to_have_text(
        "Du har avsluttet samtalen. Takk for at du tok kontakt med NAV.")
    expect(console.locator("#reply-form")).to_be_hidden()


def test_the_console_names_a_notice_to_the_bruker_as_such_not_as_the_veileders_words(
        new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """A user probe: the console labelled the router's notices to the bruker "System", so "Du har avsluttet
    samtalen" (the bruker's own close, told to the bruker) could read as if the veileder had ended it."""
    widget = bruker_in_queue(new_context(), router_url, "Jeg lurer på noe om bostøtte")
    console = console_of(new_context, router_url)
    take_conversation(console, conversation_id(widget))
    console.fill("#reply-input", "Hei, jeg ser på det.")
    console.keyboard.press("Enter")
    transcript = console.locator("#transcript")
    expect(transcript.locator("[data-sender='veileder'] [data-testid='message-text']").last).to_have_text(
        "Hei, jeg ser på det.")
    widget.click("#close-button")
    widget.click("#close-confirm-button")
    notice = transcript.locator("[data-sender='system']").filter(has_text="Du har avsluttet samtalen").last
    expect(notice.locator(".sender")).to_have_text("Varsel til brukeren")
    expect(transcript.locator("[data-sender='veileder'] .sender").last).to_have_text("Veileder")
    # Every notice in the transcript (the queue notice, "a veileder has joined") carries the same name.
    labels = set(transcript.locator("[data-sender='system'] .sender").all_inner_texts())
    assert labels == {"Varsel til brukeren"}, labels
    notice.scroll_into_view_if_needed()
    console.screenshot(path=str(screenshot_dir / "console-notice-to-the-bruker.png"))


def test_a_norwegian_reply_to_an_english_bruker_is_warned_of_and_the_bruker_is_told(
        new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    """Probe 70: Kari's Norwegian reached an English-writing bruker with no word, and the console had only hinted
    "svar på engelsk". The first Send of a Norwegian draft warns instead of sending; Send again sends it, and the
    bruker reads, in English, that the adviser writes Norwegian. An English reply goes at once."""
    widget = bruker_in_queue(new_context(), router_url, "Hello, I need help paying my rent this month")
    console = console_of(new_context, router_url)
    take_conversation(console, conversation_id(widget))
    transcript = console.locator("#transcript [data-sender='veileder'] [data-testid='message-text']")
    console.fill("#reply-input", "Hi! I can help you with the rent.")
    console.keyboard.press("Enter")
    expect(transcript.last).to_have_text("Hi! I can help you with the rent.")
    expect(console.locator("#reply-message")).to_be_hidden()
    norwegian = "Har du fått en faktura fra utleier?"
    console.fill("#reply-input", norwegian)
    console.keyboard.press("Enter")
    # Under the reply's Send button, where she looks after pressing it (fab15e4).
    warning = console.locator("#reply-message")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("brukeren skriver engelsk, og svaret oversettes ikke")
    expect(transcript).to_have_count(1)
    expect(console.locator("#reply-input")).to_have_value(norwegian)
    console.keyboard.press("Enter")
    expect(transcript).to_have_count(2)
    expect(transcript.last).to_have_text(norwegian)
    bruker_sees = widget.locator("#messages [data-sender='system'] [data-testid='message-text']").last
    # NAV's phone as it can be called now (the router runs on the real clock): its hours, or when it opens.
    phone_closed = re.escape(fixed_text("veileder_reply_norwegian_phone_closed", "en", opens="OPENS"))
    expect(bruker_sees).to_have_text(re.compile(
        rf"^(?:{re.escape(fixed_text('veileder_reply_norwegian', 'en'))}|{phone_closed.replace('OPENS', '.+')})$"))
    end_chat(console)
