"""The login notice in a language the bot cannot read (no translation model): no promise that the bot answers, but
what the bruker can do instead (probe helper-86: a Polish bruker was promised "you can now ask me about your
application", and the bot then could not read "Czy otrzymaliście mój wniosek?")."""

from __future__ import annotations

from router.adapters.language_layer import PolicyLanguageLayer
from router.domain.language_policy import Detection
from router.services import views
from router.services.conversations import create_conversation
from router.services.deps import PersonDeps
from router.texts import fixed_text
from tests.fakes import FakeTranslator
from tests.unit.services.conftest import World
from tests.unit.services.test_login import OLA, log_in, people  # noqa: F401  (people: the fixture)


class NoDetection:
    def detect(self, text: str) -> Detection:
        return Detection(None, 0.0)


def login_notice(world: World, conversation_id: str) -> dict:
    notices = [views.message_for_user(m, world.store.conversations[m.conversation_id])
               for _, m in sorted(world.store.messages.items())
               if m.conversation_id == conversation_id and m.sender == "system"]
    return next(n for n in notices if "ID-porten" in n["text"])


async def test_without_a_model_the_login_promises_no_bot_answer_and_offers_a_person(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    world.deps.language = PolicyLanguageLayer(NoDetection(), FakeTranslator(set()))  # type: ignore[arg-type]
    conversation, token = await create_conversation(world.deps, language="pl")
    await log_in(world, OLA, conversation.id, token)
    notice = login_notice(world, conversation.id)
    assert notice["text"] == f"{fixed_text('logged_in', 'pl')} {fixed_text('translation_unavailable_again', 'pl')}"
    assert fixed_text("login_done_with_bot", "pl") != notice["text"]
    assert [b["payload"] for b in notice["buttons"]] == ["/human_handoff"]


async def test_with_a_model_or_in_norwegian_the_bot_offers_the_own_case(world: World, people: PersonDeps) -> None:  # noqa: F811
    world.deps.language = PolicyLanguageLayer(  # type: ignore[assignment]
        NoDetection(), FakeTranslator({("pl", "nb"), ("nb", "pl")}))
    for language in ("pl", "nb", "en"):
        conversation, token = await create_conversation(world.deps, language=language)
        await log_in(world, OLA, conversation.id, token)
        assert login_notice(world, conversation.id)["text"] == fixed_text("login_done_with_bot", language)


def test_every_language_says_logged_in_as_its_login_notice_does() -> None:
    from router.texts import available_languages

    for language in available_languages():
        assert fixed_text("login_done", language).startswith(fixed_text("logged_in", language))
