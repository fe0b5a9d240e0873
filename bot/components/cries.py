"""A cry for help ("HJELP!!!", "Hjelp!", "HELP ME"): a help word alone, shouted in capitals or with "!". Pure, so
the Rasa component (bot/components/cry_for_help.py) and the action server (actions/fallback.py) read it alike."""

from __future__ import annotations

import re

HELP_WORD = re.compile(r"h+j+e+l+p+e*|h+j+ø+l+p+|h+e+l+p+", re.IGNORECASE)
# Words that may stand beside the help word in a cry: "hjelp meg", "help me please", "noen må hjelpe".
BESIDE = frozenset({"meg", "me", "oss", "us", "noen", "nokon", "someone", "somebody", "anyone", "please", "pls", "plz",
                    "nå", "no", "now", "må", "vær", "så", "snill"})
MAX_WORDS = 5
MIN_SHOUTED_LETTERS = 4  # "HJELP" is shouted; "HJ" is not a word to judge by


def cries_for_help(text: str) -> bool:
    """Whether ``text`` is a help word alone (with at most a few words like "meg", "please"), in capitals or with an
    exclamation mark. A plain "hjelp" or "jeg trenger hjelp" is not: it asks what the bot can help with."""
    words = re.findall(r"[^\W\d_]+", text)
    if not words or len(words) > MAX_WORDS:
        return False
    helps = [bool(HELP_WORD.fullmatch(word)) for word in words]
    if not any(helps) or any(not is_help and word.lower() not in BESIDE for word, is_help in zip(words, helps, strict=True)):
        return False
    letters = "".join(words)
    return (letters.isupper() and len(letters) >= MIN_SHOUTED_LETTERS) or "!" in text
