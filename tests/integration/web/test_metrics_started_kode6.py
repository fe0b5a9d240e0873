"""/metrics' navchat_conversations_started_total never counts a strengt fortrolig (kode 6) chat, whichever way it
was created (probe: Ola x2, Fatima x2, Sven kode 6 x2 and one anonymous gave 7 where the kontaktsenter page said 5).
Sven's second chat was opened by "Start ny samtale" while logged in: the chat was created anonymous and tied to him
in a commit of its own (services/login.open_next_chat of a1a288f; now it starts anonymous and he logs in again,
also a commit after the creation), and the creation was counted. Now a chat counts as started
at the bruker's first word or wish for a person, else at its end (queue_figures.begins), with its facts then."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from router.web.appkeys import DEPS
from tests.conftest import metric, open_conversation, scrape_metrics, settle

STARTED = "navchat_conversations_started_total"


def closed(body: str) -> float:
    """Every navchat_conversations_closed_total sample, whatever its labels."""
    return sum(float(line.rsplit(" ", 1)[1]) for line in body.splitlines()
               if line.startswith("navchat_conversations_closed_total{"))


async def tied_to_kode_6(client: TestClient, conversation_id: str) -> None:
    """As the login's own commit after the creation (Logg inn before he writes)."""
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        assert conversation is not None
        conversation.diskresjonskode = "SPSF"  # as the person register said (services/login.py)


async def write(client: TestClient, conversation_id: str, auth: dict[str, str], text: str, key: str) -> None:
    response = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                 json={"text": text, "client_msg_id": key})
    assert response.status in (200, 201), await response.text()
    await settle(client)


async def test_a_kode_6_chat_is_never_counted_as_started(client: TestClient) -> None:
    before = await scrape_metrics(client)

    # "Start ny samtale" while logged in as kode 6: created, tied, then he writes, asks for a person, closes.
    sven, auth = await open_conversation(client)
    await tied_to_kode_6(client, sven)
    await write(client, sven, auth, "Hei, jeg trenger hjelp med husleien", "s1")
    assert (await client.post(f"/api/conversations/{sven}/handoff", headers=auth)).status == 200
    await client.post(f"/api/conversations/{sven}/close", headers=auth)
    # Logged in before a word, then the handoff button.
    again, again_auth = await open_conversation(client)
    await tied_to_kode_6(client, again)
    assert (await client.post(f"/api/conversations/{again}/handoff", headers=again_auth)).status == 200
    assert metric(await scrape_metrics(client), STARTED) == metric(before, STARTED), "kode 6 never counted"

    # The others: each chat once, at her first word or wish (not again at the next), an unused one at its end.
    ola, ola_auth = await open_conversation(client)
    await write(client, ola, ola_auth, "Når kommer pengene?", "o1")
    await write(client, ola, ola_auth, "Takk", "o2")
    fatima, fatima_auth = await open_conversation(client)
    assert (await client.post(f"/api/conversations/{fatima}/handoff", headers=fatima_auth)).status == 200
    await write(client, fatima, fatima_auth, "Hallo?", "f1")
    unused, unused_auth = await open_conversation(client)
    middle = await scrape_metrics(client)
    assert metric(middle, STARTED) - metric(before, STARTED) == 2, "the unused chat is not counted yet"
    await client.post(f"/api/conversations/{unused}/close", headers=unused_auth)
    await client.post(f"/api/conversations/{ola}/close", headers=ola_auth)
    after = await scrape_metrics(client)
    assert metric(after, STARTED) - metric(before, STARTED) == 3
    assert closed(after) - closed(before) == 2, "started never falls behind closed (and kode 6 is not closed)"
