"""One language per conversation through the use cases (fakes, hand-made detections): what the bruker writes
outranks the browser's locale, notices follow it, the bot's buttons are translated, and the language picker is
the router's own on every client."""

from __future__ import annotations

import pytest

from router.adapters.language_layer import PolicyLanguageLayer
from router.domain.language_policy import Detection
from router.ports.bot import BotReply
from router.services import handoff, relay, views
from router.services.conversations import create_conversation
from router.services.errors import InvalidInput
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.fakes import FakeTranslator
from tests.unit.services.conftest import World

NORWEGIAN = "Hei, jeg trenger hjelp til husleia"
ENGLISH = "I need help paying my rent"
POLISH = "Straciłem pracę i nie mam pieniędzy na jedzenie"
ARABIC_HELLO = "مرحبا"
PERSIAN_HELLO = "سلام"
DETECTIONS = {
    # What the real detector says of these (router/adapters/language_detector.py).
    NORWEGIAN: Detection("nb", 0.84, (("nb", 0.84), ("nn", 0.09), ("da", 0.05))),
    ENGLISH: Detection("en", 0.98, (("en", 0.98), ("da", 0.01))),
    POLISH: Detection("pl", 0.98, (("pl", 0.98), ("en", 0.01))),
    ARABIC_HELLO: Detection("ar", 0.97, (("ar", 0.9675), ("ur", 0.0178), ("fa", 0.0147))),
    PERSIAN_HELLO: Detection("fa", 0.49, (("fa", 0.4944), ("ur", 0.2657), ("ar", 0.24))),
}


class HandMadeDetector:
    def detect(self, text: str) -> Detection:
        return DETECTIONS.get(text, Detection(None, 0.0))


@pytest.fixture
def translator() -> FakeTranslator:
    return FakeTranslator({("pl", "nb"), ("nb", "pl")})


@pytest.fixture
def multilingual(world: World, translator: FakeTranslator) -> World:
    world.deps.language = PolicyLanguageLayer(HandMadeDetector(), translator)  # type: ignore[arg-type]
    return world


async def say(world: World, conversation_id: str, token: str, text: str, msg_id: str,
              payload: str | None = None) -> None:
    await receive_user_message(world.deps, conversation_id, token, client_msg_id=msg_id, text=text, payload=payload)
    await world.deps.tasks.drain()


def shown(world: World, conversation_id: str, sender: str | None = None) -> list[dict]:
    return [views.message_for_user(m, world.store.conversations[m.conversation_id])
               for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation_id and (sender is None or m.sender == sender)]


def states_published(world: World, conversation_id: str) -> list[str | None]:
    return [e["conversation_user"]["language"] for e in world.bus.published
            if e["type"] == "state" and e["conversation_id"] == conversation_id]


async def test_a_norwegian_writing_from_an_english_browser_gets_norwegian_from_the_first_message(
    multilingual: World,
) -> None:
    world = multilingual
    conversation, token = await create_conversation(world.deps, kommune="Asker", page_locale="en-GB")
    assert conversation.language == "en"  # only the greeting is in the browser's language, before a word is written
    await say(world, conversation.id, token, NORWEGIAN, "1")
    stored = world.conversation(conversation.id)
    assert (stored.language, stored.language_source) == ("nb", "detected")
    assert world.bot.metadata[-1]["language"] == "nb"
    assert world.bot.received == [(conversation.id, NORWEGIAN)]
    assert "nb" in states_published(world, conversation.id), "the widget is told, so its own texts follow"
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    notices = shown(world, conversation.id, "system")
    assert notices and all(n["language"] == "nb" for n in notices)
    assert notices[-1]["text"].startswith(fixed_text("queued", "nb", enhet="Nav 0220"))


async def test_an_english_writer_on_a_norwegian_page_gets_english(multilingual: World) -> None:
    world = multilingual
    conversation, token = await create_conversation(world.deps, kommune="Asker", page_locale="nb-NO")
    await say(world, conversation.id, token, ENGLISH, "1")
    assert world.conversation(conversation.id).language == "en"
    assert world.bot.metadata[-1]["language"] == "en"
    await handoff.hand_off(world.deps, conversation.id, reason="help")
    assert shown(world, conversation.id, "system")[-1]["text"].startswith(
        fixed_text("queued", "en", enhet="Nav 0220"))


async def test_the_bots_button_titles_are_translated_and_labelled_and_the_payloads_kept(
    multilingual: World, translator: FakeTranslator,
) -> None:
    world = multilingual
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, POLISH, "1")
    answer = shown(world, conversation.id, "bot")[-1]
    assert answer["buttons"] == [{"title": "[nb>pl] Snakk med en veileder", "payload": "/human_handoff",
                                  "machine_translated": True}]
    assert answer["machine_translated"] and answer["machine_translated_label"] == fixed_text("machine_translated",
                                                                                           "pl")
    # The veileder reads the bot's own title; the click goes back to the bot as the same payload.
    stored = [m for m in world.store.messages.values() if m.sender == "bot"][-1]
    assert views.message_for_staff(stored)["buttons"][0]["title"] == "Snakk med en veileder"
    await say(world, conversation.id, token, answer["buttons"][0]["title"], "2", payload="/human_handoff")
    assert world.conversation(conversation.id).state.value == "QUEUED"


async def test_a_reply_with_buttons_only_is_labelled_in_the_brukers_language(multilingual: World) -> None:
    world = multilingual
    conversation, token = await create_conversation(world.deps, kommune="Asker", language="pl")

    async def buttons_only(conversation_id: str, text: str, metadata: dict | None = None) -> list[BotReply]:
        return [BotReply(text="", buttons=({"title": "Ja", "payload": "/affirm"},))]

    world.bot.send = buttons_only  # type: ignore[method-assign]
    await say(world, conversation.id, token, POLISH, "1")
    answer = shown(world, conversation.id, "bot")[-1]
    assert answer["buttons"][0]["title"] == "[nb>pl] Ja" and answer["buttons"][0]["payload"] == "/affirm"
    assert answer["machine_translated_label"] == fixed_text("machine_translated", "pl")


async def test_norwegian_and_english_buttons_are_not_translated(multilingual: World,
                                                              translator: FakeTranslator) -> None:
    world = multilingual
    conversation, token = await create_conversation(world.deps, kommune="Asker", language="en")
    await say(world, conversation.id, token, ENGLISH, "1")
    answer = shown(world, conversation.id, "bot")[-1]
    assert answer["buttons"] == [{"title": "Snakk med en veileder", "payload": "/human_handoff"}]
    assert not answer["machine_translated"] and translator.calls == []


async def test_the_language_picker_is_the_routers_and_never_reaches_the_bot(multilingual: World) -> None:
    """A REST client sends a picker button back like any button: it gets the languages, then its choice."""
    world = multilingual
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    picker = relay.picker_button("nb")
    assert picker == {"title": "Velg språk / Choose language", "payload": "router:language"}
    await say(world, conversation.id, token, picker["title"], "1", payload=picker["payload"])
    offer = shown(world, conversation.id, "system")[-1]
    assert offer["text"] == fixed_text("choose_language", "nb")
    choices = {b["payload"]: b["title"] for b in offer["buttons"]}
    assert len(choices) == 20 and choices["router:language:pl"] == "Polski (polsk)" and choices["router:language:ar"] == "العربية (arabisk)"
    await say(world, conversation.id, token, "Polski", "2", payload="router:language:pl")
    stored = world.conversation(conversation.id)
    assert (stored.language, stored.language_source) == ("pl", "explicit")
    confirmation = shown(world, conversation.id, "system")[-1]
    assert (confirmation["text"], confirmation["language"]) == (fixed_text("language_chosen", "pl"), "pl")
    assert world.bot.received == [], "neither the picker's payload nor its title reached the bot"
    assert "pl" in states_published(world, conversation.id)


async def test_the_picker_works_while_waiting_for_a_veileder(multilingual: World) -> None:
    world = multilingual
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    await say(world, conversation.id, token, "Українська", "1", payload="router:language:uk")
    assert world.conversation(conversation.id).language == "uk"
    assert shown(world, conversation.id, "system")[-1]["text"] == fixed_text("language_chosen", "uk")
    assert world.bot.received == []


async def test_only_the_routers_own_buttons_are_taken_as_router_payloads(multilingual: World) -> None:
    world = multilingual
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    for payload in ("router:bogus", "router:language:", "router:language:pl;drop", "router:"):
        with pytest.raises(InvalidInput):
            await receive_user_message(world.deps, conversation.id, token, client_msg_id="x", text="x",
                                       payload=payload)


async def test_the_greeting_says_at_once_when_no_model_translates_the_language(world: World) -> None:
    """Polish with a model: the greeting alone. Without one (and in Arabic): the greeting and, in the same
    language, what works instead, before the bruker writes a first message the bot cannot read."""
    def greeting(conversation_id: str) -> str:
        return next(m.text_for_user for m in world.store.messages.values() if m.conversation_id == conversation_id)

    world.deps.language = PolicyLanguageLayer(HandMadeDetector(), FakeTranslator({("pl", "nb"), ("nb", "pl")}))  # type: ignore[arg-type]
    translated, _ = await create_conversation(world.deps, language="pl")
    assert greeting(translated.id) == fixed_text("greeting", "pl")
    world.deps.language = PolicyLanguageLayer(HandMadeDetector(), FakeTranslator(set()))  # type: ignore[arg-type]
    for language in ("pl", "ar"):
        untranslated, _ = await create_conversation(world.deps, page_locale=language)
        assert greeting(untranslated.id) == (
            f"{fixed_text('greeting', language)}\n\n{fixed_text('translation_unavailable', language)}")
    for language in ("nb", "en", "sv"):
        direct, _ = await create_conversation(world.deps, language=language)
        assert greeting(direct.id) == fixed_text("greeting", language)


async def test_a_lone_arabic_hello_on_a_bokmal_page_is_asked_about_in_arabic_and_norwegian(
    multilingual: World,
) -> None:
    """One word does not switch the page's language, but the question about it must be readable to one who wrote
    "مرحبا" (probe 163: it came in Norwegian only)."""
    world = multilingual
    conversation, token = await create_conversation(world.deps, kommune="Asker", page_locale="nb-NO")
    await say(world, conversation.id, token, ARABIC_HELLO, "1")
    question = shown(world, conversation.id, "system")[-1]
    assert question["text"] == f"{fixed_text('choose_language', 'ar')}\n{fixed_text('choose_language', 'nb')}"
    assert question["language"] == "ar"
    assert question["buttons"] == [relay.picker_button("ar", "nb")]
    assert question["buttons"][0]["title"] == f"{fixed_text('widget_choose_language', 'ar')} / Velg språk / Choose language"
    staff_copy = [m for m in world.store.messages.values() if m.sender == "system"][-1]
    assert views.message_for_staff(staff_copy)["text"] == fixed_text("choose_language", "nb")
    assert world.conversation(conversation.id).language == "nb", "one word is no reason to switch"
    assert world.bot.received == [], "the bot reads no Arabic"


async def test_a_word_of_several_arabic_script_languages_is_asked_about_in_each(multilingual: World) -> None:
    world = multilingual
    conversation, token = await create_conversation(world.deps, kommune="Asker", page_locale="nb-NO")
    await say(world, conversation.id, token, PERSIAN_HELLO, "1")
    lines = shown(world, conversation.id, "system")[-1]["text"].split("\n")
    assert lines == [fixed_text("choose_language", lang) for lang in ("fa", "ur", "ar", "nb")]


async def test_a_question_with_nothing_to_go_on_stays_in_the_conversations_language(multilingual: World) -> None:
    world = multilingual
    conversation, token = await create_conversation(world.deps, kommune="Asker", page_locale="nb-NO")
    await say(world, conversation.id, token, "???", "1")
    asked = [m for m in shown(world, conversation.id, "system") if fixed_text("choose_language", "nb") in m["text"]]
    assert all(m["text"] == fixed_text("choose_language", "nb") and m["language"] == "nb" for m in asked)
