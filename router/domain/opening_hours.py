"""Is the chat staffed, when it is next, when it closes; the same for NAV's phone.

The hours that decide every promise about a veileder's answer are the chat's staffed hours (tjenestens
bemanningstid, CHAT_HOURS_SOURCE): a setting of this service (Settings.chat_hours, NAVCHAT_CHAT_HOURS), one for all
its queues. They are not an office's visiting hours, which no source has (reference/README.md): the bot says it
does not have those, and the router never speaks of an office being open or closed.

All times are judged in Europe/Oslo; `now` is a parameter (an aware datetime). Norwegian public holidays
(helligdager, incl. the Easter-based ones) are closed days; NAV-wide days that are no helligdag but closed or short
(julaften, nyttårsaften: reference/nav_dager.csv) are `NavDay`s the loader gives the chat's hours and NAV's phone.
What the bruker is promised about the wait is router/domain/wait_promise.py, from these and the live queue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_INTERVAL = (time(9, 0), time(15, 0))  # NAV's phone hours (weekdays 09–15)
Interval = tuple[time, time]
# The chat's staffed hours: where they come from, as the docs and the API say it, and the service's default. The
# default is the hours the bot states ("Veiledere svarer i chatten på hverdager 09–15", bot/conversation.yml; a test
# holds the two together): change both, or the bot and the router tell a bruker two different things.
CHAT_HOURS_SOURCE = "tjenestens bemanningstid"
DEFAULT_CHAT_HOURS = "mon-fri 09:00-15:00"


@dataclass(frozen=True)
class NavDay:
    """A day each year that is no helligdag but on which all of NAV keeps other hours (julaften): a date (``month``,
    ``day``) or a day counted from Easter Sunday (``from_easter``, -4 = onsdag før skjærtorsdag). ``hours`` are the
    most it is open that day, cut from each enhet's own hours; none = closed. ``kilde`` says who says so."""

    hours: tuple[Interval, ...] = ()
    month: int | None = None
    day: int | None = None
    from_easter: int | None = None
    kilde: str = ""

    def __post_init__(self) -> None:
        if (self.from_easter is None) == (self.month is None or self.day is None):
            raise ValueError("a NAV day is a date (month and day) or a day counted from Easter, not both or neither")
        if self.month is not None and self.day is not None:
            date(2024, self.month, self.day)  # a leap year: 02-29 is a date; raises on 13-01

    def date_in(self, year: int) -> date | None:
        if self.from_easter is not None:
            return _easter(year) + timedelta(days=self.from_easter)
        try:
            return date(year, self.month or 0, self.day or 0)
        except ValueError:
            return None  # 29 February in a common year

    def cut(self, intervals: tuple[Interval, ...]) -> tuple[Interval, ...]:
        """``intervals`` within this day's hours."""
        return tuple((max(a, c), min(b, d)) for a, b in intervals for c, d in self.hours if max(a, c) < min(b, d))


@dataclass(frozen=True)
class OpeningHours:
    """Weekly hours (weekday 0 = monday -> (open, close) intervals) plus extra closed dates and the NAV-wide days
    (closed or shortened: ``nav_days``)."""

    weekly: Mapping[int, tuple[Interval, ...]]
    closed_dates: frozenset[date] = frozenset()
    closed_on_public_holidays: bool = True
    is_default: bool = False
    nav_days: tuple[NavDay, ...] = ()

    @classmethod
    def default(cls) -> OpeningHours:
        return cls({d: (DEFAULT_INTERVAL,) for d in range(5)}, is_default=True)

    @classmethod
    def from_strings(cls, per_weekday: Mapping[int, str | None], *, is_default: bool = False,
                     nav_days: tuple[NavDay, ...] = ()) -> OpeningHours:
        """From {0: "09:00-15:00", ..., 5: None}; several intervals separated by ','."""
        weekly: dict[int, tuple[Interval, ...]] = {}
        for day, text in per_weekday.items():
            if text:
                weekly[day] = parse_intervals(text)
        return cls(weekly, is_default=is_default, nav_days=nav_days)

    def with_nav_days(self, nav_days: tuple[NavDay, ...]) -> OpeningHours:
        return replace(self, nav_days=nav_days)

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        if day in self.closed_dates or (self.closed_on_public_holidays and day in norwegian_public_holidays(day.year)):
            return ()
        intervals = self.weekly.get(day.weekday(), ())
        for nav_day in self.nav_days:
            if nav_day.date_in(day.year) == day:
                intervals = nav_day.cut(intervals)
        return intervals

    def as_strings(self) -> dict[str, str | None]:
        return {
            key: ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in self.weekly.get(i, ())) or None
            for i, key in enumerate(WEEKDAY_KEYS)
        }


def parse_weekly(text: str) -> OpeningHours:
    """The chat's staffed hours as the setting writes them: "mon-fri 09:00-15:00; sat 10:00-13:00" (days mon … sun,
    one or a range; several intervals of a day with ','; days not named are not staffed). Raises ValueError, so a
    wrong setting stops the start."""
    weekly: dict[int, tuple[Interval, ...]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        days, _, intervals = part.partition(" ")
        first, _, last = days.lower().partition("-")
        if first not in WEEKDAY_KEYS or (last and last not in WEEKDAY_KEYS):
            raise ValueError(f"staffed hours: unknown day in {part!r} (write mon … sun, e.g. 'mon-fri 09:00-15:00')")
        start, end = WEEKDAY_KEYS.index(first), WEEKDAY_KEYS.index(last or first)
        if end < start:
            raise ValueError(f"staffed hours: {days!r} runs backwards")
        for day in range(start, end + 1):
            if day in weekly:
                raise ValueError(f"staffed hours: {WEEKDAY_KEYS[day]} is named twice")
            weekly[day] = parse_intervals(intervals)
    if not any(weekly.values()):
        raise ValueError(f"staffed hours: {text!r} names no hours")
    return OpeningHours(weekly)


def parse_intervals(text: str) -> tuple[Interval, ...]:
    """"08:00-11:00,12:00-15:30" -> its intervals; empty -> none."""
    return tuple(parse_interval(part) for part in text.split(",") if part.strip())


def parse_interval(text: str) -> Interval:
    start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    if end <= start:
        raise ValueError(f"opening interval must end after it starts: {text!r}")
    return start, end


def _easter(year: int) -> date:
    # Anonymous Gregorian algorithm (Meeus/Jones/Butcher)
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    day = (h + m - 7 * n + 114) % 31 + 1
    return date(year, month, day)


@lru_cache(maxsize=64)
def norwegian_public_holidays(year: int) -> frozenset[date]:
    """Lov om helligdager og helligdagsfred + 1. and 17. mai: the days NAV offices are closed."""
    easter = _easter(year)
    moving = (-3, -2, 0, 1, 39, 49, 50)  # skjærtorsdag, langfredag, påske, 2. påskedag, Kristi himmelfart, pinse
    fixed = (date(year, 1, 1), date(year, 5, 1), date(year, 5, 17), date(year, 12, 25), date(year, 12, 26))
    return frozenset((*fixed, *(easter + timedelta(days=d) for d in moving)))


def _local(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(OSLO)


def is_open(hours: OpeningHours, now: datetime) -> bool:
    local = _local(now)
    return any(start <= local.time() < end for start, end in hours.intervals_on(local.date()))


def open_intervals(hours: OpeningHours, start: datetime, *, max_days: int = 400) -> Iterable[tuple[datetime, datetime]]:
    """Open intervals (aware, Europe/Oslo) from `start` on, the first one clipped to start."""
    local = _local(start)
    for offset in range(max_days):
        day = local.date() + timedelta(days=offset)
        for a, b in hours.intervals_on(day):
            begin = datetime.combine(day, a, OSLO)
            end = datetime.combine(day, b, OSLO)
            if end <= local:
                continue
            yield max(begin, local), end


def next_opening(hours: OpeningHours, now: datetime) -> datetime | None:
    """When the enhet is next open: `now` (in Oslo time) if open now, else the next opening; None if never."""
    for begin, _end in open_intervals(hours, now):
        return begin
    return None


def closes_at(hours: OpeningHours, now: datetime) -> datetime | None:
    """When the current open interval ends, or None when closed."""
    if not is_open(hours, now):
        return None
    return next(iter(open_intervals(hours, now)))[1]


class Staffing(NamedTuple):
    """Whether ``hours`` are open at a moment, and when that next changes (None: never)."""

    open_now: bool
    changes_at: datetime | None


def staffing(hours: OpeningHours, now: datetime) -> Staffing:
    if is_open(hours, now):
        return Staffing(True, closes_at(hours, now))
    return Staffing(False, next_opening(hours, now))


def last_closing(hours: OpeningHours, since: datetime, now: datetime) -> datetime | None:
    """The last time the enhet closed after ``since`` and by ``now``, or None when it has not closed since."""
    closed = None
    for _begin, end in open_intervals(hours, since):
        if end > now:
            break
        closed = end
    return closed


# NAV's phone (router/domain/contact.py NAV_PHONE): weekdays 09–15, closed on public holidays; the NAV-wide days
# (julaften, nyttårsaften) come from the reference data: the routing port's nav_phone_hours() has them.
NAV_PHONE_HOURS = OpeningHours.default()


def opens_again(hours: OpeningHours, now: datetime) -> datetime | None:
    """When ``hours`` open again while they are closed now; None while they are open."""
    return None if is_open(hours, now) else next_opening(hours, now)


def nav_phone_opens(phone: OpeningHours, now: datetime) -> datetime | None:
    """When NAV's phone (``phone``: its hours, the routing port's nav_phone_hours()) answers again while it is
    closed (evenings, weekends, public holidays, julaften); None while it is open now. Advice to "call NAV" is
    followed only then."""
    return opens_again(phone, now)
