"""Steps the browser tests share: a bruker waiting in the queue, a staff login, the fonts a text was drawn with."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from functools import cache

from fontTools.ttLib import TTFont
from playwright.sync_api import BrowserContext, Page, expect

from router.texts import fixed_text


def queued_status() -> re.Pattern[str]:
    """The widget's status while she waits (bokmål), as the browser suite's router on the real clock says it: waiting
    for a veileder while the chat is staffed, or in the queue while it is not (tests/browser/test_widget_unstaffed.py
    pins the clock to test each)."""
    return re.compile("|".join(re.escape(fixed_text(key, "nb"))
                               for key in ("widget_status_queued", "widget_status_queued_unstaffed")))


def bruker_in_queue(context: BrowserContext, router_url: str, question: str, kommune: str = "030102") -> Page:
    """A bruker of ``kommune`` (a bydel: Grünerløkka, Nav 0315, unless told) asked the bot, then for a human."""
    widget = context.new_page()
    widget.goto(f"{router_url}/?kommune={kommune}")
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


def end_own_chats(console: Page, keep: str) -> None:
    """End every chat in the console user's «Mine samtaler» but ``keep`` (the browser tests share one router, and a
    test before may have left chats with her): her capacity is free for the chat the test gives her."""
    expect(console.locator(f"#queue [data-conversation-id='{keep}'], #inbox [data-conversation-id='{keep}']").first) \
        .to_be_visible(timeout=15_000)  # the lists are read
    others = console.locator(f"#inbox [data-conversation-id]:not([data-conversation-id='{keep}'])")
    for _ in range(10):
        if not others.count():
            return
        other = str(others.first.get_attribute("data-conversation-id"))
        others.first.get_by_role("button", name="Åpne").click()
        console.select_option("#close-outcome", index=0)
        console.click("#close-conversation-button")
        expect(console.locator(f"#inbox [data-conversation-id='{other}']")).to_have_count(0)


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


def letters_drawn_without_their_font(page: Page, selector: str) -> dict[str, str]:
    """Per element matching ``selector``: the letters of its text that no font Chromium drew it with has, i.e. the
    ones shown as empty boxes. Chromium reports the fonts it used (CSS.getPlatformFontsForNode); fontconfig names
    their files and fontTools reads which characters each file has."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
    texts = page.locator(selector).all_text_contents()  # document order, as querySelectorAll
    missing: dict[str, str] = {}
    for node, text in zip(nodes, texts, strict=True):
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        drawable = set().union(*(_characters_of(f["postScriptName"]) for f in fonts if f["glyphCount"]))
        letters = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LM" and ord(ch) not in drawable)
        if letters:
            missing[text] = letters
    cdp.detach()
    return missing


@cache
def _characters_of(postscript_name: str) -> frozenset[int]:
    """The code points a font has, found by its PostScript name through fontconfig."""
    path = subprocess.run(["fc-list", f":postscriptname={postscript_name}", "file"], capture_output=True,
                          text=True, check=True).stdout.split(":")[0].strip()
    if not path:
        return frozenset()
    with TTFont(path, fontNumber=0, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})
