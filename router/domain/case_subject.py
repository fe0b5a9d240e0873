"""Whose case a case question is about: the chat answers only about the case of the person who is logged in.

A probe, logged in as Ola, asked "Jeg heter egentlig Kari …, [fødselsnummer]. Har dere fått søknaden min?",
"Mangler det noe i søknaden til [another fødselsnummer]?" and "når blir pengene utbetalt til min søster Kari?",
and was answered with Ola's own case as if it were about that person. A question that names another person's case
is answered instead with ``other_person`` (router/texts/case_answers.py): only the logged-in person's case can be
answered here, and how the other person gets help (log in themselves, or a written fullmakt), with none of the
logged-in person's facts.

Two signs, each enough:

- a fødselsnummer or d-nummer in the message that is not the logged-in person's (``another_persons_number``; the
  router masks the number before the bot reads it, so the router decides this where the message arrives);
- family or other-person words with the case (``about_another_persons_case``): "søknaden til min søster", "saken
  til mora mi", "min brors søknad", "søstera mi sin søknad", "Kari sin sak", "søknaden hennes", "my brother's
  application", "her case", "på vegne av", "someone else's". A household member named beside one's own case
  ("søknaden min, jeg bor med søsteren min"; "pengene til barna") is not another person's case.

Pure: no I/O.
"""

from __future__ import annotations

import re

from router.domain.masking import identity_numbers
from router.domain.person import pseudonym

# Adults whose case is their own; children only right after an application or case word ("søknaden til sønnen
# min"), never with money: "pengene til barna", "søknad om penger til min sønn" are the parent's own.
_ADULTS = (
    r"søst(?:er|era|eren|ra|re)|syster|sister|bro(?:r|ren|der)|brother|mor|mora|moren|mamma|mammaen|mamman|mother|"
    r"mum|mom|far|faren|pappa|pappaen|father|dad|kjæreste(?:n)?|girlfriend|boyfriend|venn(?:en|inne|inna|innen)?|"
    r"friend|nabo(?:en)?|neighbou?r|onkel(?:en)?|uncle|tante(?:n)?|aunt|bestemor|bestefar|besteforeldre|mormor|"
    r"morfar|farmor|farfar|grandmother|grandfather|grandma|grandpa|svigermor|svigerfar|svoger(?:en)?|svigerinne(?:n)?|"
    r"fetter(?:en)?|kusine(?:n)?|cousin|klient(?:en)?|client|pasient(?:en)?|patient|beboer(?:en)?|ex|eksen"
)
# A spouse or samboer usually shares the household's application: theirs only with an application or case word.
_PARTNERS = r"kone|kona|wife|mann(?:en)?|ektemann(?:en)?|husband|samboer(?:en)?|sambuar(?:en)?|partner(?:en)?"
_CHILDREN = r"sønn(?:en)?|son|datter(?:en)?|dattera|dotter(?:a)?|daughter|barnet|child"
_CASE = r"søknad\w*|søkn\w*|sak|saken|saka|case|application|vedtak\w*|decision|soknad\w*"
_MONEY = r"peng\w*|utbetal\w*|money|payment\w*|stønad\w*|sosialhjelp\w*|benefit\w*|ytelse\w*"
_POSSESSIVE = r"(?:(?:min|mi|mitt|mine|my|hans|hennes|his|her|vår|vårt|our|vesle|lille|eldste|yngste)\s+)"
_AFTER_POSSESSIVE = r"(?:\s+(?:min|mi|mitt|mine|sin|si|sitt|sine))?"
_GAP = r"(?:\s+[\w-]+){0,3}?"  # up to three words between, never over a sentence's end
_OF = r"\s+(?:til|åt|of|from|fra|frå)\s+"
# Money is the other person's when paid "to" them; "pengene fra min far" may be the bruker's own income.
_TO = r"\s+(?:til|åt|to|of)\s+"
_GENITIVE = r"(?:sin|si|sitt|sine)"

_OTHER_PERSONS_CASE = re.compile(
    "|".join([
        # "søknaden til min søster", "pengene utbetalt til søstera mi", "saken til mora mi", "the case of my brother"
        rf"\b(?:{_CASE}){_GAP}{_OF}{_POSSESSIVE}?(?:{_ADULTS}|{_PARTNERS})\b",
        rf"\b(?:{_MONEY}){_GAP}{_TO}{_POSSESSIVE}?(?:{_ADULTS})\b",
        rf"\b(?:{_CASE}){_OF}{_POSSESSIVE}?(?:{_CHILDREN})\b",
        # "min søsters søknad", "søsteren min sin søknad", "mora mi si sak", "my brother's application"
        rf"\b(?:{_ADULTS}|{_PARTNERS}|{_CHILDREN})(?:s|'s|’s|'|’)\s+(?:{_CASE})",
        rf"\b(?:{_ADULTS})(?:s|'s|’s|'|’)\s+(?:{_MONEY})",
        rf"\b(?:{_ADULTS}|{_PARTNERS}|{_CHILDREN}){_AFTER_POSSESSIVE}\s+{_GENITIVE}\s+(?:{_CASE})",
        rf"\b(?:{_ADULTS}){_AFTER_POSSESSIVE}\s+{_GENITIVE}\s+(?:{_MONEY})",
        # "søknaden hennes", "saka hans", "hennes sak", "her application", "their case"
        rf"\b(?:{_CASE}|{_MONEY})\s+(?:hans|hennes)\b",
        rf"\b(?:hans|hennes|his|her|their)\s+(?:{_CASE}|{_MONEY})\b",
        # someone else: "på vegne av", "noen andre sin søknad", "someone else's case", "another person's"
        r"\bpå vegne av\b|\bpå vegner av\b|\bon behalf of\b|\bnoen andre\b|\bnokon andre\b|\ben annen person\b|"
        r"\bein annan person\b|\bsomeone else\b|\bsomebody else\b|\banother person\b",
    ]),
    re.I,
)
# "Kari sin søknad", "Kari Nordmann si sak", "Kari's application": a name with the case (not NAV's own words; no
# bare genitive -s: "Hvis søknaden …").
_NAMED = re.compile(
    rf"\b([A-ZÆØÅ][a-zæøåé]+)(?:\s+[A-ZÆØÅ][a-zæøåé]+)?(?:\s+{_GENITIVE}|'s|’s)\s+(?:{_CASE}|{_MONEY})",
)
_NOT_A_PERSON = frozenset({"Nav", "Navs", "Hva", "Kva", "Har", "Min", "Mi", "Mitt", "Husbanken", "Kommunen",
                           "Lånekassen", "Skatteetaten", "Helfo", "Dere", "De", "Den", "Det"})


def about_another_persons_case(text: str) -> bool:
    """Whether the message asks about someone else's case by family or other-person words or a name (the
    fødselsnummer check is ``another_persons_number``)."""
    if _OTHER_PERSONS_CASE.search(text or ""):
        return True
    return any(match.group(1) not in _NOT_A_PERSON for match in _NAMED.finditer(text or ""))


def another_persons_number(text: str, *, own_pseudonym: str | None, key: bytes) -> bool:
    """Whether ``text`` (as written, before masking) holds a fødselsnummer or d-nummer that is not the logged-in
    person's, known by their keyed pseudonym (router/domain/person.py; the conversation holds no ident)."""
    return any(pseudonym(key, number) != own_pseudonym for number in identity_numbers(text))


__all__ = ["about_another_persons_case", "another_persons_number"]
