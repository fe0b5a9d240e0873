"""The probe's Ola, logged in at the local OpenID provider, asks the router's case endpoint about the application:
every answer says what the office has asked for, with the deadline and how to send it, in the conversation's
language (the embedded synthetic registers, reference/synthetic)."""

from __future__ import annotations

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from router.ports.registers import RegisterUnavailable
from router.web.appkeys import DEPS
from tests.integration.web.test_login_flow import OLA, ROUTER_PORT, issuer, login_settings, router  # noqa: F401
from tests.oidc_provider import available, log_in_at_the_provider

pytestmark = pytest.mark.skipif(not available(), reason="scripts/setup.sh installs the local OpenID provider")

QUESTIONS = ("har dere fått søknaden min?", "hvilket kontor har søknaden min?", "når kommer pengene?",
             "når får jeg svar?", "hvordan går det med saken?", "mangler det noe?")
MUST = {"nb": ("Husleiekontrakt", "frist 1. desember 2026", "ettersende", "«Dine søknader» på nav.no"),
        "nn": ("Husleiekontrakt", "frist 1. desember 2026", "ettersende", "«Dine søknader» på nav.no"),
        "en": ("Husleiekontrakt", "deadline 1 December 2026", "send them later", "«Dine søknader» on nav.no")}


async def test_every_case_answer_says_the_documents_asked_for(router: TestClient) -> None:  # noqa: F811
    created = await (await router.post("/api/conversations", json={"kommune": "Oslo"})).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    base = f"http://127.0.0.1:{ROUTER_PORT}/api/conversations/{created['id']}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        url = (await (await browser.post(f"{base}/login", headers=auth)).json())["url"]
        assert (await log_in_at_the_provider(browser, url, OLA)).url.query.get("login") == "ok"
        received = await browser.get(f"{base}/case", params={"question": "har dere fått søknaden min?"}, headers=auth)
        texts = (await received.json())["texts"]
        assert received.status == 200 and texts[0] == (
            "Ja, vi har fått søknaden din 2. november 2026. Den er under behandling hos Nav Grünerløkka.")
        assert texts[1].startswith("Kontoret venter også på dokumenter fra deg: Husleiekontrakt, frist 1. desember "
                                   "2026"), texts
        for language in ("nb", "nn", "en"):
            async with router.app[DEPS].uow() as uow:  # the language the bruker chose in the widget
                conversation = await uow.conversations.get(created["id"])
                assert conversation is not None
                conversation.language = language
            for question in QUESTIONS:
                case = await browser.get(f"{base}/case", params={"question": question}, headers=auth)
                answer = await case.json()
                text = " ".join(answer["texts"])
                assert case.status == 200 and answer["language"] == language, answer
                assert all(words in text for words in MUST[language]), (language, question, text)
                assert OLA not in text


async def test_innsyn_down_is_a_503_with_a_reason_not_a_500(router: TestClient,  # noqa: F811
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """An e2e run's first case question found the register down: the router answered 500 (an unhandled
    RegisterUnavailable). Now a 503 saying so, which the bot takes as "no case facts" (its general answer)."""
    created = await (await router.post("/api/conversations", json={"kommune": "Oslo"})).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    base = f"http://127.0.0.1:{ROUTER_PORT}/api/conversations/{created['id']}"

    async def down(ident: str) -> list[dict[str, object]]:
        raise RegisterUnavailable("innsyn answered nonsense")

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        url = (await (await browser.post(f"{base}/login", headers=auth)).json())["url"]
        assert (await log_in_at_the_provider(browser, url, OLA)).url.query.get("login") == "ok"
        person = router.app[DEPS].person
        assert person is not None
        monkeypatch.setattr(person.innsyn, "soknader", down)
        answered = await browser.get(f"{base}/case", params={"question": "har dere fått søknaden min?"}, headers=auth)
        assert answered.status == 503, await answered.text()
        assert "innsyn" in (await answered.json())["error"]
