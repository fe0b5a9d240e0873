"""Probe 87: "Jeg bor på Lade, postnummer 7041" to "Hvilken bydel bor du i? Du kan også skrive postnummeret ditt"
left the chat at the kontaktsenter: no Trondheim postnummer tells the bydel. Where a kommune has few bydeler, the
question names them (and promises nothing of the postnummer); Oslo's 15 are asked for as before."""

from __future__ import annotations

from router.services.handoff import bydel_question
from router.texts import fixed_text

TRONDHEIM = ("Midtbyen", "Østbyen", "Lerkendal", "Heimdal")


def test_a_few_bydeler_are_named_in_the_question_in_the_bruker_s_language() -> None:
    assert bydel_question("nb", "Trondheim", TRONDHEIM) == (
        "Hvilket NAV-kontor du hører til i Trondheim, avhenger av bydelen du bor i. Hvilken bydel bor du i: "
        "Midtbyen, Østbyen, Lerkendal eller Heimdal?")
    assert bydel_question("en", "Trondheim", TRONDHEIM).endswith(
        "Which district do you live in: Midtbyen, Østbyen, Lerkendal or Heimdal?")
    assert "Midtbyen, Østbyen, Lerkendal lub Heimdal" in bydel_question("pl", "Trondheim", TRONDHEIM)
    assert "postnummer" not in bydel_question("nb", "Trondheim", TRONDHEIM)


def test_many_bydeler_keep_the_question_with_the_postnummer() -> None:
    oslo = tuple(f"Bydel {n}" for n in range(15))
    assert bydel_question("nb", "Oslo", oslo) == fixed_text("bydel_question", "nb", kommune="Oslo")
    assert bydel_question("nb", "Oslo", ()) == fixed_text("bydel_question", "nb", kommune="Oslo")


def test_asked_again_the_bydel_question_says_the_bydel_was_not_found_and_names_the_few_bydeler() -> None:
    """An answer that named no bydel read the same paragraph again (found in Chromium)."""
    assert bydel_question("nb", "Trondheim", TRONDHEIM, again=True) == (
        "Jeg fant ikke bydelen i svaret ditt. Skriv hvilken bydel i Trondheim du bor i: "
        "Midtbyen, Østbyen, Lerkendal eller Heimdal.")
    assert bydel_question("nb", "Oslo", (), again=True) == (
        "Jeg fant ikke bydelen i svaret ditt. Skriv navnet på bydelen i Oslo der du bor, eller postnummeret ditt.")
    for language in ("nb", "nn", "en", "uk", "ar"):
        for bydeler in (TRONDHEIM, ()):
            assert bydel_question(language, "Trondheim", bydeler, again=True) != bydel_question(
                language, "Trondheim", bydeler)
    assert "Midtbyen, Østbyen, Lerkendal lub Heimdal" in bydel_question("pl", "Trondheim", TRONDHEIM, again=True)
