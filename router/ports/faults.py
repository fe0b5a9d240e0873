"""Process-wide counts of what went wrong, and of what was recovered, for /metrics (router/web/metrics.py).

Counted where it happens (the bot's answers in services/relay.py, bot turns in services/turns.py, answers and
store errors at the edge in web/middleware.py), read by the scraper as Prometheus counters: a rise in
``navchat_rasa_unavailable_total`` or ``navchat_http_responses_5xx_total`` is what an alert watches. Plain Python,
no metrics library: the use cases count without depending on one. Each router process counts its own.
"""

from __future__ import annotations

from collections import Counter

# name -> (help text, label name or "", the label values always shown, at 0 until counted)
FAULTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "navchat_rasa_unavailable": (
        "Bot turns whose bruker got the 'bot cannot answer' notice, by reason",
        "reason", ("timeout", "unreachable", "busy", "error", "empty_answer")),
    "navchat_bot_turns_recovered": (
        "Bot turns taken over by the sweep (waiting, or left by a router that stopped)", "", ()),
    "navchat_bot_turns_failed": (
        "Bot turn attempts that failed with an error (tried again until the attempts run out)", "", ()),
    "navchat_bot_turns_lost": (
        "Bot turns that ended without the bot's answer: given_up (every attempt failed: the bruker was told) or "
        "lease_lost (another router took the turn over; this one's answer was dropped)",
        "reason", ("given_up", "lease_lost")),
    "navchat_http_responses_5xx": ("HTTP answers with a 5xx status, by status", "status", ("500", "503")),
    "navchat_store_unavailable": (
        "Requests answered 'cannot store anything right now' (database locked, full, away or every connection "
        "busy), by transport", "transport", ("http", "socket")),
    "navchat_limits_unshared": (
        "Requests whose abuse limits this router decided with its own tables because the shared store (Redis) was "
        "away (router/adapters/redis_limits.py), by check", "check", ("rate", "login")),
}

_counts: Counter[tuple[str, str]] = Counter()


def count(name: str, label: str = "") -> None:
    """One more of ``name`` (a key of FAULTS), with its label's value when it has a label."""
    if name not in FAULTS:
        raise KeyError(f"not a known fault counter: {name}")
    _counts[(name, label)] += 1


def counted(name: str) -> dict[str, int]:
    """``name``'s counts by label value ("" for a counter without a label), the always-shown values at 0 too."""
    _, _, shown = FAULTS[name]
    values = {value: 0 for value in shown} if shown else {"": 0}
    for (counted_name, label), value in _counts.items():
        if counted_name == name:
            values[label] = value
    return values
