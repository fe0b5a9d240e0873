"""lingua's language models and scoring, with the models on disk: only the n-grams a message needs are read.

lingua in high-accuracy mode holds every 1- to 5-gram of every language it may be asked about in memory (about
390 MB for the router's languages). Here the same relative frequencies live in one indexed SQLite file
(``scripts/build_language_model.py``, run by setup); a message costs one indexed read of its own n-grams
(a few hundred rows), and the process keeps SQLite's small page cache, not the models. The operating system's
file cache, shared and reclaimable, holds the hot pages.

``LinguaScorer.confidences`` is lingua's ``compute_language_confidence_values`` (lingua-rs 1.7, the engine of
the lingua 2.1 Python package): the rule engine (unique letters, alphabets, letters shared by a few languages),
then per n-gram order the sum of log frequencies, each n-gram backing off to its prefixes, divided by the count
of known unigrams, and a softmax. Equality with the library is tested (tests/integration/test_ngram_store.py).
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import struct
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "var" / "language" / "lingua-ngrams.sqlite"
RULES_PATH = Path(__file__).with_name("lingua_rules.json")
# The Unicode properties below as code point ranges (scripts/build_unicode_scripts.py): ``re`` has no ``\p{...}``,
# and the ``regex`` package that has costs the process 7-11 MB resident for its tables.
UNICODE_SCRIPTS_PATH = Path(__file__).with_name("unicode_scripts.json")
SCHEMA_VERSION = 1
ORDERS = (1, 2, 3, 4, 5)
# One (language index, natural log of the relative frequency) pair; a row holds one per language that has it.
PAIR = struct.Struct("<Bd")
# lingua switches to trigrams alone from this many letters (and always in low-accuracy mode).
HIGH_ACCURACY_MAX_CHARS = 120
MAX_REMEMBERED_CHARACTERS = 20_000


@cache
def _unicode_ranges() -> dict[str, list[list[int]]]:
    return json.loads(UNICODE_SCRIPTS_PATH.read_text(encoding="utf-8"))["properties"]


def unicode_class(*names: str) -> str:
    r"""An ``re`` character class of the code points with any of the properties named ("L", or a Script as lingua
    names its alphabets: "HAN"); the same as ``regex``'s ``[\p{L}]``, ``[\p{Script=Han}]``."""
    ranges = (r for name in names for r in _unicode_ranges()[name])
    return "[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in ranges) + "]"


# Words as lingua splits them: each Han, Hiragana and Katakana character alone; a run of one of these scripts'
# letters; otherwise a run of letters.
_TOKENS = re.compile("|".join(
    unicode_class(name) + ("" if name in ("HAN", "HIRAGANA", "KATAKANA") else "+")
    for name in ("BENGALI", "DEVANAGARI", "GUJARATI", "GURMUKHI", "HAN", "HANGUL", "HIRAGANA", "KATAKANA", "TAMIL",
                 "TELUGU", "THAI", "L")))
_JAPANESE = re.compile(unicode_class("HIRAGANA", "KATAKANA", "HAN"))


class LanguageModelMissing(RuntimeError):
    """The model file is not there: setup has not been run."""


class NgramStore:
    """The model file: its languages and, per n-gram, the n-gram's log frequency in each language that has it."""

    def __init__(self, path: Path = DEFAULT_PATH) -> None:
        if not path.is_file():
            raise LanguageModelMissing(f"{path} is missing: run `make setup` (scripts/build_language_model.py)")
        self._uri = f"file:{path}?mode=ro&immutable=1"
        self._local = threading.local()
        meta = dict(self._db().execute("SELECT key, value FROM meta").fetchall())
        if meta.get("schema_version") != str(SCHEMA_VERSION):
            raise LanguageModelMissing(f"{path} has schema {meta.get('schema_version')}: run `make setup`")
        self.languages: tuple[str, ...] = tuple(json.loads(meta["languages"]))
        self.source: str = meta["source"]

    def _db(self) -> sqlite3.Connection:
        # One read-only connection per thread: detection may run on the event loop or in a worker thread.
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def lookup(self, ngrams: Iterable[str], languages: Mapping[int, str]) -> dict[str, dict[str, float]]:
        """Each n-gram known in one of ``languages`` ({index: code}) with {code: log frequency}."""
        rows = self._db().execute(
            "SELECT ngram, probs FROM ngrams WHERE ngram IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ngrams), ensure_ascii=False),),
        )
        table = {}
        for ngram, probs in rows:
            known = {languages[i]: logp for i, logp in PAIR.iter_unpack(probs) if i in languages}
            if known:
                table[ngram] = known
        return table


@cache
def lingua_rules() -> dict:
    """lingua's rule tables for the model file's languages (lingua_rules.json, with its source)."""
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))


class _Alphabet:
    """One of lingua's alphabets: the characters of one Unicode script (the Script property, as lingua's tables)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._char = re.compile(unicode_class(name))

    def matches_char(self, ch: str) -> bool:
        return self._char.match(ch) is not None


class LinguaScorer:
    """lingua's confidence values over one set of languages, high or low accuracy, from an ``NgramStore``."""

    def __init__(self, store: NgramStore, languages: Iterable[str], *, low_accuracy: bool = False) -> None:
        self._store = store
        self._low_accuracy = low_accuracy
        self.languages = frozenset(languages) & frozenset(store.languages)
        self._index = {code: i for i, code in enumerate(store.languages)}
        rules = lingua_rules()
        self._alphabets = [_Alphabet(name) for name in rules["alphabets"]]
        by_name = {a.name: a for a in self._alphabets}
        self._language_alphabets = {
            code: frozenset(rules["languages"][code]["alphabets"]) for code in self.languages
        }
        self._unique_characters = {
            code: chars for code in sorted(self.languages) if (chars := rules["languages"][code]["unique_characters"])
        }
        self._single_language_alphabets = [
            (by_name[name], code) for name, code in rules["single_language_alphabets"].items() if code in self.languages
        ]
        self._chars_to_languages = [(chars, frozenset(codes)) for chars, codes in rules["chars_to_languages"]]
        self._latin_like = [by_name[name] for name in ("LATIN", "CYRILLIC", "DEVANAGARI") if name in by_name]
        self._han = by_name.get("HAN")
        self._alphabet_order = {a.name: i for i, a in enumerate(self._alphabets)}
        self._char_facts: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}

    def confidences(self, text: str) -> dict[str, float]:
        """Confidence per language, summing to 1; empty when lingua would give every language 0."""
        words = _TOKENS.findall(text.strip().lower())
        if not words:
            return {}
        by_rules = self._language_by_rules(words)
        if by_rules is not None:
            return {by_rules: 1.0}
        filtered = self._filter_by_rules(words)
        if len(filtered) == 1:
            return {next(iter(filtered)): 1.0}
        characters = sum(len(word) for word in words)
        if self._low_accuracy and characters < 3:
            return {}
        orders = (3,) if characters >= HIGH_ACCURACY_MAX_CHARS or self._low_accuracy else ORDERS
        grams_per_order = {n: _ngrams(words, n) for n in orders if characters >= n}
        # Each n-gram backs off to its prefixes, so those are read too.
        needed = {gram[:k] for grams in grams_per_order.values() for gram in grams for k in range(1, len(gram) + 1)}
        indexes = {self._index[code]: code for code in filtered}
        table = self._store.lookup(needed, indexes)
        longest = _longest_known(needed, table)
        sums_per_order: list[dict[str, float]] = []
        unigram_counts: Counter[str] | None = None
        for n, grams in grams_per_order.items():
            sums: dict[str, float] = {}
            for gram in grams:
                for code, logp in longest[gram].items():
                    sums[code] = sums.get(code, 0.0) + logp
            if n == 1:
                unigram_counts = Counter(code for gram in grams for code in table.get(gram, ()))
            sums_per_order.append({code: value for code, value in sums.items() if value < 0})
        summed: dict[str, float] = {}
        for code in filtered:
            total = sum(order.get(code, 0.0) for order in sums_per_order)
            if unigram_counts is not None and unigram_counts[code]:
                total /= unigram_counts[code]
            if total != 0:
                summed[code] = math.exp(total)
        if not summed:
            return {}
        denominator = sum(summed.values())
        if denominator == 0:
            # Too long for exp(): lingua gives 1.0 to the best language of the first order (trigrams).
            first = sums_per_order[0]
            return {max(first, key=first.__getitem__): 1.0} if first else {}
        return {code: value / denominator for code, value in summed.items() if value > 0}

    def _facts(self, ch: str) -> tuple[tuple[str, ...], frozenset[str]]:
        """What one character says: the languages it votes for in the rule engine, and its alphabets."""
        facts = self._char_facts.get(ch)
        if facts is None:
            if len(self._char_facts) > MAX_REMEMBERED_CHARACTERS:
                self._char_facts.clear()  # bounded: a hostile text may bring thousands of distinct characters
            facts = (self._votes(ch), frozenset(a.name for a in self._alphabets if a.matches_char(ch)))
            self._char_facts[ch] = facts
        return facts

    def _votes(self, ch: str) -> tuple[str, ...]:
        for alphabet, code in self._single_language_alphabets:
            if alphabet.matches_char(ch):
                return (code,)
        if self._han is not None and self._han.matches_char(ch):
            return ("zh",)
        if _JAPANESE.match(ch):
            return ("ja",)
        if any(a.matches_char(ch) for a in self._latin_like):
            return tuple(code for code, chars in self._unique_characters.items() if ch in chars)
        return ()

    def _language_by_rules(self, words: list[str]) -> str | None:
        """lingua's rule engine: a language whose own letters mark most words."""
        totals: Counter[str | None] = Counter()
        for word in words:
            counts: Counter[str] = Counter()
            for ch in word:
                counts.update(self._facts(ch)[0])
            if not counts:
                totals[None] += 1
            elif len(counts) == 1:
                (code,) = counts
                totals[code if code in self.languages else None] += 1
            elif "zh" in counts and "ja" in counts:
                totals["ja"] += 1
            else:
                (first, first_count), (_, second_count) = counts.most_common(2)
                totals[first if first_count > second_count and first in self.languages else None] += 1
        if totals[None] < len(words) * 0.5:
            del totals[None]
        if not totals:
            return None
        if len(totals) == 1:
            return next(iter(totals))
        (first, first_count), (second, second_count) = totals.most_common(2)
        if {first, second} == {"zh", "ja"}:
            return "ja" if "ja" in self.languages else None
        return None if first_count == second_count else first

    def _word_alphabet(self, word: str) -> str | None:
        """The first alphabet (in lingua's order) every letter of the word belongs to."""
        common: frozenset[str] | None = None
        for ch in set(word):
            alphabets = self._facts(ch)[1]
            common = alphabets if common is None else common & alphabets
            if not common:
                return None
        return min(common, key=self._alphabet_order.__getitem__) if common else None

    def _filter_by_rules(self, words: list[str]) -> frozenset[str]:
        """lingua's filter: the languages of the words' main alphabet, narrowed by letters few languages share."""
        detected: Counter[str] = Counter()
        for word in words:
            alphabet = self._word_alphabet(word)
            if alphabet is not None:
                detected[alphabet] += len(word)
        if not detected:
            return self.languages
        if len(detected) > 1 and len(set(detected.values())) == 1:
            return self.languages
        main = min(detected.items(), key=lambda kv: (-kv[1], self._alphabet_order[kv[0]]))[0]
        filtered = frozenset(code for code in self.languages if main in self._language_alphabets[code])
        counts: Counter[str] = Counter()
        for chars, codes in self._chars_to_languages:
            relevant = codes & filtered
            if not relevant:
                continue
            for word in words:
                for ch in chars:
                    if ch in word:
                        counts.update(relevant)
        subset = frozenset(code for code, n in counts.items() if n >= len(words) * 0.5)
        return subset or filtered


def _ngrams(words: list[str], n: int) -> list[str]:
    """The distinct n-grams of the words."""
    return list({word[i : i + n] for word in words if len(word) >= n for i in range(len(word) - n + 1)})


_NOTHING: Mapping[str, float] = {}


def _longest_known(grams: Iterable[str], table: Mapping[str, dict[str, float]]) -> dict[str, Mapping[str, float]]:
    """Per n-gram, each language's log frequency of the longest of its prefixes (itself included) the language
    knows: lingua's backoff, worked out once per prefix, shortest first, instead of afresh for every n-gram."""
    longest: dict[str, Mapping[str, float]] = {}
    for gram in sorted(grams, key=len):
        shorter = longest[gram[:-1]] if len(gram) > 1 else _NOTHING
        known = table.get(gram)
        longest[gram] = {**shorter, **known} if known else shorter
    return longest
