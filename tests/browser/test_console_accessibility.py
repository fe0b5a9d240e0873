"""The veileder console for a veileder who does not see the screen (an accessibility probe, WCAG 2.1 AA): what a
screen reader is told on its own (live regions), where the keyboard focus goes, and what a key press does."""

from __future__ import annotations

import re
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


def _as_staff(page: Page, path: str, body: dict[str, object]) -> None:
    """A POST by the staff user logged in on ``page``, through the API."""
    page.evaluate(
        """async ([path, body]) => {
          const me = await (await fetch("/api/staff/me")).json();
          const answer = await fetch(path, { method: "POST", body: JSON.stringify(body),
            headers: { "Content-Type": "application/json", "X-CSRF-Token": me.csrf_token } });
          if (!answer.ok) throw new Error(await answer.text());
        }""",
        [path, body],
    )


def wait_until_said(page: Page, text: str) -> None:
    page.wait_for_function("text => (window.__said || []).some((s) => s.text.includes(text))", arg=text,
                           timeout=15_000)


def test_a_chat_in_the_queue_one_assigned_and_a_bruker_writing_elsewhere_are_said_once(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """A probe's blind veileder was never told that a chat was assigned to her, nor that a bruker wrote in a chat
    she had not opened; a new chat in the queue changed only the tab's title (WCAG 4.1.3)."""
    console = console_page(new_context, router_url, presence="offline")  # nothing assigned to it yet
    said(console)
    widget = bruker_in_queue(new_context(), router_url, "Jeg trenger hjelp med strømregningen")
    conv_id, short = conversation_id(widget), conversation_id(widget)[:8]
    wait_until_said(console, "1 ny samtale i køen")
    # A colleague takes it, and then gives it to this veileder by name.
    colleague = new_context().new_page()
    log_in(colleague, router_url, "/veileder", ("veileder1", "passord-veileder1"))
    _as_staff(colleague, f"/api/staff/conversations/{conv_id}/take", {})
    with console.expect_response(lambda r: r.url.endswith("/api/staff/presence")):
        console.select_option("#presence", "online")
    _as_staff(colleague, f"/api/staff/conversations/{conv_id}/transfer",
              {"to_enhetsnummer": "4100", "to_veileder": "nks1", "note": "Kontaktsenteret tar denne"})
    wait_until_said(console, f"Ny samtale tildelt deg: Samtale {short}")
    expect(console.locator(f"#inbox [data-conversation-id='{conv_id}']")).to_be_visible()
    # The bruker writes twice in the chat this veileder has not opened: told once, and the title says it.
    for text in ("Er det noen der?", "Hallo?"):
        widget.fill("#message-input", text)
        widget.keyboard.press("Enter")
    wait_until_said(console, f"Ny melding fra bruker i samtale {short}")
    # (The queue may hold chats earlier tests left in other enheter's queues: the kontaktsenter sees them all.)
    expect(console).to_have_title(re.compile(r"^\(1 ny melding, mine: 1(, kø: \d+)?\) Chat – veileder$"))
    # The lists read again (and their waits redrawn) tell nothing more.
    for _ in range(2):
        with console.expect_response(lambda r: r.url.endswith("/api/staff/queue"), timeout=15_000):
            pass
    told = [s["text"] for s in said(console) if s["region"] == "console-announcer"]
    assert told == ["1 ny samtale i køen.", f"Ny samtale tildelt deg: Samtale {short}, kø: "
                    + told[1].split(", kø: ")[-1], f"Ny melding fra bruker i samtale {short}."], told
    console.screenshot(path=str(screenshot_dir / "console-announced.png"))
    console.locator(f"#inbox [data-conversation-id='{conv_id}']").get_by_role("button", name="Åpne").click()
    expect(console).to_have_title(re.compile(r"^\(mine: 1(, kø: \d+)?\) Chat – veileder$"))
    go_offline(console)


def test_opening_taking_and_closing_a_chat_reads_out_only_what_is_new(  # type: ignore[no-untyped-def]
        new_context, router_url: str) -> None:
    """The transcript is a live log: rebuilt whole on each take, opening and close, a probe's screen reader read the
    whole history again each time (twice on a close)."""
    question = "Jeg trenger hjelp med husleia i desember"
    conv_id = conversation_id(bruker_in_queue(new_context(), router_url, question))
    console = console_page(new_context, router_url, presence="offline")
    item = console.locator(f"#queue [data-conversation-id='{conv_id}']")
    item.get_by_role("button", name="Vis").click()
    transcript = console.locator("#transcript")
    expect(transcript.locator("[data-sender='user'] [data-testid='message-text']").first).to_have_text(question)
    console.wait_for_timeout(300)
    assert [s for s in said(console) if s["region"] == "transcript"] == [], "opening a chat read its history"

    console.locator("#take-selected-button").click()
    expect(console.locator("#reply-form")).to_be_visible()
    expect(transcript.locator("[data-testid='transcript-message']").last).to_contain_text("har tatt over")
    console.wait_for_timeout(500)
    taken = [s["text"] for s in said(console) if s["region"] == "transcript"]
    assert taken and not any(question in text for text in taken), taken
    assert any("har tatt over" in text for text in taken), taken
    assert len(taken) == len(set(taken)), taken

    console.click("#close-conversation-button")
    expect(console.locator("#action-message")).to_contain_text("Samtalen er avsluttet")
    console.wait_for_timeout(1000)  # the state push after the close reads the chat once more
    closed = [s["text"] for s in said(console) if s["region"] == "transcript"]
    assert closed and not any(question in text or "har tatt over" in text for text in closed), closed
    assert len(closed) == len(set(closed)), closed
    # What is shown is the whole chat, in order, each entry once.
    entries = transcript.locator("li").all_text_contents()
    assert len(entries) == len(set(entries)), entries
    assert question in entries[0] or question in " ".join(entries[:3]), entries
    go_offline(console)


@pytest.mark.parametrize("path", ["/veileder", "/kontaktsenter"])
def test_the_staff_session_warns_before_it_ends_and_a_button_keeps_it(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path, path: str) -> None:
    """A probe's veileder was logged out after the idle limit with no warning (WCAG 2.2.1). The router says when the
    session ends unless used (GET /api/staff/me, session_ends_in_s); here the page's own reads of it are told 150 s
    are left, until a read of the person's own ("Fortsett å være pålogget"), which the router counts as activity."""
    state = {"left": 150, "armed": False}
    own_reads: list[str] = []

    def me(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.headers.get("x-navchat-background") != "1":
            if state["armed"]:
                own_reads.append(route.request.url)
                state["left"] = 1800
            route.continue_()
            return
        answer = route.fetch()
        route.fulfill(response=answer, json={**answer.json(), "session_ends_in_s": state["left"]})

    page = new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.route("**/api/staff/me", me)
    log_in(page, router_url, path, CONSOLE_USER)
    state["armed"] = True
    warning = page.get_by_role("dialog", name="Du blir snart logget ut")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Du blir logget ut kl.")
    expect(warning).to_contain_text("(om 3 minutter)")
    keep = warning.get_by_role("button", name="Fortsett å være pålogget")
    expect(keep).to_be_focused()
    page.screenshot(path=str(screenshot_dir / f"idle-warning-{path.strip('/')}.png"))
    with page.expect_request(lambda r: r.url.endswith("/api/staff/me")
                             and r.headers.get("x-navchat-background") != "1"):
        page.keyboard.press("Enter")
    expect(warning).to_be_hidden()
    assert own_reads, "the button made a request of the person's own"
    expect(page.locator("#app")).to_be_visible()


def test_a_session_that_cannot_be_extended_says_so_once(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    """An innlogging lasts at most a working day: near its end "Fortsett å være pålogget" moves nothing, and the
    warning must not come back after each press. Here every read, the person's own too, says 150 s are left."""

    def me(route) -> None:  # type: ignore[no-untyped-def]
        answer = route.fetch()
        route.fulfill(response=answer, json={**answer.json(), "session_ends_in_s": 150})

    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    console.route("**/api/staff/me", me)
    log_in(console, router_url, "/veileder", CONSOLE_USER)
    warning = console.get_by_role("dialog", name="Du blir snart logget ut")
    warning.get_by_role("button", name="Fortsett å være pålogget").click()
    expect(warning).to_contain_text("Innloggingen kan ikke forlenges mer.")
    ok = warning.get_by_role("button", name="OK")
    expect(ok).to_be_focused()
    console.keyboard.press("Enter")
    expect(warning).to_be_hidden()
    # The page's next looks (every 15 s while the end is near) do not warn again.
    with console.expect_request(lambda r: r.url.endswith("/api/staff/me")
                                and r.headers.get("x-navchat-background") == "1", timeout=20_000):
        pass
    console.wait_for_timeout(300)
    expect(warning).to_be_hidden()
