"""A logged-in bruker's chat closed by the veileder as "Besvart", through the real app and the local OpenID provider:
her page (its token and the browser's login cookie) still reads her words, her case and the veileder's promise
until "Logg ut"; then placeholders, and "Logg inn" on that page, as her alone, reads it again. "Start ny samtale"
from the page starts an anonymous chat and ends her login (a shared PC). Before, the close ended the login: all of
it turned into "Denne meldingen ble skrevet mens du var innlogget …", the login was refused on the closed chat; then
a1a288f carried the login on into the next chat, to whoever pressed the button."""

from __future__ import annotations

import aiohttp
from aiohttp.test_utils import TestClient

from router.services import staff
from router.services.innsyn import anonymous_hint
from router.texts import fixed_text
from router.web.appkeys import DEPS
from tests.conftest import login as staff_login
from tests.integration.web.test_login_messages_after_logout import (  # noqa: F401 (fixtures)
    BASE,
    KARI,
    OLA,
    PLACEHOLDER,
    issuer,
    log_in,
    read,
    router,
    say,
)

PROMISE = "Vi mangler husleiekontrakt og kontoutskrift. Svar innen 14 dager. Referanse: sak 4711"
HERS = ("mottatt", "Nav Frogner", "4711", "søknaden min")


async def answered_and_closed_by_the_veileder(router: TestClient, browser: aiohttp.ClientSession,  # noqa: F811
                                              conversation_id: str, auth: dict[str, str]) -> None:
    await staff.create_user(router.app[DEPS].uow, username="veileder2", password="passord-veileder2",
                            navn="Veileder To", enhetsnummer="0312", roles=["veileder"], capacity=3)
    queued = await browser.post(f"{BASE}/api/conversations/{conversation_id}/handoff", headers=auth, json={})
    assert queued.status == 200, await queued.text()
    csrf = await staff_login(router, "veileder2")  # Nav Frogner, Kari's office
    assert (await router.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    replied = await router.post(f"/api/staff/conversations/{conversation_id}/messages", headers=csrf,
                                json={"text": PROMISE, "client_msg_id": "promise"})
    assert replied.status in (200, 201), await replied.text()
    closed = await router.post(f"/api/staff/conversations/{conversation_id}/close", headers=csrf,
                               json={"outcome": "besvart"})
    assert closed.status == 200, await closed.text()


async def test_her_page_reads_the_closed_chat_until_logg_ut_and_again_after_logg_inn(
        router: TestClient) -> None:  # noqa: F811
    created = await (await router.post("/api/conversations", json={"kommune": "Oslo"})).json()
    conversation_id, auth = created["id"], {"Authorization": f"Bearer {created['token']}"}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        assert await log_in(browser, conversation_id, auth, KARI) == "ok"
        await say(browser, conversation_id, auth, "Har dere fått søknaden min?", "case")
        await answered_and_closed_by_the_veileder(router, browser, conversation_id, auth)

        response = await browser.get(f"{BASE}/api/conversations/{conversation_id}/messages", headers=auth)
        body = await response.json()
        text = " ".join(m["text"] for m in body["messages"])
        assert body["conversation"]["state"] == "CLOSED" and body["conversation"]["logged_in"] is True
        assert all(word in text for word in HERS), text
        assert not any(m["withheld"] for m in body["messages"]), "nothing on her page is a placeholder"

        out = await browser.post(f"{BASE}/api/conversations/{conversation_id}/logout", headers=auth)
        assert out.status == 200 and (await out.json())["logout_url"], "Logg ut works on the closed chat"
        for reader in (browser, router.session):  # the next person at this page; the token elsewhere
            raw, shown = await read(reader, conversation_id, auth)
            text = " ".join(m["text"] for m in shown)
            # "sak 4711", not "4711": a timestamp's microseconds may hold those digits (a CI run's did).
            assert not any(word in text for word in HERS) and "sak 4711" not in raw, text
            assert PLACEHOLDER in [m["text"] for m in shown]

        assert await log_in(browser, conversation_id, auth, OLA) == "another_person", "another person never reads it"
        assert await log_in(browser, conversation_id, auth, KARI) == "ok", "Logg inn igjen for å se den"
        _, again = await read(browser, conversation_id, auth)
        text = " ".join(m["text"] for m in again)
        assert all(word in text for word in HERS) and not any(m["withheld"] for m in again)
        still_closed = await browser.post(f"{BASE}/api/conversations/{conversation_id}/messages", headers=auth,
                                          json={"client_msg_id": "late", "text": "Hei igjen"})
        assert still_closed.status == 409, "read-only"


async def test_start_ny_samtale_from_the_closed_chat_is_anonymous_and_ends_her_login(
        router: TestClient) -> None:  # noqa: F811
    created = await (await router.post("/api/conversations", json={"kommune": "Oslo"})).json()
    old_id, old_auth = created["id"], {"Authorization": f"Bearer {created['token']}"}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        assert await log_in(browser, old_id, old_auth, KARI) == "ok"
        await say(browser, old_id, old_auth, "Har dere fått søknaden min?", "case")
        await answered_and_closed_by_the_veileder(router, browser, old_id, old_auth)

        # Without this browser's login cookie (another browser with the old token): anonymous, her login untouched.
        other = await router.session.post(f"{BASE}/api/conversations", headers=old_auth, json={"after": old_id})
        assert other.status == 201 and (await other.json())["logged_in"] is False
        raw, _ = await read(browser, old_id, old_auth)
        assert PROMISE in raw

        # She walked away; the next person at the screen presses "Start ny samtale".
        started = await browser.post(f"{BASE}/api/conversations", headers=old_auth, json={"after": old_id})
        assert started.status == 201, await started.text()
        new = await started.json()
        assert new["logged_in"] is False and new["id"] != old_id
        assert not any(c.key == "navchat_login" and c.value for c in browser.cookie_jar), "the cookie is dropped"
        new_auth = {"Authorization": f"Bearer {new['token']}"}
        raw, shown = await read(browser, new["id"], new_auth)
        assert fixed_text("new_chat_not_logged_in", "nb") in [m["text"] for m in shown], raw
        await say(browser, new["id"], new_auth, "Har dere fått søknaden min?", "case-again")
        raw, shown = await read(browser, new["id"], new_auth)
        assert "Nav Frogner" not in raw and anonymous_hint("nb") in [m["text"] for m in shown], "not her case"
        raw, _ = await read(browser, old_id, old_auth)
        assert PROMISE not in raw, "her closed chat is hers no more on this browser"

        # She herself logs in again in the new chat (ID-porten's single sign-on: one click).
        assert await log_in(browser, new["id"], new_auth, KARI) == "ok"
        assert (await (await browser.get(f"{BASE}/api/conversations/{new['id']}/messages",
                                         headers=new_auth)).json())["conversation"]["logged_in"] is True
