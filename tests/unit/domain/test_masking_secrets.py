"""Card numbers, their CVC and expiry date, passwords and codes are masked always, with the bot and with a veileder
(router/domain/masking.py). A probe's "Kortnummer 4111 1111 1111 1111 utløp 12/27 cvc 123, passord BankID:
Hemmelig123", sent to a veileder, stood verbatim in the console and the store. Ordinary numbers stay: amounts,
dates, postnummer, "kode 6", and a phone number kept for the veileder."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from router.domain.masking import (
    FODSELSNUMMER_TOKEN,
    KONTONUMMER_TOKEN,
    KORTNUMMER_TOKEN,
    MASK_TOKEN_PATTERN,
    SECRET_HIDDEN,
    SKJULT_TOKEN,
    hidden_notices,
    mask_personal_numbers,
)

K, S = KORTNUMMER_TOKEN, SKJULT_TOKEN
PROBE = "Kortnummer 4111 1111 1111 1111 utløp 12/27 cvc 123, passord BankID: Hemmelig123"


@pytest.mark.parametrize("keep_contact_details", [False, True], ids=["with the bot", "for a veileder"])
def test_the_probe_s_card_and_password_are_masked_with_the_bot_and_for_a_veileder(keep_contact_details: bool) -> None:
    masked = mask_personal_numbers(PROBE, keep_contact_details=keep_contact_details)
    assert masked == f"Kortnummer {K} utløp {S} cvc {S}, passord BankID: {S}"
    assert hidden_notices(PROBE, masked) == [SECRET_HIDDEN]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4111111111111111", K),
        ("kort: 4111-1111-1111-1111 12/27", f"kort: {K} {S}"),
        ("Amex 3782 822463 10005", f"Amex {K}"),
        ("5555 5555 5555 4444, exp 03/2028, CVV: 737", f"{K}, exp {S}, CVV: {S}"),
        ("visa 4222 2222 2222 2, gyldig til 01/29", f"visa {K}, gyldig til {S}"),
        ("passordet mitt er Sommer2024", f"passordet mitt er {S}"),
        ("Passord: sommer", f"Passord: {S}"),
        ('my password is "summer"', f'my password is "{S}"'),
        ("PIN 1234", f"PIN {S}"),
        ("PIN-koden min er 1234.", f"PIN-koden min er {S}."),
        ("engangskode 123 456", f"engangskode {S}"),
        ("BankID-koden er 482913", f"BankID-koden er {S}"),
        ("koden fra sms: 482913", f"koden fra sms: {S}"),
        ("passordet mitt til BankID er Hemmelig123, hjelp", f"passordet mitt til BankID er {S}, hjelp"),
        ("hasło: Tajne123", f"hasło: {S}"),
        ("Mitt lösenord är Hemligt99", f"Mitt lösenord är {S}"),
    ],
)
def test_secrets_are_masked(text: str, expected: str) -> None:
    assert mask_personal_numbers(text) == expected
    assert mask_personal_numbers(text, keep_contact_details=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "husleie 4 500 kr",
        "jeg skylder 12 500 kroner",
        "beløp 12 500 kr den 12.03.2025",
        "søkte 2025-03-12",
        "0554 Oslo",
        "postal code 0554",
        "Jeg har kode 6",
        "vi har kode 7 0554 Oslo",
        "Jeg har glemt passordet. Hva gjør jeg?",
        "passordet mitt er feil",
        "Jeg har byttet passord 3 ganger",
        "passordet i 2024",
        "Jeg fikk engangskode på SMS, men den virker ikke",
        "utløpsdato for oppholdstillatelsen 12/27",  # no card: a permit's expiry date is for the veileder
        "KID 4111111111111111",  # a payment reference, though it passes the Luhn check
        "4111111111111112",  # no card: fails the Luhn check
        "referanse 1234567890123",  # starts with 1: no card
        "ring 55 55 33 33",
    ],
)
def test_ordinary_numbers_and_words_stay(text: str) -> None:
    assert mask_personal_numbers(text) == text
    assert mask_personal_numbers(text, keep_contact_details=True) == text


@pytest.mark.parametrize(
    ("text", "with_bot", "for_a_veileder"),
    [
        ("fnr 01019012480 og kort 4111 1111 1111 1111", f"fnr {FODSELSNUMMER_TOKEN} og kort {K}",
         f"fnr {FODSELSNUMMER_TOKEN} og kort {K}"),
        ("kontonr 1234.56.78903, PIN 1234", f"kontonr {KONTONUMMER_TOKEN}, PIN {S}",
         f"kontonr {KONTONUMMER_TOKEN}, PIN {S}"),
        ("tlf 41234567, passord: Hemmelig1", f"tlf [tel], passord: {S}", f"tlf 41234567, passord: {S}"),
        ("NO93 8601 1117 947", "[IBAN]", "[IBAN]"),
    ],
)
def test_the_other_numbers_are_masked_as_before(text: str, with_bot: str, for_a_veileder: str) -> None:
    assert mask_personal_numbers(text) == with_bot
    assert mask_personal_numbers(text, keep_contact_details=True) == for_a_veileder


def test_the_new_tokens_are_mask_tokens_and_stay_as_they_are() -> None:
    import re

    for token in (K, S):
        assert re.fullmatch(MASK_TOKEN_PATTERN, token)
        assert mask_personal_numbers(token) == token
    assert hidden_notices(f"skal jeg skrive {K} eller {S}?", f"skal jeg skrive {K} eller {S}?") == []


@st.composite
def card_numbers(draw: st.DrawFn) -> str:
    """A Luhn-valid card number of 16 digits starting as Visa or Mastercard do, written in groups of four."""
    body = draw(st.sampled_from("45")) + draw(st.from_regex(r"[0-9]{14}", fullmatch=True))
    number = body + luhn.calc_check_digit(body)
    separator = draw(st.sampled_from(["", " ", "-"]))
    return separator.join(number[i:i + 4] for i in range(0, 16, 4))


@given(card_numbers(), st.sampled_from(["kort {}", "{} takk", "mitt kort er {}.", "({})"]), st.booleans())
def test_no_card_number_survives(card: str, template: str, keep: bool) -> None:
    masked = mask_personal_numbers(template.format(card), keep_contact_details=keep)
    assert masked == template.format(K)
