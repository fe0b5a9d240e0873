"""The language layer the relay calls: sticky language, detection and translation behind one wrapper.

Policy lives in router/domain/language_policy.py; this wrapper only feeds it a detection and turns its
decision into translations. A missing or failing translation never stops the conversation: the relay tells
the bruker (hand-written text) and records the need for a tolk.
"""

from __future__ import annotations

import logging

from router.adapters.language_detector import LanguageDetector
from router.adapters.translator import NullTranslator, TranslationUnavailable, Translator
from router.domain.conversation import Conversation
from router.domain.language_policy import (
    DIRECT_LANGUAGES,
    NORWEGIAN_PATH,
    ConversationLanguage,
    Route,
    bot_language_for,
    decide_language,
    written_in_another_script,
)
from router.ports.language import InboundText, OutboundText

log = logging.getLogger(__name__)


class NorwegianOnlyLanguage:
    """No detection and no translation: every conversation is handled in its chosen nb/nn/en (default nb)."""

    async def inbound(self, conversation: Conversation, text: str) -> InboundText:
        language = conversation.language or "nb"
        return InboundText(
            language=language,
            language_source=conversation.language_source,
            text_for_bot=text,
            translated=False,
            bot_language=bot_language_for(language),
        )

    async def outbound(self, conversation: Conversation, text: str) -> OutboundText | None:
        return None

    def has_translation(self, language: str) -> bool:
        return language in DIRECT_LANGUAGES


class PolicyLanguageLayer:
    def __init__(self, detector: LanguageDetector, translator: Translator | None = None) -> None:
        self._detector = detector
        self._translator: Translator = translator or NullTranslator()

    async def inbound(self, conversation: Conversation, text: str) -> InboundText:
        state = ConversationLanguage.restore(conversation.language, conversation.language_source)
        decision = decide_language(state, self._detector.detect(text), text)
        language = decision.state.lang
        source = decision.state.source.value if decision.state.lang else None
        if decision.route is not Route.TRANSLATE or decision.lang is None:
            return InboundText(
                language=language or "nb",
                language_source=source,
                text_for_bot=text,
                translated=False,
                bot_language=decision.bot_language,
                ask_language=decision.should_ask,
                ask_in=decision.ask_in,
                language_changed=decision.state != state,
                for_the_bot=not (decision.should_ask and written_in_another_script(text)),
            )
        try:
            translation = await self._translator.translate(text, decision.lang, "nb")
        except TranslationUnavailable as error:
            log.info("translation.unavailable source=%s reason=%s", decision.lang, type(error).__name__)
            return InboundText(
                language=decision.lang,
                language_source=source,
                text_for_bot=text,
                translated=False,
                bot_language=decision.bot_language,
                language_changed=decision.state != state,
                translation_failed=True,
            )
        return InboundText(
            language=decision.lang,
            language_source=source,
            text_for_bot=translation.text,
            translated=translation.machine_translated,
            bot_language=decision.bot_language,
            language_changed=decision.state != state,
        )

    async def outbound(self, conversation: Conversation, text: str) -> OutboundText | None:
        """Bot and veileder text (bokmål, or the bot's nn/en) in the bruker's language; None when not needed."""
        target = conversation.language
        if not target or target in DIRECT_LANGUAGES:
            return None
        try:
            translation = await self._translator.translate(text, "nb", target)
        except TranslationUnavailable:
            return None
        return OutboundText(text=translation.text, language=target, machine_translated=translation.machine_translated)

    def has_translation(self, language: str) -> bool:
        if language in NORWEGIAN_PATH or language in DIRECT_LANGUAGES:
            return True
        return self._translator.can_translate(language, "nb") and self._translator.can_translate("nb", language)
