"""Edge validation: the one place that decides whether bytes from outside may reach a handler.

Every JSON body (HTTP and socket.io) is parsed by ``loads``: UTF-8 only, at most ``MAX_DEPTH`` levels of
nesting (checked before the parser recurses), integers within 64 bits, finite numbers only, and no string
(key or value) holding a lone surrogate, a control character other than newline, tab and a Windows line end, or
a bidi override character. Free text (a chat message, a staff reply: ``FREE_TEXT_FIELDS``) may also hold the line
and page breaks and bidi overrides that pasted text carries unseen; the chat text check turns the breaks into
newlines and drops the overrides (services/relay.py validate_user_text). It must also hold something visible:
``check_text``. Query parameters that count (``after``, ``limit``) are ASCII digits within 0..2**63-1:
``query_int``. Every failure is ``InvalidInput`` (400 ``{"error": reason}`` over HTTP, an ``error`` event on
socket.io).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from router.domain.opening_hours import OSLO
from router.services.errors import InvalidInput

MAX_DEPTH = 32
MAX_INT = 2**63 - 1
MIN_INT = -(2**63)
# Longest number literal we parse at all: 64-bit integers have 19 digits; a float needs no more than this.
MAX_NUMBER_CHARS = 40

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls except \t (09), \n (0a) and \r (0d) in a Windows line end (\r\n, normalised in chat texts), DEL and
# the C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
# In free text, what a paste from Word or a phone leaves unseen: a vertical tab or form feed for a line or page
# break (and NEL), and bidi overrides around a number (probe 164: "Ikke sendt … skriv den på nytt" for text she
# could not see anything wrong with).
_CONTROL_IN_FREE_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]|\r(?!\n)")
# The fields of free text in the bodies and frames (a chat message, a staff reply, a socket.io "message").
FREE_TEXT_FIELDS = frozenset({"text", "message"})
# Bidi overrides (U+202D, U+202E): they reorder what staff read ("Trojan source"). The embeddings and isolates
# phones and copy-paste wrap numbers in (U+202A-U+202C, U+2066-U+2069) pass, and chat texts lose them
# (services/relay.py validate_user_text).
_BIDI = re.compile("[\u202d\u202e]")
# Characters that show nothing: a text made only of these (and whitespace) is empty.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u115f\u1160\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064"
    "\u2800\u3164\ufeff\uffa0"
)
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


class NotJson(InvalidInput):
    """The bytes are not JSON at all (as opposed to JSON that breaks a limit)."""


def check_string(value: str, where: str = "text", *, free_text: bool = False) -> str:
    """``value`` unless it holds a lone surrogate, a control character or a bidi control (``free_text``: a chat
    text, which may hold the breaks and overrides its own check cleans away)."""
    if _LONE_SURROGATE.search(value):
        raise InvalidInput(f"{where} holds a lone surrogate (not valid Unicode)",
                           nb="Teksten har et tegn som ikke kan leses (ugyldig Unicode). Skriv den på nytt.")
    if (_CONTROL_IN_FREE_TEXT if free_text else _CONTROL).search(value):
        raise InvalidInput(f"{where} holds a control character (only newline, tab and Windows line ends are allowed)",
                           nb="Teksten har et usynlig kontrolltegn som ikke kan sendes. Skriv den på nytt, eller lim "
                              "den inn som ren tekst.")
    if not free_text and _BIDI.search(value):
        raise InvalidInput(f"{where} holds a bidi override character (U+202D, U+202E)",
                           nb="Teksten har et usynlig tegn som snur skriveretningen. Skriv den på nytt.")
    return value


def is_clean(value: str) -> bool:
    """True when ``check_string`` would let ``value`` through."""
    return not (_LONE_SURROGATE.search(value) or _CONTROL.search(value) or _BIDI.search(value))


def is_blank(value: str) -> bool:
    """Only whitespace and zero-width or other invisible characters."""
    return all(c.isspace() or c in _INVISIBLE for c in value)


def check_text(value: Any, where: str = "text") -> Any:
    """A free-text field: the string checks, and it must show something. Non-strings pass through
    unchanged so the use case gives its own reason ("text must be a string")."""
    if isinstance(value, str):
        check_string(value, where, free_text=True)
        if value and is_blank(value):
            raise InvalidInput(f"{where} is empty (only whitespace or invisible characters)",
                               nb="Teksten er tom (bare mellomrom eller usynlige tegn). Skriv noe før du sender.")
    return value


def _check_depth(text: str) -> None:
    """Reject nesting deeper than MAX_DEPTH without recursing (brackets inside strings do not count)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    in_string = False
    escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise InvalidInput(f"the JSON is nested more than {MAX_DEPTH} levels deep")
        elif char in "]}":
            depth -= 1


def _parse_int(literal: str) -> int:
    if len(literal.lstrip("-")) > 19:
        raise InvalidInput("a number in the JSON is too large (integers must fit in 64 bits)")
    value = int(literal)
    if not MIN_INT <= value <= MAX_INT:
        raise InvalidInput("a number in the JSON is too large (integers must fit in 64 bits)")
    return value


def _parse_float(literal: str) -> float:
    if len(literal) > MAX_NUMBER_CHARS:
        raise InvalidInput(f"a number in the JSON is longer than {MAX_NUMBER_CHARS} characters")
    value = float(literal)
    if not math.isfinite(value):
        raise InvalidInput("numbers in the JSON must be finite")
    return value


def _parse_constant(name: str) -> float:
    raise InvalidInput(f"{name} is not a JSON number; numbers must be finite")


def check_strings(data: Any, where: str = "body", *, free_text: bool = False) -> Any:
    """Run ``check_string`` over every key and string value (depth is already bounded by ``loads``); the value of
    a key in ``FREE_TEXT_FIELDS`` as free text."""
    if isinstance(data, str):
        check_string(data, where, free_text=free_text)
    elif isinstance(data, Mapping):
        for key, value in data.items():
            name = f"{where}.{key}" if isinstance(key, str) and len(key) <= 64 else f"{where} key"
            if isinstance(key, str):
                check_string(key, f"{where} key")
            check_strings(value, name, free_text=key in FREE_TEXT_FIELDS)
    elif isinstance(data, list | tuple):
        for index, item in enumerate(data):
            check_strings(item, f"{where}[{index}]")
    return data


def loads(raw: bytes | str, what: str = "the body", *, check: bool = True) -> Any:
    """Parse untrusted JSON with every limit above; ``InvalidInput`` with the reason otherwise.

    ``check=False`` leaves the string checks to the caller (``check_strings``), for a caller that wants to name
    the part that failed."""
    if isinstance(raw, bytes | bytearray):
        try:
            text = bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            raise NotJson(f"{what} is not valid UTF-8") from None
    else:
        text = raw
    _check_depth(text)
    try:
        data = json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)
    except json.JSONDecodeError:
        raise NotJson(f"{what} is not valid JSON") from None
    except RecursionError:  # pragma: no cover - _check_depth stops this first
        raise InvalidInput(f"the JSON is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError:  # e.g. an unpaired surrogate escape the decoder itself refuses
        raise NotJson(f"{what} is not valid JSON") from None
    return check_strings(data, "body" if what == "the body" else "data") if check else data


def screen(raw: bytes) -> None:
    """Any request body, before any handler: refuse JSON that breaks a limit (depth, numbers, strings).

    Bytes that are not UTF-8, or not JSON, are refused (every body on the API is JSON, sent as such): a handler
    that wants no body ("Snakk med en veileder") would otherwise take "{{" for one (probe 164).
    """
    if not raw.strip():
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("the body is not valid UTF-8") from None
    data = loads(text)
    if isinstance(data, dict):
        # "text" is the free-text field of every body that has one (message, staff reply, language detection).
        check_text(data.get("text"), "text")


def query_int(query: Mapping[str, str], name: str, default: int, *, maximum: int = MAX_INT) -> int:
    """A counting query parameter: ASCII digits only, 0..maximum (at most 2**63-1)."""
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    if not _ASCII_DIGITS.fullmatch(raw) or int(raw) > maximum:
        raise InvalidInput(f"{name} must be a whole number from 0 to {maximum} in ASCII digits")
    return int(raw)


def query_text(query: Mapping[str, str], name: str, *, max_chars: int = 200) -> str | None:
    """An optional free query parameter: the string checks and a length bound; empty means absent."""
    raw = query.get(name)
    if not raw:
        return None
    if len(raw) > max_chars:
        raise InvalidInput(f"{name} is longer than {max_chars} characters",
                           nb=f"Teksten i søkefeltet er for lang: høyst {max_chars} tegn.")
    return check_string(raw, name)


# An ISO 8601 date or time as a query gives it: 2026-12-08, 2026-12-08T10:20, with seconds, fractions and an offset
# (Z or +01:00) as may be; nothing else (fromisoformat alone also takes week dates and a space for the T).
_ISO_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
                       r"(Z|[+-][0-9]{2}:[0-9]{2})?)?")


def query_time(query: Mapping[str, str], name: str, label_nb: str | None = None) -> datetime | None:
    """An optional time query parameter in ISO 8601 (absent or empty: None), aware and in UTC. A date, or a time
    without an offset, is Norwegian time (Europe/Oslo), as staff read and type it. ``label_nb``: the field's name
    on the staff page, for the refusal in bokmål."""
    raw = query.get(name)
    if not raw:
        return None
    try:
        if len(raw) > 40 or not _ISO_TIME.fullmatch(raw):
            raise ValueError(raw)
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{name} must be an ISO 8601 date or time, e.g. 2026-12-08T10:20:00+01:00",
                           nb=f"Ugyldig tidspunkt i «{label_nb or name}». Bruk formen 2026-12-08T10:20.") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=OSLO)
    return value.astimezone(UTC)


_TOKEN = re.compile(r"[A-Za-z0-9._~+/=-]{1,512}")


def bearer_value(value: str) -> str | None:
    """A token as sent in a header or an event: printable ASCII token characters, else None."""
    return value if _TOKEN.fullmatch(value) else None


def session_id_is_unguessable(value: Any) -> bool:
    """A socket.io session id worth looking up: 32-128 url-safe characters with real variety.

    Server-issued ids (``secrets.token_urlsafe(32)``, 43 characters) always pass; ids like 'aaaa…' or
    '0123456789abcdef0123…' do not.
    """
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]{32,128}", value):
        return False
    if len(set(value)) < 16:
        return False
    # Long runs of consecutive characters (0123…, abcd…) are not entropy.
    steps = sum(1 for a, b in zip(value, value[1:], strict=False) if ord(b) - ord(a) in (0, 1))
    return steps <= len(value) // 2
