"""Sticky language, trust thresholds; Norwegian path vs machine translation vs ask.

Pure functions over frozen dataclasses: no I/O, no clock. The relay service calls, per user message,

    detection = detector.detect(text)                 # router.adapters.language_detector
    decision = decide_language(state, detection, text)
    state = decision.state                            # store it with the conversation

and then acts on ``decision.route``: ``DIRECT`` sends the text to the bot as it is, ``TRANSLATE`` sends
it through machine translation (``decision.lang`` -> nb), ``ASK`` shows the language picker (fixed text
``choose_language``) and holds the message; after the bruker picks, ``choose_language(state, lang)``
and ``decide_language`` again. ``decision.bot_language`` is the value of the Rasa slot ``language``.

The page locale (the nav.no page's language, or the browser's when the widget knows no better) is only a
guess about the bruker: it gives the greeting its language, and the bruker's own words outrank it. The first
trusted message of at least ``PAGE_LOCALE_MIN_WORDS`` words in another language replaces it (a Norwegian
writing from a browser set to English gets Norwegian from then on, answers and notices alike); one in the
same language confirms it, after which only a long, confident message changes the language again.

Thresholds were chosen by measurement on ``eval/language/chat_messages.tsv``
(``scripts/eval_language.py``, figures in ``reports/language/eval.md``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from router.domain.short_answers import languages_of_yes_or_no, normalized

# The user languages the service supports (ISO 639-1). Detectors are restricted to these.
SUPPORTED_LANGUAGES: frozenset[str] = frozenset(
    {
        "nb", "nn", "en", "pl", "lt", "uk", "ru", "ar", "so", "ti",
        "fa", "ur", "tr", "es", "de", "ro", "th", "vi", "sv", "da",
    }
)  # fmt: skip
# DESIGN "Language": short-text detectors confuse these most; all four reach the bot untranslated.
NORWEGIAN_PATH: frozenset[str] = frozenset({"nb", "nn", "da", "sv"})
# The bot has answers in these (slot `language`, docs/CONTRACTS.md).
BOT_LANGUAGES: frozenset[str] = frozenset({"nb", "nn", "en"})
# Text the bot understands without machine translation.
DIRECT_LANGUAGES: frozenset[str] = NORWEGIAN_PATH | {"en"}
DEFAULT_LANGUAGE = "nb"

# Trust thresholds (see module docstring for how they were chosen). A detection is trusted when
# its confidence reaches the bar for its length; short texts need more confidence.
MIN_CONFIDENCE_SHORT = 0.60  # 1-2 words
MIN_CONFIDENCE_MEDIUM = 0.45  # 3-4 words
MIN_CONFIDENCE_LONG = 0.35  # 5+ words
# The Norwegian path as a whole: trusted when nb+nn+da+sv together reach this.
MIN_NORWEGIAN_PATH_CONFIDENCE = 0.60
# Re-detection of a sticky language (DESIGN: only on long, confident messages).
REDETECT_MIN_WORDS = 5
REDETECT_MIN_CONFIDENCE = 0.90
# The page locale yields to a trusted message of at least this many words ("hello", "ok takk" are no evidence).
PAGE_LOCALE_MIN_WORDS = 3
# Danish and Swedish share most short words with Norwegian ("var hos legen i dag" reads Swedish to the detector): a
# conversation takes one of them as its language (what the veileder's console shows) only from a detection at least
# this confident, and is bokmål otherwise. The route is the same either way (the Norwegian path, untranslated).
NEIGHBOUR_LANGUAGES: frozenset[str] = frozenset({"da", "sv"})
MIN_NEIGHBOUR_CONFIDENCE = 0.50
# Scripts without spaces between words (Thai) count this many letters as one word.
LETTERS_PER_WORD_UNSPACED = 4
# The question "which language?" is also put in each language the detector ranks at least this high for the message
# that raised it, at most MAX_ASK_IN of them: a one-word "سلام" is Persian, Urdu or Arabic (0.49, 0.27, 0.24).
MIN_ASK_IN_CONFIDENCE = 0.2
MAX_ASK_IN = 3


@dataclass(frozen=True)
class Detection:
    """What a detector found: the best language (None if nothing), its confidence and the ranked rest."""

    lang: str | None
    confidence: float
    candidates: tuple[tuple[str, float], ...] = ()

    def confidence_of(self, languages: frozenset[str]) -> float:
        """The summed confidence of ``languages`` among the candidates."""
        total = sum(c for lang, c in self.candidates if lang in languages)
        if not self.candidates and self.lang in languages:
            total = self.confidence
        return min(total, 1.0)


NO_DETECTION = Detection(None, 0.0, ())


class LanguageSource(StrEnum):
    """Where the conversation language came from, strongest first."""

    EXPLICIT = "explicit"  # the bruker picked it
    PAGE_LOCALE = "page_locale"  # the nav.no page the chat was opened on
    DETECTED = "detected"  # a message long and confident enough to trust
    NONE = "none"


class Route(StrEnum):
    """What the relay does with one message."""

    DIRECT = "direct"  # to the bot as written (Norwegian path, English)
    TRANSLATE = "translate"  # machine translation into bokmål first
    ASK = "ask"  # show the language picker; do not guess


@dataclass(frozen=True)
class ConversationLanguage:
    """The sticky conversation language and where it came from."""

    lang: str | None = None
    source: LanguageSource = LanguageSource.NONE

    @property
    def is_known(self) -> bool:
        return self.lang is not None

    @classmethod
    def restore(cls, lang: str | None, source: str | None) -> ConversationLanguage:
        """The state as stored with the conversation (``language``, ``language_source`` columns)."""
        normalized = normalize_language(lang)
        if normalized is None:
            return cls()
        try:
            parsed = LanguageSource(source) if source else LanguageSource.DETECTED
        except ValueError:
            parsed = LanguageSource.DETECTED
        return cls(normalized, parsed if parsed is not LanguageSource.NONE else LanguageSource.DETECTED)


@dataclass(frozen=True)
class LanguageDecision:
    """The outcome for one message: the new sticky state, the message's language and its route."""

    state: ConversationLanguage
    lang: str | None  # the language this message is treated as (None when asking)
    route: Route
    bot_language: str  # Rasa slot `language`: nb, nn or en
    # When asking: the languages to ask in, most likely first (``languages_to_ask_in``).
    ask_in: tuple[str, ...] = ()

    @property
    def should_ask(self) -> bool:
        return self.route is Route.ASK

    @property
    def is_machine_translated(self) -> bool:
        return self.route is Route.TRANSLATE


def normalize_language(code: str | None) -> str | None:
    """An ISO 639-1 code from a locale or code ("nb-NO", "no", "en_GB", "NN"); None when unsupported."""
    if not code:
        return None
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    base = {"no": "nb", "nob": "nb", "nno": "nn", "eng": "en"}.get(base, base)
    return base if base in SUPPORTED_LANGUAGES else None


def start_conversation(page_locale: str | None = None) -> ConversationLanguage:
    """The state of a new conversation: the page locale when it names a supported language."""
    lang = normalize_language(page_locale)
    if lang is None:
        return ConversationLanguage()
    return ConversationLanguage(lang, LanguageSource.PAGE_LOCALE)


def choose_language(state: ConversationLanguage, lang: str) -> ConversationLanguage:
    """The bruker picked ``lang`` (picker or settings): it wins over everything else."""
    normalized = normalize_language(lang)
    if normalized is None:
        raise ValueError(f"unsupported language {lang!r}")
    return replace(state, lang=normalized, source=LanguageSource.EXPLICIT)


def bot_language_for(lang: str | None) -> str:
    """The slot `language` for the bot: nb, nn or en; bokmål for everything machine-translated."""
    return lang if lang in BOT_LANGUAGES else DEFAULT_LANGUAGE


def route_for(lang: str) -> Route:
    return Route.DIRECT if lang in DIRECT_LANGUAGES else Route.TRANSLATE


class RepliesReach(StrEnum):
    """How Norwegian written for a bruker (a veileder's reply, the bot's answers) reaches one writing a language."""

    AS_WRITTEN = "as_written"  # the Norwegian path: read as written
    WRITE_IN_IT = "write_in_it"  # English: the bot speaks it, nothing translates Norwegian into it
    MACHINE_TRANSLATED = "machine_translated"  # a model is installed
    NOT_TRANSLATED = "not_translated"  # no model: the bruker is told so and offered a tolk


def replies_reach(lang: str, translation_installed: Callable[[str], bool]) -> RepliesReach:
    """``translation_installed``: whether a model translates to and from a language (the language port's
    has_translation), asked only for a language that needs one."""
    language = normalize_language(lang) or lang  # a tolk language the picker does not offer stays as it is
    if language in NORWEGIAN_PATH:
        return RepliesReach.AS_WRITTEN
    if language in DIRECT_LANGUAGES:
        return RepliesReach.WRITE_IN_IT
    return RepliesReach.MACHINE_TRANSLATED if translation_installed(language) else RepliesReach.NOT_TRANSLATED


# Words that mark a veileder's reply as Norwegian, and as English: a reply to a bruker whose language is written to,
# not translated into (RepliesReach.WRITE_IN_IT: English), is taken for Norwegian when its Norwegian words outnumber
# its English ones (a place name's "ø" counts one: "Your office is Nav Grünerløkka" is English). The router tells the
# bruker so (services/replies.py); the console, given these words (GET /api/staff/labels), warns before sending.
NORWEGIAN_REPLY_WORDS = frozenset("""
    jeg eg du deg meg vi oss dere er og ikke ikkje det har på til med som kan hei hva kva hvordan korleis hvorfor
    når fra frå av å eller din ditt dine min mitt mine skal vil må får blir være vere hjelpe takk søknad søknaden
    saken sende trenger treng også ein eit hvis dersom""".split())
ENGLISH_REPLY_WORDS = frozenset("""
    you your the and is are have has can we of with it this that hi hello what how why when please thanks thank
    will not do help be my me an from if also need send application case""".split())


def reads_as_norwegian(text: str) -> bool:
    """Whether a reply is written in Norwegian rather than in English."""
    norwegian, english = _reply_words(text)
    return norwegian > english


def reads_as_english(text: str) -> bool:
    """Whether a reply is written in English rather than in Norwegian (neither, as "OK", is not)."""
    norwegian, english = _reply_words(text)
    return english > norwegian


def _reply_words(text: str) -> tuple[int, int]:
    """How much of a reply reads as Norwegian, and how much as English."""
    words = normalized(text).split()
    norwegian = sum(word in NORWEGIAN_REPLY_WORDS for word in words) + any(ch in "æøå" for ch in text.casefold())
    return norwegian, sum(word in ENGLISH_REPLY_WORDS for word in words)


def written_in_another_script(text: str) -> bool:
    """Letters, and none of them Latin, the only script the bot reads (nb, nn, en). Digits or emoji alone are not
    (a postnummer is an answer the bot reads)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and not any("LATIN" in unicodedata.name(ch, "") for ch in letters)


def count_words(text: str) -> int:
    """Words in ``text``; for scripts written without spaces (Thai), letters / 4."""
    words = 0
    for token in text.split():
        letters = [ch for ch in token if ch.isalpha()]
        if not letters:
            continue
        if _is_unspaced_script(letters[0]):
            words += max(1, len(letters) // LETTERS_PER_WORD_UNSPACED)
        else:
            words += 1
    return words


def _is_unspaced_script(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("THAI", "LAO", "KHMER", "MYANMAR"))


def min_confidence_for(words: int) -> float:
    """The confidence a detection needs to be trusted, by length."""
    if words <= 2:
        return MIN_CONFIDENCE_SHORT
    if words <= 4:
        return MIN_CONFIDENCE_MEDIUM
    return MIN_CONFIDENCE_LONG


def trusted_language(detection: Detection, text: str) -> str | None:
    """The detected language if long and confident enough to act on, else None.

    The Norwegian path is judged as a whole: "takk" may be nb, da or sv, but it surely needs no
    translation, so it is trusted as Norwegian (bokmål, the default) when the four together are confident
    enough and none of them alone is.
    """
    words = count_words(text)
    if words == 0 or detection.lang is None:
        return None
    if detection.lang in SUPPORTED_LANGUAGES and detection.confidence >= min_confidence_for(words):
        return detection.lang
    if detection.confidence_of(NORWEGIAN_PATH) >= max(
        MIN_NORWEGIAN_PATH_CONFIDENCE, min_confidence_for(words)
    ):
        # Which of the four is a guess ("Flott!" may come out as nynorsk): bokmål, the default, until a message
        # says more. The route is the same (direct, never translated).
        return DEFAULT_LANGUAGE
    return None


def is_long_and_confident(detection: Detection, text: str) -> bool:
    """Enough to change a sticky language (DESIGN: re-detect only on long, confident messages)."""
    return (
        detection.lang in SUPPORTED_LANGUAGES
        and count_words(text) >= REDETECT_MIN_WORDS
        and detection.confidence >= REDETECT_MIN_CONFIDENCE
    )


def decide_language(state: ConversationLanguage, detection: Detection, text: str) -> LanguageDecision:
    """The sticky language after this message, and what to do with the message.

    Order (DESIGN "Language"): explicit choice, then what the bruker writes, then page locale. The page
    locale stands until the first trusted message of ``PAGE_LOCALE_MIN_WORDS`` words or more: one in
    another path replaces it, one in its path confirms it. A language learned from the bruker's words
    changes only on a long, confident message in a language outside its path (nb -> da is no change;
    nb <-> nn changes the answer language). An explicit choice never changes by detection. Norwegian is never machine-translated: a message that
    is itself trusted as Norwegian path or English goes direct whatever the sticky language. A short
    message trusted as another translated language than the sticky one is asked about, not guessed. A message
    confidently in a language we do not support is routed to translation from it (which fails without a model for
    it), the sticky language unchanged.
    """
    message_lang = trusted_language(detection, text)
    new_state = _next_state(state, detection, text, message_lang)
    unsupported = _confident_unsupported(detection, text) if message_lang is None else None
    if unsupported is not None and new_state.lang not in languages_of_yes_or_no(text):
        # A language we do not support (French, Chinese), whatever the sticky language: the bot must not answer it
        # in a language it guessed, nor the picker offer only others. It goes for translation from its own language,
        # which no installed model does: the bruker is told, in English and Norwegian, how to reach a person.
        return LanguageDecision(new_state, unsupported, Route.TRANSLATE, bot_language_for(new_state.lang))

    if new_state.lang is None:
        if message_lang is None:
            return LanguageDecision(new_state, None, Route.ASK, DEFAULT_LANGUAGE,
                                    ask_in=languages_to_ask_in(detection, new_state))
        # Unreachable in practice (a trusted message sets the state), kept for safety.
        return LanguageDecision(
            new_state, message_lang, route_for(message_lang), bot_language_for(message_lang)
        )

    lang = new_state.lang
    bot_language = bot_language_for(lang)
    if new_state.lang in languages_of_yes_or_no(text):
        # A bare yes or no in the conversation's own language, whatever a detector makes of one short word: "jaa"
        # to a Norwegian question is not Somali to ask about, and a Polish "tak" is a yes, not the Danish thanks.
        return LanguageDecision(new_state, lang, route_for(lang), bot_language)
    # A short Norwegian or English line ("ok takk", "thanks") in a translated conversation needs no MT.
    if message_lang in DIRECT_LANGUAGES and lang not in DIRECT_LANGUAGES:
        return LanguageDecision(new_state, message_lang, Route.DIRECT, bot_language)
    if _contradicts(new_state, message_lang or _confident_unsupported(detection, text)):
        # A short message clearly in another language than the sticky one (Arabic on a bokmål page):
        # neither sending it on as it is nor translating it from the wrong language helps. Ask, in the message's
        # language too: a bruker who wrote "مرحبا" may read no Norwegian.
        return LanguageDecision(new_state, None, Route.ASK, bot_language,
                                ask_in=languages_to_ask_in(detection, new_state))
    if lang in DIRECT_LANGUAGES and message_lang not in DIRECT_LANGUAGES and written_in_another_script(text):
        # Letters the bot cannot read in a Norwegian or English conversation, too short to say whose ("سلام": Persian,
        # Urdu or Arabic): sent on, it got a Norwegian "I did not understand". Ask, in the languages it may be.
        return LanguageDecision(new_state, None, Route.ASK, bot_language,
                                ask_in=languages_to_ask_in(detection, new_state))
    return LanguageDecision(new_state, lang, route_for(lang), bot_language)


def languages_to_ask_in(detection: Detection, state: ConversationLanguage) -> tuple[str, ...]:
    """The languages to put the question "which language do you write in?" in, most likely first: the
    conversation's own (bokmål when none is known) and those the message reads as. So it can be read by one who
    wrote "مرحبا" (Arabic at 0.97, one word: too short to switch a bokmål page's conversation, plain enough to ask in
    Arabic first). The Norwegian path counts as one language, the conversation's when it is on it ("ja": Norwegian
    0.85, German 0.15)."""
    own = state.lang or DEFAULT_LANGUAGE
    ranked = detection.candidates or (((detection.lang, detection.confidence),) if detection.lang else ())
    others = [(lang, confidence) for lang, confidence in sorted(ranked, key=lambda pair: -pair[1])
              if lang in SUPPORTED_LANGUAGES and lang not in NORWEGIAN_PATH and lang != own
              and confidence >= MIN_ASK_IN_CONFIDENCE][:MAX_ASK_IN]
    own_weight = detection.confidence_of(NORWEGIAN_PATH if own in NORWEGIAN_PATH else frozenset({own}))
    languages = [lang for lang, _ in others]
    if not others or own_weight >= others[0][1]:
        return (own, *languages)
    return (*languages, own)


def _next_state(
    state: ConversationLanguage, detection: Detection, text: str, message_lang: str | None
) -> ConversationLanguage:
    if state.source is LanguageSource.EXPLICIT:
        return state
    learned = _language_learned(detection, message_lang)
    if state.lang is None:
        if learned is None:
            return state
        return ConversationLanguage(learned, LanguageSource.DETECTED)
    if state.source is LanguageSource.PAGE_LOCALE and learned is not None \
            and count_words(text) >= PAGE_LOCALE_MIN_WORDS:
        # The bruker's own words outrank the locale of the page (or browser) the chat was opened from: another path,
        # or the other written Norwegian ("Kva er eigentleg økonomisk sosialhjelp?" on a bokmål page was answered
        # in bokmål, and nynorsk came only from the second message on: probe 158).
        if not _same_path(state.lang, learned) or (learned in BOT_LANGUAGES and learned != state.lang):
            return ConversationLanguage(learned, LanguageSource.DETECTED)
        state = ConversationLanguage(state.lang, LanguageSource.DETECTED)  # confirmed by the bruker
    if not is_long_and_confident(detection, text) or detection.lang is None:
        return state
    if _same_path(state.lang, detection.lang):
        # nb -> nn is a real change of answer language; nb -> da/sv is not worth one. A conversation taken for Danish
        # or Swedish from its first words becomes bokmål or nynorsk on a long, confident message in one (the console
        # said "svensk" for the rest of a Norwegian conversation).
        if detection.lang in BOT_LANGUAGES and detection.lang != state.lang:
            return ConversationLanguage(detection.lang, LanguageSource.DETECTED)
        return state
    return ConversationLanguage(detection.lang, LanguageSource.DETECTED)


def _language_learned(detection: Detection, message_lang: str | None) -> str | None:
    """The language a conversation learns from a message trusted as ``message_lang``: Danish or Swedish only when the
    detection is confident of it (``MIN_NEIGHBOUR_CONFIDENCE``), else bokmål."""
    if message_lang in NEIGHBOUR_LANGUAGES and detection.confidence < MIN_NEIGHBOUR_CONFIDENCE:
        return DEFAULT_LANGUAGE
    return message_lang


def _confident_unsupported(detection: Detection, text: str) -> str | None:
    """A language we do not support (Amharic), detected confidently enough to know it is not ours."""
    if detection.lang is None or detection.lang in SUPPORTED_LANGUAGES:
        return None
    return detection.lang if detection.confidence >= min_confidence_for(count_words(text)) else None


def _contradicts(state: ConversationLanguage, message_lang: str | None) -> bool:
    if message_lang is None or state.lang is None or state.source is LanguageSource.EXPLICIT:
        return False
    if message_lang in DIRECT_LANGUAGES:
        return False  # direct either way (handled above when the sticky language is translated)
    return not _same_path(state.lang, message_lang)


def _same_path(a: str, b: str) -> bool:
    return a == b or (a in NORWEGIAN_PATH and b in NORWEGIAN_PATH)
