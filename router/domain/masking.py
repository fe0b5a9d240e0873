"""Find and mask personal data before text leaves the core (store, staff, bot, translator, logs).

What is masked, each kind with its own token:

- fødselsnummer / d-nummer: 11 digits, whatever the checksum (a mistyped fødselsnummer is still personal
  data), written in one run or grouped: ``ddmmyy nnnnn`` with a space, dash, dot, slash or `` - ``,
  ``ddmmyy nnn nn``, ``dd.mm.yy nnnnn``, ``dd mm yy nnn nn``, with the year in full (``15.02.1985 23472``), one
  digit at a time (``0 1 0 1 9 0 …``), or any other grouping of exactly 11 digits with one separator throughout;
- kontonummer: the bank format 4.2.5 (``1234.56.78903``, ``1234 56 78903``, ``1234-56-78903``), or 11 digits
  whose mod-11 check holds and that are not a valid fødselsnummer (stdnum decides which token, not whether);
- IBAN: ``NO93 8601 1117 947`` with or without spaces, in any case (any checksum), and other countries' IBANs
  (valid by stdnum, or with at least 8 digits);
- phone numbers: 8 digits starting with 2-9, in one run or as ``12 34 56 78`` / ``123 45 678`` / ``1234 5678`` /
  ``123 456 78`` / one digit at a time, with or without ``+47`` / ``0047`` / ``47``, nine digits as ``512 345 678``
  (not 8xx or 9xx: an organisasjonsnummer), and international numbers written with ``+``; NAV's own number
  (55 55 33 33, contact.NAV_PHONE) is not personal data and stays, since bot and staff texts quote it;
- e-mail addresses;
- secrets nobody should write in a chat, with a bot or a veileder alike: a payment-card number (13 to 19 digits in
  one run or in a card's groupings, ``4111 1111 1111 1111``, ``3782 822463 10005``, that pass the Luhn check and start
  as card numbers do, 2 to 6) becomes ``[kortnummer]``, and its expiry date (``utløp 12/27``, or ``12/27`` right after
  it) and a CVC/CVV (``cvc 123``) ``[skjult]``; so does what is written after a password or code word: ``passord
  BankID: Hemmelig123``, ``passordet mitt er Sommer2024``, ``PIN 1234``, ``engangskode 123 456``, ``BankID-koden er
  482913`` (a code of 4 to 10 digits; "kode 6", an adressebeskyttelse, stays; a password with a digit in it, or after
  a colon, or in quotes; "passordet mitt er feil" stays).

What stays: amounts (``8000 kr``, ``12 500 kroner``; a number directly followed by kr, kroner, NOK or ``,-``
is never taken for a phone number), dates (``12.03.2025``, ``2025-03-12``; but ``25122024`` reads as a phone
number), years, postnummer and kommunenummer (4 digits), organisasjonsnummer (9 digits).

Digits are read as chains: runs of digits joined by single separators (any run of white space, including line
breaks and the thin and ideographic spaces copy-paste leaves, a dash of any kind with or without spaces around
it, a dot, a slash, an underscore, or a comma and a space). Numbers on two lines, or in a list with commas, are
not taken together for a phone number. A whole chain of 11 digits with one separator throughout is masked;
otherwise the chain is scanned for the groupings people use for these numbers, so that a number standing next
to another one is still found. Pure (no I/O) and cheap when a message has no digits.
"""

from __future__ import annotations

import re
from contextvars import ContextVar

# python-stdnum's checks are imported where a number needs one, not with this module (#12: 1.2 MB resident with the
# pydoc it imports, and most messages hold no number long enough).

FODSELSNUMMER_TOKEN = "[fødselsnummer]"
KONTONUMMER_TOKEN = "[kontonummer]"
# Short, for the language detector: "[telefonnummer]" made Arabic, Russian or Somali text look Norwegian
# (router/adapters/language_detector.py ignores only "fødselsnummer" and "kontonummer" of these words).
IBAN_TOKEN = "[IBAN]"
TELEFONNUMMER_TOKEN = "[tel]"
EPOST_TOKEN = "[e-post]"
KORTNUMMER_TOKEN = "[kortnummer]"
# A password, PIN or one-time code, a card's CVC or expiry date.
SKJULT_TOKEN = "[skjult]"
MASK_TOKENS = (FODSELSNUMMER_TOKEN, KONTONUMMER_TOKEN, IBAN_TOKEN, TELEFONNUMMER_TOKEN, EPOST_TOKEN, KORTNUMMER_TOKEN,
               SKJULT_TOKEN)
# The tokens as a regex alternation, for code that must recognise text that is already masked (translator).
MASK_TOKEN_PATTERN = "|".join(re.escape(token) for token in MASK_TOKENS)

# NAV's own phone number (router/domain/contact.py NAV_PHONE, "55 55 33 33"), digits only.
_NAV_PHONE_DIGITS = "55553333"

_SEPARATORS = " \u00a0.\\-/\u2013"  # space, no-break space, dot, dash, slash, en dash (after "+47")
# Between the groups of a number: any run of white space (a line break, thin or ideographic spaces, as phones and
# copy-paste leave them; zero-width spaces too), a dash of any kind with or without spaces around it, a dot, a
# slash, an underscore, or a comma with a space after it.
_SPACE = r"[\s\u200b]"
_DASH = "[-\u2010-\u2015\u2212\ufe63\uff0d]"
_SEPARATOR = rf"(?:{_SPACE}+(?:{_DASH}{_SPACE}*)?|{_DASH}{_SPACE}*|[./_]|,{_SPACE}?)"
_ONE_DASH = re.compile(_DASH)
# Runs of digits joined by single separators: "010190 12345", "12.03.2025", "12 34 56 78"; only those with at
# least 8 digits (the lookahead), since shorter ones hold nothing to mask.
_CHAIN = re.compile(rf"\d(?<!\d\d)(?=(?:{_SEPARATOR}?\d){{7}})\d*(?:{_SEPARATOR}\d+)*")
# The commonest chain of 8 digits, a date (12.03.2025, 2025-03-12), holds nothing to mask: skip it at once.
_DATE = re.compile(r"\d{1,2}([./-])\d{1,2}\1\d{4}|\d{4}-\d{2}-\d{2}")
_GROUPS = re.compile(rf"(\d+)({_SEPARATOR}?)")
# An amount: the number is followed by a currency ("nok" in lower case is a Norwegian word: NOK in capitals).
_CURRENCY_AFTER = re.compile(r"\s?(?:(?i:kr\b|kr\.|kroner)|NOK\b|,-)")
# The first group of a UUID ("41234567-89ab-…"), as in URL paths: not a phone number.
_UUID_TAIL = re.compile(r"-[0-9a-fA-F]{4}-")
# A whole UUID (conversation ids in log lines and URL paths): its digits are never personal data, wherever they
# stand ("…-dd99968744ae" holds eight digits that would read as a phone number).
_UUID = re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}(?![0-9a-fA-F])")

# Groupings of 11 digits found anywhere in a chain, whatever the separators.
_ELEVEN_DIGIT_GROUPINGS = frozenset(
    {
        (11,),
        (6, 5),  # ddmmyy nnnnn, ddmmyy-nnnnn, ddmmyy.nnnnn, ddmmyy/nnnnn
        (6, 3, 2),  # ddmmyy nnn nn
        (2, 2, 2, 5),  # dd.mm.yy nnnnn
        (2, 2, 2, 3, 2),  # dd mm yy nnn nn
        (4, 2, 5),  # kontonummer 1234.56.78903
        (1,) * 11,  # 0 1 0 1 9 0 1 2 3 4 5
    }
)
_KONTONUMMER_GROUPING = (4, 2, 5)
# The one grouping a comma or a line break may join: a fødselsnummer written "150285, 23472" or over two lines.
_LISTED_GROUPING = (6, 5)
# A date with a two-digit year followed by five digits may also be a date and an amount ("12.03.25 12500 kr").
_DATE_FIRST_GROUPING = (2, 2, 2, 5)
# Groupings of an 8-digit phone number without a country code; one separator throughout.
_PHONE_GROUPINGS = frozenset({(8,), (2, 2, 2, 2), (3, 2, 3), (4, 4), (3, 3, 2), (2, 3, 3), (1,) * 8})
# A mobile number of nine digits as Polish brukere write theirs ("512 345 678"); an organisasjonsnummer is written
# the same way and always starts with 8 or 9, so those stay.
_NINE_DIGIT_PHONE_GROUPING = (3, 3, 3)
# "9123 4567" is a phone number; "2024 2025" two years.
_YEAR = re.compile(r"(?:1[89]|2[01])\d\d")
# A birth date with the year in full and the personnummer after it: "15.02.1985 23472", "15021985 23472".
_BIRTH_DATE_AND_PERSONNUMMER = re.compile(
    rf"(?<!\d)(\d\d)([./-]?)(\d\d)\2(?:19|20)(\d\d)(?:{_SEPARATOR})(\d{{5}})(?!\d)"
)

# +47 / 0047 and 8 digits, separators allowed anywhere; or another country's number written with "+".
# (Arabic-Indic and Persian digits as well: \d matches them, "47" and "00" must be spelled out.)
_PHONE_WITH_PREFIX = re.compile(
    r"(?<![\d+])(?:(?:\+|(?<!\d)[0\u0660\u06f0]{2})(?:47|\u0664\u0667|\u06f4\u06f7)"
    rf"[{_SEPARATORS}]?(?:\d[{_SEPARATORS}]?){{7}}\d"
    r"|\+\d{1,3}[ \u00a0-]?(?:\d[ \u00a0-]?){6,12}\d)(?!\d)"
)
# Norwegian IBAN (NO + 2 check digits + 11 digits), any case, any checksum; then other countries' IBANs.
# Letters may be glued on either side ("IBAN:NO93…", "…947takk"): the digits go all the same.
_IBAN_NO = re.compile(r"[Nn][Oo][ \u00a0]?\d{2}(?:[ \u00a0]?\d){11}(?!\d)")
_IBAN_OTHER = re.compile(r"[A-Z]{2}\d{2}(?:[ \u00a0]?[0-9A-Z]){11,30}(?!\d)")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MASK_TOKENS = re.compile(MASK_TOKEN_PATTERN)
_DIGIT = re.compile(r"\d")
# Stricter, for text kept for later (the bot's handoff summary): six digits in a row may be a birth date or
# part of a fødselsnummer or kontonummer.
_SIX_DIGITS = re.compile(r"\d{6,}")


# While identity_numbers reads a text: the 11 digits of each identity or account number masking finds in it.
_FOUND: ContextVar[list[str] | None] = ContextVar("masking_found", default=None)


def _classify(digits: str) -> str:
    from stdnum.no import fodselsnummer, kontonr

    if (found := _FOUND.get()) is not None:
        found.append(digits)
    if fodselsnummer.is_valid(digits):
        return FODSELSNUMMER_TOKEN
    if kontonr.is_valid(digits):
        return KONTONUMMER_TOKEN
    return FODSELSNUMMER_TOKEN


def _kind(separator: str) -> str:
    """Separators of one kind count as one throughout ("91 23  45 67" has one separator, a space). A line break is
    a kind of its own: numbers on two lines are two numbers, unless they make a fødselsnummer's own grouping."""
    stripped = separator.strip().strip("\u200b")
    if not stripped:
        return "\n" if "\n" in separator else " "
    return "-" if _ONE_DASH.fullmatch(stripped) else stripped


def _is_amount(text: str, end: int) -> bool:
    return bool(_CURRENCY_AFTER.match(text, end))


def _eleven_digits(text: str, end: int, groups: list[str], seps: list[str], whole: bool) -> str | None:
    """The token if ``groups`` (11 digits, ending at text[end]) spell a fødselsnummer or kontonummer.

    ``whole``: the groups are the whole chain, so any grouping with one separator throughout counts.
    """
    grouping = tuple(len(g) for g in groups)
    kinds = {_kind(sep) for sep in seps}
    if grouping not in _ELEVEN_DIGIT_GROUPINGS and not (whole and len(kinds) == 1):
        return None
    if kinds & {",", "\n"} and grouping != _LISTED_GROUPING:
        # A comma or a line break lists numbers ("2 0 0 0 0 0 0 0, 2 0 0 …", NAV's number on two lines): it joins
        # none but a fødselsnummer's own 6 and 5.
        return None
    if grouping == _DATE_FIRST_GROUPING and _is_amount(text, end):
        return None
    if grouping == _KONTONUMMER_GROUPING:
        return KONTONUMMER_TOKEN
    return _classify("".join(groups))


def _phone(text: str, end: int, groups: list[str], seps: list[str]) -> str | None:
    """The token if ``groups`` (8 digits, ending at text[end]) spell a Norwegian phone number (not NAV's)."""
    grouping = tuple(len(g) for g in groups)
    kinds = {_kind(sep) for sep in seps}
    if grouping not in _PHONE_GROUPINGS or len(kinds) > 1 or kinds & {",", "\n"}:  # "3400, 5600": amounts
        return None
    digits = "".join(groups)
    if digits[0] in "01" or digits == _NAV_PHONE_DIGITS:
        return None
    if grouping == (4, 4) and all(_YEAR.fullmatch(g) for g in groups):
        return None
    if _is_amount(text, end) or _UUID_TAIL.match(text, end):
        return None
    return TELEFONNUMMER_TOKEN


def _mask_chain(match: re.Match[str], keep_phones: bool = False) -> str:
    """``keep_phones``: a phone number stays as written (the bruker writes to a veileder, mask_personal_numbers)."""
    chain, text, base = match.group(), match.string, match.start()
    phone = _kept if keep_phones else _phone_token
    if _DATE.fullmatch(chain):
        return chain
    parts = _GROUPS.findall(chain)
    groups = [g for g, _ in parts]
    seps = [s for _, s in parts]
    n = len(groups)
    if n == 1:  # one run of digits
        if len(chain) == 11:
            return _classify(chain)
        if len(chain) == 10 and chain.startswith("47") and _phone(text, match.end(), [chain[2:]], []):
            return phone(chain)  # "4791234567": +47 without its plus
        return phone(chain) if len(chain) == 8 and _phone(text, match.end(), groups, seps) else chain
    if tuple(len(g) for g in groups) == _NINE_DIGIT_PHONE_GROUPING and {_kind(sep) for sep in seps} in ({" "}, {"-"}):
        digits = "".join(groups)
        if digits[0] not in "89" and not _is_amount(text, match.end()):
            return phone(chain)
    # starts[k], stops[k]: where group k starts and ends in the chain
    starts: list[int] = []
    stops: list[int] = []
    position = 0
    for group, sep in parts:
        starts.append(position)
        position += len(group)
        stops.append(position)
        position += len(sep)

    out: list[str] = []
    kept_from = 0  # chain offset up to which the chain has been copied or replaced
    # "+47 55 55 33 33" left by _PHONE_WITH_PREFIX: the country code is not part of a number; "47 91 23 45 67",
    # +47 without its plus, is a phone number with it.
    i = 1 if len(groups[0]) <= 3 and text[base - 1 : base] == "+" else 0
    if i == 0 and groups[0] == "47" and sum(map(len, groups)) == 10 and _phone(text, match.end(), groups[1:], seps[1:]):
        return phone(chain)
    while i < n:
        # The windows groups[i:j] of 8 and of 11 digits; an 11-digit number is tried first.
        j8 = j11 = 0
        total, j = 0, i
        while j < n and total < 11:
            total += len(groups[j])
            j += 1
            if total == 8:
                j8 = j
            elif total == 11:
                j11 = j
        token = None
        if j11:
            token = _eleven_digits(text, base + stops[j11 - 1], groups[i:j11], seps[i : j11 - 1],
                                   whole=(i == 0 and j11 == n))
            j = j11
        if token is None and j8:
            token = _phone(text, base + stops[j8 - 1], groups[i:j8], seps[i : j8 - 1])
            j = j8
        if token:
            out.append(chain[kept_from : starts[i]])
            out.append(phone(chain[starts[i] : stops[j - 1]]) if token == TELEFONNUMMER_TOKEN else token)
            kept_from = stops[j - 1]
            i = j
        else:
            i += 1
    if not out:
        return chain
    out.append(chain[kept_from:])
    return "".join(out)


def _phone_token(_: str) -> str:
    return TELEFONNUMMER_TOKEN


def _kept(written: str) -> str:
    return written


def _mask_prefixed_phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    if digits in ("47" + _NAV_PHONE_DIGITS, "0047" + _NAV_PHONE_DIGITS):
        return match.group()
    if _is_amount(match.string, match.end()):
        return match.group()
    return TELEFONNUMMER_TOKEN


def _mask_birth_date_and_personnummer(match: re.Match[str]) -> str:
    if _is_amount(match.string, match.end()):
        return match.group()  # "12.03.2025 12500 kr": a date and an amount
    day, _, month, year, personnummer = match.groups()
    return _classify(day + month + year + personnummer)


def _mask_other_iban(match: re.Match[str]) -> str:
    from stdnum import iban

    candidate = match.group()
    if iban.is_valid(candidate) or sum(c.isdigit() for c in candidate[4:]) >= 8:
        return IBAN_TOKEN
    return candidate

# --- Secrets: payment cards, their CVC and expiry date, passwords and codes -----------------------------------------

# A card number as one run of 13 to 19 digits, or in the groupings cards are printed with (4-4-4-4, 4-4-4-4-3,
# 4-4-4-1..4, 4-4-5, 4-6-4, 4-6-5), one separator throughout (a space or a dash); read by _mask_card.
_CARD_SEP = r"[ \u00a0]|[-\u2010-\u2015]"
_CARD = re.compile(
    r"(?<![\w.,])(?:\d{13,19}"
    rf"|\d{{4}}(?P<s1>{_CARD_SEP})\d{{4}}(?P=s1)\d{{4}}(?P=s1)\d{{1,4}}(?:(?P=s1)\d{{3}})?"
    rf"|\d{{4}}(?P<s2>{_CARD_SEP})\d{{4}}(?P=s2)\d{{5}}"
    rf"|\d{{4}}(?P<s3>{_CARD_SEP})\d{{6}}(?P=s3)\d{{4,5}})(?![\d])"
)
# After a card number: its expiry date (with its word, or alone right after the number) and its CVC.
_EXPIRY = re.compile(
    r"(?i:(?<!\w)(?:utløp\w*|utløyp\w*|gyldig til|exp\.?|expiry|expires|expiration(?: date)?|valid (?:thru|through|"
    r"until|to)|giltig till?|udløb\w*)\s*(?:dato\s*)?[:=]?\s*)(\d{1,2}\s?[/.-]\s?(?:\d{4}|\d{2}))(?![\d/.-]\d)"
)
_EXPIRY_AFTER_CARD = re.compile(re.escape(KORTNUMMER_TOKEN) + r",?\s+(\d{1,2}/(?:\d{4}|\d{2}))(?![\d/])")
_CVC = re.compile(
    r"(?i:(?<!\w)(?:cvc2?|cvv2?|cid|csc|sikkerhetskode\w*|sikkerheitskode\w*|security code|kontrollsiffer\w*|"
    r"säkerhetskod\w*|kod cvc|код cvc)\s*[:=]?\s*)(\d{3,4})(?!\d)"
)
# A word for a password (what follows it is masked when it looks like one) or for a numeric code (4 to 10 digits
# follow it), in nb, nn, en and the other languages where the word is cheap to know.
_SECRET_WORD = re.compile(
    r"(?<![\w-])(?:(?P<code>bankid[- ]?(?:kode\w*|pin\w*)|engangskode\w*|eingongskode\w*|personlig kode\w*|"
    r"pin(?:[- ]?kod\w*|[- ]?code)?|kode|koden|one[- ]time code|otp|verification code|code|kod|kodu|kodas|cod|"
    r"код|коду)"
    r"|(?P<word>passord\w*|password\w*|passwort\w*|lösenord\w*|kodeord\w*|adgangskode\w*|has(?:ło|ła|łem)|"
    r"contraseña|parol[aei]\w*|şifre\w*|sifre\w*|slaptažod\w*|пароль\w*|пароля|mật khẩu|รหัสผ่าน|"
    r"كلمة (?:المرور|السر)|رمز عبور|پاس ورڈ|erayga sirta|furaha sirta))(?![\w])",
    re.I,
)
# Words that may stand between the word and the secret: "passord BankID: …", "PIN-koden min er 1234".
_SECRET_FILLERS = frozenset(
    "min mitt mi mine my mina mitt er e is was var ist är jest es est este - – : = til for to fra frå på i bankid "
    "bankid-en nettbank nettbanken banken mobil sms kort kortet the den det dette denne this that"
    .split()
)
_SENTENCE_END = ".?!"
# 4 to 10 digits, in one run or two groups ("123 456"); "kode 7 0554 Oslo" is an adressebeskyttelse and a postnummer.
_CODE_DIGITS = re.compile(r"\d{3,10}(?:[ \u00a0-]\d{2,7})?(?!\d)")
# "postal code 0554", "zip code: 0554", "post kode 0554": an address, not a secret.
_NOT_A_SECRET_BEFORE = re.compile(r"(?i:(?:postal|zip|post|area|country|kommune|sort|promo|rabatt)[ -]?)$")
_KID_BEFORE = re.compile(r"(?i:\bkid(?:[- ]?(?:nr|nummer|number))?\.?:?\s*)$")
_QUOTES = "\"'«»“”‘’"
_YEAR_ALONE = re.compile(r"(?:19|20)\d\d")


def _mask_card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    if _KID_BEFORE.search(match.string[max(0, match.start() - 16) : match.start()]):
        return match.group()  # a KID (payment reference) may pass the Luhn check too
    if 13 <= len(digits) <= 19 and digits[0] in "23456":
        from stdnum import luhn

        if luhn.is_valid(digits):
            return KORTNUMMER_TOKEN
    return match.group()


def _secret_after(text: str, position: int, numeric: bool) -> tuple[int, int] | None:
    """The span of the secret written after a password or code word that ends at ``position``, or None."""
    explicit = False
    i, n = position, len(text)
    for _ in range(6):
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return None
        if text[i] in ":=":
            explicit, i = True, i + 1
            continue
        if numeric and (code := _CODE_DIGITS.match(text, i)):
            return code.span() if 4 <= sum(c.isdigit() for c in code.group()) <= 10 else None
        end = i
        while end < n and not text[end].isspace():
            end += 1
        word = text[i:end]
        bare = word.rstrip(":=,")
        if bare.lower() in _SECRET_FILLERS:
            if bare != word.rstrip(","):
                explicit = True
            if word[-1:] in _SENTENCE_END:
                return None
            i = end
            continue
        if numeric:
            return None
        start = i + (1 if word[:1] in _QUOTES else 0)
        quoted = start > i
        candidate = text[start:end].rstrip(_SENTENCE_END + ",;:)" + _QUOTES)
        if not candidate or candidate.startswith("[") or any(c in _QUOTES for c in candidate):
            return None
        has_digit = any(c.isdigit() for c in candidate)
        if quoted or explicit or (has_digit and len(candidate) >= 4 and not _YEAR_ALONE.fullmatch(candidate)):
            return start, start + len(candidate)
        return None
    return None


def _mask_cards(text: str) -> str:
    """Card numbers, with their expiry date, and CVCs (after the IBANs: "NO93 8601 …" is no card)."""
    text = _CARD.sub(_mask_card, text)
    if KORTNUMMER_TOKEN in text:
        text = _EXPIRY.sub(_secret_group, text)
        text = _EXPIRY_AFTER_CARD.sub(_secret_group, text)
    return _CVC.sub(_secret_group, text)


def _secret_group(match: re.Match[str]) -> str:
    return match.group()[: match.start(1) - match.start()] + SKJULT_TOKEN


def _mask_passwords(text: str) -> str:
    """What is written after a password or code word."""
    spans: list[tuple[int, int]] = []
    for word in _SECRET_WORD.finditer(text):
        if spans and word.start() < spans[-1][1]:
            continue
        if _NOT_A_SECRET_BEFORE.search(text[max(0, word.start() - 12) : word.start()]):
            continue
        span = _secret_after(text, word.end(), numeric=word.group("code") is not None)
        if span is not None:
            spans.append(span)
    for start, end in reversed(spans):
        text = text[:start] + SKJULT_TOKEN + text[end:]
    return text


def mask_personal_numbers(text: str, *, keep_contact_details: bool = False) -> str:
    """Replace fødselsnummer, kontonummer, IBAN, phone numbers and e-mail addresses with their tokens.

    ``keep_contact_details``: phone numbers and e-mail addresses stay as written, for a message to a veileder, who
    needs them to call the bruker back (the bot and the translator get ``mask_personal_numbers`` of it, in full).
    Card numbers, passwords and codes are masked always (``_mask_cards``, ``_mask_passwords``)."""
    if "@" in text and not keep_contact_details:
        text = _EMAIL.sub(EPOST_TOKEN, text)
    text = _mask_passwords(text)
    if not _DIGIT.search(text):
        return text
    text = _IBAN_NO.sub(IBAN_TOKEN, text)
    text = _IBAN_OTHER.sub(_mask_other_iban, text)
    text = _mask_cards(text)
    # (plain substring tests: a regex search for the hint costs more than the rest of the function)
    kept_prefixed: list[str] = []
    if "+" in text or "0047" in text or "\u0660\u0660\u0664\u0667" in text or "\u06f0\u06f0\u06f4\u06f7" in text:
        if keep_contact_details:
            # Set aside behind a placeholder without digits, so the rest reads no part of them, and put back last.
            def set_aside(match: re.Match[str]) -> str:
                if _mask_prefixed_phone(match) == match.group():
                    return match.group()
                kept_prefixed.append(match.group())
                return _KEPT_PLACEHOLDER
            text = _PHONE_WITH_PREFIX.sub(set_aside, text)
        else:
            text = _PHONE_WITH_PREFIX.sub(_mask_prefixed_phone, text)
    text = _BIRTH_DATE_AND_PERSONNUMMER.sub(_mask_birth_date_and_personnummer, text)
    uuids = [m.span() for m in _UUID.finditer(text)] if "-" in text else []

    def chain(match: re.Match[str]) -> str:
        inside = any(start <= match.start() and match.end() <= end for start, end in uuids)
        return match.group() if inside else _mask_chain(match, keep_contact_details)

    text = _CHAIN.sub(chain if uuids or keep_contact_details else _mask_chain, text)
    for written in kept_prefixed:
        text = text.replace(_KEPT_PLACEHOLDER, written, 1)
    return text


# Stands in for a prefixed phone number set aside while the rest of a text is masked (no digit, not typeable).
_KEPT_PLACEHOLDER = "\ufff9tel\ufffb"


# What a bruker is told was hidden, each kind once per conversation (the router text of that name, and the history
# kind that it was said): the numbers that identify them or their account, which they may think NAV needs here; a
# phone number or e-mail address, which the veileder cannot see either (one who wants a call may say so instead).
IDENTITY_OR_ACCOUNT_HIDDEN = "personal_number_hidden"
CONTACT_DETAIL_HIDDEN = "contact_detail_hidden"
# A card number, password or code: hidden, and NAV never asks for them (a bruker asked for them may be being cheated).
SECRET_HIDDEN = "secret_hidden"
HIDDEN_NOTICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (IDENTITY_OR_ACCOUNT_HIDDEN, (FODSELSNUMMER_TOKEN, KONTONUMMER_TOKEN, IBAN_TOKEN)),
    (CONTACT_DETAIL_HIDDEN, (TELEFONNUMMER_TOKEN, EPOST_TOKEN)),
    (SECRET_HIDDEN, (KORTNUMMER_TOKEN, SKJULT_TOKEN)),
)


def hidden_notices(text: str, masked: str) -> list[str]:
    """The notices (HIDDEN_NOTICES) that masking ``text`` into ``masked`` calls for: a token written by hand, as
    "[fødselsnummer]", hid nothing."""
    return [key for key, tokens in HIDDEN_NOTICES
            if any(masked.count(token) > text.count(token) for token in tokens)]


def identity_numbers(text: str) -> list[str]:
    """The fødselsnumre and d-numre (11 digits each, whatever the checksum) that masking ``text`` hides as
    ``[fødselsnummer]``, in the spellings ``mask_personal_numbers`` knows: for comparing with the logged-in
    person's own (router/domain/case_subject.py), before the text is masked."""
    found: list[str] = []
    token = _FOUND.set(found)
    try:
        mask_personal_numbers(text)
    finally:
        _FOUND.reset(token)
    if not found:
        return []
    from stdnum.no import fodselsnummer, kontonr

    return [digits for digits in found if fodselsnummer.is_valid(digits) or not kontonr.is_valid(digits)]


def contains_personal_numbers(text: str) -> bool:
    return mask_personal_numbers(text) != text


def may_contain_personal_number(text: str) -> bool:
    """True for text with a masking token, anything masked, or any six or more digits in a row."""
    return bool(_SIX_DIGITS.search(text) or _MASK_TOKENS.search(text)) or contains_personal_numbers(text)
