"""Prometheus metrics: the kontaktsenter view's group-level figures (gauges for what is now, counters for what only
grows), plus this router's own health."""

from __future__ import annotations

import hmac
from collections.abc import Iterator

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily

from router.adapters.sqlite_inline import statements_sent_to_threads
from router.ports.faults import FAULTS
from router.ports.faults import counted as faults_counted
from router.ports.tallies import TALLIES, counted
from router.services.errors import Forbidden, NotAuthenticated
from router.services.queue_overview import shared_overview
from router.web.appkeys import DEPS

_LABELS = ("enhetsnummer", "temagruppe")


def _registry(figures: dict, bot_turns_waiting: int) -> CollectorRegistry:  # type: ignore[type-arg]
    """Gauges for what is now (waiting, the longest wait, staff online, open chats) and the waits' spread over the
    page's window (median, 90th percentile); what only grows (started, handed off, refused, waits ended, breaches,
    closed) is a counter (_Tallies): increase(...[8h]) gives the page's "(8 t)" figures."""
    registry = CollectorRegistry()
    gauges = {
        "waiting": Gauge("navchat_queue_waiting", "Conversations waiting for a veileder", _LABELS, registry=registry),
        "oldest_wait_s": Gauge("navchat_queue_oldest_wait_seconds", "Longest current wait", _LABELS,
                               registry=registry),
        "median_wait_s": Gauge("navchat_queue_median_wait_seconds", "Median wait (last hours)", _LABELS,
                               registry=registry),
        "p90_wait_s": Gauge("navchat_queue_p90_wait_seconds", "90th percentile wait (last hours)", _LABELS,
                            registry=registry),
        "veiledere_online": Gauge("navchat_veiledere_online", "Veiledere online", _LABELS, registry=registry),
        "open_chats": Gauge("navchat_open_chats", "Open chats of the enhet's veiledere", _LABELS, registry=registry),
    }
    for group in figures["groups"]:
        labels = (group["enhetsnummer"], group["temagruppe"])
        for key, gauge in gauges.items():
            if group.get(key) is not None:
                gauge.labels(*labels).set(group[key])
    Gauge("navchat_conversations_with_bot", "Conversations with the chatbot now (also those back from a queue)",
          registry=registry).set(figures["totals"]["bot_open"])
    # Backpressure, per router process: bot turns waiting for a free slot at their Rasa.
    Gauge("navchat_bot_turns_waiting", "Bot turns of this router waiting for a slot at their Rasa",
          registry=registry).set(bot_turns_waiting)
    registry.register(_SqliteStatementsOnThreads())
    registry.register(_Faults())
    registry.register(_Tallies())
    return registry


class _Tallies:
    """Per router process: what happened to conversations as this router committed it (router/ports/tallies.py),
    each a counter; kode 6 never counted."""

    def collect(self) -> Iterator[CounterMetricFamily]:
        for happened, (name, help_text, labels) in TALLIES.items():
            family = CounterMetricFamily(name, help_text, labels=list(labels) if labels else None)
            # A counter without labels is shown at 0 before its first count.
            for values, number in sorted((counted(happened) or ({} if labels else {(): 0})).items()):
                family.add_metric(list(values), number)
            yield family


class _Faults:
    """Per router process: the bot unavailable or late, bot turns recovered and lost, 5xx answers and the store
    unavailable (router/ports/faults.py), each a counter with its usual label values shown at 0."""

    def collect(self) -> Iterator[CounterMetricFamily]:
        for name, (help_text, label, _) in FAULTS.items():
            family = CounterMetricFamily(name, help_text, labels=[label] if label else None)
            for value, number in sorted(faults_counted(name).items()):
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
    figures = await shared_overview(request.app[DEPS])
    body = generate_latest(_registry(figures, request.app[DEPS].bot.turns_waiting))
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
