"""The veileder console for a veileder who does not see the screen (an accessibility probe, WCAG 2.1 AA): what a
screen reader is told on its own (live regions), where the keyboard focus goes, and what a key press does."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import bruker_in_queue, conversation_id, log_in, take_conversation

pytestmark = pytest.mark.browser

CONSOLE_USER = ("nks1", "passord-nks1")

# Every text a live region (role=log/status/alert, aria-live) gets, as a screen reader would be told it: what is
# added inside a region that was already in the page. A region put into the page whole is not announced.
LIVE_LOGGER = r"""
(() => {
  window.__said = [];
  const live = (node) => {
    for (let e = node; e && e.nodeType === 1; e = e.parentElement) {
      const politeness = e.getAttribute("aria-live");
      if (politeness === "off") return null;
      if (politeness || ["log", "status", "alert"].includes(e.getAttribute("role"))) return e;
    }
    return null;
  };
  const hidden = (node) => {
    for (let e = node.nodeType === 1 ? node : node.parentElement; e; e = e.parentElement) {
      if (e.hidden || e.getAttribute("aria-hidden") === "true") return true;
    }
    return false;
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      const region = live(m.target.nodeType === 1 ? m.target : m.target.parentElement);
      if (!region || region.getAttribute("aria-busy") === "true") continue;
      let text = "";
      if (m.type === "childList") for (const a of m.addedNodes) if (!hidden(a)) text += ` ${a.textContent || ""}`;
      else if (m.type === "characterData") text = m.target.textContent;
      text = text.replace(/\s+/g, " ").trim();
      if (text) window.__said.push({ region: region.id, text });
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();
"""


def said(page: Page, clear: bool = True) -> list[dict[str, str]]:
    found = page.evaluate("window.__said || []")
    if clear:
        page.evaluate("window.__said = []")
    return found


def console_page(new_context, router_url: str, presence: str = "online") -> Page:  # type: ignore[no-untyped-def]
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    console.add_init_script(LIVE_LOGGER)
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    with console.expect_response(lambda r: r.url.endswith("/api/staff/presence")):
        console.select_option("#presence", presence)
    return console


def go_offline(console: Page) -> None:
    """Hands this user's chats back (the next test finds nks1 with room)."""
    with console.expect_response(lambda r: r.url.endswith("/api/staff/presence")):
        console.select_option("#presence", "offline")


def test_a_reply_template_goes_in_only_on_sett_inn_or_enter_never_on_an_arrow_key(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """A probe's first ArrowDown on "Mal" put the greeting in the reply and moved the focus there; each later one
    added it again (WCAG 3.2.2)."""
    conv_id = conversation_id(bruker_in_queue(new_context(), router_url, "Jeg trenger hjelp med husleia"))
    console = console_page(new_context, router_url)
    take_conversation(console, conv_id)
    select, reply = console.locator("#template-select"), console.locator("#reply-input")
    select.focus()
    console.keyboard.press("ArrowDown")
    console.keyboard.press("ArrowDown")
    expect(select).to_be_focused()
    expect(reply).to_have_value("")
    chosen = select.evaluate("s => s.selectedOptions[0].text")
    assert chosen != "Velg en svarmal …", "the arrow keys moved through the list"
    console.screenshot(path=str(screenshot_dir / "console-template-arrow-keys.png"))
    console.get_by_role("button", name="Sett inn").click()
    expect(reply).to_be_focused()
    first = reply.input_value()
    assert first.strip(), "Sett inn put the template in"
    expect(select).to_have_value("")
    # Enter on the list is the keyboard's own way to choose.
    select.focus()
    console.keyboard.press("ArrowDown")
    expect(reply).to_have_value(first)
    console.keyboard.press("Enter")
    expect(reply).to_be_focused()
    assert reply.input_value().startswith(first) and len(reply.input_value()) > len(first)
    reply.fill("")
    go_offline(console)


def test_after_a_transfer_the_focus_is_on_the_veileders_own_chats(  # type: ignore[no-untyped-def]
        new_context, router_url: str) -> None:
    """After "Overfør" the chat panel is gone; the focus went to <body> (the heading it was sent to could take no
    focus), and a keyboard user started again from the top of the page (WCAG 2.4.3)."""
    conv_id = conversation_id(bruker_in_queue(new_context(), router_url, "Jeg har flyttet til Frogner"))
    console = console_page(new_context, router_url)
    take_conversation(console, conv_id)
    console.fill("#transfer-enhet", "0312")
    console.locator("#transfer-button").focus()
    console.keyboard.press("Enter")
    expect(console.locator("#app-error")).to_contain_text("overført til Nav Frogner (0312)")
    expect(console.locator("#inbox-title")).to_be_focused()
    go_offline(console)
