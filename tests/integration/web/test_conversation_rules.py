"""The conversation's rules hold on every path, through the HTTP API and the real SQLite store.

Each test here was written for a bug or an unnoticed breakage of the earlier services layer, where the rules
were applied in several places that had drifted apart (see the closing note of the "One conversation core" issue).
"""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.services import staff
from router.services.supervision import escalate_breaches
from router.web.appkeys import DEPS
from tests.conftest import INTERNAL_TOKEN, during_bot_turn, login, open_conversation, settle

INTERNAL = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}


async def protect(client: TestClient, conversation_id: str, *, diskresjonskode: str | None = None,
                  skjermet: bool = False) -> None:
    """As if the person register said so (the login issue brings the real register)."""
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        assert conversation is not None
        conversation.diskresjonskode, conversation.skjermet = diskresjonskode, skjermet


async def add_staff(client: TestClient, username: str, enhetsnummer: str, roles: list[str],
                    permissions: list[str] | None = None) -> None:
    await staff.create_user(client.app[DEPS].uow, username=username, password=f"passord-{username}",
                            navn=f"{username.title()} Testesen", enhetsnummer=enhetsnummer, roles=roles,
                            permissions=permissions or [])


async def handed_off(client: TestClient, *, diskresjonskode: str | None = None, **handoff: object) -> str:
    """The bot hands the conversation off, as the action server does, in the middle of a bot turn."""
    conversation_id, auth = await open_conversation(client)  # Asker: Nav Asker 0220, alternate 4101
    if diskresjonskode:
        await protect(client, conversation_id, diskresjonskode=diskresjonskode)

    async def action_handoff() -> int:
        response = await client.post(f"/api/internal/conversations/{conversation_id}/handoff", headers=INTERNAL,
                                     json={"reason": "test", **handoff})
        return response.status

    assert await during_bot_turn(client, conversation_id, auth, action_handoff) == 200
    return conversation_id


async def staff_view(client: TestClient, username: str, conversation_id: str) -> dict:
    await login(client, username)
    response = await client.get(f"/api/staff/conversations/{conversation_id}")
    assert response.status == 200, await response.text()
    return await response.json()


async def go_online(client: TestClient, username: str) -> None:
    csrf = await login(client, username)
    assert (await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)).status == 200
    await settle(client)


async def test_auto_assignment_never_gives_strengt_fortrolig_to_a_veileder_without_the_permission(
        client: TestClient) -> None:
    await add_staff(client, "vika1", "2103", ["veileder"])
    await add_staff(client, "vika2", "2103", ["veileder"], ["strengt_fortrolig"])
    conversation_id = await handed_off(client, diskresjonskode="SPSF")
    await go_online(client, "vika1")
    view = await staff_view(client, "vika2", conversation_id)
    assert view["conversation"]["enhetsnummer"] == "2103" and view["conversation"]["state"] == "QUEUED"
    await go_online(client, "vika2")
    view = await staff_view(client, "vika2", conversation_id)
    assert view["conversation"]["state"] == "ASSIGNED"


async def test_auto_assignment_never_gives_fortrolig_to_a_veileder_without_the_permission(
        client: TestClient) -> None:
    conversation_id = await handed_off(client, diskresjonskode="SPFO")
    await go_online(client, "veileder1")  # Nav Asker, no permissions
    await add_staff(client, "kode7", "0220", ["veileder"], ["fortrolig"])
    view = await staff_view(client, "kode7", conversation_id)
    assert view["conversation"]["state"] == "QUEUED"


async def test_a_tie_goes_to_the_veileder_idle_longest(client: TestClient, clock: FixedClock) -> None:
    await add_staff(client, "asker2", "0220", ["veileder"])
    await go_online(client, "veileder1")
    clock.advance(minutes=1)
    await go_online(client, "asker2")
    clock.advance(minutes=1)
    first = await handed_off(client)
    assert (await staff_view(client, "veileder1", first))["conversation"]["veileder_id"] is not None
    owner = (await staff_view(client, "veileder1", first))["conversation"]["veileder_id"]
    csrf = await login(client, "veileder1")
    me = (await (await client.get("/api/staff/me")).json())["user"]
    assert owner == me["id"], "veileder1 has been online (idle) longest"
    assert (await client.post(f"/api/staff/conversations/{first}/close", json={"outcome": "besvart"},
                              headers=csrf)).status == 200
    clock.advance(minutes=1)
    second = await handed_off(client)
    second_owner = (await staff_view(client, "veileder1", second))["conversation"]["veileder_id"]
    assert second_owner != me["id"], "veileder1 just had a chat: asker2 has been idle longest"


async def test_a_transfer_starts_a_fresh_sla_at_the_new_place(client: TestClient, clock: FixedClock) -> None:
    conversation_id = await handed_off(client)
    clock.advance(minutes=29)
    csrf = await login(client, "nks1")
    response = await client.post(f"/api/staff/conversations/{conversation_id}/transfer", headers=csrf,
                                 json={"to_enhetsnummer": "0312", "note": "bor på Frogner"})
    assert response.status == 200, await response.text()
    moved = await response.json()
    assert moved["enhetsnummer"] == "0312" and moved["escalation_level"] == 0
    assert moved["alternate_enhetsnummer"] != "4101", "the alternate is Frogner's, not Asker's"
    clock.advance(minutes=2)
    assert await escalate_breaches(client.app[DEPS]) == 0, "the old deadline went with the old place"
    assert (await staff_view(client, "nks1", conversation_id))["conversation"]["enhetsnummer"] == "0312"


async def on_duty_but_full(client: TestClient, username: str, enhetsnummer: str) -> None:
    """A veileder online at ``enhetsnummer`` with no room: the enhet is staffed, nobody is given the chat at once."""
    await staff.create_user(client.app[DEPS].uow, username=username, password=f"passord-{username}",
                            navn=f"{username.title()} Testesen", enhetsnummer=enhetsnummer, roles=["veileder"],
                            capacity=0)
    await go_online(client, username)


async def test_escalation_steps_up_the_ladder_and_never_back(client: TestClient, clock: FixedClock) -> None:
    await on_duty_but_full(client, "alt1", "4101")
    await on_duty_but_full(client, "nksovrg1", "NKS-OVRG")
    conversation_id = await handed_off(client)
    clock.advance(minutes=31)
    assert await escalate_breaches(client.app[DEPS]) == 1
    first = (await staff_view(client, "nks1", conversation_id))["conversation"]
    assert (first["enhetsnummer"], first["escalation_level"]) == ("4101", 1)
    clock.advance(hours=1)
    assert await escalate_breaches(client.app[DEPS]) == 1
    second = (await staff_view(client, "nks1", conversation_id))["conversation"]
    assert (second["enhetsnummer"], second["escalation_level"]) == ("NKS-OVRG", 2)


async def test_a_breach_moves_no_chat_to_an_enhet_where_nobody_on_duty_may_take_it(
        client: TestClient, clock: FixedClock) -> None:
    """Moved to an alternate with nobody online (a regional kontaktsenter without chat staff, as 4106 is for the
    Oslo offices), it only waited a whole SLA period more: it stays, the supervisor is alerted, and the next breach
    tries the step again."""
    await on_duty_but_full(client, "nksovrg1", "NKS-OVRG")
    conversation_id = await handed_off(client)
    clock.advance(minutes=31)
    assert await escalate_breaches(client.app[DEPS]) == 1  # the alert
    stayed = (await staff_view(client, "nks1", conversation_id))["conversation"]
    assert (stayed["enhetsnummer"], stayed["escalation_level"]) == ("NKS-OVRG", 2), \
        "nobody at 4101: the kontaktsenter, where someone is on duty, is the next step that helps"

    other_id = await handed_off(client)
    csrf = await login(client, "nksovrg1")  # nobody on duty anywhere on its ladder now
    assert (await client.post("/api/staff/presence", json={"presence": "offline"}, headers=csrf)).status == 200
    clock.advance(minutes=31)
    await escalate_breaches(client.app[DEPS])
    waiting = (await staff_view(client, "nks1", other_id))["conversation"]
    assert (waiting["enhetsnummer"], waiting["escalation_level"]) == ("0220", 0), "stays where it was"
    said = [e["text"] for e in (await staff_view(client, "nks1", other_id))["events"] if e["kind"] == "sla_breached"]
    assert said and "ingen pålogget som kan ta den på" in said[-1] and "4101" in said[-1], said
    await on_duty_but_full(client, "alt1", "4101")
    clock.advance(minutes=31)
    await escalate_breaches(client.app[DEPS])
    moved = (await staff_view(client, "nks1", other_id))["conversation"]
    assert (moved["enhetsnummer"], moved["escalation_level"]) == ("4101", 1), "tried again once someone is there"


async def test_strengt_fortrolig_never_leaves_vikafossen(client: TestClient, clock: FixedClock) -> None:
    await add_staff(client, "nks6", "4106", ["kontaktsenter"], ["strengt_fortrolig"])
    conversation_id = await handed_off(client, diskresjonskode="SPSF")
    clock.advance(hours=30)  # far past every SLA deadline
    await escalate_breaches(client.app[DEPS])
    assert (await staff_view(client, "nks6", conversation_id))["conversation"]["enhetsnummer"] == "2103"
    csrf = await login(client, "nks6")
    response = await client.post(f"/api/staff/conversations/{conversation_id}/transfer", headers=csrf,
                                 json={"to_enhetsnummer": "0220"})
    # Refused by rule, and said so in the console's words (a probe read only "Du har ikke tilgang til dette").
    assert response.status == 409 and "blir hos Nav Vikafossen" in (await response.json())["error_nb"]
    assert (await staff_view(client, "nks6", conversation_id))["conversation"]["enhetsnummer"] == "2103"
    # The attempt is in the audit log, as a refused read is (probe 157: only the lookup row was written).
    async with client.app[DEPS].uow() as uow:
        rows = await uow.audit.query(conversation_id=conversation_id, username="nks6", limit=100)
    [refused] = [r for r in rows if r.action == "refused"]
    assert refused.detail == {"attempt": "transfer", "reason": "transfer_refused", "to": "0220",
                              "because": "Samtaler med strengt fortrolig adresse (kode 6) blir hos Nav Vikafossen og "
                                         "kan ikke overføres til Nav Asker."}
    # An ordinary chat refused a move for want of room is no access matter: no such row.
    ordinary_id = await handed_off(client)
    csrf = await login(client, "nks1")
    assert (await client.post(f"/api/staff/conversations/{ordinary_id}/transfer", headers=csrf,
                              json={"to_enhetsnummer": "9999"})).status == 400
    async with client.app[DEPS].uow() as uow:
        rows = await uow.audit.query(conversation_id=ordinary_id, username="nks1", limit=100)
    assert not [r for r in rows if r.action == "refused"]


async def test_only_the_assigned_veileder_answers(client: TestClient) -> None:
    await add_staff(client, "asker2", "0220", ["veileder"])
    conversation_id = await handed_off(client)
    csrf = await login(client, "veileder1")
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    for username in ("asker2", "nks1"):
        csrf = await login(client, username)
        response = await client.post(f"/api/staff/conversations/{conversation_id}/messages", headers=csrf,
                                     json={"text": "Hei, jeg svarer i stedet"})
        assert response.status == 409, username
    transcript = (await staff_view(client, "veileder1", conversation_id))["messages"]
    assert not any(m["sender"] == "veileder" for m in transcript)


async def test_a_reply_too_long_is_refused_saying_so_in_the_consoles_words(client: TestClient) -> None:
    """Probe 157: 2,001 characters got "noe av det du fylte inn, ble avvist", nothing of the length."""
    conversation_id = await handed_off(client)
    csrf = await login(client, "veileder1")
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    response = await client.post(f"/api/staff/conversations/{conversation_id}/messages", headers=csrf,
                                 json={"text": "a" * 2001})
    assert response.status == 400
    assert (await response.json())["error_nb"] == ("Meldingen er for lang: 2001 tegn, og høyst 2000 kan sendes. "
                                                   "Del den opp i flere meldinger.")


async def test_intents_stay_with_their_messages_when_a_button_was_pressed(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client)
    sent = [("hei", None), ("jeg trenger penger til mat", None), ("Ja", "/affirm"), ("kan jeg snakke med en veileder", None)]
    for i, (text, payload) in enumerate(sent):
        body = {"client_msg_id": f"m{i}", "text": text, **({"payload": payload} if payload else {})}
        assert (await client.post(f"/api/conversations/{conversation_id}/messages", json=body, headers=auth)).status == 201
        await settle(client)
    messages = (await staff_view(client, "veileder1", conversation_id))["messages"]
    intents = {m["text"]: m["intent"] for m in messages if m["sender"] == "user"}
    assert intents == {text: "fake_intent" for text, _ in sent}
