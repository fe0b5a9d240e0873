"""Probe 108 over HTTP, on the real app and SQLite: admin alone reads, searches and downloads no chat (403 with
error_nb, audited as refused); a transcript is downloaded only for a threat, or by the veileder who has the chat,
with a purpose stated (POST, audited); an ended chat is read by who had it and the kontaktsenter; a transfer's
note is not on the queue card."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from router.web.appkeys import DEPS
from tests.conftest import login, open_conversation, settle
from tests.integration.web.test_conversation_rules import protect

WORDS = "Jeg vet hvor du bor"


async def handed_off(client: TestClient, text: str = WORDS) -> str:
    conversation_id, auth = await open_conversation(client)
    response = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                 json={"text": text, "client_msg_id": "m1"})
    assert response.status in (200, 201), await response.text()
    await settle(client)
    response = await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    assert response.status == 200, await response.text()
    return conversation_id


async def audit_of(client: TestClient, conversation_id: str, username: str) -> list[tuple[str, dict]]:
    async with client.app[DEPS].uow() as uow:
        rows = await uow.audit.query(conversation_id=conversation_id, username=username, limit=50)
    return [(row.action, row.detail) for row in rows]


async def test_admin_alone_sees_the_card_but_reads_nothing_audited(client: TestClient) -> None:
    conversation_id = await handed_off(client)
    csrf = await login(client, "admin1")
    queue = await (await client.get("/api/staff/queue")).json()
    assert conversation_id in [c["id"] for c in queue["conversations"]], "the queue stays in view"
    read = await client.get(f"/api/staff/conversations/{conversation_id}")
    assert read.status == 403
    body = await read.json()
    assert "ikke hva som står i samtalene" in body["error_nb"] and WORDS not in await read.text()
    download = await client.post(f"/api/staff/conversations/{conversation_id}/transcript", headers=csrf,
                                 json={"purpose": "Kontroll av tilgang"})
    assert download.status == 403 and WORDS not in await download.text()
    assert (await client.get("/api/staff/conversations/search", params={"q": "hvor du bor"})).status == 403
    refused = [detail for action, detail in await audit_of(client, conversation_id, "admin1") if action == "refused"]
    assert {"attempt": "read", "reason": "role_reads_no_content"} in refused
    assert {"attempt": "transcript_download", "reason": "role_reads_no_content"} in refused


async def test_a_download_needs_a_threat_or_the_chat_in_hand_and_a_purpose(client: TestClient) -> None:
    waiting = await handed_off(client)
    nks = await login(client, "nks1")
    refused = await client.post(f"/api/staff/conversations/{waiting}/transcript", headers=nks,
                                json={"purpose": "Anmeldelse til politiet"})
    assert refused.status == 403 and "Trusler eller sjikane" in (await refused.json())["error_nb"]
    assert ("refused", {"attempt": "transcript_download", "reason": "download_not_allowed"}) \
        in await audit_of(client, waiting, "nks1")
    assert (await client.get(f"/api/staff/conversations/{waiting}/transcript")).status == 405, "no GET any more"
    csrf = await login(client, "veileder1")
    assert (await client.post(f"/api/staff/conversations/{waiting}/take", headers=csrf)).status == 200
    detail = await (await client.get(f"/api/staff/conversations/{waiting}")).json()
    assert detail["may_download_transcript"] is True
    missing = await client.post(f"/api/staff/conversations/{waiting}/transcript", headers=csrf, json={})
    assert missing.status == 400 and "Skriv kort hva utskriften skal brukes til" in (await missing.json())["error_nb"]
    download = await client.post(f"/api/staff/conversations/{waiting}/transcript", headers=csrf,
                                 json={"purpose": "Anmeldelse til politiet"})
    assert download.status == 200 and WORDS in await download.text()
    assert [detail["purpose"] for action, detail in await audit_of(client, waiting, "veileder1")
            if action == "transcript_download"] == ["Anmeldelse til politiet"]
    closed = await client.post(f"/api/staff/conversations/{waiting}/close", headers=csrf, json={"outcome": "besvart"})
    assert closed.status == 200
    after = await client.post(f"/api/staff/conversations/{waiting}/transcript", headers=csrf,
                              json={"purpose": "Anmeldelse til politiet"})
    assert after.status == 403, "closed as anything but threats: no file that outlives the 2 days"
    assert (await (await client.get(f"/api/staff/conversations/{waiting}")).json())["may_download_transcript"] is False


async def test_an_ended_chat_is_not_read_by_who_never_had_it(client: TestClient) -> None:
    conversation_id = await handed_off(client)
    csrf = await login(client, "veileder1")
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    closed = await client.post(f"/api/staff/conversations/{conversation_id}/close", headers=csrf,
                               json={"outcome": "besvart"})
    assert closed.status == 200
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200
    await login(client, "nks1")  # follow-up by the kontaktsenter
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200
    await login(client, "admin1")  # of Nav Asker too, but admin alone (a veileder colleague: the unit tests)
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 403


async def test_the_queue_card_has_no_transfer_note(client: TestClient) -> None:
    conversation_id = await handed_off(client, "Hei, jeg trenger hjelp")
    csrf = await login(client, "veileder1")
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    note = "Bor egentlig på Frogner, sier han"
    moved = await client.post(f"/api/staff/conversations/{conversation_id}/transfer", headers=csrf,
                              json={"to_enhetsnummer": "0312", "note": note})
    assert moved.status == 200, await moved.text()
    for user in ("nks1", "admin1", "veileder2"):
        await login(client, user)
        queue = await client.get("/api/staff/queue")
        assert conversation_id in await queue.text() and note not in await queue.text(), user
        card = next(c for c in (await queue.json())["conversations"] if c["id"] == conversation_id)
        assert card["transferred_from"]["has_note"] is True
        assert card["transferred_from"]["text"].endswith("med notat (åpne samtalen for å lese det)")
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert detail["conversation"]["transferred_from"]["note"] == note


async def test_admin_is_told_the_same_of_a_protected_chat_as_of_any(client: TestClient) -> None:
    """helper-144's note: opening a kode 6 chat, an admin (who sees every enhet) read "Samtalen hører til en annen
    enhet, eller den krever en tilgang du ikke har", and of any other chat "Som administrator …": the difference
    said which chats are protected. Now both answers are the role's; the audit row keeps the real reason."""
    ordinary = await handed_off(client)
    protected = await handed_off(client)
    await protect(client, protected, diskresjonskode="SPSF")
    await login(client, "admin1")
    answers = []
    for conversation_id in (ordinary, protected):
        read = await client.get(f"/api/staff/conversations/{conversation_id}")
        answers.append((read.status, (await read.json())["error_nb"]))
    assert answers[0] == answers[1] and answers[0][0] == 403 and "Som administrator" in answers[0][1]
    refused = [detail for action, detail in await audit_of(client, protected, "admin1") if action == "refused"]
    assert refused and refused[-1]["reason"] == "missing_permission"


# Every per-chat staff endpoint, as the console calls it: (method, path after the conversation's id, JSON body).
PER_CHAT_ACTIONS = [
    ("GET", "", None),
    ("POST", "/transcript", {"purpose": "Kontroll av tilgang"}),
    ("POST", "/take", None),
    ("POST", "/messages", {"text": "Hei", "client_msg_id": "admin-1"}),
    ("POST", "/back-to-bot", None),
    ("POST", "/close", {"outcome": "besvart"}),
    ("POST", "/transfer", {"to_enhetsnummer": "0312", "note": ""}),
    ("GET", "/transfer-candidates?enhet=0312", None),
    ("POST", "/typing", {"typing": True}),
    ("POST", "/request-login", None),
    ("GET", "/case", None),
]


async def test_admin_is_refused_every_action_on_a_protected_chat_as_on_any(client: TestClient) -> None:
    """helper-144's note, the rest of it: the read said the same of a protected chat as of any (03737ee), but take,
    transfer and the other actions still answered "Samtalen hører til en annen enhet, eller den krever en tilgang du
    ikke har." for a kode 6/7 or skjermet chat and something else for any other, which to an admin (who sees every
    enhet) said which chats are protected. Each endpoint's answer is now the same for both; the audit row of a
    refused attempt at a protected chat keeps the real reason."""
    ordinary = await handed_off(client)
    protected = {"kode 6": {"diskresjonskode": "SPSF"}, "kode 7": {"diskresjonskode": "SPFO"},
                 "skjermet": {"skjermet": True}}
    protected_ids = {}
    for kind, protection in protected.items():
        protected_ids[kind] = await handed_off(client)
        await protect(client, protected_ids[kind], **protection)
    csrf = await login(client, "admin1")

    async def answer(method: str, conversation_id: str, tail: str, body: dict | None) -> tuple[int, str]:
        response = await client.request(method, f"/api/staff/conversations/{conversation_id}{tail}",
                                        headers=csrf, json=body)
        text = await response.text()
        return response.status, text

    differing = []
    for method, tail, body in PER_CHAT_ACTIONS:
        expected = await answer(method, ordinary, tail, body)
        assert expected[0] in (403, 404, 409), (tail, expected)
        for kind, conversation_id in protected_ids.items():
            got = await answer(method, conversation_id, tail, body)
            if got != expected:
                differing.append((method, tail or "/", kind, expected, got))
    assert differing == []
    for kind, conversation_id in protected_ids.items():
        refused = [detail for action, detail in await audit_of(client, conversation_id, "admin1")
                   if action == "refused"]
        assert refused and all(detail["reason"] == "missing_permission" for detail in refused), (kind, refused)
        assert {"read", "take", "transfer", "close"} <= {detail["attempt"] for detail in refused}, (kind, refused)


async def test_a_refused_login_request_and_a_refused_case_are_audited_with_why(client: TestClient) -> None:
    """The case beside a chat was refused with an audit row that said no reason, and a refused request-login left no
    row at all: each now says why, in the words of every other refused attempt (access.why_refused)."""
    protected = await handed_off(client)
    await protect(client, protected, diskresjonskode="SPSF")
    ordinary = await handed_off(client)
    tries = [("admin1", protected, {"reason": "missing_permission", "needs": ["strengt_fortrolig"]}),
             # Her role's refusal: request-login is an action her role does not do (probe 165: admin's refused
             # actions left no row, the revisor's did), the case content her role does not read.
             ("admin1", ordinary, {"reason": "role_answers_no_brukere"}),
             ("veileder2", ordinary, {"reason": "other_enhet"})]  # Nav Frogner, the chat is Nav Asker's
    for username, conversation_id, why in tries:
        csrf = await login(client, username)
        asked = await client.post(f"/api/staff/conversations/{conversation_id}/request-login", headers=csrf)
        case = await client.get(f"/api/staff/conversations/{conversation_id}/case")
        assert (asked.status, case.status) in ((403, 403), (404, 404)), (username, asked.status, case.status)
        rows = await audit_of(client, conversation_id, username)
        refused = [detail for action, detail in rows if action == "refused" and detail["attempt"] == "request_login"]
        assert refused == ([{"attempt": "request_login", **why}] if why else []), (username, rows)
        case_refused = [detail for action, detail in rows if action == "innsyn_refused"]
        assert len(case_refused) == 1, (username, rows)
        expected = {"reason": "role_reads_no_content"} if why == {"reason": "role_answers_no_brukere"} else why
        assert {key: case_refused[0].get(key) for key in expected} == expected, (username, case_refused)


async def test_an_admins_refused_actions_on_a_chat_are_each_audited(client: TestClient) -> None:
    """Probe 165: admin1's refused take, reply, note, typing, transfer, back-to-bot and close left no audit row (the
    revisor's did): she sees every card, and a refusal for her role was not counted as one of access."""
    ordinary = await handed_off(client)
    csrf = await login(client, "admin1")
    base = f"/api/staff/conversations/{ordinary}"
    for path, body in (("take", {}), ("messages", {"text": "hei"}), ("notes", {"text": "notat"}),
                       ("typing", {"typing": True}), ("back-to-bot", {}), ("close", {"outcome": "besvart"})):
        assert (await client.post(f"{base}/{path}", json=body, headers=csrf)).status == 403, path
    rows = await audit_of(client, ordinary, "admin1")
    refused = {detail["attempt"]: detail["reason"] for action, detail in rows if action == "refused"}
    assert set(refused.values()) == {"role_answers_no_brukere"}, rows
    assert {"take", "close", "back_to_bot"} <= set(refused), refused
