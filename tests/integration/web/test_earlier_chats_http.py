"""GET /api/staff/conversations/{id} gives the veileder who has a logged-in person's chat the person's earlier chats
at her enhet ("Tidligere samtaler"), and each opens read-only on the same-person ground, audited with its purpose
(probe 137: Kari, who took Ola's chat on Tuesday, saw nothing of Aisha's promise on Monday)."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from router.domain.person import PersonFacts
from router.services import staff as staff_service
from router.web.appkeys import DEPS
from tests.conftest import login
from tests.integration.web.test_read_purpose_audited import read_rows
from tests.integration.web.test_staff_api import queued_conversation

PROMISE = "Ja, jeg følger opp saken din"


async def tie_to(client: TestClient, conversation_id: str, person: str) -> None:
    """As after the person's ID-porten login (services/login.py): the chat is hers."""
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.get(conversation_id, for_update=True)
        assert conversation is not None
        conversation.tie_to_person(PersonFacts(pseudonym=person, gt=None, diskresjonskode=None, skjermet=False),
                                   own_veileder_id=None, now=client.app[DEPS].clock.now())


async def taken_by(client: TestClient, username: str, person: str) -> tuple[str, dict[str, str]]:
    conversation_id, _ = await queued_conversation(client)
    await tie_to(client, conversation_id, person)
    csrf = await login(client, username)
    taken = await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)
    assert taken.status == 200, await taken.text()
    return conversation_id, csrf


async def test_kari_opens_monday_s_chat_from_ola_s_chat_and_the_read_is_audited_with_its_ground(
        client: TestClient) -> None:
    await staff_service.create_user(client.app[DEPS].uow, username="veileder3", password="passord-veileder3",
                                    navn="Aisha Ali", enhetsnummer="0220", roles=["veileder"])
    monday, csrf = await taken_by(client, "veileder3", "ola")
    said = await client.post(f"/api/staff/conversations/{monday}/messages", headers=csrf,
                             json={"text": PROMISE, "client_msg_id": "promise"})
    assert said.status == 201, await said.text()
    closed = await client.post(f"/api/staff/conversations/{monday}/close", headers=csrf, json={"outcome": "besvart"})
    assert closed.status == 200, await closed.text()

    await login(client, "veileder1")
    assert (await client.get(f"/api/staff/conversations/{monday}")).status == 403, "not hers: as before"
    tuesday, _ = await taken_by(client, "veileder1", "ola")
    detail = await (await client.get(f"/api/staff/conversations/{tuesday}")).json()
    (earlier,) = detail["earlier_conversations"]
    assert earlier["id"] == monday and earlier["closed_at"] and earlier["enhet_label"]

    opened = await client.get(f"/api/staff/conversations/{monday}")
    assert opened.status == 200
    body = await opened.json()
    assert PROMISE in [m["text"] for m in body["messages"]] and not body["may_download_transcript"]
    rows = await read_rows(client, monday)
    assert (rows[-1]["username"], rows[-1]["detail"]["why"], rows[-1]["purpose_label"]) == (
        "veileder1", "same_person", "samme bruker, samtale du har nå")


async def test_no_list_on_another_person_s_chat_nor_on_a_chat_not_hers(client: TestClient) -> None:
    monday, csrf = await taken_by(client, "veileder1", "ola")
    assert (await client.post(f"/api/staff/conversations/{monday}/close", headers=csrf,
                              json={"outcome": "besvart"})).status == 200
    other, _ = await taken_by(client, "veileder1", "kari-b")
    assert (await (await client.get(f"/api/staff/conversations/{other}")).json())["earlier_conversations"] == []
    waiting, _ = await queued_conversation(client)
    await tie_to(client, waiting, "ola")
    in_queue = await (await client.get(f"/api/staff/conversations/{waiting}")).json()
    assert in_queue["earlier_conversations"] is None, "before she takes it: no list"
