"""Understanding a place the bruker typed: kommune, bydel or postnummer (pure functions over the geografi).

One home for the bot and the router: the action server uses it to fill its slots, the router to learn a place from
the answer to its own question ("which kommune or bydel do you live in?") and from what a waiting bruker writes,
so both understand the same places. Names are compared with the router's folding rule (geografi.loose_name);
``aliases`` adds the everyday names people use (Sandvika for Bærum; reference/place_aliases.json).
Which NAV office serves a place is never decided here: the routing policy answers that.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from router.domain.geografi import Geografi, loose_name

# Bydel "names" that are not places people live in, or are everyday words.
SKIPPED_BYDELER = frozenset({"Uoppgitt", "Marka", "Sentrum"})

POSTNUMMER_RE = re.compile(r"(?<![\d.,])(\d{4})(?![\d.,])")
_AMOUNT_AFTER = re.compile(r"^\s*(kr|kroner|nok|,-)", re.IGNORECASE)
_FILLER = re.compile(
    r"\b(jeg|eg|i|bor|bur|pa|paa|kommune|kommunen|bydel|bydelen|nav|kontor|kontoret|er|det|in|live|"
    r"my|postnummer|postnummeret|mitt|min|is|the|municipality|at|fra|ligger|og|and|men|but|ikke|ikkje|not|lenger|"
    r"lengre)\b"
)
_PUNCTUATION = re.compile(r"[^\w\s]")
# A place the bruker says they do not (or no longer) live in: "jeg bor ikke i Stavanger (lenger), men i Sandnes",
# "eg bur ikkje på Voss", "I don't live in Bergen any more". Taken out before the place is looked for: the place
# a conversation is routed by is one the bruker lives in.
_NEGATED_PLACE = re.compile(
    r"\b(?:ikke|ikkje|not|no longer|don'?t live|doesn'?t live)\s+(?:lenger\s+|lengre\s+)?(?:i|på|paa|pa|in|at)\s+"
    r"[\w-]+", re.IGNORECASE)
# A place the bruker lived in before, or will move to later: "jeg bodde i Sandnes", "eg budde på Voss", "I used to
# live in Bergen", "jeg flytter til Bergen neste måned", "skal flytte til". Not where they live now.
_FORMER_OR_LATER_PLACE = re.compile(
    r"\b(?:bodde|budde|used to live|flytter|skal flytte|skal flytta|moving|will move|going to move)"
    r"(?:\s+(?!(?:i|på|paa|pa|in|at|til|to)\b)\w+){0,2}\s+(?:i|på|paa|pa|in|at|til|to)\s+[\w-]+", re.IGNORECASE)
# A move told in the past: "flyttet til Bergen", "har flytta til Voss", "moved to Tromsø", "er flyttet hit til Sola".
# The place after "til"/"to" is where the bruker lives now, wherever else the message names ("fra Sandnes").
_MOVED_TO = re.compile(
    r"\b(?:flyttet|flytta|moved|relocated)(?:\s+(?!(?:til|to)\b)\w+){0,3}\s+(?:til|to)\s+(?P<place>.+)",
    re.IGNORECASE | re.DOTALL)
# The place a move started from: "flyttet fra Sandnes (til Bergen)", "flytta frå Voss", "moved out of Bergen".
_MOVED_FROM = re.compile(r"\b(?:fra|frå|from|ut av|out of)\s+[\w-]+", re.IGNORECASE)
_MOVE = re.compile(r"\b(?:flytt\w*|moved|moving|move|relocated)\b", re.IGNORECASE)
# Words that say a message is about where the bruker lives (in bokmål, nynorsk or English, or a translation into
# bokmål). Without one, a queued bruker's "jeg har 8000 kr" or "hå" is not taken as a place.
_PLACE_CUE = re.compile(
    r"\b(bor|bur|budde|bodde|bodd|budd|flytta|flyttet|live|lives|living|moved|relocated|kommune|kommunen|bydel|"
    r"bydelen|postnummer|postnummeret|postnr|municipality|district|postcode|post code|adresse|adressa|address)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """What we understood of a place. Every field may be None."""

    kommune: str | None = None
    kommunenummer: str | None = None
    bydel: str | None = None
    bydelsnummer: str | None = None
    postnummer: str | None = None

    @property
    def found(self) -> bool:
        return bool(self.kommune or self.bydel or self.postnummer)

    def describe(self) -> str:
        """For the veileder and the history: "Grünerløkka, Oslo" or "0552 (Oslo)"."""
        if self.bydel:
            return f"{self.bydel}, {self.kommune}"
        if self.postnummer:
            return f"{self.postnummer} ({self.kommune})"
        return self.kommune or ""


@dataclass(frozen=True)
class PlaceIndex:
    """Folded names -> places, built once from the geografi and the aliases."""

    geografi: Geografi
    kommuner: Mapping[str, tuple[str, str]]  # folded name -> (kommunenummer, official name)
    bydeler: Mapping[str, tuple[str, str, str, str]]  # folded -> (bydel, bydelsnummer, kommune, kommunenummer)

    @classmethod
    def build(cls, geografi: Geografi, aliases: Mapping[str, list[str]] | None = None) -> PlaceIndex:
        kommuner = {fold(k.navn): (nr, k.navn) for nr, k in sorted(geografi.kommuner.items())}
        by_name = {k.navn: nr for nr, k in geografi.kommuner.items()}
        for name, names in (aliases or {}).items():
            for alias in names:
                if name in by_name:
                    kommuner.setdefault(fold(alias), (by_name[name], name))
        bydeler = {
            fold(b.navn): (b.navn, nr, geografi.kommuner[b.kommunenummer].navn, b.kommunenummer)
            for nr, b in sorted(geografi.bydeler.items())
            if b.navn not in SKIPPED_BYDELER and b.kommunenummer in geografi.kommuner
        }
        grunerlokka = next((v for v in bydeler.values() if v[0] == "Grünerløkka"), None)
        if grunerlokka:
            bydeler.setdefault("lokka", grunerlokka)  # what Oslo calls it
        return cls(geografi, kommuner, bydeler)


def needs_bydel(index: PlaceIndex, place: Place) -> bool:
    """A kommune NAV serves per bydel (Oslo, Bergen, Trondheim, Stavanger), known without its bydel or a postnummer:
    the kommune alone does not tell the office."""
    return index.geografi.served_per_bydel(place.kommunenummer or "") and not place.bydel and not place.postnummer


def fold(text: str) -> str:
    """The router's folding rule (case, æøå, Sami letters, 'kommune'/'bydel'), punctuation read as spaces."""
    return loose_name(_PUNCTUATION.sub(" ", text))


def kommune_for_postnummer(index: PlaceIndex, postnummer: str) -> tuple[str, str] | None:
    """(kommunenummer, kommune) for a postnummer in the data."""
    poststed = index.geografi.postnummer.get(postnummer)
    if poststed is None or poststed.kommunenummer not in index.geografi.kommuner:
        return None
    return poststed.kommunenummer, index.geografi.kommuner[poststed.kommunenummer].navn


def canonical_kommune(index: PlaceIndex, name: str) -> tuple[str, str] | None:
    """(kommunenummer, official name) for a typed kommune name, tolerating case, æøå and small typos."""
    folded = fold(name)
    if folded in index.kommuner:
        return index.kommuner[folded]
    close = difflib.get_close_matches(folded, list(index.kommuner), n=1, cutoff=0.85)
    return index.kommuner[close[0]] if close else None


def mentions_place(text: str) -> bool:
    """Whether a message says something about where the bruker lives ("bor", "postnummer", "live in" ...)."""
    return bool(_PLACE_CUE.search(text))


def _postnummer_in(text: str) -> str | None:
    """A 4-digit number that is not an amount ("8000 kr") or part of a bigger number."""
    for match in POSTNUMMER_RE.finditer(text):
        if not _AMOUNT_AFTER.match(text[match.end():]) and not re.search(r"(kr|kroner)\s*$", text[:match.start()],
                                                                          re.IGNORECASE):
            return match.group(1)
    return None


def parse_place(index: PlaceIndex, text: str | None) -> Place:
    """Understand a free-text answer to "which kommune do you live in?": a named bydel, then postnummer, then kommune.

    Only where the bruker lives now: a place they do not live in ("ikke i Sandnes lenger"), lived in before ("bodde
    i Sandnes") or will move to is left out; after a move ("flyttet fra Sandnes til Bergen") the place moved to.
    """
    if not text or not text.strip():
        return Place()
    text = _FORMER_OR_LATER_PLACE.sub(" ", _NEGATED_PLACE.sub(" ", text))
    if _MOVE.search(text):
        moved_to = _MOVED_TO.search(text)
        if moved_to:
            place = _parse_place(index, _MOVED_FROM.sub(" ", moved_to.group("place")))
            if place.found:
                return place
        text = _MOVED_FROM.sub(" ", text)
    return _parse_place(index, text)


def _parse_place(index: PlaceIndex, text: str) -> Place:
    """A bydel named in the text, then a postnummer, then a kommune.

    A named bydel wins over the postnummer beside it: the data knows the bydel of few postnumre in Stavanger and
    Bergen and of none in Trondheim, so "Hillevåg, 4016" is Hillevåg (a probe's stayed with the kontaktsenter as
    kommune Stavanger). The postnummer is kept when it agrees; one that says another place is left out, so no
    later step takes it over the bydel the bruker named.
    """
    candidates = _candidates(text)
    named = _named_bydel(index, candidates)
    postnummer = _postnummer_in(text)
    by_postnummer = _postnummer_place(index, postnummer) if postnummer else None
    if named is not None:
        agrees = by_postnummer is not None and by_postnummer.kommunenummer == named.kommunenummer \
            and by_postnummer.bydelsnummer in (None, named.bydelsnummer)
        return replace(named, postnummer=postnummer) if agrees else named
    return by_postnummer or _named_kommune(index, candidates)


def _candidates(text: str) -> list[str]:
    """The folded text without filler words, then its runs of 3, 2 and 1 words: where a place's name may stand."""
    words = _FILLER.sub(" ", fold(text)).split()
    grams = [" ".join(words)] + [" ".join(words[i:i + n]) for n in (3, 2, 1) for i in range(len(words) - n + 1)]
    return list(dict.fromkeys(grams))


def _postnummer_place(index: PlaceIndex, postnummer: str) -> Place | None:
    """The kommune of a postnummer, and its bydel where the data knows it; None for one not in the data."""
    found = kommune_for_postnummer(index, postnummer)
    if found is None:
        return None
    nr, name = found
    bydel = index.geografi.bydeler.get(index.geografi.postnummer[postnummer].bydelsnummer or "")
    return Place(kommune=name, kommunenummer=nr, postnummer=postnummer,
                 bydel=bydel.navn if bydel else None, bydelsnummer=bydel.bydelsnummer if bydel else None)


def _named_bydel(index: PlaceIndex, candidates: list[str]) -> Place | None:
    """A bydel named anywhere in the text: "Grünerløkka i Oslo" is Grünerløkka."""
    for candidate in candidates:
        if candidate in index.bydeler:
            bydel, bydelsnummer, kommune, kommunenummer = index.bydeler[candidate]
            return Place(kommune=kommune, kommunenummer=kommunenummer, bydel=bydel, bydelsnummer=bydelsnummer)
    return None


def _named_kommune(index: PlaceIndex, candidates: list[str]) -> Place:
    """A kommune named in the text, by its name or an alias, tolerating small typos."""
    for candidate in candidates:
        if candidate in index.kommuner:
            nr, name = index.kommuner[candidate]
            return Place(kommune=name, kommunenummer=nr)
    for candidate in candidates:
        if len(candidate) >= 4:
            hit = canonical_kommune(index, candidate)
            if hit:
                return Place(kommune=hit[1], kommunenummer=hit[0])
    return Place()


def place_in_message(index: PlaceIndex, text: str) -> Place:
    """A place a bruker mentions in passing ("jeg bor forresten på Grünerløkka"); nothing without a place cue."""
    return parse_place(index, text) if mentions_place(text) else Place()


# How a question starts, in bokmål, nynorsk and English (a translation reaches the router in bokmål).
# Question words only: a statement may start with a verb too ("vil ikke si det" is an answer: rather not say).
_QUESTION_START = re.compile(
    r"^\W*(?:hva|hvordan|hvorfor|hvem|hvilke[nt]?|når|kva|korleis|kvifor|kven|what|how|why|who|which|when)\b",
    re.IGNORECASE)


def reads_as_a_question(text: str) -> bool:
    """Whether an answer to "where do you live?" is a question of the bruker's own ("Hva er AAP?"), not a place."""
    return "?" in text or bool(_QUESTION_START.match(text))
