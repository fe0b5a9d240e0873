"""A bruker writing a language the service does not support (French, Italian, Chinese), with no translation model:
the real detector knows the message is not one of ours, and the bruker is told in English and Norwegian how to reach
a person, with the button to one; the bot never answers in a language it guessed, and no picker without their
language is offered (probe helper-86: French was taken for English, Italian for nynorsk, Chinese got the picker)."""

from __future__ import annotations

import pytest

from router.adapters.language_detector import create_default_detector
from router.adapters.language_layer import PolicyLanguageLayer
from router.domain.conversation import ConversationState
from router.domain.language_policy import (
    ConversationLanguage,
    LanguageSource,
    Route,
    decide_language,
    start_conversation,
)
from router.services import views
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.fakes import FakeTranslator
from tests.unit.services.conftest import World

FRENCH = ("Bonjour, j'ai perdu mon travail et je n'ai plus d'argent pour payer mon loyer. "
          "Comment demander de l'aide sociale?")
FRENCH_PERSON = "Je voudrais parler à quelqu'un"
ITALIAN = "Ciao, ho perso il lavoro e non ho soldi per pagare l'affitto. Come posso chiedere aiuto?"
CHINESE = "我失业了，没有钱付房租。我可以申请社会救助吗？"
CHINESE_PERSON = "我想和人说话"
UNSUPPORTED = [(FRENCH, "fr", "fr-FR"), (FRENCH_PERSON, "fr", "fr-FR"), (ITALIAN, "it", "it-IT"),
               (CHINESE, "zh", "zh-CN"), (CHINESE_PERSON, "zh", "zh-CN")]


@pytest.fixture(scope="module")
def detector():  # type: ignore[no-untyped-def]
    return create_default_detector()


@pytest.mark.parametrize(("text", "language"), [(t, lang) for t, lang, _ in UNSUPPORTED]
                         + [("Olá, perdi o meu emprego e não tenho dinheiro para pagar a renda", "pt"),
                            ("Ik heb mijn baan verloren en heb geen geld voor de huur", "nl"),
                            ("Izgubio sam posao i nemam novca za stanarinu", "hr"),
                            ("私は仕事を失いました。助けてください", "ja"), ("도와주세요, 돈이 없어요", "ko")])
def test_the_detector_knows_a_common_unsupported_language(detector, text: str, language: str) -> None:  # type: ignore[no-untyped-def]
    assert detector.detect(text).lang == language


@pytest.mark.parametrize(("text", "language", "locale"), UNSUPPORTED)
@pytest.mark.parametrize("source", ["page", "explicit_en"])
def test_the_policy_never_sends_an_unsupported_language_to_the_bot_as_another(
        detector, text: str, language: str, locale: str, source: str) -> None:  # type: ignore[no-untyped-def]
    state = start_conversation(locale) if source == "page" else ConversationLanguage("en", LanguageSource.EXPLICIT)
    decision = decide_language(state, detector.detect(text), text)
    assert (decision.route, decision.lang, decision.state) == (Route.TRANSLATE, language, state)


@pytest.mark.parametrize(("text", "language", "locale"), UNSUPPORTED)
async def test_the_bruker_is_told_in_english_and_norwegian_with_the_button_to_a_person(
        world: World, detector, text: str, language: str, locale: str) -> None:  # type: ignore[no-untyped-def]
    world.deps.language = PolicyLanguageLayer(detector, FakeTranslator(set()))  # type: ignore[arg-type]
    conversation, token = await create_conversation(world.deps, page_locale=locale)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text=text)
    await world.deps.tasks.drain()

    assert world.bot.received == []  # no bot answer in a language it guessed
    after = world.conversation(conversation.id)
    assert after.state is ConversationState.BOT
    assert after.language is None  # the widget keeps its own language (not English, not nynorsk)
    assert (after.needs_interpreter, after.interpreter_language) == (True, language)
    answers = [views.message_for_user(m, world.store.conversations[m.conversation_id])
               for _, m in sorted(world.store.messages.items())
               if m.conversation_id == conversation.id and m.sender == "system" and m.reply_to is not None]
    assert len(answers) == 1
    assert answers[0]["text"] == (f"{fixed_text('translation_unavailable', 'en')}\n\n"
                                  f"{fixed_text('translation_unavailable', 'nb')}")
    assert [b["payload"] for b in answers[0]["buttons"]] == ["/human_handoff"]
    assert answers[0]["buttons"][0]["title"] == f"{fixed_text('offer_human', 'en')} / {fixed_text('offer_human', 'nb')}"
    assert fixed_text("choose_language", "nb") not in answers[0]["text"]
