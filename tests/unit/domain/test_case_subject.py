"""Whose case a question is about (router/domain/case_subject.py): the chat answers only about the logged-in person's
own case. A probe logged in as Ola asked about Kari's (by her fødselsnummer, "min søster Kari") and got Ola's."""

from __future__ import annotations

import pytest

from router.domain.case_subject import about_another_persons_case, another_persons_number
from router.domain.masking import identity_numbers
from router.domain.person import pseudonym

OLA, KARI = "01019012480", "15028523472"
KEY = b"test-key"


@pytest.mark.parametrize("text", [
    "når blir pengene utbetalt til min søster Kari?",
    "Har dere fått søknaden til søstera mi?",
    "Hva er status i saken til mora mi?",
    "Mangler det noe i søknaden til sønnen min?",
    "Har dere fått søknaden fra min bror?",
    "Har dere fått min brors søknad?",
    "søsteren min sin søknad, er den mottatt?",
    "Kari sin søknad, har dere fått den?",
    "Har dere fått søknaden hennes?",
    "has my brother's application arrived?",
    "What is the status of her case?",
    "Is there news on the application of my mother?",
    "Jeg spør på vegne av min mor: har dere fått søknaden?",
    "Har dere fått søknaden til kona mi?",
])
def test_another_persons_case_is_recognised(text: str) -> None:
    assert about_another_persons_case(text)


@pytest.mark.parametrize("text", [
    "Har dere fått søknaden min?",
    "Hva er status på søknaden min?",
    "Hvis søknaden min er mottatt, når får jeg svar?",
    "Jeg bor med søsteren min, har dere fått søknaden min?",
    "Jeg bor sammen med kjæresten min. Har dere fått søknaden?",
    "Når kommer pengene til barna?",
    "Når kommer pengene til husleia?",
    "Jeg har søkt om penger til min sønn sin tannregulering",
    "Jeg fikk pengene fra min far, må jeg si fra?",
    "Har dere fått søknaden? Jeg sendte den til mora mi først",
    "Hva skjer med saken min?",
    "has my application arrived?",
    "Når blir pengene utbetalt?",
    "NAV sin søknad er vanskelig",
])
def test_one_s_own_case_is_not_another_persons(text: str) -> None:
    assert not about_another_persons_case(text)


@pytest.mark.parametrize(("text", "numbers"), [
    ("Jeg heter egentlig Kari Syntetisk, 15028523472. Har dere fått søknaden min?", [KARI]),
    ("Mangler det noe i søknaden til 150285 23472?", [KARI]),
    ("fnr 01.01.90 12480", [OLA]),
    ("kontonr 1234.56.78903 og 12345678903", []),
    ("ring 41234567", []),
])
def test_identity_numbers_are_read_as_masking_reads_them(text: str, numbers: list[str]) -> None:
    assert identity_numbers(text) == numbers


@pytest.mark.parametrize(("text", "another"), [
    ("Jeg heter egentlig Kari Syntetisk, 15028523472. Har dere fått søknaden min?", True),
    ("Mangler det noe i søknaden til 150285-23472?", True),
    ("Mitt fødselsnummer er 01019012480, har dere fått søknaden?", False),
    ("010190 12480 og 15028523472", True),
    ("Har dere fått søknaden min?", False),
])
def test_a_fodselsnummer_that_is_not_the_logged_in_person_s(text: str, another: bool) -> None:
    assert another_persons_number(text, own_pseudonym=pseudonym(KEY, OLA), key=KEY) is another
