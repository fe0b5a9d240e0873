"""Every phone number the bot and the router's notices give is a tel: link in the widget (a probe on a phone could
tap only 55 55 33 33: 116 117, 112 and 113 were plain text); amounts, dates, postnumre, kontonumre and masked words
are not."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_widget import open_widget

pytestmark = pytest.mark.browser


def links_in(message: object) -> list[tuple[str, str]]:
    pairs = message.locator("a.phone").evaluate_all(  # type: ignore[attr-defined]
        "(links) => links.map((a) => [a.textContent, a.getAttribute('href')])")
    return [(text, href) for text, href in pairs]


def last_text(page: Page, sender: str, containing: str) -> object:
    message = page.locator(f"#messages [data-sender='{sender}'] [data-testid='message-text']",
                           has_text=containing).last
    expect(message).to_be_visible()
    return message


def test_every_phone_number_in_a_notice_is_a_link_and_nothing_else_is(page: Page, router_url: str,
                                                                      screenshot_dir: Path) -> None:
    open_widget(page, router_url)
    # An acute need: the router's emergency numbers (open or closed, as the day is: 116 117, 112, 113 both ways).
    page.fill("#message-input", "Jeg har ikke mat i dag")
    page.keyboard.press("Enter")
    emergency = last_text(page, "system", "116 117")
    links = dict(links_in(emergency))
    assert {links.get("116 117"), links.get("112"), links.get("113")} == {"tel:116117", "tel:112", "tel:113"}, links
    assert all(href.startswith("tel:") for href in links.values())
    page.screenshot(path=str(screenshot_dir / "widget-emergency-numbers.png"))

    # Thoughts of suicide: the 24-hour helplines, an eight-digit one among them.
    page.fill("#message-input", "jeg vil ta livet mitt")
    page.keyboard.press("Enter")
    helplines = last_text(page, "system", "116 123")
    assert links_in(helplines) == [("113", "tel:113"), ("116 123", "tel:116123"), ("22 40 00 40", "tel:+4722400040")]
    helplines.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "widget-helpline-numbers.png"))

    # The stand-in bot says back what it got: amounts, a date, a postnummer, a masked kontonummer and phone number,
    # numbers joined to words. None is a link; the bruker's own message has no links at all.
    said = ("Jeg fikk 10 000 kroner og 112 kroner, NOK 113 og 2 500 kr 5. desember 2026 til 0150 Oslo; "
            "konto 1234 56 78903, ring meg på 912 34 567, rom A113, 1.112 og 110 %")
    page.fill("#message-input", said)
    page.keyboard.press("Enter")
    echoed = last_text(page, "bot", "10 000 kroner")
    expect(echoed).to_contain_text("[kontonummer]")
    assert links_in(echoed) == [], echoed.inner_text()  # type: ignore[attr-defined]
    assert links_in(page.locator("#messages [data-sender='user'] [data-testid='message-text']").last) == []
    # NAV's own number stays a link, as before.
    expect(page.locator("#composer-help a.phone")).to_have_attribute("href", "tel:+4755553333")
    page.screenshot(path=str(screenshot_dir / "widget-numbers-not-links.png"))
    assert page.js_errors == []  # type: ignore[attr-defined]


def web_links_in(message: object) -> list[tuple[str, str, str | None]]:
    triples = message.locator("a.web-address").evaluate_all(  # type: ignore[attr-defined]
        "(links) => links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target')])")
    return [(text, href, target) for text, href, target in triples]


def test_web_addresses_from_the_bot_and_staff_are_links_and_the_brukers_own_are_not(
        page: Page, router_url: str, screenshot_dir: Path) -> None:
    """Probe 157: a veileder's https://www.nav.no/sosialhjelp/soknad, and the bot's "nav.no/sosialhjelp", had to be
    copied by hand on a phone. A full stop after an address ends the sentence; another site's name written bare is
    no link (only nav.no's own is, as NAV's texts write it)."""
    open_widget(page, router_url)
    said = ("Søk her: https://www.nav.no/sosialhjelp/soknad. Les mer på nav.no/sosialhjelp, "
            "ikke på skatteetaten.no eller minnav.no.")
    page.fill("#message-input", said)
    page.keyboard.press("Enter")
    echoed = last_text(page, "bot", "Søk her")  # the stand-in bot says back what it got
    assert web_links_in(echoed) == [
        ("https://www.nav.no/sosialhjelp/soknad", "https://www.nav.no/sosialhjelp/soknad", "_blank"),
        ("nav.no/sosialhjelp", "https://nav.no/sosialhjelp", "_blank"),
    ], echoed.inner_text()  # type: ignore[attr-defined]
    expect(echoed.locator("a.web-address").first).to_have_attribute("rel", "noopener noreferrer")
    expect(echoed).to_contain_text(said)  # the words are all there, in order
    own = page.locator("#messages [data-sender='user'] [data-testid='message-text']").last
    assert web_links_in(own) == []
    page.screenshot(path=str(screenshot_dir / "widget-web-addresses.png"))
    assert page.js_errors == []  # type: ignore[attr-defined]
