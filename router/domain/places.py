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
from dataclasses import dataclass, field, replace

from router.domain.acute_need import AcuteCategory, states
from router.domain.geografi import Geografi, loose_name

# Bydel "names" that are not places people live in, or are everyday words.
SKIPPED_BYDELER = frozenset({"Uoppgitt", "Marka", "Sentrum"})

POSTNUMMER_RE = re.compile(r"(?<![\d.,])(\d{4})(?![\d.,])")
_AMOUNT_AFTER = re.compile(r"^\s*(kr|kroner|nok|,-)", re.IGNORECASE)
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
# "I live (in)" in the other supported languages, present tense only, so a former home is no cue: Polish,
# Lithuanian, Ukrainian, Russian, Arabic, Somali, Tigrinya, Persian, Urdu, Turkish, Spanish, German, Romanian,
# Vietnamese (Swedish and Danish say "bor"; Thai, written without spaces, below). No model reads these messages
# (the bot cannot, without a translation), but a place's name needs none: "Mieszkam w Tromsø" said to the bot
# reaches Nav Tromsø at the handoff instead of the kontaktsenter and a second question.
_LIVES_ABROAD = (
    "mieszkam", "gyvenu", "живу", "мешкаю", "проживаю", "أسكن", "أعيش", "اعيش", "noolahay", "deggenahay",
    "deganahay", "ዝነብር", "እነብር", "ساکن", "رہتا", "رہتی", "yaşıyorum", "oturuyorum", "vivo", "resido", "wohne",
    "lebe", "locuiesc", "sống",
    # Ukrainian and Russian as parse_place reads them in Latin letters (_latin_readings).
    "zjyvu", "zjivu", "mesjkaju", "prozjyvaju", "prozjivaju")
# The preposition between such a verb and the place ("mieszkam w", "أسكن في", "vivo en", "sống ở").
_PREPOSITIONS_ABROAD = ("w", "we", "na", "в", "у", "на", "في", "ku", "در", "en", "in", "în", "ở", "tại", "v", "u")
_PLACE_CUE = re.compile(
    r"\b(bor|bur|budde|bodde|bodd|budd|flytta|flyttet|live|lives|living|moved|relocated|kommune|kommunen|bydel|"
    r"bydelen|postnummer|postnummeret|postnr|municipality|district|postcode|post code|adresse|adressa|address|"
    + "|".join(_LIVES_ABROAD) + r"|زندگی\s*می)\b|อาศัยอยู่",
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
    # Folded names of the countries outside Norway -> the name in bokmål (reference/countries.json), less any
    # that is also the name of a place here.
    countries: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, geografi: Geografi, aliases: Mapping[str, list[str]] | None = None,
              countries: Mapping[str, list[str]] | None = None) -> PlaceIndex:
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
        abroad = {_folded_words(name): names[0] for names in (countries or {}).values() for name in names}
        abroad = {key: name for key, name in abroad.items()  # ("Man", the Isle of Man, is an everyday word)
                  if len(key) >= 3 and key not in kommuner and key not in bydeler and key != "man"}
        return cls(geografi, kommuner, bydeler, abroad)


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
    return _near_kommune(index, folded)


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


# Cyrillic letters in Latin ones as Norwegian place names are spelled (Осло Oslo, Тромсьо Tromso, Лёренског
# Ljorenskog, Тронгейм Tronheim: й as i is nearer the Norwegian spelling than j).
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CYRILLIC_LETTERS = {
    "а": "a", "б": "b", "в": "v", "ґ": "g", "д": "d", "е": "e", "є": "je", "ё": "jo", "ж": "zj", "з": "z",
    "и": "i", "і": "i", "ї": "ji", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "tsj", "ш": "sj", "щ": "sjtsj", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja", "'": "", "’": "", "ʼ": ""}


# Letters a Norwegian name may stand for in more than one way, each letter read one way throughout a reading: г as h
# (Ukrainian: Гамар Hamar) and as g (Russian: Берген Bergen); ю as ju and as u (Грюнерлокка Grünerløkka); й as i
# (Тронгейм) and as j (Бйєрке Bjerke).
_CYRILLIC_EITHER = {"г": ("h", "g"), "ю": ("ju", "u"), "й": ("i", "j")}
# Ukrainian and Russian put a place after "in" in the locative: Фрогнері, Бергені, Осаному; Russian Бергене. A
# reading without the ending finds the name (a word of five letters or more, so Осло and Буде keep theirs).
_LOCATIVE_ENDING = re.compile(r"(?<=[\u0400-\u04ff]{4})(?:ові|еві|і|у|е|ому)(?![\u0400-\u04ff])", re.IGNORECASE)


def _latin_readings(text: str) -> list[str]:
    """The text in Latin letters, each way its double letters (_CYRILLIC_EITHER) can be read, then the same without
    locative endings: at most sixteen readings, the likeliest (Ukrainian) first."""
    present = [letter for letter in _CYRILLIC_EITHER if letter in text.lower()]
    choices: list[dict[str, str]] = [{}]
    for letter in present:
        choices = [{**chosen, letter: latin} for chosen in choices for latin in _CYRILLIC_EITHER[letter]]
    bare = _LOCATIVE_ENDING.sub("", text)
    readings = [_in_latin(source, chosen) for source in dict.fromkeys((text, bare)) for chosen in choices]
    return list(dict.fromkeys(readings))


# Names whose Cyrillic spelling reads too far from the Norwegian one, letter for letter (ø as u or e, æ as e, å as o,
# sk as sh): as Ukrainians and Russians write them, read back in Latin letters. Ukrainian's Буде (Bodø) is also its
# everyday "will be" ("Все буде добре"): read as Bodø only alone or after "in" (в, у).
_READ_AS = {"bude": "Bodø", "budjo": "Bodø", "olesunn": "Ålesund", "olesund": "Ålesund", "berum": "Bærum",
            "sjijen": "Skien", "sjien": "Skien"}
_READ_AS_WORD = re.compile(r"\b(?:" + "|".join(name for name in _READ_AS if name != "bude") + r")\b"
                           r"|(?<=\b[vu] )bude\b|^bude(?=\W*$)", re.IGNORECASE)


def _in_latin(text: str, chosen: Mapping[str, str]) -> str:
    letters = []
    for ch in text:
        low = ch.lower()
        latin = chosen.get(low) or _CYRILLIC_LETTERS.get(low)
        letters.append(ch if latin is None else latin.capitalize() if ch != low else latin)
    return _READ_AS_WORD.sub(lambda word: _READ_AS[word.group().lower()], "".join(letters).strip())


def parse_place(index: PlaceIndex, text: str | None) -> Place:
    """Understand a free-text answer to "which kommune do you live in?": a named bydel, then postnummer, then kommune.

    Only where the bruker lives now: a place they do not live in ("ikke i Sandnes lenger"), lived in before ("bodde
    i Sandnes") or will move to is left out; after a move ("flyttet fra Sandnes til Bergen") the place moved to.
    """
    if not text or not text.strip():
        return Place()
    if _CYRILLIC.search(text):
        # "Осло", "Я живу в Бергені": the name read in Latin letters, the Ukrainian way (г as h) and the Russian
        # (г as g); no model reads Ukrainian or Russian without a translation, but a place's name needs none. A
        # reading may keep a letter the table lacks (Belarusian ў): it is parsed as it is, never read again. The
        # reading that finds a bydel wins: "Гамле Осло" is Oslo read the Ukrainian way (Hamle Oslo) and the bydel
        # Gamle Oslo the Russian way; taking the first, she was asked for her bydel again and again.
        first = Place()
        for reading in _latin_readings(text):
            place = _parse_where_she_lives(index, reading)
            if place.bydel:
                return place
            if not first.found:
                first = place
        return first
    return _parse_where_she_lives(index, text)


def _without_other_homes(text: str) -> str:
    """The text without the places she does not, no longer or not yet lives in ("ikke i Sandnes", "bodde i")."""
    return _FORMER_OR_LATER_PLACE.sub(" ", _NEGATED_PLACE.sub(" ", text))


def _parse_where_she_lives(index: PlaceIndex, text: str) -> Place:
    """parse_place for a text in Latin letters: a former, negated or later home left out, a move's destination."""
    text = _without_other_homes(text)
    if _MOVE.search(text):
        moved_to = _MOVED_TO.search(text)
        if moved_to:
            place = _parse_place(index, _MOVED_FROM.sub(" ", moved_to.group("place")), place_first=True)
            if place.found:
                return place
        text = _MOVED_FROM.sub(" ", text)
    return _parse_place(index, text)


def _parse_place(index: PlaceIndex, text: str, *, place_first: bool = False) -> Place:
    """A bydel named in the text, then a postnummer, then a kommune.

    A named bydel wins over the postnummer beside it: the data knows the bydel of few postnumre in Stavanger and
    Bergen and of none in Trondheim, so "Hillevåg, 4016" is Hillevåg (a probe's stayed with the kontaktsenter as
    kommune Stavanger). The postnummer is kept when it agrees; one that says another place is left out, so no
    later step takes it over the bydel the bruker named. ``place_first``: the text starts where a place stands
    (what follows "flyttet til").
    """
    candidates = _candidates(index, text, place_first=place_first)
    named = _named_bydel(index, candidates)
    postnummer = _postnummer_in(text)
    by_postnummer = _postnummer_place(index, postnummer) if postnummer else None
    if named is not None:
        agrees = by_postnummer is not None and by_postnummer.kommunenummer == named.kommunenummer \
            and by_postnummer.bydelsnummer in (None, named.bydelsnummer)
        return replace(named, postnummer=postnummer) if agrees else named
    return by_postnummer or _named_kommune(index, candidates)


# Where a name stands in a message (probe 117: "kan jeg søke selv?" was Sel, "prøvd alle muligheter" Valle, "stor
# gjeld" Stord, "bestille time" Time, "ha det" Hå, and a homeless bruker's "har ikke noe sted å bo" moved her chat to
# Nav Bø). A name is taken where it stands as a place:
# - ANSWER: the message is nothing but places (and filler: "jeg bor i", "kommune", "takk"): "Bø i Telemark", "bergn";
# - STRONG: right after "bor i/på", "kontoret i", "nav", "bydel", or before "kommune": "jeg bor på Hå";
# - WEAK: after a bare "i/på/fra/til", capitalised inside a sentence, or first in the message: "søknad i Engerdal",
#   "Ahmed fra Sandnes", "Sandnes, men jeg jobber i Stavanger".
# A typo is forgiven (a near match) only in an ANSWER or a STRONG place; a name that is an everyday word too
# (EVERYDAY_NAMES) is taken in a WEAK place only where it is capitalised.
_NONE, _WEAK, _STRONG, _ANSWER = range(4)
# Kommune names (folded) that are everyday words too: ål, ås, bo, flå, gran, ha, heim, lier, moss, nes, sel, sola,
# stad, time, vik ... (and "ski", Nordre Follo's alias).
EVERYDAY_NAMES = frozenset({
    "al", "as", "aure", "bo", "fla", "gol", "gran", "grane", "grue", "ha", "heim", "hol", "hole", "kinn", "leka",
    "lier", "lom", "lund", "marker", "moss", "nes", "os", "rade", "rost", "sande", "sel", "ski", "sola", "stad",
    "stange", "strand", "time", "tinn", "vaga", "vang", "vik", "alver", "luster", "loppa", "tasta"})
_PREPOSITIONS = frozenset({"i", "pa", "paa", "fra", "til", "te", "in", "at", "from", "to", "ved"})
# Words before a preposition that make the place after it a strong one: "bor i", "kontoret i", "live in".
_LIVES = frozenset({"bor", "bur", "bodd", "budd", "live", "lives", "living", "nav", "kontor", "kontoret",
                    "navkontoret", "kommune", "kommunen", "bydel", "bydelen", "ligger"})
# Words right before a name that make it a strong place ("nav Bergen", "bydel Årstad"), or right after ("Time
# kommune").
_NAMING_BEFORE = frozenset({"nav", "bydel", "bydelen", "kommune", "kommunen", "postnummer"})
_NAMING_AFTER = frozenset({"kommune", "kommunen", "kommun", "bydel", "bydelen"})
# Words an answer to "where do you live?" has beside the place.
_ANSWER_FILLER = frozenset({
    "jeg", "eg", "a", "e", "i", "pa", "paa", "bor", "bur", "kommune", "kommunen", "bydel", "bydelen", "nav",
    "kontor", "kontoret", "navkontoret", "er", "in", "live", "my", "is", "the", "municipality", "at", "fra", "og",
    "and", "men", "but", "ikke", "ikkje", "not", "lenger", "lengre", "ligger", "postnummer", "postnummeret", "postnr", "mitt", "min", "takk", "ja", "hei", "ok", "okei",
    "sentrum", "fylke", "norge", "city", "district", "near", "naer", "narheten", "utenfor", "ved", "like",
    "rett", "sor", "nord", "ost", "vest"})
_SENTENCE_END = re.compile(r"[.!?:;\n]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _Candidate:
    """A run of 1-3 words where a place's name may stand, folded, with how strongly the message places it."""

    name: str
    level: int
    capitalised: bool


def _word_fold(word: str) -> str:
    return loose_name(word) or word.casefold()


# "I live" in the other languages: the word after it, or after it and a preposition, is a strong place
# ("mieszkam w tromsø" in lower case too).
_LIVES_ABROAD_FOLDED = frozenset(_word_fold(word) for word in _LIVES_ABROAD)
_PREPOSITIONS_ABROAD_FOLDED = frozenset(_word_fold(word) for word in _PREPOSITIONS_ABROAD)


def _candidates(index: PlaceIndex, text: str, *, place_first: bool = False) -> list[_Candidate]:
    """The runs of 3, 2 and 1 words of the text (the longest first), each with its place level."""
    spans = [(m.group(), m.start()) for m in _WORD.finditer(text)]
    words = [_word_fold(word) for word, _ in spans]
    if not words:
        return []
    caps_known = not text.isupper()
    levels = []
    for i, (word, start) in enumerate(spans):
        before = words[i - 1] if i else ""
        before2 = words[i - 2] if i > 1 else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        sentence_start = i == 0 or bool(_SENTENCE_END.search(text[spans[i - 1][1]:start]))
        capitalised = caps_known and word[:1].isupper() and not sentence_start
        if (place_first and i == 0) or before in _NAMING_BEFORE or after in _NAMING_AFTER \
                or (before in _PREPOSITIONS and before2 in _LIVES) or before in _LIVES_ABROAD_FOLDED \
                or (before in _PREPOSITIONS_ABROAD_FOLDED and before2 in _LIVES_ABROAD_FOLDED):
            level = _STRONG
        elif before in _PREPOSITIONS or before in ("bor", "bur") or capitalised or i == 0:
            level = _WEAK
        else:
            level = _NONE
        levels.append((level, capitalised))
    grams = [(i, n) for n in (3, 2, 1) for i in range(len(words) - n + 1)]
    answer = _is_an_answer(index, words)
    found = []
    for i, n in grams:
        level, capitalised = levels[i]
        found.append(_Candidate(" ".join(words[i:i + n]), _ANSWER if answer else level, capitalised))
    rest = [w for w in words if w not in _ANSWER_FILLER]
    if answer and rest:
        found.insert(0, _Candidate(" ".join(rest), _ANSWER, False))
    return list(dict.fromkeys(found))


def _is_an_answer(index: PlaceIndex, words: list[str]) -> bool:
    """Whether the message is nothing but places and the filler of an answer ("jeg bor i Bø i Telemark", "nav
    bergen sentrum", "4016 Hinna", "bergn"), at most a few words: then any name in it is the place."""
    if not 0 < sum(w not in _ANSWER_FILLER for w in words) <= 4:
        return False  # (before any near match is looked for: a long message costs nothing)
    covered = [w in _ANSWER_FILLER or w.isdigit() or w in _REGIONS for w in words]
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            gram = " ".join(words[i:i + n])
            if gram in index.kommuner or gram in index.bydeler or gram in _REGIONS:
                covered[i:i + n] = [True] * n
    for i, word in enumerate(words):
        if not covered[i] and len(word) >= 4 and word not in _ANSWER_FILLER and _near_kommune(index, word):
            covered[i] = True
    return all(covered)


# Regions that may stand beside a kommune in an answer ("Bø i Telemark", "Vik i Sogn"): fylker, old and new, and
# well-known landskap.
_REGIONS = frozenset(_word_fold(n) for n in (
    "Østfold", "Akershus", "Buskerud", "Innlandet", "Hedmark", "Oppland", "Vestfold", "Telemark", "Agder",
    "Rogaland", "Vestland", "Hordaland", "Sogn", "Fjordane", "Møre", "Romsdal", "Trøndelag", "Nordland", "Troms",
    "Finnmark", "Viken", "Hallingdal", "Valdres", "Gudbrandsdalen", "Lofoten", "Vesterålen", "Helgeland", "Jæren",
    "Ryfylke", "Hardanger", "Sunnhordland", "Nordfjord", "Sunnmøre", "Nordmøre", "Namdalen", "Toten", "Romerike",
    "Follo", "Hadeland", "Norge"))


def _near_kommune(index: PlaceIndex, folded: str) -> tuple[str, str] | None:
    close = difflib.get_close_matches(folded, list(index.kommuner), n=1, cutoff=0.85)
    return index.kommuner[close[0]] if close else None


def _takes(candidate: _Candidate) -> bool:
    """Whether an exact name is taken where it stands (see _ANSWER, _STRONG, _WEAK above)."""
    if candidate.level >= _STRONG:
        return True
    return candidate.level == _WEAK and (candidate.name not in EVERYDAY_NAMES or candidate.capitalised)


def _postnummer_place(index: PlaceIndex, postnummer: str) -> Place | None:
    """The kommune of a postnummer, and its bydel where the data knows it; None for one not in the data."""
    found = kommune_for_postnummer(index, postnummer)
    if found is None:
        return None
    nr, name = found
    bydel = index.geografi.bydeler.get(index.geografi.postnummer[postnummer].bydelsnummer or "")
    return Place(kommune=name, kommunenummer=nr, postnummer=postnummer,
                 bydel=bydel.navn if bydel else None, bydelsnummer=bydel.bydelsnummer if bydel else None)


def _named_bydel(index: PlaceIndex, candidates: list[_Candidate]) -> Place | None:
    """A bydel named anywhere in the text: "Grünerløkka i Oslo" is Grünerløkka."""
    for candidate in candidates:
        if candidate.name in index.bydeler and _takes(candidate):
            bydel, bydelsnummer, kommune, kommunenummer = index.bydeler[candidate.name]
            return Place(kommune=kommune, kommunenummer=kommunenummer, bydel=bydel, bydelsnummer=bydelsnummer)
    return None


def _named_kommune(index: PlaceIndex, candidates: list[_Candidate]) -> Place:
    """A kommune named in the text, by its name or an alias, tolerating small typos."""
    for candidate in candidates:
        if candidate.name in index.kommuner and _takes(candidate):
            nr, name = index.kommuner[candidate.name]
            return Place(kommune=name, kommunenummer=nr)
    for candidate in candidates:
        if len(candidate.name) >= 4 and candidate.level >= _STRONG and candidate.name not in _ANSWER_FILLER:
            hit = _near_kommune(index, candidate.name)
            if hit:
                return Place(kommune=hit[1], kommunenummer=hit[0])
    return Place()


def _folded_words(text: str) -> str:
    """The text's words folded (_word_fold), one space between them: "Tromsø, Troms" is "tromso troms"."""
    return " ".join(_word_fold(word) for word in _WORD.findall(text))


def names_place(text: str, name: str) -> bool:
    """Whether ``text`` has the words of the place ``name`` (folded: "tromso" is Tromsø), in any sense."""
    target = _folded_words(name)
    return bool(target) and f" {target} " in f" {_folded_words(text)} "


def names_only_as_not_home(text: str, name: str) -> bool:
    """Whether ``text`` names the place ``name`` only as one the bruker does not, no longer or not yet lives in
    ("I used to live in Bergen but now I live in Spain", "jeg bor ikke i Bergen lenger"). The bot's entity
    extraction takes any kommune it hears; the handoff asks this before it routes by the bot's kommune."""
    return names_place(text, name) and not names_place(_without_other_homes(text), name)


# An answer that says the bruker lives or stays outside Norway: "i utlandet", "abroad", "ikke i Norge", "utenfor
# Norge", or a country's name (in bokmål, nynorsk or English) standing where a place would.
_ABROAD = re.compile(
    r"\b(?:utlandet|utland|utanlands|utenlands|abroad|overseas|(?:ikke|ikkje|not)\s+(?:i|in)\s+(?:norge|noreg|norway)"
    r"|(?:utenfor|utanfor|outside(?:\s+of)?)\s+(?:norge|noreg|norway))\b", re.IGNORECASE)


def abroad_in_answer(index: PlaceIndex, text: str) -> str | None:
    """Where outside Norway an answer to "where do you live?" says the bruker is ("I am in Spain": "Spania";
    "i utlandet": "utlandet"), or None. No NAV office serves a place abroad, so she is not asked again: the
    kontaktsenter's veileder reads it. Only where a place stands, as kommune names are (not "spansk mat")."""
    if _ABROAD.search(text):
        return "utlandet"
    for candidate in _candidates(index, text):
        if candidate.name in index.countries and candidate.level >= _WEAK:  # (a capitalised name is WEAK at least)
            return index.countries[candidate.name]
    return None


def abroad_description(where: str) -> str:
    """How the history and the veileder read an answer from abroad: "i utlandet (Spania)", or "i utlandet"."""
    return "i utlandet" if where == "utlandet" else f"i utlandet ({where})"


def place_in_message(index: PlaceIndex, text: str) -> Place:
    """A place a bruker mentions in passing ("jeg bor forresten på Grünerløkka"); nothing without a place cue."""
    return parse_place(index, text) if mentions_place(text) else Place()


# How a question starts, in bokmål, nynorsk and English (a translation reaches the router in bokmål).
# Question words only: a statement may start with a verb too ("vil ikke si det" is an answer: rather not say).
_QUESTION_START = re.compile(
    r"^\W*(?:hva|hvordan|hvorfor|hvem|hvilke[nt]?|hvor|når|kva|korleis|kvifor|kven|kor|ka|what|how|why|who|which|"
    r"when|where)\b",
    re.IGNORECASE)


def reads_as_a_question(text: str) -> bool:
    """Whether an answer to "where do you live?" is a question of the bruker's own ("Hva er AAP?"), not a place."""
    return "?" in text or bool(_QUESTION_START.match(text))


# An answer to "where do you live?" that says the bruker would rather not say, or cannot: it goes on without a place
# (as the button «Vil ikke oppgi» does); any other answer that names no place is asked once more.
_DECLINES = re.compile(
    r"^\W*(?:nei|nope|no|vil ikke|vil ikkje|ønsker ikke|ønskjer ikkje|helst ikke|helst ikkje|vet ikke|veit ikkje|"
    r"vet ikkje|aner ikke|skal ikke si|sier ikke|seier ikkje|ingen kommentar|hemmelig|rather not|i'?d rather not|"
    r"i don'?t want|don'?t want|i don'?t know|don'?t know|not telling|pass)\b",
    re.IGNORECASE)


def declines_to_say(text: str) -> bool:
    """Whether an answer to the place question says "rather not say" or "don't know" ("vil ikke si det", "nei")."""
    return bool(_DECLINES.match(text))


# An answer to "where do you live?" that says the bruker has no home to name: "har ikke noe sted å bo", "har ingen
# plass å bo", "har itj nån plass", "ingen steder", "uten fast adresse", "bostedsløs", "sover ute", "homeless", "no
# place to live", "nowhere". Asked "where do you live", she cannot answer; where she is now can (the NAV office of
# the kommune she stays in helps someone without a fixed address: the bot's utter_sosialhjelp_no_address says so).
# Beside acute_need's nowhere-to-sleep statements in 20 languages, the short answers only this question gets. A
# place's word must end the thought ("har ikke noen plass i barnehagen" is not about a home).
_NEG = r"(?:ikke|ikkje|ikk|ike|itj|ittj|ittje|iche|inte|not|no|ingen|inga|ingi)"
_SOME = r"(?:noe|noen|nå|nån|nåkka|nåkke|nokka|noka|noko|nokon|nåkån|nakka|et|en|ett|ein|eit|any|a)"
_HOME = r"(?:sted|stad|plass|bolig|bustad|hjem|heim|bopel|adresse|home|place|address|abode)"
_THOUGHT_ENDS = r"(?=\s*(?:$|[.,!;:]|(?:å|og|o|te|til|to|for|at|nå|no|i natt|i kveld|now|right now|tonight)\b))"
_NO_HOME = re.compile(
    rf"\b(?:har|ha|he|hæ|have|got|has)\s+(?:{_NEG}\s+)(?:{_SOME}\s+)?(?:fast\s+|fixed\s+|permanent\s+)?{_HOME}"
    rf"{_THOUGHT_ENDS}"
    rf"|\b(?:don'?t|do\s+not|dont)\s+have\s+(?:{_SOME}\s+)?(?:fixed\s+|permanent\s+)?{_HOME}{_THOUGHT_ENDS}"
    rf"|\b(?:uten|utan|ikke|ikkje|ingen|inga|no|without)\s+(?:fast|fixed|permanent)\s+{_HOME}"
    r"|^\W*(?:bor\s+|bur\s+)?(?:ingen\s*steder|ingensteds|ingenstad|ingen\s+stad|ingen\s+plass|ikke\s+noe\s+sted"
    r"|ikkje\s+nokon\s+stad|nowhere|no\s*where)\b"
    r"|\b(?:bostedsløs|bustadlaus|hjemløs|heimlaus|husløs|uteligger|homeless|rough\s+sleep|sleeping\s+rough)"
    r"|\b(?:sover|sove|sov|søv|søve|ligger|sleep|sleeping)\s+(?:ute|utendørs|utandørs|på\s+gata|på\s+gaten|outside"
    r"|outdoors|rough|on\s+the\s+streets?)\b"
    r"|^\W*(?:på\s+gata|på\s+gaten|on\s+the\s+streets?)\W*$",
    re.IGNORECASE)


def says_no_home(text: str) -> bool:
    """Whether an answer to the place question says the bruker has no home ("har ikke noe sted å bo", "bostedsløs",
    "sover ute", "homeless"): she is asked instead where she stays now. The caller looks for a place first
    ("sover ute i Bergen" names Bergen); "jeg bor i Bø" and "bor på hybel i Bergen" say nothing of the kind."""
    return bool(_NO_HOME.search(text)) or states(AcuteCategory.NOWHERE_TO_SLEEP, text)
