"""Personal data (fødselsnummer, kontonummer, IBAN, phone numbers, e-mail) never leaves the core unmasked.

The property tests build valid numbers with python-stdnum's own check digits, write them the ways people do
(separators, inside Norwegian and English sentences, at the start or end, next to punctuation) and check that
no digit run of the number survives; the negative ones check that amounts, dates, years, postnummer,
kommunenummer and NAV's own phone number come through unchanged.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum import iban
from stdnum.no import fodselsnummer, kontonr

from router.domain.contact import NAV_PHONE, NAV_PHONE_TEL
from router.domain.masking import (
    EPOST_TOKEN,
    FODSELSNUMMER_TOKEN,
    IBAN_TOKEN,
    KONTONUMMER_TOKEN,
    MASK_TOKEN_PATTERN,
    TELEFONNUMMER_TOKEN,
    mask_personal_numbers,
    may_contain_personal_number,
)

# ----------------------------------------------------------------------------------------------------------
# Examples


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
        # the forms that leaked before
        ("fnr 010190.12345", f"fnr {FODSELSNUMMER_TOKEN}"),
        ("fnr 01.01.90 12345", f"fnr {FODSELSNUMMER_TOKEN}"),
        ("fnr 010190/12345", f"fnr {FODSELSNUMMER_TOKEN}"),
        ("fnr 010190 123 45", f"fnr {FODSELSNUMMER_TOKEN}"),
        ("fnr 0 1 0 1 9 0 1 2 3 4 5", f"fnr {FODSELSNUMMER_TOKEN}"),
        ("kontonr 1234-56-78903", f"kontonr {KONTONUMMER_TOKEN}"),
        ("IBAN NO93 8601 1117 947.", f"IBAN {IBAN_TOKEN}."),
        ("IBAN NO9386011117947", f"IBAN {IBAN_TOKEN}"),
        ("PL61 1090 1014 0000 0712 1981 2874", IBAN_TOKEN),
        ("ring 41234567", f"ring {TELEFONNUMMER_TOKEN}"),
        ("ring 41 23 45 67 eller 412 34 567", f"ring {TELEFONNUMMER_TOKEN} eller {TELEFONNUMMER_TOKEN}"),
        ("+47 41 23 45 67, 0047 41234567", f"{TELEFONNUMMER_TOKEN}, {TELEFONNUMMER_TOKEN}"),
        ("call +48 123 456 789", f"call {TELEFONNUMMER_TOKEN}"),
        ("skriv til ola.nordmann@example.no.", f"skriv til {EPOST_TOKEN}."),
        # spellings a probe found unmasked: the year in full, line breaks, copy-paste spaces and dashes, phones
        ("fnr 15.02.1985 23472 og 1234.56.78903", f"fnr {FODSELSNUMMER_TOKEN} og {KONTONUMMER_TOKEN}"),
        ("født 15021985 23472", f"født {FODSELSNUMMER_TOKEN}"),
        ("fnr: 150285\n23472", f"fnr: {FODSELSNUMMER_TOKEN}"),
        ("150285  23472", FODSELSNUMMER_TOKEN),
        ("150285, 23472", FODSELSNUMMER_TOKEN),
        ("Her er 2 0 0 0 0 0 0 0, 2 0 0 0 0 0 0 0.", f"Her er {TELEFONNUMMER_TOKEN}, {TELEFONNUMMER_TOKEN}."),
        ("55 55 33 33\n555 53 333", "55 55 33 33\n555 53 333"),
        ("150285_23472", FODSELSNUMMER_TOKEN),
        *((f"150285{sep}23472", FODSELSNUMMER_TOKEN)
          for sep in ("\u2009", "\u202f", "\u3000", "\u2011", "\uff0d", "\u2014", "\u2212", "\u200b")),
        ("ring 9123 4567 eller 912 345 67", f"ring {TELEFONNUMMER_TOKEN} eller {TELEFONNUMMER_TOKEN}"),
        ("tlf: 4791234567 eller 47 91 23 45 67", f"tlf: {TELEFONNUMMER_TOKEN} eller {TELEFONNUMMER_TOKEN}"),
        ("mój numer 512 345 678", f"mój numer {TELEFONNUMMER_TOKEN}"),
        ("ring 91 23  45 67", f"ring {TELEFONNUMMER_TOKEN}"),
        # what stays
        ("ring NAV på 55 55 33 33 eller +47 55 55 33 33", "ring NAV på 55 55 33 33 eller +47 55 55 33 33"),
        ("12 500 kroner den 12.03.2025", "12 500 kroner den 12.03.2025"),
        ("12.03.25 12500 kr", "12.03.25 12500 kr"),
        ("arven var 25000000 kr", "arven var 25000000 kr"),
        ("møtet 25.12.24 10:30, kl 08.00-15.30", "møtet 25.12.24 10:30, kl 08.00-15.30"),
        ("kommune 0301, orgnr 974 760 673", "kommune 0301, orgnr 974 760 673"),
        ("fra 2024 2025", "fra 2024 2025"),
        ("jeg betalte 3400, 5600 og 7000", "jeg betalte 3400, 5600 og 7000"),
        ("12.03.2025 12500 kr", "12.03.2025 12500 kr"),
        ("postnummer 2000\n3000 kr", "postnummer 2000\n3000 kr"),
        ("GET /api/conversations/41234567-89ab-cdef-0123-456789abcdef", None),
    ],
)
def test_masks_personal_data_and_nothing_else(text: str, expected: str | None) -> None:
    assert mask_personal_numbers(text) == (text if expected is None else expected)


def test_a_mistyped_fodselsnummer_is_still_masked() -> None:
    assert mask_personal_numbers("01019012346") in (FODSELSNUMMER_TOKEN, KONTONUMMER_TOKEN)


def test_every_token_is_recognised_as_masked_text() -> None:
    for token in (FODSELSNUMMER_TOKEN, KONTONUMMER_TOKEN, IBAN_TOKEN, TELEFONNUMMER_TOKEN, EPOST_TOKEN):
        assert re.fullmatch(MASK_TOKEN_PATTERN, token)
        assert mask_personal_numbers(token) == token


@given(st.from_regex(r"[0-9]{11}", fullmatch=True), st.text(alphabet="abc æøå.,", max_size=20))
def test_no_eleven_digit_number_survives(number: str, words: str) -> None:
    masked = mask_personal_numbers(f"{words} {number} {words}")
    assert number not in masked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("leier", False),
        ("ring 55 55 33 33", False),  # NAV's own number is not personal data
        ("born 010190", True),  # six digits may be a birth date
        ("12345678901", True),
        ("1234.56.78903", True),
        ("1234 56 78903", True),
        ("ring 41 23 45 67", True),
        ("ola@example.no", True),
        (f"kontonummer {KONTONUMMER_TOKEN}", True),
        (FODSELSNUMMER_TOKEN, True),
        (TELEFONNUMMER_TOKEN, True),
    ],
)
def test_may_contain_personal_number(text: str, expected: bool) -> None:
    assert may_contain_personal_number(text) is expected


# ----------------------------------------------------------------------------------------------------------
# Valid numbers


@st.composite
def fodselsnumre(draw: st.DrawFn) -> str:
    """A valid fødselsnummer or d-nummer (day + 40), check digits by stdnum."""
    born = draw(st.dates(date(1940, 1, 1), date(2024, 12, 31)))
    individual = draw(st.integers(500, 999) if born.year >= 2000 else st.integers(0, 499))
    day = born.day + (40 if draw(st.booleans()) else 0)
    base = f"{day:02d}{born.month:02d}{born.year % 100:02d}{individual:03d}"
    first = fodselsnummer.calc_check_digit1(base)
    assume(len(first) == 1)
    second = fodselsnummer.calc_check_digit2(base + first)
    assume(len(second) == 1)
    number = base + first + second
    assert fodselsnummer.is_valid(number)
    return number


@st.composite
def kontonumre(draw: st.DrawFn) -> str:
    """A valid kontonummer (mod 11): the one check digit stdnum accepts, if there is one."""
    base = draw(st.from_regex(r"[1-9][0-9]{9}", fullmatch=True))
    valid = [base + d for d in "0123456789" if kontonr.is_valid(base + d)]
    assume(valid)
    return valid[0]


@st.composite
def foreign_ibans(draw: st.DrawFn) -> str:
    country, length = draw(st.sampled_from([("DE", 18), ("PL", 24), ("SE", 20), ("DK", 14)]))
    bban = draw(st.from_regex(rf"[0-9]{{{length}}}", fullmatch=True))
    number = country + iban.calc_check_digits(f"{country}00{bban}") + bban
    assume(iban.is_valid(number))
    return number


phone_numbers = st.from_regex(r"[2-9][0-9]{7}", fullmatch=True).filter(lambda n: n != "55553333")
emails = st.builds(
    lambda local, domain, tld: f"{local}@{domain}.{tld}",
    st.from_regex(r"[a-zæøå0-9][a-zæøå0-9._+-]{0,15}", fullmatch=True),
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True),
    st.sampled_from(["no", "com", "org", "nav.no", "co.uk", "pl"]),
)

# ----------------------------------------------------------------------------------------------------------
# Spellings

SEPARATORS = [" ", "-", ".", "/", "\u00a0"]


def _split(number: str, sizes: tuple[int, ...], sep: str | list[str]) -> str:
    parts, start = [], 0
    for size in sizes:
        parts.append(number[start : start + size])
        start += size
    seps = [sep] * (len(parts) - 1) if isinstance(sep, str) else sep
    return parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=True))


@st.composite
def spelled_fodselsnumre(draw: st.DrawFn) -> str:
    number = draw(fodselsnumre())
    sep = draw(st.sampled_from(SEPARATORS))
    date_sep = draw(st.sampled_from([".", "-", "/", " "]))
    style = draw(st.sampled_from(["run", "6.5", "6 3 2", "dd.mm.yy 5", "dd mm yy 3 2", "digits", "6 - 5"]))
    if style == "run":
        return number
    if style == "6.5":
        return _split(number, (6, 5), sep)
    if style == "6 3 2":
        return _split(number, (6, 3, 2), sep)
    if style == "dd.mm.yy 5":
        return _split(number, (2, 2, 2, 5), [date_sep, date_sep, draw(st.sampled_from([" ", "-", "/", "."]))])
    if style == "dd mm yy 3 2":
        return _split(number, (2, 2, 2, 3, 2), " ")
    if style == "digits":
        return " ".join(number)
    return _split(number, (6, 5), draw(st.sampled_from([" - ", " \u2013 "])))


@st.composite
def spelled_kontonumre(draw: st.DrawFn) -> str:
    number = draw(kontonumre())
    return _split(number, (4, 2, 5), draw(st.sampled_from([".", " ", "-", "\u2013", "\u00a0"])))


@st.composite
def spelled_norwegian_ibans(draw: st.DrawFn) -> str:
    number = kontonr.to_iban(draw(kontonumre()))
    style = draw(st.sampled_from(["compact", "grouped", "lower", "bank"]))
    if style == "compact":
        return number
    if style == "grouped":
        return iban.format(number)  # NO93 8601 1117 947
    if style == "lower":
        return iban.format(number).lower()
    return f"{number[:4]} {number[4:8]} {number[8:10]} {number[10:]}"  # NO93 8601 11 17947


@st.composite
def spelled_phone_numbers(draw: st.DrawFn) -> str:
    number = draw(phone_numbers)
    sep = draw(st.sampled_from([" ", ".", "-", "\u00a0"]))
    body = draw(
        st.sampled_from(
            [number, _split(number, (2, 2, 2, 2), sep), _split(number, (3, 2, 3), sep), " ".join(number)]
        )
    )
    prefix = draw(st.sampled_from(["", "", "+47 ", "+47", "0047 ", "0047", "+47-"]))
    return prefix + body


# Sentences without digits, in Norwegian and English; {} is where the number goes.
TEMPLATES = [
    "{}",
    "Fødselsnummeret mitt er {}.",
    "{} er fødselsnummeret mitt",
    "Hei! Nr: {}, takk",
    "kan dere sjekke {}?",
    "Kontonummer ({}) er nytt",
    "«{}»",
    '"{}"',
    "ring meg på {}!",
    "mitt nummer er {}\nHilsen Ola",
    "My national ID number is {}.",
    "{} is my account, thanks",
    "call me on {}; I am at home",
    "number:{}",
    "[{}]",
    "Tlf.{} (mobil)",
]
# Free text around it, without digits, plus or currency words.
fillers = st.text(alphabet="abcæøå ABC.,!?:;()«»'\n", max_size=15)


def _assert_no_digit_run_survives(spelled: str, masked: str) -> None:
    for run in re.findall(r"\d+", spelled):
        assert run not in masked, (spelled, masked)


def _check(spelled: str, template: str, before: str, after: str, token: str | None) -> None:
    text = before + template.format(spelled) + after
    masked = mask_personal_numbers(text)
    _assert_no_digit_run_survives(spelled, masked)
    if token is not None:
        # Digit-free context: the text around the number is unchanged and the number is the expected token.
        assert mask_personal_numbers(template.format(spelled)) == template.format(token)


@given(spelled_fodselsnumre(), st.sampled_from(TEMPLATES), fillers, fillers)
def test_no_valid_fodselsnummer_survives_in_any_spelling(spelled: str, template: str, a: str, b: str) -> None:
    _check(spelled, template, a, b, FODSELSNUMMER_TOKEN)


@given(spelled_kontonumre(), st.sampled_from(TEMPLATES), fillers, fillers)
def test_no_valid_kontonummer_survives_in_any_spelling(spelled: str, template: str, a: str, b: str) -> None:
    _check(spelled, template, a, b, KONTONUMMER_TOKEN)


@given(kontonumre(), st.sampled_from(TEMPLATES))
def test_an_unformatted_kontonummer_is_masked_as_one_or_the_other(number: str, template: str) -> None:
    masked = mask_personal_numbers(template.format(number))
    expected = FODSELSNUMMER_TOKEN if fodselsnummer.is_valid(number) else KONTONUMMER_TOKEN
    assert masked == template.format(expected)


@given(st.one_of(spelled_norwegian_ibans(), foreign_ibans()), st.sampled_from(TEMPLATES), fillers, fillers)
def test_no_iban_survives(spelled: str, template: str, a: str, b: str) -> None:
    _check(spelled, template, a, b, IBAN_TOKEN)


@given(spelled_phone_numbers(), st.sampled_from(TEMPLATES), fillers, fillers)
def test_no_phone_number_survives(spelled: str, template: str, a: str, b: str) -> None:
    _check(spelled, template, a, b, TELEFONNUMMER_TOKEN)


@given(emails, st.sampled_from(TEMPLATES), fillers, fillers)
def test_no_email_address_survives(address: str, template: str, a: str, b: str) -> None:
    masked = mask_personal_numbers(a + template.format(address) + b)
    assert "@" not in masked and address not in masked
    _assert_no_digit_run_survives(address, masked)
    assert EPOST_TOKEN in masked


@given(
    st.lists(
        st.one_of(
            spelled_fodselsnumre(), spelled_kontonumre(), spelled_phone_numbers(), spelled_norwegian_ibans()
        ),
        min_size=2,
        max_size=4,
    ),
    st.sampled_from([" og ", ", ", " or ", " / ", " eller tlf. "]),
)
def test_several_numbers_in_one_message_are_all_masked(spellings: list[str], joiner: str) -> None:
    text = "Her er " + joiner.join(spellings) + "."
    masked = mask_personal_numbers(text)
    assert not re.search(r"\d", masked), (text, masked)


@given(spelled_fodselsnumre(), st.sampled_from(["8000 kr", "12.03.2025", "0150 Oslo", NAV_PHONE, "i 2024"]))
def test_a_personal_number_next_to_safe_numbers_is_masked_and_they_stay(spelled: str, safe: str) -> None:
    masked = mask_personal_numbers(f"{safe}, fnr {spelled}, {safe}")
    assert masked == f"{safe}, fnr {FODSELSNUMMER_TOKEN}, {safe}"


# ----------------------------------------------------------------------------------------------------------
# What must stay


def _thousands(amount: int, sep: str) -> str:
    return f"{amount:,}".replace(",", sep)


@st.composite
def amounts(draw: st.DrawFn) -> str:
    amount = draw(st.integers(0, 99_999_999))
    written = draw(st.sampled_from([str(amount), _thousands(amount, " "), _thousands(amount, "."),
                                    _thousands(amount, "\u00a0")]))
    currency = draw(st.sampled_from([" kr", "kr", " kroner", " NOK", ",-", " kr.", ",- kr"]))
    amount_first = written + currency
    if amount >= 10_000_000:  # eight digits in a row without a currency after them may be a phone number
        return amount_first
    return draw(st.sampled_from([amount_first, f"kr {written}", f"NOK {written}", f"kr. {written},-"]))


@st.composite
def dates(draw: st.DrawFn) -> str:
    day = draw(st.dates(date(1900, 1, 1), date(2099, 12, 31)))
    other = draw(st.dates(date(1900, 1, 1), date(2099, 12, 31)))
    formats = ["%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%y", "%d.%m"]
    first = day.strftime(draw(st.sampled_from(formats)))
    second = other.strftime(draw(st.sampled_from(formats)))
    short = f"{day.day}.{day.month}.{day.year}"
    return draw(
        st.sampled_from(
            [first, short, f"{first} kl. 10:30", f"{first}-{second}", f"{first} - {second}",
             f"{first}\u2013{second}", f"fra {first} til {second}"]
        )
    )


postnumre = st.from_regex(r"[0-9]{4}", fullmatch=True)
years = st.integers(1900, 2100).map(str)
nav_phone_spellings = st.sampled_from(
    [NAV_PHONE, NAV_PHONE.replace(" ", ""), NAV_PHONE_TEL, "+47 " + NAV_PHONE, "0047 " + NAV_PHONE,
     NAV_PHONE.replace(" ", "."), NAV_PHONE.replace(" ", "-"), "555 53 333", "tel:" + NAV_PHONE_TEL]
)
safe_items = st.one_of(
    amounts(),
    dates(),
    postnumre.map(lambda p: f"{p} Oslo"),
    postnumre.map(lambda p: f"kommunenummer {p}"),
    years.map(lambda y: f"i {y}"),
    st.tuples(years, years).map(lambda ys: f"{ys[0]}\u2013{ys[1]}"),
    st.tuples(years, years).map(lambda ys: f"{ys[0]}-{ys[1]}"),
    nav_phone_spellings,
    st.from_regex(r"[89][0-9]{8}", fullmatch=True).map(lambda n: f"orgnr {n[:3]} {n[3:6]} {n[6:]}"),
)


@given(safe_items, st.sampled_from(TEMPLATES))
def test_amounts_dates_years_postnummer_and_navs_phone_stay(item: str, template: str) -> None:
    text = template.format(item)
    assert mask_personal_numbers(text) == text


@given(st.lists(safe_items, min_size=2, max_size=5), st.sampled_from([", ", " og ", "; ", " and ", "\n"]))
def test_several_safe_numbers_in_one_message_stay(items: list[str], joiner: str) -> None:
    text = joiner.join(items)
    assert mask_personal_numbers(text) == text


@given(st.sampled_from([NAV_PHONE, NAV_PHONE_TEL, NAV_PHONE.replace(" ", "")]), phone_numbers)
def test_navs_phone_stays_beside_a_masked_one(nav: str, number: str) -> None:
    masked = mask_personal_numbers(f"ring {nav} eller meg på {number}")
    assert masked == f"ring {nav} eller meg på {TELEFONNUMMER_TOKEN}"


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EXTENDED_ARABIC_INDIC = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@given(
    st.one_of(spelled_fodselsnumre(), spelled_kontonumre(), spelled_phone_numbers()),
    st.sampled_from([ARABIC_INDIC, EXTENDED_ARABIC_INDIC]),
    st.sampled_from(["رقمي {} شكرا", "شماره من {} است", "{}"]),
)
def test_numbers_in_arabic_or_persian_digits_are_masked_too(
    spelled: str, digits: dict[int, str], template: str
) -> None:
    native = spelled.translate(digits)
    masked = mask_personal_numbers(template.format(native))
    assert not re.search(r"\d", masked), (native, masked)


@given(st.uuids(), st.sampled_from(["conversation={} chars=3", '"POST /api/conversations/{}/messages HTTP/1.1"',
                                   "{}", "id:{}, ring 41234567"]))
def test_a_uuid_stays_whole_whatever_digits_it_holds(uuid: object, template: str) -> None:
    """Conversation ids in log lines and paths: eight digits inside one ("…-dd99968744ae") are not a phone number,
    so logs stay searchable by id; a phone number beside it is still masked."""
    text = template.format(uuid)
    assert mask_personal_numbers(text) == text.replace("41234567", TELEFONNUMMER_TOKEN)


def test_the_uuid_that_was_mangled_in_a_log_line_stays() -> None:
    line = "conversation=a097f7be-e93e-475c-99ae-dd99968744ae ring meg på 99968744"
    assert mask_personal_numbers(line) == f"conversation=a097f7be-e93e-475c-99ae-dd99968744ae ring meg på {TELEFONNUMMER_TOKEN}"
