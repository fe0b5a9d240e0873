"""A waiting bruker who takes the wish for a person back, heard by the router itself (router/domain/queue_wishes.py)."""

from __future__ import annotations

import pytest

from router.domain.queue_wishes import cancels_the_wait

# The probe's messages, and the same wish in other words and languages.
CANCELS = [
    "nei forresten", "Nei forresten!", "glem det, jeg klarer meg", "trenger ikke lenger", "jeg trenger ikke lenger hjelp",
    "jeg klarer meg", "eg klarer meg sjølv", "avbryt", "Avbryt.", "jeg fant svaret", "never mind", "Cancel",
    "Never mind, I found it", "I'll manage", "forget it", "glöm det", "vergiss es", "nieważne", "не важно", "لا يهم",
    "iska daa", "không cần nữa",
    # probe 161 (nynorsk), and the same in bokmål and English
    "Nei, eg ombestemte meg", "jeg har ombestemt meg", "I changed my mind",
]
# Not a change of mind: a wish for a person, a question, "I can't manage", a question with one of the words.
STAYS = [
    "jeg vil snakke med et menneske", "jeg vil snakke med en veileder likevel", "hvordan søker jeg?",
    "jeg klarer meg ikke", "jeg klarer meg nesten ikke", "jeg klarer meg ikke uten penger til mat",
    "jeg har ikke funnet svaret", "I have not found the answer", "hvordan avbryter jeg søknaden?",
    "how do I cancel my application", "har kommunen ombestemt seg om vedtaket?", "jeg har ikke fått svar på søknaden", "nei", "ok", "takk", "",
    "nei forresten " + "og så lurte jeg på noe annet om søknaden min som jeg sendte i forrige uke",
]


@pytest.mark.parametrize("text", CANCELS)
def test_a_change_of_mind_is_heard(text: str) -> None:
    assert cancels_the_wait(text), text


@pytest.mark.parametrize("text", STAYS)
def test_other_messages_are_not_taken_as_leaving(text: str) -> None:
    assert not cancels_the_wait(text), text
