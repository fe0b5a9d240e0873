"""Find and mask fødselsnummer/kontonummer before text leaves the core (bot, translator, logs).

An 11-digit number is masked whatever its checksum: a mistyped fødselsnummer is still personal data.
A number written in the bank format 4.2.5 (1234.56.78903 or 1234 56 78903) is a kontonummer;
a bare 11-digit run is a kontonummer only when its mod-11 check holds and it is not a valid fødselsnummer.
"""

from __future__ import annotations

import re

from stdnum.no import fodselsnummer, kontonr

FODSELSNUMMER_TOKEN = "[fødselsnummer]"
KONTONUMMER_TOKEN = "[kontonummer]"
# The tokens as a regex alternation, for code that must recognise text that is already masked (translator).
MASK_TOKEN_PATTERN = "|".join(re.escape(token) for token in (FODSELSNUMMER_TOKEN, KONTONUMMER_TOKEN))

# Digits not glued to other digits; separators people type: space, dot, dash.
_ACCOUNT_FORMATTED = re.compile(r"(?<!\d)\d{4}[ .]\d{2}[ .]\d{5}(?!\d)")
_ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{6}[ -]?\d{5}(?!\d)")
_MASK_TOKENS = re.compile(MASK_TOKEN_PATTERN)
# Stricter, for text kept for later (the bot's handoff summary): six digits in a row may be a birth date or part
# of a fødselsnummer or kontonummer.
_SIX_DIGITS = re.compile(r"\d{6,}")


def _classify(digits: str) -> str:
    if fodselsnummer.is_valid(digits):
        return FODSELSNUMMER_TOKEN
    if kontonr.is_valid(digits):
        return KONTONUMMER_TOKEN
    return FODSELSNUMMER_TOKEN


def mask_personal_numbers(text: str) -> str:
    """Replace fødselsnummer and kontonummer in ``text`` with fixed tokens."""
    text = _ACCOUNT_FORMATTED.sub(KONTONUMMER_TOKEN, text)
    return _ELEVEN_DIGITS.sub(lambda m: _classify(re.sub(r"\D", "", m.group())), text)


def contains_personal_numbers(text: str) -> bool:
    return mask_personal_numbers(text) != text


def may_contain_personal_number(text: str) -> bool:
    """True for text with a masking token, a fødselsnummer or kontonummer, or any six or more digits in a row."""
    return bool(_SIX_DIGITS.search(text) or _MASK_TOKENS.search(text)) or contains_personal_numbers(text)
