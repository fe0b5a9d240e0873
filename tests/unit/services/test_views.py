"""What each audience sees of a conversation and its messages: exact shapes, translations labelled, nothing more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from router.domain.conversation import Conversation, ConversationState
from router.domain.events import Noted, StateChanged, Transition
from router.domain.messages import Message
from router.domain.opening_hours import Staffing
from router.services import assignment, dispatch, handoff, replies, views
from router.services.conversations import create_conversation, messages_for_user
from router.texts import fixed_text
from tests.unit.services.conftest import World

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
ANONYMOUS = Conversation(id="c", token_hash="secret", created_at=NOW, updated_at=NOW, language="pl")


def test_the_bruker_reads_the_translation_of_answers_with_a_label_in_their_language() -> None:
    answer = Message("c", "bot", "Hei! Hva lurer du på?", "nb", NOW, translated_text="Cześć!", translated_language="pl",
                     machine_translated=True, id=7, buttons=[{"title": "Ja", "payload": "/affirm"}])
    assert views.message_for_user(answer, ANONYMOUS) == {
        "seq": 7, "sender": "bot", "text": "Cześć!", "language": "pl", "machine_translated": True,
        "machine_translated_label": fixed_text("machine_translated", "pl"), "client_msg_id": None,
        "buttons": [{"title": "Ja", "payload": "/affirm"}], "created_at": NOW.isoformat(), "reply_to": None,
        "author_name": None, "withheld": False,
    }
    own = Message("c", "user", "dzień dobry", "pl", NOW, translated_text="god dag", translated_language="nb",
                  machine_translated=True, client_msg_id="m1", id=8)
    assert views.message_for_user(own, ANONYMOUS) == {
        "seq": 8, "sender": "user", "text": "dzień dobry", "language": "pl", "machine_translated": False,
        "machine_translated_label": None, "client_msg_id": "m1", "buttons": [], "created_at": NOW.isoformat(),
        "reply_to": None, "author_name": None, "withheld": False,
    }


def test_a_veileders_message_carries_its_own_authors_name_not_the_current_veileders() -> None:
    """Probe 162: back in her chat, the bruker read Kari's earlier words headed "Aisha, veileder i NAV"."""
    now_aishas = Conversation(id="c", token_hash="secret", created_at=NOW, updated_at=NOW, language="nb",
                              state=ConversationState.ASSIGNED, veileder_id=4, veileder_fornavn="Aisha")
    karis = Message("c", "veileder", "Hei, jeg heter Kari.", "nb", NOW, author_id=3, id=5)
    aishas = Message("c", "veileder", "Hei, Aisha her.", "nb", NOW, author_id=4, id=9)
    assert views.message_for_user(karis, now_aishas, author_names={3: "Kari", 4: "Aisha"})["author_name"] == "Kari"
    assert views.message_for_user(karis, now_aishas)["author_name"] is None, "unknown: no name rather than Aisha's"
    assert views.message_for_user(aishas, now_aishas)["author_name"] == "Aisha", "a new message of the one who has it"
    bot = Message("c", "bot", "Hei!", "nb", NOW, author_id=4, id=10)
    assert views.message_for_user(bot, now_aishas)["author_name"] is None


def test_staff_read_norwegian_with_the_original_beside_every_translation() -> None:
    own = Message("c", "user", "dzień dobry", "pl", NOW, translated_text="god dag", translated_language="nb",
                  machine_translated=True, id=8, intent="greet", intent_confidence=0.9)
    assert views.message_for_staff(own) == {
        "seq": 8, "sender": "user", "text": "god dag", "original_text": "dzień dobry", "original_language": "pl",
        "user_text": None, "user_language": "nb", "machine_translated": True, "not_translated": False, "intent": "greet",
        "intent_label": "hilsen", "intent_confidence": 0.9, "author_id": None, "client_msg_id": None, "buttons": [],
        "created_at": NOW.isoformat(), "reply_to": None,
    }
    reply = Message("c", "veileder", "Hei", "nb", NOW, translated_text="Cześć", translated_language="pl",
                    machine_translated=True, author_id=3, id=9)
    shown = views.message_for_staff(reply)
    assert (shown["text"], shown["original_text"], shown["user_text"], shown["user_language"]) == (
        "Hei", None, "Cześć", "pl")
    plain = views.message_for_staff(Message("c", "user", "hei", "nb", NOW, id=1))
    assert (plain["text"], plain["original_text"], plain["user_text"]) == ("hei", None, None)


def test_conversation_views_per_audience() -> None:
    conversation = Conversation(id="c", token_hash="secret", created_at=NOW, updated_at=NOW, language="nn",
                                state=ConversationState.ASSIGNED, veileder_id=3, veileder_fornavn="Kari",
                                enhetsnummer="0220", enhet_navn="Nav Asker", kommune="Asker", tema="KOM",
                                queued_at=NOW, assigned_at=NOW, diskresjonskode="SPFO", bot_summary={"behov": "mat"})
    assert views.conversation_for_user(conversation) == {
        "id": "c", "state": "ASSIGNED", "language": "nn", "needs_interpreter": False, "veileder_name": "Kari",
        "logged_in": False, "deleted_text": None, "staffed_now": None, "staffed_changes_at": None}
    opens = NOW + timedelta(hours=14)
    assert views.conversation_for_user(conversation, staffed=Staffing(False, opens))["staffed_now"] is None, \
        "with a veileder: no queue's hours"
    conversation.state = ConversationState.QUEUED
    assert views.conversation_for_user(conversation)["veileder_name"] is None, "no name before someone took it"
    waiting = views.conversation_for_user(conversation, staffed=Staffing(False, opens))
    assert (waiting["staffed_now"], waiting["staffed_changes_at"]) == (False, opens.isoformat())
    staff = views.conversation_for_staff(conversation)
    assert "token_hash" not in staff and staff["bot_summary"] == {"behov": "mat"}
    assert {k: staff[k] for k in ("id", "state", "enhetsnummer", "enhet_navn", "kommune", "diskresjonskode",
                                   "queued_at", "closed_at", "escalation_level", "priority")} == {
        "id": "c", "state": "QUEUED", "enhetsnummer": "0220", "enhet_navn": "Nav Asker", "kommune": "Asker",
        "diskresjonskode": "SPFO", "queued_at": NOW.isoformat(), "closed_at": None, "escalation_level": 0,
        "priority": "normal"}
    assert staff["assigned_at"] is None, "back in the queue: the old veileder's time is not shown as current"
    conversation.state = ConversationState.ASSIGNED
    assert views.conversation_for_staff(conversation)["assigned_at"] == NOW.isoformat()


def test_history_rows_for_staff() -> None:
    change = StateChanged("c", Transition.HANDOFF, ConversationState.BOT, ConversationState.QUEUED, "bot", "hjelp",
                          NOW, {"x": 1})
    assert views.event_for_staff(change) == {"kind": "handoff", "label": "Satt i kø for veileder",
                                             "text": "Satt i kø for veileder: hjelp", "from_state": "BOT",
                                             "to_state": "QUEUED", "actor": "bot", "reason": "hjelp",
                                             "data": {"x": 1}, "at": NOW.isoformat()}
    noted = views.event_for_staff(Noted("c", "routed", "router", "regel", NOW))
    assert (noted["kind"], noted["from_state"], noted["to_state"], noted["data"]) == ("routed", None, None, {})


def test_staff_read_words_beside_every_code() -> None:
    """Tema, state, priority, protection, language, the handoff reason and what the bot learned, in bokmål; the
    codes stay beside them."""
    conversation = Conversation(id="c", token_hash="secret", created_at=NOW, updated_at=NOW, language="uk",
                                state=ConversationState.QUEUED, enhetsnummer="0312", enhet_navn="Nav Frogner",
                                tema="KOM", priority="emergency", diskresjonskode="SPFO", needs_interpreter=True,
                                interpreter_language="uk", handoff_reason="chatroboten kunne ikke hjelpe (siste tema: "
                                "sosialhjelp_apply)", close_outcome=None,
                                bot_summary={"emner": "sosialhjelp_apply, dagpenger", "digisos_bosituasjon": "bor_hos_andre",
                                             "language": "uk"},
                                bot_slots={"digisos_bosituasjon": "leier", "digisos_utgifter": "strom,gjeld",
                                           "digisos_done": True, "kommune": "Oslo"})
    staff = views.conversation_for_staff(conversation)
    assert (staff["tema"], staff["tema_label"]) == ("KOM", "Sosialhjelp og kommunale tjenester (KOM)")
    assert (staff["state_label"], staff["priority_label"]) == ("I kø", "Nødhjelp")
    assert staff["enhet_label"] == "Nav Frogner (0312)"
    assert staff["diskresjonskode_label"] == "Fortrolig adresse (kode 7)"
    assert (staff["language_label"], staff["interpreter_language_label"]) == ("ukrainsk", "ukrainsk")
    assert staff["handoff_reason_text"] == (
        "chatroboten kunne ikke hjelpe (siste tema: søke om økonomisk sosialhjelp)")
    assert staff["close_outcome_label"] is None
    assert staff["bot_facts"] == [
        {"key": "emner", "label": "Brukeren spurte om", "text": "søke om økonomisk sosialhjelp, dagpenger"},
        {"key": "digisos_bosituasjon", "label": "Bosituasjon", "text": "bor hos andre"},
        {"key": "digisos_utgifter", "label": "Utgifter", "text": "strøm, gjeld"},
        {"key": "digisos_done", "label": "Gikk gjennom søknadsveiledningen", "text": "ja"},
        {"key": "kommune", "label": "Kommune", "text": "Oslo"},
    ], "the summary first; a slot the summary already gave is not repeated"
    assert staff["bot_summary"]["emner"] == "sosialhjelp_apply, dagpenger", "the codes stay in the API"


def test_history_rows_name_the_enheter_they_mention() -> None:
    moved = StateChanged("c", Transition.TRANSFER, ConversationState.ASSIGNED, ConversationState.QUEUED,
                         "veileder:kari", "bor nå på Frogner", NOW,
                         {"from_enhetsnummer": "0315", "to_enhetsnummer": "0312", "to_veileder": "ola",
                          "to_veileder_navn": "Ola Hansen"})
    names = {"0312": "Nav Frogner"}
    assert views.event_for_staff(moved, names.get)["text"] == (
        "Overført til Nav Frogner (0312), reservert for Ola Hansen – notat: bor nå på Frogner")
    assert views.event_for_staff(moved)["text"].startswith("Overført til 0312,"), "without names, the number"
    chosen = views.event_for_staff(Noted("c", "language_chosen", "bruker", "pl", NOW))
    assert (chosen["label"], chosen["text"]) == ("Språk valgt", "Språk valgt: polsk")


def test_staff_read_what_the_bruker_was_told_in_bokmaal_and_see_what_was_not_translated() -> None:
    from router.services.conversations import system_message

    conversation = Conversation(id="c", token_hash="secret", created_at=NOW, updated_at=NOW, language="pl")
    notice = system_message(conversation, "translation_unavailable", NOW)
    notice.id = 3
    staff = views.message_for_staff(notice)
    assert (staff["text"], staff["user_text"], staff["user_language"], staff["machine_translated"]) == (
        fixed_text("translation_unavailable", "nb"), fixed_text("translation_unavailable", "pl"), "pl", False)
    assert views.message_for_user(notice, conversation)["text"] == fixed_text("translation_unavailable", "pl")
    assert views.message_for_user(notice, conversation)["machine_translated"] is False, "hand-written, not machine-translated"
    untranslated = Message("c", "user", "Mieszkam w Oslo", "pl", NOW, id=4)
    english = Message("c", "user", "I live in Oslo", "en", NOW, id=5)
    translated = Message("c", "user", "Mieszkam w Oslo", "pl", NOW, translated_text="Jeg bor i Oslo",
                         translated_language="nb", id=6)
    assert [views.message_for_staff(m)["not_translated"] for m in (untranslated, english, translated)] == [
        True, False, False]


def test_a_message_of_an_ended_login_is_a_placeholder_in_the_bruker_s_language_with_nothing_of_its_own() -> None:
    answer = Message("c", "bot", "Søknaden din er mottatt hos Nav Frogner.", "nb", NOW, id=9, client_msg_id=None,
                     translated_text="Wniosek otrzymał Nav Frogner.", translated_language="pl", machine_translated=True,
                     buttons=[{"title": "Vedtaket", "payload": "/vedtak"}], reply_to=8, person_pseudonym="kari")
    assert views.message_for_user(answer, ANONYMOUS) == {
        "seq": 9, "sender": "bot", "text": fixed_text("written_while_logged_in", "pl"), "language": "pl",
        "machine_translated": False, "machine_translated_label": None, "client_msg_id": None, "buttons": [],
        "created_at": NOW.isoformat(), "reply_to": 8, "withheld": True,
    }
    kari = Conversation(id="c", token_hash="secret", created_at=NOW, updated_at=NOW, language="pl",
                        person_pseudonym="kari", logged_in_at=NOW)
    assert views.message_for_user(answer, kari)["text"] == "Wniosek otrzymał Nav Frogner."
    assert views.message_for_user(answer, ANONYMOUS, reader="kari")["withheld"] is False
    assert views.message_for_user(answer, ANONYMOUS, reader="ola")["withheld"] is True
    assert views.message_for_staff(answer)["text"] == "Søknaden din er mottatt hos Nav Frogner.", "staff: unchanged"


async def test_the_log_read_back_names_each_veileder_by_their_own_message(world: World) -> None:
    """Probe 162: Kari answered, passed the chat to Aisha by name, Aisha answered; read back, both messages were
    Aisha's."""
    kari = world.add_veileder("kari", "0220")
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    conversation_id = conversation.id
    await handoff.hand_off(world.deps, conversation_id, reason="test")
    assert world.conversation(conversation_id).veileder_id == kari.id
    await replies.reply(world.deps, conversation_id, kari.as_staff_user(), "Hei, jeg heter Kari.")
    aisha = world.add_veileder("aisha", "0220")
    await dispatch.transfer(world.deps, conversation_id, kari.as_staff_user(), to_veileder=aisha.username)
    assert world.conversation(conversation_id).veileder_id == aisha.id
    assert [h.reason for h in world.store.history if h.conversation_id == conversation_id and h.kind == "assign"][-1] \
        == assignment.RESERVED, "sent to her by name: the history says it was held for her, not «automatisk»"
    await replies.reply(world.deps, conversation_id, aisha.as_staff_user(), "Hei, Aisha her.")
    log = await messages_for_user(world.deps, conversation_id, token, after=0)
    assert [(m["text"], m["author_name"]) for m in log["messages"] if m["sender"] == "veileder"] == [
        ("Hei, jeg heter Kari.", "Kari"), ("Hei, Aisha her.", "Aisha")]
