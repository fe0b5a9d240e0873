"""Prometheus metrics: the same group-level figures as the kontaktsenter view, plus this router's own health."""

from __future__ import annotations

import hmac
from collections.abc import Iterator

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily

from router.adapters.sqlite_inline import statements_sent_to_threads
from router.ports.faults import FAULTS, counted
from router.services.errors import Forbidden, NotAuthenticated
from router.services.queue_overview import overview
from router.web.appkeys import DEPS

_LABELS = ("enhetsnummer", "temagruppe")
# The page's "(8 t)" figures, to reconcile /metrics with it (queue_overview): per queue, and in all.
_WAIT_EVENTS = {"came": "came_to_queue", "to_veileder": "to_veileder", "left_queue": "left_queue",
                "expired": "expired", "closed_in_queue": "closed_in_queue", "moved_on": "moved_on"}
_OUTCOMES = ("bot_only", "handed_off", "asked", "refused", "to_veileder", "left_queue", "expired", "closed_in_queue",
             "bot_open", "bot_closed")


def _registry(figures: dict, bot_turns_waiting: int) -> CollectorRegistry:  # type: ignore[type-arg]
    registry = CollectorRegistry()
    gauges = {
        "waiting": Gauge("navchat_queue_waiting", "Conversations waiting for a veileder", _LABELS, registry=registry),
        "oldest_wait_s": Gauge("navchat_queue_oldest_wait_seconds", "Longest current wait", _LABELS,
                               registry=registry),
        "median_wait_s": Gauge("navchat_queue_median_wait_seconds", "Median wait (last hours)", _LABELS,
                               registry=registry),
        "p90_wait_s": Gauge("navchat_queue_p90_wait_seconds", "90th percentile wait (last hours)", _LABELS,
                            registry=registry),
        "sla_breaches": Gauge("navchat_sla_breaches", "SLA breaches (last hours)", _LABELS, registry=registry),
        "veiledere_online": Gauge("navchat_veiledere_online", "Veiledere online", _LABELS, registry=registry),
        "open_chats": Gauge("navchat_open_chats", "Open chats of the enhet's veiledere", _LABELS, registry=registry),
        # navchat_conversations{handled_by="refused"} by the queue the chat would have waited in (a refusal noted
        # before the queue was named is in the total only).
        "refused": Gauge("navchat_queue_refused", "Requests for a veileder refused a place in this queue (last "
                         "hours): too many waiting from the same network or of the same person", _LABELS,
                         registry=registry),
    }
    for group in figures["groups"]:
        labels = (group["enhetsnummer"], group["temagruppe"])
        for key, gauge in gauges.items():
            if group.get(key) is not None:
                gauge.labels(*labels).set(group[key])
    # What happened to the waits of each queue in the window, by when it happened (the page's row figures):
    # came (began there), and how they ended.
    waits = Gauge("navchat_queue_waits", "Waits in the last hours by what happened: came to the queue, taken by a "
                  "veileder, left by the bruker, expired, closed by NAV while waiting, moved to another queue",
                  (*_LABELS, "event"), registry=registry)
    for group in figures["groups"]:
        labels = (group["enhetsnummer"], group["temagruppe"])
        for event, key in _WAIT_EVENTS.items():
            waits.labels(*labels, event).set(group[key])
    totals = Gauge("navchat_conversations", "Conversations in the last hours by outcome", ("handled_by",),
                   registry=registry)
    for outcome in _OUTCOMES:
        totals.labels(outcome).set(figures["totals"][outcome])
    languages = Gauge("navchat_conversation_languages", "Conversations in the last hours by language", ("language",),
                      registry=registry)
    for language, count in figures["totals"]["languages"].items():
        languages.labels(language).set(count)
    # Backpressure, per router process: bot turns waiting for a free slot at their Rasa.
    Gauge("navchat_bot_turns_waiting", "Bot turns of this router waiting for a slot at their Rasa",
          registry=registry).set(bot_turns_waiting)
    registry.register(_SqliteStatementsOnThreads())
    registry.register(_Faults())
    return registry


class _Faults:
    """Per router process: the bot unavailable or late, bot turns recovered and lost, 5xx answers and the store
    unavailable (router/ports/faults.py), each a counter with its usual label values shown at 0."""

    def collect(self) -> Iterator[CounterMetricFamily]:
        for name, (help_text, label, _) in FAULTS.items():
            family = CounterMetricFamily(name, help_text, labels=[label] if label else None)
            for value, number in sorted(counted(name).items()):
                family.add_metric([value] if label else [], number)
            yield family


class _SqliteStatementsOnThreads:
    """Embedded store, per router process: statements that found another of its transactions holding SQLite's
    write lock and ran on a worker thread (router/adapters/sqlite_inline.py). It stays at 0 while every transaction
    keeps to the rule; a rise names a transaction that paused while it held the lock."""

    def collect(self) -> Iterator[CounterMetricFamily]:
        yield CounterMetricFamily("navchat_sqlite_statements_on_threads",
                                  "Statements that waited on a worker thread for this router's own SQLite write lock",
                                  value=statements_sent_to_threads())


async def metrics(request: web.Request) -> web.Response:
    """Group figures only, and only for the scraper holding NAVCHAT_METRICS_TOKEN (queues, waits and staffing per
    enhet are not public)."""
    expected = request.app[DEPS].settings.metrics_token
    if not expected:
        raise Forbidden("metrics are off: set NAVCHAT_METRICS_TOKEN and scrape with it as a bearer token")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {expected}".encode()):
        raise NotAuthenticated("send the metrics token as 'Authorization: Bearer <token>'")
    figures = await overview(request.app[DEPS])
    body = generate_latest(_registry(figures, request.app[DEPS].bot.turns_waiting))
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
