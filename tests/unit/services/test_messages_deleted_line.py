"""A chat whose messages retention deleted was blank on the bruker's tab and in the console: one line now says so on
both sides ("Meldingene er slettet etter 2 dager, slik vi lovet.", the bruker's in her language, all 20)."""

from __future__ import annotations

import pytest

from router.config import Settings
from router.domain.assignment import Presence
from router.domain.conversation import THREATS
from router.services import dispatch, inbox, retention
from router.services.conversations import create_conversation, messages_for_user
from router.services.preferences import close_by_user
from router.services.views import conversation_for_user
from router.texts import available_languages, fixed_text
from tests.unit.services.conftest import World
from tests.unit.services.test_dispatch import as_staff


async def test_the_bruker_reads_one_line_where_her_deleted_chat_was(world: World) -> None:
    conversation, token = await create_conversation(world.deps, language="pl")
    await close_by_user(world.deps, conversation.id, token)
    kept = await messages_for_user(world.deps, conversation.id, token, 0)
    assert kept["conversation"]["deleted_text"] is None and kept["messages"]
    world.clock.advance(days=world.deps.settings.retention_days, hours=1)
    assert await retention.purge_transcripts(world.deps) == 1

    deleted = await messages_for_user(world.deps, conversation.id, token, 0)
    assert deleted["messages"] == []
    assert deleted["conversation"]["deleted_text"] == "Wiadomości zostały usunięte po 2 dniach, tak jak obiecaliśmy."


async def test_staff_read_one_line_with_the_period_it_was_kept(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    ordinary, threat = await world.queued("Asker"), await world.queued("Asker")
    staff = as_staff(world, kari.id)
    await dispatch.take(world.deps, ordinary, staff)
    await dispatch.close(world.deps, ordinary, staff, "besvart")
    await dispatch.take(world.deps, threat, staff)
    await dispatch.close(world.deps, threat, staff, THREATS, note="Sa at han vet hvor jeg bor")
    opened = await inbox.conversation_detail(world.deps, staff, ordinary)
    assert opened["deleted_text"] is None and opened["messages"]

    world.clock.advance(days=world.deps.settings.retention_days, hours=1)
    await retention.purge_transcripts(world.deps)
    opened = await inbox.conversation_detail(world.deps, staff, ordinary)
    assert opened["messages"] == [] and opened["deleted_text"] == "Meldingene er slettet etter 2 dager, slik vi lovet."
    assert (await inbox.conversation_detail(world.deps, staff, threat))["deleted_text"] is None, "kept as evidence"

    world.clock.advance(days=world.deps.settings.threat_retention_days)
    await retention.purge_transcripts(world.deps)
    assert (await inbox.conversation_detail(world.deps, staff, threat))["deleted_text"] == (
        "Meldingene er slettet etter 365 dager (tatt vare på som bevis for trusler eller sjikane).")
    # Not promised to the bruker, who was told 2 days: her tab says nothing of it.
    assert conversation_for_user(world.conversation(threat))["deleted_text"] is None


@pytest.mark.parametrize("language", available_languages())
def test_the_line_is_written_in_every_language_with_the_period_promised(language: str) -> None:
    text = fixed_text("messages_deleted", language)
    assert text != fixed_text("messages_deleted", "en") or language == "en", "its own words"
    days = f"{Settings().retention_days:g}"
    assert days in text or "۲" in text or "يومين" in text, "the period widget_privacy promised"
