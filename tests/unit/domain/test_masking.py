"""Fødselsnummer and kontonummer never leave the core unmasked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from router.domain.masking import (
    FODSELSNUMMER_TOKEN,
    KONTONUMMER_TOKEN,
    mask_personal_numbers,
    may_contain_personal_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fnr 01019012345", f"fnr {FODSELSNUMMER_TOKEN}"),
        ("fnr 010190 12345!", f"fnr {FODSELSNUMMER_TOKEN}!"),
        ("kontonr 1234.56.78903", f"kontonr {KONTONUMMER_TOKEN}"),
        ("kontonr 1234 56 78903", f"kontonr {KONTONUMMER_TOKEN}"),
        ("ring meg på 55553333", "ring meg på 55553333"),
        ("postnummer 0150 oslo", "postnummer 0150 oslo"),
        ("jeg skylder 12000 kr", "jeg skylder 12000 kr"),
        ("123456789012 er for langt", "123456789012 er for langt"),
    ],
)
def test_masks_personal_numbers_and_nothing_else(text: str, expected: str) -> None:
    assert mask_personal_numbers(text) == expected


def test_a_mistyped_fodselsnummer_is_still_masked() -> None:
    assert mask_personal_numbers("01019012346") in (FODSELSNUMMER_TOKEN, KONTONUMMER_TOKEN)


@given(st.from_regex(r"[0-9]{11}", fullmatch=True), st.text(alphabet="abc æøå.,", max_size=20))
def test_no_eleven_digit_number_survives(number: str, words: str) -> None:
    masked = mask_personal_numbers(f"{words} {number} {words}")
    assert number not in masked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("leier", False),
        ("ring 55 55 33 33", False),  # a phone number as people write it is not personal data
        ("born 010190", True),  # six digits may be a birth date
        ("12345678901", True),
        ("1234.56.78903", True),
        ("1234 56 78903", True),
        (f"kontonummer {KONTONUMMER_TOKEN}", True),
        (FODSELSNUMMER_TOKEN, True),
    ],
)
def test_may_contain_personal_number(text: str, expected: bool) -> None:
    assert may_contain_personal_number(text) is expected
