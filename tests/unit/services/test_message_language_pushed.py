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
