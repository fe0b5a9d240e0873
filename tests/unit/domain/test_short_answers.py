"""A bare yes or no in the 20 languages (router/domain/short_answers.py)."""

from __future__ import annotations

import pytest

from router.domain.short_answers import NO, YES, yes_or_no


@pytest.mark.parametrize(("text", "answer"), [
    ("Ja!", "yes"), ("ja takk", "yes"), ("OK 👍", "yes"), ("tak", "yes"), ("так", "yes"), ("نعم.", "yes"),
    ("جی ہاں", "yes"), ("evet", "yes"), ("sí", "yes"), ("taip", "yes"), ("haa", "yes"), ("እወ", "yes"),
    ("ใช่", "yes"), ("có ạ", "yes"),
    ("nei", "no"), ("Nei takk.", "no"), ("ikke nå", "no"), ("nie", "no"), ("нет", "no"), ("لا", "no"),
    ("hayır", "no"), ("nein danke", "no"), ("ไม่ครับ", "no"), ("không", "no"),
    # Anything more is a message for the bot (or the veileder), not an answer to an offer.
    ("ja, men når kommer pengene?", None), ("jeg vil ta livet mitt", None), ("hei", None), ("", None),
    ("ja ja ja ja", None),
])
def test_a_short_yes_or_no_in_the_supported_languages(text: str, answer: str | None) -> None:
    assert yes_or_no(text) == answer


def test_no_phrase_is_both_yes_and_no() -> None:
    assert not YES & NO and len(YES) > 60 and len(NO) > 40


# "I want to talk to a person", in every supported language, as brukere write it.
PERSON_WISHES = {
    "nb": "Jeg vil snakke med en veileder", "nn": "Eg vil snakke med ein rettleiar", "da": "Jeg vil tale med en rådgiver",
    "sv": "Jag vill prata med en handläggare", "en": "I want to talk to a person", "pl": "Chcę rozmawiać z człowiekiem",
    "lt": "Noriu kalbėti su žmogumi", "uk": "Я хочу поговорити з людиною", "ru": "Хочу поговорить с человеком",
    "ar": "أريد التحدث مع موظف", "so": "Waxaan rabaa inaan la hadlo qof", "ti": "ምስ ሰብ ክዛረብ እደሊ",
    "fa": "می‌خواهم با یک کارمند صحبت کنم", "ur": "میں کسی انسان سے بات کرنا چاہتا ہوں",
    "tr": "Bir insanla konuşmak istiyorum", "es": "Quiero hablar con una persona",
    "de": "Ich möchte mit einem Menschen sprechen", "ro": "Vreau să vorbesc cu un om", "th": "ขอคุยกับเจ้าหน้าที่",
    "vi": "Tôi muốn nói chuyện với nhân viên",
}


def test_a_wish_for_a_person_is_heard_in_every_supported_language() -> None:
    from router.domain.language_policy import SUPPORTED_LANGUAGES
    from router.domain.short_answers import wants_a_person

    assert set(PERSON_WISHES) == set(SUPPORTED_LANGUAGES)
    assert [language for language, text in PERSON_WISHES.items() if not wants_a_person(text)] == []
    for other in ("nie mam pieniędzy na jedzenie", "Mieszkam w Asker", "Hva er AAP?", "I talked to my landlord",
                  "مرحبا، أحتاج مساعدة في الإيجار"):
        assert not wants_a_person(other), other


def test_a_wish_for_the_bot_while_waiting() -> None:
    from router.domain.short_answers import wants_the_bot

    assert wants_the_bot("Kan jeg heller snakke med chatroboten?")
    assert wants_the_bot("Can I go back to the chatbot?")
    assert not wants_the_bot("Jeg vil søke om sosialhjelp")
    assert not wants_the_bot("Jeg vil snakke med en veileder")


def test_ok_is_a_yes_only_to_a_question() -> None:
    """"ok", "dobrze", "tamam" agree to a question; after a statement they say "understood" (probe 70)."""
    from router.domain.short_answers import OK

    for text in ("ok", "OK 👍", "okei", "dobrze", "хорошо", "tamam", "vale", "được"):
        assert (yes_or_no(text), yes_or_no(text, ok_is_yes=False)) == ("yes", None), text
    for text in ("ja", "tak", "نعم", "evet"):
        assert yes_or_no(text, ok_is_yes=False) == "yes", text
    assert yes_or_no("nei", ok_is_yes=False) == "no" and OK <= YES
