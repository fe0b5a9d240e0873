"""The language layer the relay calls: sticky language, detection and translation behind one wrapper."""

from __future__ import annotations

from router.adapters.models import ConversationRow
from router.services.deps import InboundText, OutboundText

NORWEGIAN_PATH = frozenset({"nb", "nn", "da", "sv"})


class NorwegianOnlyLanguage:
    """No detection and no translation: every conversation is handled in bokmål (or its chosen nb/nn/en)."""

    async def inbound(self, conversation: ConversationRow, text: str) -> InboundText:
        language = conversation.language or "nb"
        bot_language = language if language in ("nb", "nn", "en") else "nb"
        return InboundText(
            language=language,
            language_source=conversation.language_source,
            text_for_bot=text,
            translated=False,
            bot_language=bot_language,
        )

    async def outbound(self, conversation: ConversationRow, text: str) -> OutboundText | None:
        return None

    def has_translation(self, language: str) -> bool:
        return language in NORWEGIAN_PATH or language == "en"
