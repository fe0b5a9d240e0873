"""The language detector's Unicode classes, compiled with ``re`` from router/adapters/unicode_scripts.json, match
exactly what ``regex``'s ``\\p{...}`` matches, over every code point (scripts/build_unicode_scripts.py writes the
file; ``regex`` itself stays out of the router: tests/integration/test_router_footprint.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import regex

from router.adapters import ngram_store
from router.adapters.ngram_store import lingua_rules, unicode_class

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))
from build_unicode_scripts import ranges_of  # noqa: E402

PROPERTIES = [("L", r"\p{L}"), *((name, rf"\p{{Script={name.capitalize()}}}") for name in lingua_rules()["alphabets"])]


@pytest.mark.parametrize(("name", "property_"), PROPERTIES, ids=[name for name, _ in PROPERTIES])
def test_each_class_matches_what_regex_matches_over_every_code_point(name: str, property_: str) -> None:
    assert ranges_of(unicode_class(name), engine=re) == ranges_of(property_), (
        f"{name} differs from regex {regex.__version__}: run scripts/build_unicode_scripts.py")


def test_words_are_split_as_with_regex() -> None:
    original = regex.compile(
        r"\p{Bengali}+|\p{Devanagari}+|\p{Gujarati}+|\p{Gurmukhi}+|\p{Han}|\p{Hangul}+|\p{Hiragana}|\p{Katakana}"
        r"|\p{Tamil}+|\p{Telugu}+|\p{Thai}+|\p{L}+")
    texts = ["Hei, jeg trenger hjelp med husleia!", "Привіт, мені потрібна допомога", "مرحبا، أحتاج مساعدة",
             "我需要帮助 with rent", "こんにちはカタカナ漢字", "안녕하세요 도움이", "สวัสดีครับ ช่วยด้วย",
             "नमस्ते मदद", "ধন্যবাদ", "வணக்கம்", "నమస్కారం", "ਸਤ ਸ੍ਰੀ ਅਕਾਲ", "નમસ્તે", "x²y½ Ⅻ ǅ ʰ 3rd_party"]
    for text in texts:
        assert ngram_store._TOKENS.findall(text.lower()) == original.findall(text.lower()), text
