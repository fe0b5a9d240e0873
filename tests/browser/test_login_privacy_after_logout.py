"""After "Logg ut" on a shared computer, in Chromium against the local OpenID provider: the page shows the next
person placeholders, not what was said while the bruker was logged in (her case, what she wrote about herself), and
"Last ned samtalen" holds the same. A router of its own (login_router), so the persons have no open chats yet. The
persons are SYNTETISKE (reference/synthetic/persons.json)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.test_login import login_router, pick_person_at_the_provider, pytestmark, texts_of

__all__ = ["login_router", "pytestmark"]  # the module's own router (a fixture), and skipped without the provider


PLACEHOLDER = "Denne meldingen ble skrevet mens du var innlogget. Logg inn igjen for å se den."


def said(widget: Page, text: str, answer: str):  # type: ignore[no-untyped-def]
    """The bruker writes ``text``; the bot's answer holding ``answer``, once shown."""
    widget.fill("#message-input", text)
    widget.keyboard.press("Enter")
    reply = widget.locator("#messages [data-sender='bot']").filter(has_text=answer)
    expect(reply).to_be_visible()
    return reply


def kari_logs_in(widget: Page) -> None:
    widget.click("#login-button")
    pick_person_at_the_provider(widget, "Kari Syntetisk")
    expect(widget.locator("#login-badge")).to_be_visible()


def test_after_logout_the_page_shows_placeholders_not_her_case(new_context, login_router: str,  # type: ignore[no-untyped-def]
                                                               screenshot_dir: Path) -> None:
    """A shared computer: Kari logs in, the bot tells her about her case and she writes about herself; she presses
    "Logg ut". The page (back from ID-porten's logout, ?logout=ok) and "Last ned samtalen" show the next person only
    that messages were written while she was logged in; logged in again as Kari, they are hers again."""
    widget = new_context().new_page()
    widget.goto(f"{login_router}/?kommune=030105")
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    said(widget, "Hei", "Bot: Hei")
    kari_logs_in(widget)
    case = said(widget, "Har dere fått søknaden?", "Den er mottatt hos Nav Frogner")
    said(widget, "Jeg skylder 4000 kroner i husleie", "Bot: Jeg skylder")

    widget.click("#logout-button")
    expect(widget.locator("#notice")).to_contain_text("også fra ID-porten")  # back from the provider's logout
    expect(widget).to_have_url(re.compile(rf"^{re.escape(login_router)}/$"))
    expect(widget.locator("#messages [data-sender='system']").filter(has_text="logget ut")).to_be_visible()
    withheld = widget.locator("#messages .message.withheld")
    expect(withheld.first).to_be_visible()
    widget.screenshot(path=str(screenshot_dir / "login-9-after-logout-placeholders.png"), full_page=True)
    shown = widget.locator("#messages").inner_text()
    for word in ("Nav Frogner", "mottatt", "4000 kroner", "husleie"):
        assert word not in shown, f"{word!r} is still on the page after logout"
    assert PLACEHOLDER in shown
    assert {"user", "bot", "system"} <= set(withheld.evaluate_all("nodes => nodes.map(n => n.dataset.sender)"))
    assert "Hei" in texts_of(widget, "user"), "what was said before the login stays"
    with widget.expect_download() as download:
        widget.click("#download-button")
    transcript = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert PLACEHOLDER in transcript and "Nav Frogner" not in transcript and "4000 kroner" not in transcript

    # Kari again, on the same page: hers again.
    kari_logs_in(widget)
    expect(case).to_be_visible()
    expect(widget.locator("#messages .message.withheld")).to_have_count(0)


def test_a_logout_that_stays_on_the_page_replaces_her_case_there(new_context, login_router: str) -> None:  # type: ignore[no-untyped-def]
    """Without the provider's logout (no end-session to go to), the page stays: it reads the log again at once."""
    widget = new_context().new_page()
    widget.goto(f"{login_router}/?kommune=030105")
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    kari_logs_in(widget)
    case = said(widget, "Har dere fått søknaden?", "Den er mottatt hos Nav Frogner")

    def without_the_provider(route) -> None:  # type: ignore[no-untyped-def]
        answer = route.fetch()
        route.fulfill(response=answer, json={**answer.json(), "logout_url": None})

    widget.route(re.compile(r".*/api/conversations/[^/]+/logout$"), without_the_provider)
    widget.click("#logout-button")
    expect(widget.locator("#login-badge")).to_be_hidden()
    expect(case).to_have_count(0)
    expect(widget.locator("#messages .message.withheld").first).to_contain_text(PLACEHOLDER)
    assert "Nav Frogner" not in widget.locator("#messages").inner_text()
