"""The language port: detection, the sticky conversation language and machine translation behind one call each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from router.domain.conversation import Conversation


@dataclass(frozen=True)
class InboundText:
    """What the language layer made of one user message."""

    language: str  # the conversation language after this message
    language_source: str | None
    text_for_bot: str  # Norwegian or English text for the bot and the veileder
    translated: bool  # text_for_bot is a machine translation
    bot_language: str  # nb | nn | en: the language the bot answers in
    ask_language: bool = False  # too short to trust: show the language picker
    ask_in: tuple[str, ...] = ()  # the languages to ask in, most likely first (the conversation's among them)
    # False when the language is asked for and the text's letters are all of another script: the bot could not
    # read it, and its answer would be a Norwegian "I did not understand" to someone who may read no Norwegian.
    for_the_bot: bool = True
    language_changed: bool = False
    translation_failed: bool = False


@dataclass(frozen=True)
class OutboundText:
    text: str
    language: str
    machine_translated: bool


class LanguageLayer(Protocol):
    async def inbound(self, conversation: Conversation, text: str) -> InboundText: ...

    async def outbound(self, conversation: Conversation, text: str) -> OutboundText | None:
        """The text in the bruker's language, or None when it is already in it."""
        ...

    def has_translation(self, language: str) -> bool: ...
