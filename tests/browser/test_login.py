"""Login with ID-porten in Chromium against the local OpenID provider (oidc-provider, scripts/oidc_provider):
start anonymous, log in from the widget or on the veileder's request in the middle of the conversation, continue,
ask about one's own case, log out. The persons are SYNTETISKE (reference/synthetic/persons.json)."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import PROJECT_ROOT, _wait_until_up
from tests.browser.helpers import conversation_id, log_in
from tests.oidc_provider import CLIENT_ID, available, local_provider
from tests.processes import free_port

pytestmark = pytest.mark.skipif(not available(), reason="scripts/setup.sh installs the local OpenID provider")
VEILEDER1 = ("veileder1", "passord-veileder1")  # Nav Grünerløkka (0315)
PROVIDER_ISSUER: dict[str, str] = {}  # the router's URL: its local provider's issuer


@pytest.fixture(scope="module")
def login_router(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A router with login on, beside a fresh local provider that knows its callback."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with local_provider(f"{url}/oauth2/callback", f"{url}/oauth2/logged-out") as issuer:
        database = tmp_path_factory.mktemp("login-router") / "router.db"
        log = (tmp_path_factory.getbasetemp() / "login-router.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.browser.serve_router", "--port", str(port), "--database", str(database),
             "--oidc-issuer", issuer], cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(url, process)
            PROVIDER_ISSUER[url] = issuer
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)
            log.close()


def provider_authorization_without_prompt(widget: Page, login_router: str) -> Page:
    """An authorization request to the provider the widget logged in at, as another service on ID-porten's single
    sign-on sends it: no prompt=login. The page, in the same browser (its cookies), after the provider answered."""
    issuer = PROVIDER_ISSUER[login_router]
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    page = widget.context.new_page()
    page.goto(f"{issuer}/auth?client_id={CLIENT_ID}&response_type=code&scope=openid&state=next&nonce=n"
              f"&redirect_uri={login_router}/oauth2/callback&code_challenge={challenge}&code_challenge_method=S256")
    return page


def texts_of(widget: Page, sender: str) -> list[str]:
    return widget.locator(f"#messages [data-sender='{sender}'] [data-testid='message-text']").all_inner_texts()


def pick_person_at_the_provider(page: Page, name: str) -> None:
    expect(page.get_by_text("SYNTETISKE")).to_be_visible()
    page.get_by_role("button", name=name).click()


def kari_s_veileder_answers(new_context, login_router: str, conversation: str, answer: str) -> Page:  # type: ignore[no-untyped-def]
    """veileder2 at Nav Frogner, Kari's office, goes online, opens the conversation the router gives them on going
    online (taking it from the queue as well would race that) and answers; the console page."""
    console = new_context().new_page()
    log_in(console, login_router, "/veileder", ("veileder2", "passord-veileder2"))
    console.select_option("#presence", "online")
    mine = console.locator(f"#inbox [data-conversation-id='{conversation}']")
    expect(mine).to_be_visible(timeout=15_000)
    mine.get_by_role("button", name="Åpne").click()
    expect(console.locator("#reply-form")).to_be_visible()
    console.fill("#reply-input", answer)
    console.keyboard.press("Enter")
    expect(console.locator("[data-testid='transcript-message']").last).to_contain_text(answer[-12:])
    return console


def test_log_in_from_the_widget_ask_about_the_case_and_log_out(new_context, login_router: str,  # type: ignore[no-untyped-def]
                                                               screenshot_dir: Path) -> None:
    widget = new_context().new_page()
    widget.goto(f"{login_router}/?kommune=030102")
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    expect(widget.locator("#login-button")).to_be_visible()
    widget.fill("#message-input", "Har dere fått søknaden min?")
    widget.keyboard.press("Enter")
    # Anonymous: told they can log in (with the button), then the bot's own general answer.
    offer = widget.locator("#messages [data-sender='bot']").filter(has_text="logge inn her i chatten")
    expect(offer).to_be_visible()
    expect(offer.get_by_role("button", name="Logg inn")).to_be_visible()
    widget.screenshot(path=str(screenshot_dir / "login-1-anonymous-offer.png"), full_page=True)
    before = conversation_id(widget)

    widget.click("#login-button")
    expect(widget).to_have_url(re.compile(r"/interaction/"))
    widget.screenshot(path=str(screenshot_dir / "login-2-provider.png"), full_page=True)
    pick_person_at_the_provider(widget, "Kari Syntetisk")

    expect(widget).to_have_url(re.compile(rf"^{re.escape(login_router)}/$"))  # ?login=ok is cleaned away
    expect(widget.locator("#login-badge")).to_be_visible()
    assert conversation_id(widget) == before, "the same conversation goes on"
    expect(widget.locator("#messages [data-sender='system']").filter(has_text="logget inn")).to_be_visible()
    assert "Har dere fått søknaden min?" in texts_of(widget, "user"), "what was said before login is still there"
    # That question is answered now from her case, without her asking again (router/domain/asked_before_login.py).
    received = widget.locator("#messages [data-sender='bot']").filter(has_text="Den er mottatt hos Nav Frogner")
    expect(received).to_have_count(1)
    storage = widget.evaluate("JSON.stringify({...sessionStorage, ...localStorage}) + document.cookie")
    assert "15028523472" not in storage and "navchat_login" not in storage, "nothing of the person in the page"
    # A stale "Logg inn" (a page that had not heard of the login yet) meets 409: not told the login failed.
    widget.evaluate("() => { const b = document.querySelector('#login-button'); b.hidden = false; b.disabled = false; }")
    with widget.expect_response(lambda r: r.url.endswith("/login")) as refused, \
            widget.expect_response(lambda r: "/messages?after=" in r.url):
        widget.click("#login-button")
    assert refused.value.status == 409
    expect(widget.locator("#notice")).to_be_hidden()
    expect(widget.locator("#login-badge")).to_be_visible()

    widget.fill("#message-input", "Mangler det noe i søknaden min?")
    widget.keyboard.press("Enter")
    facts = widget.locator("#messages [data-sender='bot']").filter(has_text="ikke bedt deg om flere dokumenter")
    expect(facts).to_be_visible()
    widget.fill("#message-input", "Har dere fått søknaden?")
    widget.keyboard.press("Enter")
    expect(received).to_have_count(2)
    widget.screenshot(path=str(screenshot_dir / "login-3-case-answers.png"), full_page=True)

    logout_answers: list[str] = []

    def keep_the_answer(route) -> None:  # type: ignore[no-untyped-def]
        answer = route.fetch()
        logout_answers.append(answer.text())
        route.fulfill(response=answer)

    widget.route(re.compile(r".*/api/conversations/[^/]+/logout$"), keep_the_answer)
    widget.click("#logout-button")
    # Off to ID-porten's (the local provider's) logout and back to the same conversation, without login.
    expect(widget.locator("#notice")).to_contain_text("også fra ID-porten")
    expect(widget).to_have_url(re.compile(rf"^{re.escape(login_router)}/$"))  # ?logout=ok is cleaned away
    expect(widget.locator("#login-badge")).to_be_hidden()
    expect(widget.locator("#login-button")).to_be_visible()
    expect(widget.locator("#messages [data-sender='system']").filter(has_text="logget ut")).to_be_visible()
    assert conversation_id(widget) == before, "the same conversation goes on, without login"
    assert logout_answers and "id_token" not in logout_answers[0] and "eyJ" not in logout_answers[0], \
        "the ID token (with the pid) never reaches the page"
    widget.screenshot(path=str(screenshot_dir / "login-3b-logged-out-of-id-porten.png"), full_page=True)

    # The next person at this computer: another service asks ID-porten without prompt=login and is asked who
    # logs in, not let in as Kari (before the fix the provider answered with a code for her at once).
    next_person = provider_authorization_without_prompt(widget, login_router)
    expect(next_person).to_have_url(re.compile(r"/interaction/"))
    pick_person_at_the_provider(next_person, "Ola Syntetisk")


def asked_to_log_in_by_the_veileder(new_context, login_router: str, console: Page,  # type: ignore[no-untyped-def]
                                    words: str) -> tuple[Page, str, Locator]:
    """A bruker at Grünerløkka who asked for a person and wrote ``words``, her chat given to the console's veileder
    (online), who opened it and pressed «Be brukeren logge inn». The widget, the chat's id, its card in the console."""
    widget = new_context().new_page()
    widget.goto(f"{login_router}/?kommune=030102")
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    widget.click("#handoff-button")
    expect(widget.locator("#status")).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    widget.fill("#message-input", words)
    widget.keyboard.press("Enter")
    expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED", timeout=15_000)
    conv_id = conversation_id(widget)
    mine = console.locator(f"#inbox [data-conversation-id='{conv_id}']")
    expect(mine).to_be_visible(timeout=15_000)
    mine.get_by_role("button", name="Åpne").click()
    expect(console.locator("#request-login-button")).to_be_visible()
    console.click("#request-login-button")
    return widget, conv_id, mine


def test_the_veileder_asks_the_bruker_to_log_in_mid_conversation(new_context, login_router: str,  # type: ignore[no-untyped-def]
                                                                 screenshot_dir: Path) -> None:
    console = new_context().new_page()
    log_in(console, login_router, "/veileder", VEILEDER1)
    console.select_option("#presence", "online")

    widget, conv_id, mine = asked_to_log_in_by_the_veileder(new_context, login_router, console, "Jeg bor på Grünerløkka")

    request = widget.locator("#messages [data-sender='system']").filter(has_text="ber deg logge inn")
    expect(request).to_be_visible()
    widget.screenshot(path=str(screenshot_dir / "login-4-veileder-asks.png"), full_page=True)
    request.get_by_role("button", name="Logg inn").click()
    pick_person_at_the_provider(widget, "Ola Syntetisk")

    expect(widget.locator("#login-badge")).to_be_visible()
    assert conversation_id(widget) == conv_id
    expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")

    # The veileder sees the tie and the bruker's own case beside the conversation, and the two go on talking.
    expect(console.locator("#conv-facts")).to_contain_text("ja, siden", timeout=15_000)
    expect(console.locator("#action-message")).to_have_text("Brukeren har logget inn.")  # not "fått en knapp"
    expect(console.locator("#case-facts")).to_contain_text("Husleiekontrakt")
    # And who she is, to look her up or call her back (probe 162: "Innlogget: ja", and nothing of who).
    expect(console.locator("#person-facts")).to_contain_text("Ola Syntetisk")
    expect(console.locator("#person-facts")).to_contain_text("010190 12480")
    console.fill("#reply-input", "Takk! Jeg ser at vi venter på husleiekontrakten din.")
    console.keyboard.press("Enter")
    expect(widget.locator("#messages [data-sender='veileder']").last).to_contain_text("husleiekontrakten")
    widget.fill("#message-input", "Den sender jeg i dag.")
    widget.keyboard.press("Enter")
    expect(console.locator("[data-testid='transcript-message']").last).to_contain_text("Den sender jeg i dag.")
    widget.screenshot(path=str(screenshot_dir / "login-5-continued.png"), full_page=True)
    console.screenshot(path=str(screenshot_dir / "login-6-console-case.png"), full_page=True)


def test_a_login_that_places_the_bruker_at_another_office_leaves_the_chat_with_the_veileder_who_asked(  # type: ignore[no-untyped-def]
        new_context, login_router: str, screenshot_dir: Path) -> None:
    """Probe 162: asked to log in by her veileder at Nav Grünerløkka, a bruker registered at Frogner was moved to Nav
    Frogner, where nobody was logged in, and the veileder lost the chat ("Den er ikke lenger din")."""
    console = new_context().new_page()
    log_in(console, login_router, "/veileder", VEILEDER1)
    console.select_option("#presence", "online")
    widget, _, mine = asked_to_log_in_by_the_veileder(new_context, login_router, console, "Jeg får ikke betalt husleien")
    widget.locator("#messages [data-sender='system']").filter(has_text="ber deg logge inn").get_by_role(
        "button", name="Logg inn").click()
    pick_person_at_the_provider(widget, "Kari Syntetisk")
    expect(widget.locator("#login-badge")).to_be_visible()
    expect(console.locator("#conv-facts")).to_contain_text("ja, siden", timeout=15_000)
    expect(console.locator("#person-facts")).to_contain_text("Kari Test Syntetisk")
    expect(mine).to_be_visible()
    expect(console.locator("#app-error")).to_be_hidden()
    expect(widget.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
    expect(widget.locator("#messages [data-sender='system']").filter(has_text="flyttet")).to_have_count(0)
    console.fill("#reply-input", "Takk, nå ser jeg saken din.")
    console.keyboard.press("Enter")
    expect(widget.locator("#messages [data-sender='veileder']").last).to_contain_text("nå ser jeg saken din")
    console.screenshot(path=str(screenshot_dir / "login-kept-by-veileder-console.png"), full_page=True)
    # She ends it herself, having read the answer: no open or unread chat of Kari's is left for the next test's login.
    widget.click("#close-button")
    widget.click("#close-confirm-button")
    expect(mine).to_have_count(0)


def test_a_logged_in_bruker_who_closed_the_tab_finds_the_conversation_and_the_answer_after_logging_in_again(  # type: ignore[no-untyped-def]
        new_context, login_router: str, screenshot_dir: Path) -> None:
    """Saturday: Kari logs in, asks for a veileder, writes and closes the tab. Monday a veileder answers. She opens
    the chat in another browser and logs in: the old conversation with the answer, not a new one with a greeting."""
    first = new_context().new_page()
    first.goto(f"{login_router}/")
    expect(first.locator("#status")).to_have_text("Du chatter med chatroboten")
    first.click("#login-button")
    pick_person_at_the_provider(first, "Kari Syntetisk")
    expect(first.locator("#login-badge")).to_be_visible()
    first.click("#handoff-button")
    expect(first.locator("#status")).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    first.fill("#message-input", "Kan noen ringe meg om søknaden?")
    first.keyboard.press("Enter")
    expect(first.locator("#messages [data-sender='user']").last).to_contain_text("ringe meg")
    waiting_id = conversation_id(first)
    first.close()

    console = kari_s_veileder_answers(new_context, login_router, waiting_id,
                                      "Hei Kari, jeg ringer deg i dag før klokken 12.")

    again = new_context().new_page()
    again.goto(f"{login_router}/")
    expect(again.locator("#status")).to_have_text("Du chatter med chatroboten")
    assert conversation_id(again) != waiting_id, "a new browser starts a new chat, as before"
    again.click("#login-button")
    pick_person_at_the_provider(again, "Kari Syntetisk")

    expect(again.locator("#messages [data-sender='veileder']").last).to_contain_text("før klokken 12")
    assert conversation_id(again) == waiting_id, "the waiting conversation came back, not a new one"
    expect(again.locator("#status")).to_have_attribute("data-state", "ASSIGNED")
    expect(again.locator("#login-badge")).to_be_visible()
    assert "Kan noen ringe meg om søknaden?" in texts_of(again, "user")
    again.screenshot(path=str(screenshot_dir / "login-7-resumed-in-another-browser.png"), full_page=True)
    again.fill("#message-input", "Takk, det passer fint.")
    again.keyboard.press("Enter")
    expect(console.locator("[data-testid='transcript-message']").last).to_contain_text("det passer fint")


def test_another_person_logging_in_does_not_get_it(new_context, login_router: str) -> None:  # type: ignore[no-untyped-def]
    # Sven (kode 6) and Fatima: Kari's and Ola's conversations of the tests above are still open on this router.
    first = new_context().new_page()
    first.goto(f"{login_router}/")
    first.click("#login-button")
    pick_person_at_the_provider(first, "Sven Syntetisk (kode 6)")
    expect(first.locator("#login-badge")).to_be_visible()
    first.click("#handoff-button")
    expect(first.locator("#status")).to_have_attribute("data-state", re.compile("QUEUED|ASSIGNED"))
    svens = conversation_id(first)
    first.close()

    other = new_context().new_page()
    other.goto(f"{login_router}/")
    expect(other.locator("#status")).to_have_text("Du chatter med chatroboten")
    mine = conversation_id(other)
    other.click("#login-button")
    pick_person_at_the_provider(other, "Fatima Syntetisk (kode 7)")
    expect(other.locator("#login-badge")).to_be_visible()
    expect(other.locator("#status")).to_have_attribute("data-state", "BOT")
    assert conversation_id(other) == mine != svens


def test_a_bruker_not_logged_in_is_told_the_answer_comes_in_this_tab_and_that_a_login_keeps_it(  # type: ignore[no-untyped-def]
        new_context, login_router: str, screenshot_dir: Path) -> None:
    """The probe: "Du kan legge igjen meldingen din her", and the answer went to a tab nobody could open again."""
    widget = new_context().new_page()
    widget.goto(f"{login_router}/?kommune=030105")  # Frogner: nobody there to answer at once
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    widget.click("#handoff-button")
    expect(widget.locator("#status")).to_have_attribute("data-state", "QUEUED")
    # In staffed hours also "Svaret kommer her i chatten, så la denne fanen være åpen."; for an answer on a later day
    # (this router's real clock, outside them) the login alone (tests/unit/test_texts_honest_promises.py).
    found_again = "Logger du inn før du lukker fanen, finner du samtalen igjen senere."
    notice = widget.locator("#messages [data-sender='system']").filter(has_text=found_again)
    expect(notice).to_contain_text(found_again)
    widget.screenshot(path=str(screenshot_dir / "login-8-anonymous-wait-keep-the-tab.png"), full_page=True)

