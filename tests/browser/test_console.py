"""The veileder console with a bruker in a second browser context: queue, take, transcript, live reply,
back to the bot, close."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import bruker_in_queue, conversation_id, log_in, take_conversation

pytestmark = pytest.mark.browser

# Routing is not final: an admin sees every enhet's queue, so the queued conversation is visible to them.
CONSOLE_USER = ("admin1", "passord-admin1")


def test_login_take_reply_back_to_bot_and_close(new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    bruker = new_context()
    widget = bruker_in_queue(bruker, router_url, "Jeg har ikke penger til mat")
    conv_id = conversation_id(widget)

    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    errors: list[str] = []
    console.on("pageerror", lambda error: errors.append(str(error)))

    # A wrong password gives a clear message and no session.
    console.goto(f"{router_url}/veileder")
    console.fill("#username", CONSOLE_USER[0])
    console.fill("#password", "feil-passord")
    console.click("#login-button")
    expect(console.locator("#login-error")).to_have_text("Feil brukernavn eller passord.")

    log_in(console, router_url, "/veileder", CONSOLE_USER)
    console.select_option("#presence", "offline")  # nothing is assigned to us automatically yet

    item = console.locator(f"#queue [data-conversation-id='{conv_id}']")
    expect(item).to_be_visible()
    expect(item).to_contain_text("Venter")
    console.screenshot(path=str(screenshot_dir / "console-queue.png"))

    with console.expect_response(lambda r: r.url.endswith("/api/staff/presence")) as presence:
        console.select_option("#presence", "online")
    assert presence.value.ok
    assert presence.value.request.headers.get("x-csrf-token")
    take_conversation(console, conv_id)
    expect(console.locator("#conversation-body")).to_be_visible()
    expect(console.locator(f"#queue [data-conversation-id='{conv_id}']")).to_have_count(0)

    # The whole bot transcript, with the predicted intent beside the bruker's message.
    transcript = console.locator("#transcript")
    expect(transcript.locator("[data-sender='user'] [data-testid='message-text']").first).to_have_text(
        "Jeg har ikke penger til mat"
    )
    expect(transcript.locator("[data-sender='bot'] [data-testid='message-text']")).to_contain_text(
        ["Bot: Jeg har ikke penger til mat"]
    )
    expect(transcript.locator("[data-sender='user'] [data-testid='intent']").first).to_contain_text(
        "Intensjon:"
    )
    expect(console.locator("#conv-facts")).to_contain_text("bruker ba om")

    # The bruker is told a veileder took over.
    expect(widget.locator("#status")).to_have_text("Du chatter med en veileder")

    # Typing shows on the bruker's side while the veileder writes.
    console.locator("#reply-input").press_sequentially("Hei! Jeg ser ", delay=20)
    expect(widget.locator("#typing-indicator")).to_be_visible()
    console.locator("#reply-input").press_sequentially("på saken din nå.")
    console.screenshot(path=str(screenshot_dir / "console-conversation.png"))
    console.keyboard.press("Enter")
    expect(transcript.locator("[data-sender='veileder'] [data-testid='message-text']").last).to_have_text(
        "Hei! Jeg ser på saken din nå."
    )
    # ... and the bruker sees it live, from the veileder.
    veileder_message = widget.locator("#messages [data-sender='veileder']").last
    expect(veileder_message.locator("[data-testid='message-text']")).to_have_text(
        "Hei! Jeg ser på saken din nå."
    )
    expect(veileder_message.locator(".who")).to_contain_text("veileder")
    expect(widget.locator("#typing-indicator")).to_be_hidden()
    # The widget's read receipt reaches the veileder.
    expect(transcript.locator("[data-sender='veileder'] [data-testid='read']").last).to_have_text("✓ Lest")

    # The bruker types: the veileder sees it; then the answer arrives live, not sent to the bot.
    widget.locator("#message-input").press_sequentially("Takk, ", delay=20)
    expect(console.locator("#user-typing")).to_be_visible()
    widget.fill("#message-input", "Takk, jeg venter.")
    widget.keyboard.press("Enter")
    expect(transcript.locator("[data-sender='user'] [data-testid='message-text']").last).to_have_text(
        "Takk, jeg venter."
    )
    expect(console.locator("#user-typing")).to_be_hidden()
    widget.screenshot(path=str(screenshot_dir / "widget-with-veileder.png"))

    # Back to the bot: the bruker's status follows and the bot answers again.
    console.click("#back-to-bot-button")
    expect(console.locator("#action-message")).to_contain_text("tilbake til chatroboten")
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    expect(widget.locator("#handoff-button")).to_be_enabled()
    widget.fill("#message-input", "Hei igjen robot")
    widget.keyboard.press("Enter")
    expect(widget.locator("#messages [data-sender='bot'] [data-testid='message-text']").last).to_have_text(
        "Bot: Hei igjen robot"
    )

    # Ask again, take again, close with an outcome.
    widget.click("#handoff-button")
    expect(widget.locator("#status")).to_have_attribute("data-state", "QUEUED")
    take_conversation(console, conv_id)
    console.select_option("#close-outcome", "besvart")
    console.click("#close-conversation-button")
    expect(console.locator("#action-message")).to_contain_text("avsluttet")
    expect(console.locator(f"#inbox [data-conversation-id='{conv_id}']")).to_have_count(0)
    expect(widget.locator("#status")).to_have_text("Samtalen er avsluttet")
    expect(widget.locator("#message-input")).to_be_disabled()
    expect(widget.locator("#new-chat-button")).to_be_visible()
    console.screenshot(path=str(screenshot_dir / "console-closed.png"))
    assert errors == []


def test_markup_from_the_bruker_is_text_in_the_console(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    widget = bruker_in_queue(new_context(), router_url, hostile)
    conv_id = conversation_id(widget)
    console = new_context().new_page()
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    item = console.locator(f"#queue [data-conversation-id='{conv_id}']")
    item.get_by_role("button", name="Vis").click()
    expect(
        console.locator("#transcript [data-sender='user'] [data-testid='message-text']").first
    ).to_have_text(hostile)
    assert console.locator("#transcript img, #transcript script").count() == 0
    assert console.evaluate("window.__pwned") is None
    expect(console.locator("#take-area")).to_be_visible()
    expect(console.locator("#reply-form")).to_be_hidden()
    # Tidy up so later tests see a short queue.
    console.click("#take-selected-button")
    expect(console.locator("#reply-form")).to_be_visible()
    console.click("#close-conversation-button")
    expect(console.locator("#action-message")).to_contain_text(re.compile("avsluttet"))


def mocked_conversation() -> dict[str, object]:
    conversation = {
        "id": "mock-0001-uk",
        "state": "QUEUED",
        "language": "uk",
        "kommune": "0301",
        "tema": "KOM",
        "enhetsnummer": "0315",
        "priority": "emergency",
        "veileder_id": None,
        "handoff_reason": "nødhjelp: mangler penger til mat",
        "bot_summary": {"behov": "mat", "barn": "2"},
        "bot_slots": {"kommune": "Oslo", "language": "nb"},
        "needs_interpreter": True,
        "interpreter_language": "uk",
        "queued_at": "2026-11-22T03:40:00+00:00",
        "assigned_at": None,
        "sla_deadline": "2026-11-22T04:10:00+00:00",
    }
    messages = [
        {
            "seq": 1,
            "sender": "user",
            "text": "Jeg har ikke penger til mat til barna.",
            "original_text": "У мене немає грошей на їжу для дітей.",
            "original_language": "uk",
            "user_text": None,
            "user_language": None,
            "machine_translated": True,
            "intent": "nodhjelp",
            "intent_confidence": 0.87,
            "author_id": None,
            "buttons": [],
            "created_at": "2026-11-22T03:39:00+00:00",
        },
        {
            "seq": 2,
            "sender": "bot",
            "text": "Jeg setter deg i kontakt med en veileder nå.",
            "original_text": None,
            "original_language": "nb",
            "user_text": "Я з'єдную вас із консультантом зараз.",
            "user_language": "uk",
            "machine_translated": True,
            "intent": None,
            "intent_confidence": None,
            "author_id": None,
            "buttons": [],
            "created_at": "2026-11-22T03:39:30+00:00",
        },
    ]
    return {"conversation": conversation, "messages": messages, "events": []}


def test_emergency_tolk_and_translation_are_shown(new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    detail = mocked_conversation()
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    console.route(
        "**/api/staff/queue",
        lambda route: route.fulfill(json={"conversations": [detail["conversation"]]}),
    )
    console.route("**/api/staff/conversations/mock-0001-uk", lambda route: route.fulfill(json=detail))
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    item = console.locator("#queue [data-conversation-id='mock-0001-uk']")
    expect(item).to_have_class(re.compile("emergency"))
    expect(item.locator("[data-testid='priority-emergency']")).to_have_text("Nødhjelp")
    expect(item.locator("[data-testid='tolk']")).to_have_text("Tolk (ukrainsk)")
    item.get_by_role("button", name="Vis").click()
    user = console.locator("#transcript [data-sender='user']")
    expect(user.locator("[data-testid='message-text']")).to_have_text(
        "Jeg har ikke penger til mat til barna."
    )
    expect(user.locator("[data-testid='original-text']")).to_contain_text("У мене немає грошей")
    expect(user.locator("[data-testid='intent']")).to_have_text("Intensjon: nodhjelp (87 %)")
    expect(console.locator("#transcript [data-sender='bot'] [data-testid='user-text']")).to_contain_text(
        "Я з'єдную"
    )
    expect(console.locator("#bot-summary")).to_contain_text("behov")
    expect(console.locator("#conv-facts")).to_contain_text("nødhjelp: mangler penger til mat")
    console.screenshot(path=str(screenshot_dir / "console-translated.png"))


def test_transfer_to_another_enhet(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    widget = bruker_in_queue(new_context(), router_url, "Jeg har flyttet til Frogner")
    conv_id = conversation_id(widget)
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    console.select_option("#presence", "online")
    take_conversation(console, conv_id)
    expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
    console.fill("#transfer-enhet", "03")
    console.click("#transfer-button")
    expect(console.locator("#action-message")).to_contain_text("fire siffer")
    console.fill("#transfer-enhet", "0312")
    console.fill("#transfer-note", "Bor nå på Frogner")
    console.click("#transfer-button")
    done = console.locator("#action-message, #app-error").filter(has_text="overført til enhet 0312")
    expect(done.first).to_be_visible()
    expect(console.locator(f"#inbox [data-conversation-id='{conv_id}']")).to_have_count(0)
    expect(widget.locator("#status")).to_have_attribute("data-state", "QUEUED")
