"""NAVCHAT_CLOCK_START: trying the embedded service out on a weekday morning at any time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from router.adapters.clock import SystemClock
from router.config import Settings

MONDAY_MORNING = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def test_the_clock_starts_at_the_given_instant_and_runs_on() -> None:
    clock = SystemClock(MONDAY_MORNING)
    first = clock.now()
    assert abs(first - MONDAY_MORNING) < timedelta(seconds=1)
    assert clock.now() >= first


def test_without_a_start_the_clock_is_the_real_time() -> None:
    assert abs(SystemClock().now() - datetime.now(UTC)) < timedelta(seconds=1)


def test_the_setting_is_read_with_its_offset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVCHAT_CLOCK_START", "2026-12-07T10:30+01:00")
    assert Settings.from_env().clock_start == MONDAY_MORNING


def test_it_is_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NAVCHAT_CLOCK_START", raising=False)
    assert Settings.from_env().clock_start is None


def test_an_instant_without_an_offset_is_refused_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVCHAT_CLOCK_START", "2026-12-07T10:30")
    with pytest.raises(ValueError, match="UTC offset"):
        Settings.from_env()


def test_the_scaled_profile_keeps_the_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVCHAT_PROFILE", "scaled")
    for name in ("INTERNAL_TOKEN", "PSEUDONYM_KEY", "LOGIN_KEY"):
        monkeypatch.setenv(f"NAVCHAT_{name}", "x" * 24)
    monkeypatch.setenv("NAVCHAT_CLOCK_START", "2026-12-07T10:30+01:00")
    with pytest.raises(ValueError, match="real time"):
        Settings.from_env()
