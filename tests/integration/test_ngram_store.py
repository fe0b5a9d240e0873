"""The language model on disk (router.adapters.ngram_store) scores as the lingua library does, model for model.

The reference is the lingua library the project installs (2.1.1, its models in memory). The file is built from
lingua 1.4.2's model files (scripts/build_language_model.py), byte for byte the library's except Turkish, which
lingua retrained after 1.4.2: with Turkish among the languages the two differ slightly, measured below.
"""

from __future__ import annotations

import math
from pathlib import Path

import lingua
import pytest

from router.adapters.language_detector import (
    ARABIC_SCRIPT_LANGUAGES,
    CYRILLIC_LANGUAGES,
    LATIN_LANGUAGES,
    default_store,
    dominant_script,
    normalize_chat_text,
)
from router.adapters.ngram_store import (
    MAX_REMEMBERED_CHARACTERS,
    LanguageModelMissing,
    LinguaScorer,
    NgramStore,
    lingua_rules,
)

ROOT = Path(__file__).resolve().parents[2]
EVAL_SETS = ("chat_messages", "holdout_messages", "unseen_messages")

# What the eval sets do not cover: empty and letterless texts, the 120-letter switch to trigrams only, mixed
# scripts, letters only one language has, CJK in a Latin text, combining marks, hostile repetition.
EDGE_TEXTS = [
    "", "   ", "123 456", "?!", "a", "ab", "hei", "ß", "straße", "İstanbul", "Łódź jest", "ąę", "ñandú",
    "hei привіт", "你好 hei hallo", "こんにちは hello", "e\u0301te\u0301", "hello 👋 world",
    "jeg trenger hjelp til å betale husleia denne måneden fordi jeg har mistet jobben og ikke har noen penger "
    "igjen til mat eller strøm",
    "the quick brown fox jumps over the lazy dog " * 6,
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "xyzzy qwrtp", "مرحبا", "سلام", "ہیں", "ab مرحبا", "привет", "ї", "спасибо большое за помощь",
]


def _eval_texts() -> list[str]:
    texts = []
    for name in EVAL_SETS:
        for line in (ROOT / "eval" / "language" / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith(("#", "lang\t")):
                texts.append(line.partition("\t")[2])
    return texts


def _as_router_asks(text: str) -> str:
    """The text as the combined detector hands it to lingua (Latin script is normalised first)."""
    return normalize_chat_text(text) if dominant_script(text)[0] == "latin" else text


def _library(codes: frozenset[str], *, low_accuracy: bool) -> lingua.LanguageDetector:
    languages = [lingua.Language.from_iso_code_639_1(getattr(lingua.IsoCode639_1, c.upper())) for c in sorted(codes)]
    builder = lingua.LanguageDetectorBuilder.from_languages(*languages)
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def _library_confidences(detector: lingua.LanguageDetector, text: str) -> dict[str, float]:
    values = detector.compute_language_confidence_values(text)
    return {v.language.iso_code_639_1.name.lower(): v.value for v in values if v.value > 0}


TEXTS = sorted({_as_router_asks(t) for t in _eval_texts()} | set(EDGE_TEXTS))


@pytest.mark.parametrize(
    ("codes", "low_accuracy"),
    [
        pytest.param(LATIN_LANGUAGES - {"tr"}, False, id="latin-high"),
        pytest.param(CYRILLIC_LANGUAGES, False, id="cyrillic-high"),
        pytest.param(ARABIC_SCRIPT_LANGUAGES, True, id="arabic-low"),
        pytest.param(LATIN_LANGUAGES - {"tr"}, True, id="latin-low"),
        pytest.param(frozenset({"nb", "nn", "da", "sv", "uk", "ru", "ar", "th"}), False, id="mixed-scripts"),
    ],
)
def test_the_same_confidences_as_the_lingua_library(codes: frozenset[str], low_accuracy: bool) -> None:
    scorer = LinguaScorer(default_store(), codes, low_accuracy=low_accuracy)
    library = _library(codes, low_accuracy=low_accuracy)
    assert len(TEXTS) > 1000
    mismatches = []
    for text in TEXTS:
        ours, theirs = scorer.confidences(text), _library_confidences(library, text)
        if set(ours) != set(theirs) or any(not math.isclose(ours[k], theirs[k], abs_tol=1e-9) for k in ours):
            mismatches.append((text, ours, theirs))
    assert mismatches == []


def test_turkish_differs_only_by_lingua_having_retrained_it() -> None:
    """With Turkish among the languages: the same best language on all but a handful of the eval texts."""
    scorer = LinguaScorer(default_store(), LATIN_LANGUAGES)
    library = _library(LATIN_LANGUAGES, low_accuracy=False)
    latin = [t for t in TEXTS if t and dominant_script(t)[0] == "latin"]
    differ = []
    for text in latin:
        ours, theirs = scorer.confidences(text), _library_confidences(library, text)
        if ours and theirs and max(ours, key=ours.__getitem__) != max(theirs, key=theirs.__getitem__):
            differ.append(text)
    assert len(latin) > 700
    assert len(differ) <= 2, differ


def test_the_file_holds_every_language_the_router_asks_about() -> None:
    store = default_store()
    assert set(store.languages) >= LATIN_LANGUAGES | CYRILLIC_LANGUAGES | ARABIC_SCRIPT_LANGUAGES
    assert "lingua_language_detector-1.4.2" in store.source
    assert set(store.languages) <= set(lingua_rules()["languages"])


def test_a_missing_file_names_the_command_that_builds_it(tmp_path: Path) -> None:
    with pytest.raises(LanguageModelMissing, match="make setup"):
        NgramStore(tmp_path / "absent.sqlite")


def test_a_text_of_thousands_of_distinct_characters_is_scored_and_forgotten() -> None:
    scorer = LinguaScorer(default_store(), LATIN_LANGUAGES)
    before = scorer.confidences("jeg trenger hjelp med husleia")
    hostile = " ".join(chr(c) for c in range(0x4E00, 0x4E00 + MAX_REMEMBERED_CHARACTERS + 500))
    assert scorer.confidences(hostile) == {}  # CJK only: none of these languages
    assert len(scorer._char_facts) <= MAX_REMEMBERED_CHARACTERS + 1
    assert scorer.confidences("jeg trenger hjelp med husleia") == before != {}
