"""Who is at work, from their sessions (services/staff.py): a login, a request or a console's live feed lately; on a
session where the kontaktsenter's page is open, only a console's feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from router.ports.store import StaffSession
from router.services.staff import AT_WORK_WITHIN, CONSOLE_OPENS_WITHIN, at_work, console_closed

NOW = datetime(2026, 12, 8, 9, 30, tzinfo=UTC)
IDLE_MINUTES = 30.0


def session(name: str, *, logged_in_ago: timedelta = timedelta(hours=1), request_ago: timedelta | None = None,
            feed_ago: timedelta | None = None, feed_closed_ago: timedelta | None = None,
            dashboard: bool = False) -> StaffSession:
    ago = lambda delta: None if delta is None else NOW - delta  # noqa: E731
    return StaffSession(name, 1, "csrf", NOW - logged_in_ago, NOW + timedelta(hours=8), ago(request_ago),
                        ago(feed_ago), ago(feed_closed_ago),
                        NOW - logged_in_ago + timedelta(seconds=2) if dashboard else None)


JUST_NOW = timedelta(seconds=3)
LONG_AGO = AT_WORK_WITHIN + timedelta(seconds=1)


def test_the_kontaktsenter_page_refreshing_itself_keeps_nobody_at_work_whose_console_closed() -> None:
    console = session("console", feed_ago=LONG_AGO, feed_closed_ago=LONG_AGO)
    dashboard = session("dashboard", request_ago=JUST_NOW, dashboard=True)
    assert not at_work([console, dashboard], NOW, IDLE_MINUTES)
    assert console_closed([console, dashboard], NOW, IDLE_MINUTES)


def test_the_same_session_with_the_page_open_counts_only_its_console() -> None:
    both = session("both", request_ago=JUST_NOW, feed_ago=LONG_AGO, feed_closed_ago=LONG_AGO, dashboard=True)
    assert not at_work([both], NOW, IDLE_MINUTES)
    beating = session("beating", request_ago=JUST_NOW, feed_ago=JUST_NOW, dashboard=True)
    assert at_work([beating], NOW, IDLE_MINUTES)


def test_a_client_of_the_api_is_at_work_by_its_requests_whatever_consoles_it_had_before() -> None:
    """The browser suite's veileder works through the API after an earlier test's console closed."""
    earlier_console = session("console", feed_ago=LONG_AGO, feed_closed_ago=LONG_AGO)
    api = session("api", request_ago=JUST_NOW)
    assert at_work([earlier_console, api], NOW, IDLE_MINUTES)
    assert not console_closed([earlier_console, api], NOW, IDLE_MINUTES)
    assert not at_work([earlier_console, session("api", request_ago=LONG_AGO)], NOW, IDLE_MINUTES)


def test_the_kontaktsenter_page_just_logged_in_counts_while_a_console_could_still_be_opening() -> None:
    fresh = session("fresh", logged_in_ago=CONSOLE_OPENS_WITHIN - timedelta(seconds=1), request_ago=JUST_NOW,
                    dashboard=True)
    assert at_work([fresh], NOW, IDLE_MINUTES)
    later = session("later", logged_in_ago=CONSOLE_OPENS_WITHIN + timedelta(seconds=1), request_ago=JUST_NOW,
                    dashboard=True)
    assert not at_work([later], NOW, IDLE_MINUTES)
