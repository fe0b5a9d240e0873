"""After "Logg ut" on a shared computer (a NAV office's public PC, a library), the next person holds the same page
and the conversation's token: what was said while the bruker was logged in (her Digisos case from the bot, what
she wrote about herself) reaches them only as placeholders, through the real app and the local OpenID provider.
Logged in again as her, it is back; as another person, never. Staff read everything as before."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from actions.innsyn import case_reply
from router.adapters.language_layer import NorwegianOnlyLanguage
from router.app import Overrides, create_app
from router.config import Settings
from router.ports.bot import BotReply
from router.services import innsyn
from router.texts import fixed_text
from router.web.appkeys import DEPS
from tests.conftest import INTERNAL_TOKEN
from tests.conftest import login as staff_login
from tests.fakes import FakeBot
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, available, local_provider, log_in_at_the_provider
from tests.processes import free_port

pytestmark = pytest.mark.skipif(not available(), reason="scripts/setup.sh installs the local OpenID provider")
PORT = free_port()
BASE = f"http://127.0.0.1:{PORT}"
OLA = "01019012480"  # SYNTETISK
KARI = "15028523472"  # SYNTETISK
PLACEHOLDER = fixed_text("written_while_logged_in", "nb")
# What Kari's case and her own words say (reference/synthetic/innsyn): none of it may reach the next person.
CASE_WORDS = ("mottatt", "Nav Frogner", "4000 kroner", "husleie")


class CaseBot(FakeBot):
    """The fake bot, answering a question about "søknaden" from the logged-in person's case the way the action
    server does (actions/innsyn.py: the router's case facts, worded by case_reply)."""

    deps: Any = None

    async def send(self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[BotReply]:
        if "søknaden" not in text.lower():
            return await super().send(conversation_id, text, metadata)
        result = await innsyn.answer_for_conversation(self.deps, conversation_id, text, who="chatrobot",
                                                      why="brukeren spurte om egen sak")
        reply, buttons, _ = case_reply(result, "nb")
        return [BotReply(text=reply, buttons=tuple(buttons))]


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with local_provider(f"{BASE}/oauth2/callback", f"{BASE}/oauth2/logged-out") as url:
        yield url


@pytest.fixture
async def router(settings: Settings, issuer: str) -> AsyncIterator[TestClient]:
    settings = Settings(**{**settings.__dict__, "oidc_issuer": issuer, "oidc_client_id": CLIENT_ID,
                           "oidc_client_secret": CLIENT_SECRET, "host": "127.0.0.1", "port": PORT,
                           "internal_token": INTERNAL_TOKEN})
    bot = CaseBot()
    app = create_app(settings, Overrides(bot=bot, language=NorwegianOnlyLanguage()))
    client = TestClient(TestServer(app, host="127.0.0.1", port=PORT))
    await client.start_server()
    bot.deps = app[DEPS]
    yield client
    await client.close()


async def log_in(browser: aiohttp.ClientSession, conversation_id: str, auth: dict[str, str], ident: str) -> str:
    """The widget's "Logg inn" and the person's choice at the provider: where the browser lands (?login=...)."""
    started = await browser.post(f"{BASE}/api/conversations/{conversation_id}/login", headers=auth)
    assert started.status == 200, await started.text()
    landed = await log_in_at_the_provider(browser, (await started.json())["url"], ident)
    return landed.url.query.get("login", "")


async def say(browser: aiohttp.ClientSession, conversation_id: str, auth: dict[str, str], text: str,
              client_msg_id: str) -> None:
    """A message from the page, and the bot's answer to it stored."""
    sent = await browser.post(f"{BASE}/api/conversations/{conversation_id}/messages", headers=auth,
                              json={"client_msg_id": client_msg_id, "text": text})
    assert sent.status in (200, 201), await sent.text()
    seq = (await sent.json())["seq"]
    for _ in range(200):
        body = await (await browser.get(f"{BASE}/api/conversations/{conversation_id}/messages", headers=auth)).json()
        if any(m["sender"] == "bot" and m.get("reply_to") == seq for m in body["messages"]):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"no answer to {text!r}")


async def read(session: aiohttp.ClientSession, conversation_id: str, auth: dict[str, str]) -> tuple[str, list[dict]]:
    response = await session.get(f"{BASE}/api/conversations/{conversation_id}/messages", headers=auth)
    assert response.status == 200
    raw = await response.text()
    return raw, (await response.json())["messages"]


async def test_the_next_person_with_the_token_reads_placeholders_and_only_she_reads_them_again(
        router: TestClient) -> None:
    created = await (await router.post("/api/conversations", json={"kommune": "Oslo"})).json()
    conversation_id, auth = created["id"], {"Authorization": f"Bearer {created['token']}"}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        await say(browser, conversation_id, auth, "Hei", "before")
        assert await log_in(browser, conversation_id, auth, KARI) == "ok"
        await say(browser, conversation_id, auth, "Har dere fått søknaden min?", "case")
        await say(browser, conversation_id, auth, "Jeg skylder 4000 kroner i husleie", "own-words")
        raw, logged_in = await read(browser, conversation_id, auth)
        assert "Nav Frogner" in raw and "4000 kroner" in raw, "logged in, she reads her case and her words"
        assert not any(m["withheld"] for m in logged_in)

        out = await browser.post(f"{BASE}/api/conversations/{conversation_id}/logout", headers=auth)
        assert out.status == 200 and (await out.json())["logged_in"] is False

        # The next person: the same page (its token), no login. And the token alone from another browser.
        for reader in (browser, router.session):
            raw, shown = await read(reader, conversation_id, auth)
            assert not any(word in raw for word in CASE_WORDS), raw
            withheld = [m for m in shown if m["withheld"]]
            assert {m["sender"] for m in withheld} == {"user", "bot", "system"}, "whoever wrote it"
            assert all(m["text"] == PLACEHOLDER and m["buttons"] == [] and not m["machine_translated"]
                       for m in withheld)
            visible = [m["text"] for m in shown if not m["withheld"]]
            assert "Hei" in visible and "Bot: Hei" in visible, "what was said before the login stays"
            assert fixed_text("logged_out", "nb") in visible, "told she logged out"
        # Only reading on from a seq: the same rule.
        later = await router.get(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                 params={"after": str(withheld[0]["seq"] - 1)})
        later_text = await later.text()
        assert later.status == 200 and not any(word in later_text for word in CASE_WORDS)

        # Another person logs in on this page: the conversation is Kari's, the login is refused; nothing shown. The
        # widget is told why (?login=another_person: "Denne samtalen tilhører en annen person ..."), not "failed",
        # whose "Du kan prøve igjen" was untrue: it fails every time.
        assert await log_in(browser, conversation_id, auth, OLA) == "another_person"
        raw, _ = await read(browser, conversation_id, auth)
        assert not any(word in raw for word in CASE_WORDS)

        # Kari again: all of it is hers to read.
        assert await log_in(browser, conversation_id, auth, KARI) == "ok"
        raw, again = await read(browser, conversation_id, auth)
        assert "Nav Frogner" in raw and "4000 kroner" in raw and not any(m["withheld"] for m in again)


async def test_staff_read_what_was_said_while_logged_in_after_the_logout(router: TestClient) -> None:
    """The veileder's transcript is unchanged: everything, with the login marked by its history."""
    from router.services import staff

    deps = router.app[DEPS]
    await staff.create_user(deps.uow, username="veileder2", password="passord-veileder2", navn="Veileder To",
                            enhetsnummer="0312", roles=["veileder"], capacity=3)
    created = await (await router.post("/api/conversations", json={"kommune": "Oslo"})).json()
    conversation_id, auth = created["id"], {"Authorization": f"Bearer {created['token']}"}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        assert await log_in(browser, conversation_id, auth, KARI) == "ok"
        await say(browser, conversation_id, auth, "Jeg skylder 4000 kroner i husleie", "own-words")
        handoff = await browser.post(f"{BASE}/api/conversations/{conversation_id}/handoff", headers=auth, json={})
        assert handoff.status in (200, 201), await handoff.text()
        await browser.post(f"{BASE}/api/conversations/{conversation_id}/logout", headers=auth)
    await staff_login(router, "veileder2")  # Nav Frogner, Kari's office
    opened = await router.get(f"/api/staff/conversations/{conversation_id}")
    assert opened.status == 200, await opened.text()
    assert "4000 kroner" in await opened.text()


async def test_the_office_her_address_chose_is_not_named_to_the_next_person(router: TestClient) -> None:
    """helper-120's find: the handoff's answer on a queued chat named the enhet, which after her login is the office
    of her folkeregister address; after "Logg ut" the next holder of the token learned where she is registered.
    The office her register chose is hers to read, as her messages are (messages.readable_by): "NAV" to anyone
    else, in the handoff's answer and in the notices written after the logout; hers again when she logs in."""
    created = await (await router.post("/api/conversations", json={"kommune": "Oslo"})).json()
    conversation_id, auth = created["id"], {"Authorization": f"Bearer {created['token']}"}
    handoff_url = f"/api/conversations/{conversation_id}/handoff"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        assert await log_in(browser, conversation_id, auth, KARI) == "ok"
        queued = await browser.post(f"{BASE}{handoff_url}", headers=auth, json={})
        assert queued.status == 200, await queued.text()
        assert (await queued.json())["enhet"] == {"enhetsnummer": "0312", "navn": "Nav Frogner"}, "hers to read"
        await browser.post(f"{BASE}/api/conversations/{conversation_id}/logout", headers=auth)

        # The next person: the token alone, on this page and from another browser.
        for reader in (browser, router.session):
            again = await reader.post(f"{BASE}{handoff_url}", headers=auth, json={})
            assert again.status == 200
            raw = await again.text()
            assert "Frogner" not in raw and '"0312"' not in raw, raw  # the enhetsnummer as a value, not a timestamp's digits
            assert (await again.json())["enhet"] == {"enhetsnummer": None, "navn": "NAV"}
        # A notice written after the logout ("you are still in the queue at ...") names no office either.
        asked = await router.session.post(f"{BASE}/api/conversations/{conversation_id}/messages", headers=auth, json={
            "client_msg_id": "after", "text": fixed_text("offer_human", "nb"), "payload": "/human_handoff"})
        assert asked.status in (200, 201), await asked.text()
        for _ in range(100):
            raw, shown = await read(router.session, conversation_id, auth)
            after = [m for m in shown if m["sender"] == "system" and m["seq"] > (await asked.json())["seq"]]
            if after:
                break
            await asyncio.sleep(0.02)
        assert after and "Frogner" not in raw, raw

        # Kari again: her office is named to her.
        assert await log_in(browser, conversation_id, auth, KARI) == "ok"
        hers = await browser.post(f"{BASE}{handoff_url}", headers=auth, json={})
        assert (await hers.json())["enhet"] == {"enhetsnummer": "0312", "navn": "Nav Frogner"}
