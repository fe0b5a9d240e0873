"""Julaften and nyttårsaften through the router (probe 119): NAV's offices and phone are closed those days
(reference/nav_dager.csv), so no promise, SLA deadline or emergency advice counts on them. The router's clock is
set as in test_wait_promises.py; the real reference data."""

from __future__ import annotations

from datetime import datetime

import pytest
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.adapters.reference_data import ReferenceData, ReferenceRouting, load_reference_data
from router.domain.opening_hours import OSLO, is_open, nav_phone_opens, next_opening
from router.domain.queue import Priority
from router.services import waiting
from router.texts import fixed_text
from router.texts.formatting import day_and_time
from tests.integration.test_reference_data import ROOT
from tests.integration.web.test_wait_promises import handoff_notice

LILLE_JULAFTEN = datetime(2026, 12, 23, 15, 50, tzinfo=OSLO)
MONDAY_28 = datetime(2026, 12, 28, 9, 0, tzinfo=OSLO)


@pytest.fixture(scope="module")
def reference() -> ReferenceData:
    return load_reference_data(ROOT / "reference")


def set_clock(clock: FixedClock, at: datetime) -> None:
    clock.advance(seconds=(at - clock.now()).total_seconds())


async def test_after_closing_on_lille_julaften_a_veileder_answers_on_monday_not_julaften(
        client: TestClient, clock: FixedClock) -> None:
    """Probe 119: "En veileder svarer deg torsdag 24. desember kl. 09:00", "ring 55 55 33 33 fra torsdag 24."."""
    set_clock(clock, LILLE_JULAFTEN)
    notice = await handoff_notice(client)
    assert fixed_text("outside_hours", "nb", when="mandag 28. desember kl. 09:00") in notice
    assert notice.endswith(fixed_text("emergency_contacts_closed", "nb", opens="mandag 28. desember kl. 09:00"))
    assert "24. desember" not in notice


async def test_on_julaften_morning_the_acute_advice_leads_with_what_answers(client: TestClient,
                                                                            clock: FixedClock) -> None:
    """Probe 119, julaften 10:00: "Ring NAV-kontoret ditt, eller ring 55 55 33 33 (hverdager 09–15)" first."""
    set_clock(clock, datetime(2026, 12, 24, 10, 0, tzinfo=OSLO))
    notice = await handoff_notice(client)
    assert "Ring NAV-kontoret ditt" not in notice
    contacts = fixed_text("emergency_contacts_closed", "nb", opens="mandag 28. desember kl. 09:00")
    assert notice.endswith(contacts) and contacts.index("116 117") < contacts.index("55 55 33 33")


def test_every_enhet_and_navs_phone_are_closed_on_julaften_and_nyttarsaften(reference: ReferenceData) -> None:
    routing = ReferenceRouting(reference)
    for enhetsnummer in reference.enheter:
        hours = routing.opening_hours(enhetsnummer)
        assert next_opening(hours, LILLE_JULAFTEN) == MONDAY_28, enhetsnummer
        assert not is_open(hours, datetime(2026, 12, 31, 10, tzinfo=OSLO)), enhetsnummer
    phone = reference.nav_phone_hours()
    assert nav_phone_opens(phone, datetime(2026, 12, 24, 10, tzinfo=OSLO)) == MONDAY_28
    assert nav_phone_opens(phone, datetime(2026, 12, 31, 14, 50, tzinfo=OSLO)) == datetime(2027, 1, 4, 9, tzinfo=OSLO)
    assert waiting.emergency_contacts(None, "en", LILLE_JULAFTEN, phone=phone) == fixed_text(
        "emergency_contacts_closed", "en", opens=day_and_time(MONDAY_28, "en"))
    # every NAV-wide day says who says so
    assert all(day.kilde for day in (*reference.office_days, *reference.phone_days))


def test_the_sla_deadline_of_a_chat_on_lille_julaften_runs_from_monday(reference: ReferenceData) -> None:
    """Probe 119: a chat at 23 Dec 15:50 got sla_deadline 24 Dec 09:10, so breaches fired on julaften morning."""
    placement = ReferenceRouting(reference).placement_at("0220", tema="KOM", priority=Priority.NORMAL,
                                                         now=LILLE_JULAFTEN)
    assert placement.sla_deadline is not None and placement.sla_deadline > MONDAY_28
