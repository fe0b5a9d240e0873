"""A veileder's replies written in groups (router/services/replies.py), against fakes: fewer commits than replies,
each reply stored before it is pushed, one conversation's replies in order, and one bad reply costing no other."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import timedelta
from typing import Any

import pytest

from router.domain import language_policy
from router.domain.conversation import Conversation
from router.ports.language import OutboundText
from router.ports.store import StaffSession
from router.services import dispatch, replies
from router.services.errors import Conflict, NotAuthenticated
from tests.unit.services.conftest import World


async def _taken(world: World, count: int = 1) -> tuple[Any, list[str]]:
    kari = world.add_veileder("kari", "0220", capacity=count)
    staff = kari.as_staff_user()
    ids = [await world.queued("Asker") for _ in range(count)]
    for conversation_id in ids:
        if world.conversation(conversation_id).veileder_id != kari.id:
            await dispatch.take(world.deps, conversation_id, staff)
    return staff, ids


def _veileder_texts(world: World, conversation_id: str) -> list[str]:
    return [m.original_text for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation_id and m.sender == "veileder"]


async def test_replies_sent_together_share_a_commit_and_keep_their_order(world: World) -> None:
    staff, ids = await _taken(world, 2)
    writes_before = world.store.writes
    texts = [f"svar {n}" for n in range(20)]
    answers = await asyncio.gather(*(replies.reply(world.deps, ids[n % 2], staff, text)
                                     for n, text in enumerate(texts)))
    assert [a["text"] for a in answers] == texts
    # All twenty were waiting when the writer ran: one transaction, not twenty.
    assert world.store.writes - writes_before == 1
    assert _veileder_texts(world, ids[0]) == texts[0::2] and _veileder_texts(world, ids[1]) == texts[1::2]
    assert sum(e.action == "reply" for e in world.store.audit) == 20


async def test_a_reply_is_pushed_only_after_it_is_stored(world: World) -> None:
    staff, [conversation_id] = await _taken(world)
    stored_when_pushed: list[bool] = []
    publish = world.bus.publish

    async def publish_and_look(event: dict[str, Any]) -> None:
        if event.get("type") == "message":
            seq = event["message_staff"]["seq"]
            stored_when_pushed.append(seq in world.store.messages)
        await publish(event)

    world.bus.publish = publish_and_look  # type: ignore[method-assign]
    await asyncio.gather(*(replies.reply(world.deps, conversation_id, staff, f"svar {n}") for n in range(5)))
    assert stored_when_pushed == [True] * 5


async def test_a_refused_reply_costs_the_others_in_its_group_nothing(world: World) -> None:
    staff, [mine] = await _taken(world)
    not_mine = await world.queued("Asker")  # still in the queue: nobody may answer it yet
    outcomes = await asyncio.gather(
        replies.reply(world.deps, mine, staff, "først"),
        replies.reply(world.deps, mine, staff, "andre"),
        replies.reply(world.deps, not_mine, staff, "feil samtale"),
        replies.reply(world.deps, mine, staff, "tredje"),
        return_exceptions=True)
    assert isinstance(outcomes[2], Conflict)
    assert _veileder_texts(world, mine) == ["først", "andre", "tredje"]
    assert _veileder_texts(world, not_mine) == []


async def test_the_same_client_msg_id_twice_is_stored_once_even_in_one_group(world: World) -> None:
    staff, [conversation_id] = await _taken(world)
    first, again, other = await asyncio.gather(
        replies.reply(world.deps, conversation_id, staff, "hei", "c-1"),
        replies.reply(world.deps, conversation_id, staff, "hei", "c-1"),
        replies.reply(world.deps, conversation_id, staff, "noe annet", "c-2"))
    assert first == again and other["text"] == "noe annet"
    assert _veileder_texts(world, conversation_id) == ["hei", "noe annet"]
    assert await replies.reply(world.deps, conversation_id, staff, "hei", "c-1") == first


async def test_a_client_msg_id_of_someone_elses_message_is_refused_not_overwritten(world: World) -> None:
    staff, [conversation_id] = await _taken(world)
    bruker_message = next(m for m in world.store.messages.values() if m.conversation_id == conversation_id)
    bruker_message.client_msg_id = "taken-id"
    with pytest.raises(Conflict):
        await replies.reply(world.deps, conversation_id, staff, "hei", "taken-id")


class _SlowTranslation:
    """A language layer whose translations wait for the test: Ukrainian conversations need one."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.asked: list[str] = []

    async def outbound(self, conversation: Conversation, text: str) -> OutboundText | None:
        self.asked.append(text)
        await self.release.wait()
        return OutboundText(f"uk: {text}", "uk", machine_translated=True)


async def test_a_reply_waiting_for_translation_holds_back_only_its_own_conversation(world: World) -> None:
    staff, [ukrainian, norwegian] = await _taken(world, 2)
    world.store.conversations[ukrainian].language = "uk"
    layer = _SlowTranslation()
    world.deps.language = layer  # type: ignore[assignment]
    first = asyncio.ensure_future(replies.reply(world.deps, ukrainian, staff, "først"))
    second = asyncio.ensure_future(replies.reply(world.deps, ukrainian, staff, "andre"))
    other = await replies.reply(world.deps, norwegian, staff, "til en annen")
    assert other["text"] == "til en annen" and not first.done() and not second.done()
    assert _veileder_texts(world, ukrainian) == []
    layer.release.set()
    await asyncio.gather(first, second)
    assert _veileder_texts(world, ukrainian) == ["først", "andre"]
    stored = [m for m in world.store.messages.values() if m.conversation_id == ukrainian and m.sender == "veileder"]
    assert [m.translated_text for m in stored] == ["uk: først", "uk: andre"]
    assert layer.asked == ["først", "andre"]


def _session(world: World, veileder_id: int, token: str) -> None:
    now = world.clock.now()
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    world.store.staff_sessions[token_hash] = StaffSession(token_hash, veileder_id, "csrf", now, now + timedelta(hours=1),
                                                          now)


async def test_a_reply_over_a_socket_is_refused_once_its_session_has_ended(world: World) -> None:
    staff, [conversation_id] = await _taken(world)
    _session(world, staff.id, "live-token")
    ok = await replies.reply(world.deps, conversation_id, staff, "hei", session_token="live-token")
    assert ok["text"] == "hei"
    world.store.staff_sessions.clear()  # logged out on another tab
    with pytest.raises(NotAuthenticated):
        await replies.reply(world.deps, conversation_id, staff, "etter utlogging", session_token="live-token")
    assert _veileder_texts(world, conversation_id) == ["hei"]


async def test_a_reply_is_answered_when_pushing_it_fails_since_it_is_stored(world: World) -> None:
    staff, [conversation_id] = await _taken(world)

    async def broken_bus(event: dict[str, Any]) -> None:
        raise ConnectionError("the bus is away")

    world.bus.publish = broken_bus  # type: ignore[method-assign]
    answer = await asyncio.wait_for(replies.reply(world.deps, conversation_id, staff, "lagret likevel"), 2)
    assert answer["text"] == "lagret likevel"
    assert _veileder_texts(world, conversation_id) == ["lagret likevel"]


async def test_a_translation_made_for_a_language_the_bruker_left_is_not_stored(world: World) -> None:
    staff, [conversation_id] = await _taken(world)
    world.store.conversations[conversation_id].language = "uk"
    layer = _SlowTranslation()
    world.deps.language = layer  # type: ignore[assignment]
    pending = asyncio.ensure_future(replies.reply(world.deps, conversation_id, staff, "hei"))
    for _ in range(5):
        await asyncio.sleep(0)
    world.store.conversations[conversation_id].language = "nb"  # the bruker chose bokmål meanwhile
    layer.release.set()
    await pending
    stored = [m for m in world.store.messages.values() if m.conversation_id == conversation_id and m.sender == "veileder"]
    assert [(m.original_text, m.translated_text) for m in stored] == [("hei", None)]


async def test_a_bruker_is_told_once_when_the_veileders_norwegian_cannot_be_translated(world: World) -> None:
    """No model for Polish: the replies go out in Norwegian, and the bruker reads why, in Polish, once."""
    from router.texts import fixed_text

    staff, [polish, norwegian] = await _taken(world, 2)
    world.store.conversations[polish].language = "pl"
    for text in ("Hei, jeg ser på saken din", "Kan du sende kontoutskrift?"):
        await replies.reply(world.deps, polish, staff, text)
    await replies.reply(world.deps, norwegian, staff, "Hei")
    told = [(m.text_for_user, m.original_text, m.reply_to) for _, m in sorted(world.store.messages.items())
            if m.conversation_id == polish and m.sender == "system" and "Doradca" in m.text_for_user]
    first_reply = next(m for _, m in sorted(world.store.messages.items())
                       if m.conversation_id == polish and m.sender == "veileder")
    assert told == [(fixed_text("veileder_reply_untranslated", "pl"), fixed_text("veileder_reply_untranslated", "nb"),
                     first_reply.id)], "once, after the first reply, with the bokmål version for staff"
    assert not [m for m in world.store.messages.values()
                if m.conversation_id == norwegian and m.sender == "system" and "oversette svarene" in m.original_text]


async def test_an_english_reply_to_an_untranslated_language_is_not_said_to_be_norwegian(world: World) -> None:
    """Probe 162: the veileder wrote English to a Polish bruker (no Polish model), who read "Doradca pisze po
    norwesku" (the adviser writes in Norwegian). An English reply is read as written; the first Norwegian one is
    told of, once."""
    from router.texts import fixed_text

    staff, [polish] = await _taken(world, 1)
    world.store.conversations[polish].language = "pl"
    await replies.reply(world.deps, polish, staff, "Hello, I cannot read Polish. Can you write in English?")

    def told() -> list[int | None]:
        return [m.reply_to for _, m in sorted(world.store.messages.items()) if m.conversation_id == polish
                and m.sender == "system" and m.original_text == fixed_text("veileder_reply_untranslated", "nb")]

    assert told() == [], "English, read as written"
    await replies.reply(world.deps, polish, staff, "Takk, jeg ser på saken din nå.")
    norwegian = [m for _, m in sorted(world.store.messages.items())
                 if m.conversation_id == polish and m.sender == "veileder"][-1]
    assert told() == [norwegian.id]


async def test_an_english_bruker_is_told_once_when_the_veileder_writes_norwegian(world: World) -> None:
    """Probe 70: Kari's Norwegian reached an English-writing bruker with no word, while a Polish, Arabic or Somali
    bruker was told the veileder writes Norwegian. English is written to, never translated into: a reply in English
    needs no notice; the first in Norwegian gets it, once."""
    from router.texts import fixed_text

    staff, [english, norwegian] = await _taken(world, 2)
    world.store.conversations[english].language = "en"
    await replies.reply(world.deps, english, staff, "Hi! I can help you with the rent. Did you get an invoice?")
    await replies.reply(world.deps, norwegian, staff, "Hei! Jeg kan hjelpe deg med husleien.")

    def told(conversation_id: str) -> list[tuple[str, str, int | None]]:
        return [(m.text_for_user, m.original_text, m.reply_to) for _, m in sorted(world.store.messages.items())
                if m.conversation_id == conversation_id and m.sender == "system"
                and m.original_text in (fixed_text("veileder_reply_untranslated", "nb"),
                                        fixed_text("veileder_reply_norwegian", "nb"))]

    assert told(english) == [], "an English reply is read as it is"
    for text in ("Hei! Jeg kan hjelpe deg med husleien. Har du fått en faktura fra utleier?", "Kan du sende den?"):
        await replies.reply(world.deps, english, staff, text)
    norwegian_reply = [m for _, m in sorted(world.store.messages.items())
                       if m.conversation_id == english and m.sender == "veileder"][1]
    # Its own words: the adviser wrote Norwegian and can be asked for English (not "write in Norwegian or English").
    assert told(english) == [(fixed_text("veileder_reply_norwegian", "en"),
                              fixed_text("veileder_reply_norwegian", "nb"), norwegian_reply.id)]
    assert "ask the adviser to write in English" in told(english)[0][0]
    assert told(norwegian) == [], "a Norwegian bruker reads Norwegian"


@pytest.mark.parametrize(("text", "norwegian", "english"), [
    ("Hei! Jeg kan hjelpe deg med husleien. Har du fått en faktura fra utleier?", True, False),
    ("Eg kan hjelpe deg med det", True, False), ("Takk for at du venta", True, False),
    ("Hello, I can help you with the rent. Did you get an invoice from your landlord?", False, True),
    ("Your office is Nav Grünerløkka", False, True), ("ok", False, False), ("https://nav.no/sosialhjelp", False, False),
])
def test_a_reply_reads_as_norwegian_or_english(text: str, norwegian: bool, english: bool) -> None:
    assert language_policy.reads_as_norwegian(text) is norwegian
    assert language_policy.reads_as_english(text) is english


async def test_the_interpreter_template_reaches_a_bruker_in_her_own_language(world: World) -> None:
    """Probe 163: a veileder sent «Tolk» to a bruker who needs an interpreter because nothing translates her
    language, and she read it in Norwegian. Sent unchanged, a template made of a hand-translated fixed text reaches
    her in her own language, and she is not told the veileder writes Norwegian."""
    from router.services.templates import REPLY_TEMPLATES
    from router.texts import fixed_text

    tolk = next(t for t in REPLY_TEMPLATES if t["title"] == "Tolk")
    assert tolk["in_every_language"] and tolk["text"] == fixed_text("interpreter_info", "nb")
    staff, [arabic, edited, nynorsk] = await _taken(world, 3)
    for conversation_id, language in ((arabic, "ar"), (edited, "ar"), (nynorsk, "nn")):
        world.store.conversations[conversation_id].language = language
    before = max(world.store.messages)
    await replies.reply(world.deps, arabic, staff, f"  {tolk['text']}\n")
    await replies.reply(world.deps, edited, staff, f"{tolk['text']} Ring oss gjerne.")
    await replies.reply(world.deps, nynorsk, staff, str(tolk["text"]))

    def said(conversation_id: str) -> list[tuple[str, str, bool, str]]:
        return [(m.sender, m.text_for_user, m.machine_translated, m.original_text)
                for key, m in sorted(world.store.messages.items()) if m.conversation_id == conversation_id
                and key > before]

    assert said(arabic) == [("veileder", fixed_text("interpreter_info", "ar"), False, tolk["text"])]
    assert [sender for sender, *_ in said(edited)] == ["veileder", "system"], "an edited template is a reply like any"
    assert said(edited)[0][1].startswith(str(tolk["text"]))
    assert said(nynorsk) == [("veileder", tolk["text"], False, tolk["text"])], "bokmål is read as written in nynorsk"


async def test_a_hand_translation_is_used_instead_of_a_machine_translation(world: World) -> None:
    from router.adapters.language_layer import PolicyLanguageLayer
    from router.domain.language_policy import Detection
    from router.texts import fixed_text
    from tests.fakes import FakeTranslator

    class NoDetection:
        def detect(self, text: str) -> Detection:
            return Detection(None, 0.0)

    translator = FakeTranslator({("nb", "pl"), ("pl", "nb")})
    world.deps.language = PolicyLanguageLayer(NoDetection(), translator)  # type: ignore[arg-type]
    staff, [polish] = await _taken(world, 1)
    world.store.conversations[polish].language = "pl"
    await replies.reply(world.deps, polish, staff, fixed_text("interpreter_info", "en"))
    await replies.reply(world.deps, polish, staff, "Hei")
    stored = [m for _, m in sorted(world.store.messages.items()) if m.conversation_id == polish
              and m.sender == "veileder"]
    assert [(m.text_for_user, m.machine_translated) for m in stored] == [
        (fixed_text("interpreter_info", "pl"), False), ("[nb>pl] Hei", True)]
    assert len(translator.calls) == 1, "only the ordinary reply was machine-translated"


async def test_a_veileder_can_give_the_bruker_a_phone_number_and_an_address(world: World) -> None:
    """Probe 164: "Ring sosialvakten på 23 48 70 90, eller send dokumentene til postmottak@…" reached the bruker as
    "Ring sosialvakten på [tel], eller send dokumentene til [e-post]". A fødselsnummer in a reply is still masked."""
    staff, [conversation_id] = await _taken(world)
    text = "Ring sosialvakten på 23 48 70 90, eller send dokumentene til postmottak@bydel-grunerlokka.oslo.kommune.no"
    await replies.reply(world.deps, conversation_id, staff, text)
    await replies.reply(world.deps, conversation_id, staff, "Ring meg direkte på +47 905 12 345")
    await replies.reply(world.deps, conversation_id, staff, "Er fødselsnummeret ditt 01019012345?")
    assert _veileder_texts(world, conversation_id) == [text, "Ring meg direkte på +47 905 12 345",
                                                       "Er fødselsnummeret ditt [fødselsnummer]?"]
