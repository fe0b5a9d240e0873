"""The console's search over HTTP (probe 71, defect 9): it finds what its label promises (id, enhet, tema, kontor,
words) and never a conversation the staff member may not see, however its words match."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from router.domain.access import Permission, Role, StaffUser
from router.services import handoff, inbox
from router.web.appkeys import DEPS
from tests.conftest import login, open_conversation, settle


async def search(client: TestClient, words: str) -> list[str]:
    response = await client.get("/api/staff/conversations/search", params={"q": words})
    assert response.status == 200, await response.text()
    return [c["id"] for c in (await response.json())["conversations"]]


async def bruker_writes(client: TestClient, conversation_id: str, auth: dict[str, str], *texts: str) -> None:
    for number, text in enumerate(texts, start=1):
        sent = await client.post(f"/api/conversations/{conversation_id}/messages",
                                 json={"client_msg_id": f"m{number}", "text": text}, headers=auth)
        assert sent.status == 201, await sent.text()
    await settle(client)


async def test_the_search_finds_a_conversation_by_what_its_card_shows_and_what_was_written(
        client: TestClient) -> None:
    """The probe's words that found nothing: the enhetsnummer, the queue's code and name, the tema's name, a word
    the bruker wrote; and a veileder's own word. A bruker's name is stored nowhere, so it finds nothing."""
    conversation_id, auth = await open_conversation(client)  # Asker: enhet 0220, veileder1's
    await bruker_writes(client, conversation_id, auth, "Jeg har ikke råd til husleie denne måneden",
                        "kan jeg snakke med en veileder")
    csrf = await login(client, "veileder1")
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    replied = await client.post(f"/api/staff/conversations/{conversation_id}/messages", headers=csrf,
                                json={"text": "Har du fått strømregningen?"})
    assert replied.status == 201
    for words in (conversation_id[:8], "0220", "OKSOS", "oksos", "Økonomisk sosialhjelp", "sosialhjelp", "KOM",
                  "kommunale tjenester", "Nav Asker", "husleie", "HUSLEIE", "strømregningen"):
        assert await search(client, words) == [conversation_id], words
    for words in ("Syntetisk", "DAG", "Dagpenger", "0312"):
        assert await search(client, words) == [], words
    # The kontaktsenter searches every enhet: the same words find it there.
    await login(client, "nks1")
    for words in ("0220", "OKSOS", "husleie"):
        assert await search(client, words) == [conversation_id], words
    # Another enhet's veileder does not.
    await login(client, "veileder2")
    for words in ("0220", "OKSOS", "husleie", conversation_id[:8]):
        assert await search(client, words) == [], words


@pytest.mark.parametrize(("protection", "permission"), [
    ({"diskresjonskode": "SPSF"}, Permission.STRENGT_FORTROLIG),
    ({"diskresjonskode": "SPFO"}, Permission.FORTROLIG),
    ({"skjermet": True}, Permission.SKJERMET),
])
async def test_a_word_in_a_protected_chat_finds_it_only_with_the_permission(
        client: TestClient, protection: dict[str, object], permission: Permission) -> None:
    """Kode 6, kode 7 and skjermet: a word the bruker wrote, the enhetsnummer or the tema never finds the chat for
    staff without the permission, whatever their role; the kontaktsenter with it finds it (the positive control)."""
    deps = client.app[DEPS]
    conversation_id, auth = await open_conversation(client)
    await bruker_writes(client, conversation_id, auth, "Jeg trenger penger til tannregulering")
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        assert conversation is not None
        for name, value in protection.items():  # as the registers said at login (services/login.py)
            setattr(conversation, name, value)
    await handoff.hand_off(deps, conversation_id, reason="test", actor="bruker")
    async with deps.uow() as uow:
        stored = await uow.conversations.get(conversation_id)
    assert stored is not None and stored.handed_off
    for user in ("veileder1", "nks1"):
        await login(client, user)
        for words in ("tannregulering", "TANNREGULERING", stored.enhetsnummer or "", "OKSOS", conversation_id[:8]):
            assert conversation_id not in await search(client, words), (user, words)
    await login(client, "admin1")  # admin alone searches no chat at all: a hit tells what was said (probe 108)
    refused = await client.get("/api/staff/conversations/search", params={"q": "tannregulering"})
    assert refused.status == 403 and conversation_id not in await refused.text()
    async with deps.uow() as uow:
        nks1 = await uow.veiledere.by_username("nks1")
    assert nks1 is not None
    allowed = StaffUser(id=nks1.id, username=nks1.username, navn=nks1.navn, enhetsnummer=nks1.enhetsnummer,
                        roles=frozenset({Role.KONTAKTSENTER}), permissions=frozenset({permission}))
    assert [c["id"] for c in await inbox.search(deps, allowed, "tannregulering")] == [conversation_id]
