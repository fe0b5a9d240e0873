"""Probe 117: a homeless bruker answered "Hvilken kommune eller bydel bor du i?" with "har ikke noe sted å bo".
Where she lives has no answer; where she stays now has (places.says_no_home): the answers that say she has no home,
in bokmål, nynorsk, English and dialect, and the place answers that must not count."""

from __future__ import annotations

import pytest

from router.domain.acute_need import AcuteCategory, detect, states
from router.domain.places import says_no_home

NO_HOME = [
    "har ikke noe sted å bo", "Nei, har ikke noe sted å bo", "har ingen plass å bo", "har ingen plass",
    "æ har ingen plass å sov i natt", "har itj nån plass", "e har itj nåkka sted å bo", "har itj nå sted å bo",
    "har ikkje nokon stad å bu", "har ikkje nokon plass å bu", "har ikke noe hjem", "har ingen bolig",
    "ingen steder", "bor ingen steder", "ingensteds", "ingen fast adresse", "uten fast bopel", "har ikke fast bopel",
    "bostedsløs", "jeg er bostedsløs", "jeg er hjemløs", "sover ute", "sov ute i natt", "jeg bor på gata", "på gata",
    "vet ikke hvor jeg skal sove i natt", "homeless", "I am homeless", "no place to live", "I have nowhere to live",
    "nowhere", "I don't have a home", "no fixed address", "I sleep outside",
]

NOT_NO_HOME = [
    "jeg bor i Bø", "bor på hybel i Bergen", "Bø", "jeg bor i Asker", "Sandnes, men jeg jobber i Stavanger",
    "bor hos mamma", "har et sted å bo", "har ikke noen plass i barnehagen", "jobber ikke fast", "har ingen telefon",
    "har ikke bil", "jeg har ikke noe nummer", "I don't have a place in the queue", "vil ikke si det", "nei",
    "vet ikke", "Hva er AAP?", "hvor skal jeg bo",
]


@pytest.mark.parametrize("text", NO_HOME)
def test_an_answer_that_says_she_has_no_home(text: str) -> None:
    assert says_no_home(text)


@pytest.mark.parametrize("text", NOT_NO_HOME)
def test_a_place_or_another_answer_is_not_no_home(text: str) -> None:
    assert not says_no_home(text)


def test_nowhere_to_sleep_is_read_whatever_more_serious_need_is_said_with_it() -> None:
    # detect gives violence for the krisesenter; the answer still says she has no home.
    assert states(AcuteCategory.NOWHERE_TO_SLEEP, "har ikke noe sted å bo, er på krisesenter nå")
    assert not states(AcuteCategory.NOWHERE_TO_SLEEP, "jeg bor i Bø")


@pytest.mark.parametrize("text", ["æ har ingen plass å sov i natt", "har itj nån plass å bo", "e har itj nåkka sted å bo"])
def test_nowhere_to_sleep_in_dialect_is_an_acute_need(text: str) -> None:
    # Probe 117's first message: the router's safety net did not read it (only "sove", only "ikke/ingen").
    signal = detect(text)
    assert signal is not None and signal.category is AcuteCategory.NOWHERE_TO_SLEEP
