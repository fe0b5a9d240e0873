"""The staff API in words, and transfer to a named veileder: the candidates endpoint (need-to-know, audited),
the enheter and the fixed choices the console builds its dialogs from."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.conftest import login, open_conversation, settle


async def queued_conversation(client: TestClient) -> str:
    conversation_id, auth = await open_conversation(client)  # Asker: Nav Asker, 0220
    for n, text in enumerate(("jeg trenger penger til mat", "kan jeg snakke med en veileder")):
        await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                          json={"client_msg_id": str(n), "text": text})
    await settle(client)
    return conversation_id


async def test_a_veileder_lists_another_enhets_veiledere_and_transfers_to_one_by_name(client: TestClient) -> None:
    conversation_id = await queued_conversation(client)
    csrf2 = await login(client, "veileder2")  # Nav Frogner, 0312
    await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf2)
    veileder2_id = (await (await client.get("/api/staff/me")).json())["user"]["id"]
    csrf = await login(client, "veileder1")  # Nav Asker, 0220
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200

    url = f"/api/staff/conversations/{conversation_id}/transfer-candidates"
    response = await client.get(url, params={"enhet": "0312"})
    assert response.status == 200, await response.text()
    listed = await response.json()
    assert (listed["enhetsnummer"], listed["navn"]) == ("0312", "Nav Frogner")
    assert [(v["username"], v["navn"], v["presence"], v["presence_label"], v["open_chats"], v["capacity"])
            for v in listed["veiledere"]] == [("veileder2", "Veileder2 Testesen", "online", "Tilgjengelig", 0, 3)]
    assert "password_hash" not in str(listed)

    moved = await client.post(f"/api/staff/conversations/{conversation_id}/transfer", headers=csrf,
                              json={"to_enhetsnummer": "0312", "to_veileder": "veileder2", "note": "bor på Frogner"})
    assert moved.status == 200, await moved.text()
    body = await moved.json()
    assert (body["state"], body["veileder_id"], body["enhet_label"]) == ("ASSIGNED", veileder2_id, "Nav Frogner (0312)")

    await login(client, "veileder2")
    mine = (await (await client.get("/api/staff/conversations/mine")).json())["conversations"]
    assert [c["id"] for c in mine] == [conversation_id]
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    shown = detail["conversation"]
    assert (shown["state_label"], shown["tema_label"], shown["priority_label"]) == (
        "Hos veileder", "Sosialhjelp og kommunale tjenester (KOM)", "Vanlig")
    texts = [e["text"] for e in detail["events"]]
    assert "Overført til Nav Frogner (0312), reservert for Veileder2 Testesen – notat: bor på Frogner" in texts
    assert all(e["label"] and e["kind"] for e in detail["events"]), "the codes stay beside the words"

    await login(client, "admin1")
    audit = (await (await client.get("/api/admin/audit", params={"conversation_id": conversation_id})).json())["audit"]
    assert {"username": "veileder1", "action": "transfer_candidates", "detail": {"enhet": "0312"}} in [
        {k: row[k] for k in ("username", "action", "detail")} for row in audit]


async def test_candidates_are_need_to_know_and_refuse_bad_input(client: TestClient) -> None:
    conversation_id = await queued_conversation(client)
    url = f"/api/staff/conversations/{conversation_id}/transfer-candidates"
    assert (await client.get(url, params={"enhet": "0312"})).status == 401

    await login(client, "veileder2")  # Nav Frogner: the conversation waits at Nav Asker
    refused = await client.get(url, params={"enhet": "0312"})
    assert refused.status == 403 and "error" in await refused.json()

    await login(client, "veileder1")
    for params in ({}, {"enhet": ""}, {"enhet": "9999"}, {"enhet": "0" * 17}, {"enhet": "03\u202e12"}):
        response = await client.get(url, params=params)
        assert response.status == 400, (params, response.status)
        assert (await response.json())["error"]
    assert (await client.get("/api/staff/conversations/nope/transfer-candidates",
                             params={"enhet": "0312"})).status == 404

    await login(client, "admin1")
    audit = (await (await client.get("/api/admin/audit", params={"conversation_id": conversation_id})).json())["audit"]
    assert [row for row in audit if row["action"] == "transfer_candidates"] == [], "refusals show and log nothing"


async def test_the_choices_and_the_enheter_for_the_console(client: TestClient) -> None:
    assert (await client.get("/api/staff/labels")).status == 401
    assert (await client.get("/api/staff/enheter")).status == 401
    await login(client, "veileder1")
    choices = await (await client.get("/api/staff/labels")).json()
    assert choices["close_outcomes"][0] == {"value": "besvart", "label": "Besvart"}
    assert {"value": "offline", "label": "Frakoblet"} in choices["presences"]
    enheter = await (await client.get("/api/staff/enheter")).json()
    by_number = {e["enhetsnummer"]: e for e in enheter}
    assert by_number["0312"] == {"enhetsnummer": "0312", "navn": "Nav Frogner", "type": "LOKAL",
                                 "type_label": "NAV-kontor"}
    assert by_number["NKS-OVRG"]["type_label"] == "Kontaktsenterets kø"
    assert len(enheter) > 250


async def test_the_queue_and_the_overview_carry_words(client: TestClient) -> None:
    conversation_id = await queued_conversation(client)
    await login(client, "veileder1")
    queue = (await (await client.get("/api/staff/queue")).json())["conversations"]
    waiting = next(c for c in queue if c["id"] == conversation_id)
    assert (waiting["state_label"], waiting["enhet_label"], waiting["tema_label"]) == (
        "I kø", "Nav Asker (0220)", "Sosialhjelp og kommunale tjenester (KOM)")
    await login(client, "nks1")
    overview = await (await client.get("/api/staff/overview")).json()
    group = next(g for g in overview["groups"] if g["enhetsnummer"] == "0220")
    assert (group["temagruppe"], group["temagruppe_label"]) == ("OKSOS", "Økonomisk sosialhjelp (OKSOS)")
    # One name per queue: the console names the queue the conversation waits in as the overview does.
    assert waiting["queue_label"] == group["temagruppe_label"]
