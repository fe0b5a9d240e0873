"""A bruker message stored in the conversation's language and then found to be in another is pushed to the console
again (``message_updated``), not only a translated one: helper-91 saw "ikke oversatt (arabisk)" on an English message
in an Arabic chat until the console reloaded."""

from __future__ import annotations

from router.ports.language import InboundText
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from tests.unit.services.conftest import World


async def test_a_message_in_another_language_than_the_chats_is_pushed_with_its_language(world: World) -> None:
    async def finds_bokmal(conversation, text):  # type: ignore[no-untyped-def]
        return InboundText(language="nb", language_source="explicit", text_for_bot=text, translated=False,
                           bot_language="nb")

    world.deps.language.inbound = finds_bokmal  # type: ignore[method-assign]
    conversation, token = await create_conversation(world.deps, language="ar")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="c1",
                               text="jeg trenger hjelp med husleia denne måneden")
    await world.deps.tasks.drain()
    updated = [e["message_staff"] for e in world.bus.published if e.get("type") == "message_updated"]
    assert [m["original_language"] for m in updated] == ["nb"], world.bus.published


async def test_the_bruker_gets_their_own_message_again_with_the_language_it_was_found_in(world: World) -> None:
    """WCAG 3.1.2: an English message in an nb-NO browser was echoed with lang="nb" (stored before its turn read it)
    and kept it in the widget until a reload."""
    from router.web.ws import frame_for_user

    async def finds_english(conversation, text):  # type: ignore[no-untyped-def]
        return InboundText(language="en", language_source="detected", text_for_bot="jeg trenger hjelp med husleia",
                           translated=True, bot_language="nb")

    world.deps.language.inbound = finds_english  # type: ignore[method-assign]
    conversation, token = await create_conversation(world.deps, page_locale="nb-NO")
    echo, _ = await receive_user_message(world.deps, conversation.id, token, client_msg_id="c1",
                                         text="I need help with my rent this month")
    await world.deps.tasks.drain()
    assert echo["language"] == "nb", "the echo is stored before the language is read"
    frames = [frame_for_user(e) for e in world.bus.published if e.get("type") == "message_updated"]
    assert frames and frames[-1] is not None, world.bus.published
    assert frames[-1]["type"] == "message_updated"
    own = frames[-1]["message"]
    assert (own["seq"], own["sender"], own["language"], own["client_msg_id"]) == (echo["seq"], "user", "en", "c1")
    assert own["text"] == "I need help with my rent this month", "their own words, not the translation"
