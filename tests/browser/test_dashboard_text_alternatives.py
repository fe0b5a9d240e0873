"""The dashboard for someone who does not see its chart (an accessibility probe, WCAG 1.1.1 and 1.3.1): the chart's
series hour by hour as a table, and the key figures as a list of what is counted and its figure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.browser.test_dashboard import overview_fixture

pytestmark = pytest.mark.browser


def test_the_chart_has_its_series_hour_by_hour_and_the_key_figures_are_a_list(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """The chart's text alternative said only the figures now ("Nå venter 2 ..."); the nine key figures were loose
    numbers and words with nothing tying each figure to what it counts."""
    figures = overview_fixture()  # 17 points, 15 minutes apart: four hours
    figures["totals"]["expired"] = 2
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    dashboard.route("**/api/staff/overview", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(figures)))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    expect(dashboard.locator("[data-testid='chart-svg'] path")).to_have_count(2)

    # The key figures: a description list, each figure with what it counts.
    totals = dashboard.locator("#totals")
    assert totals.evaluate("node => node.tagName") == "DL"
    breaches = dashboard.locator("[data-testid='total-breaches']")
    expect(breaches.locator("dt")).to_have_text("SLA-brudd (8 t)")
    expect(breaches.locator("dd.value")).to_have_text("1")
    expect(breaches.locator("dd.note")).to_have_text("Ventende samtaler som gikk over fristen for svar.")
    assert totals.locator("dt").count() == totals.locator("dd.value").count() == 13
    expired = dashboard.locator("[data-testid='total-expired']")  # closed by the system: nobody acted (probe 108)
    expect(expired.locator("dt")).to_have_text("utløpt uten aktivitet (8 t)")
    expect(expired.locator("dd.value")).to_have_text("2")

    # What happened hour by hour: a table behind a button-like summary, one row per hour, from the events.
    table = dashboard.get_by_role("table", name="Hva som skjedde, time for time")
    expect(table).to_be_hidden()
    dashboard.get_by_text("Vis tallene time for time").click()
    expect(table).to_be_visible()
    hours = figures["hours"]
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(hours))
    expected = [[str(h["asked"]), str(h["to_veileder"]), str(h["left_queue"]), str(h["waiting"])] for h in hours]
    shown = [row.locator("td").all_text_contents()[:4] for row in rows.all()]
    assert shown == expected
    times = [row.locator("th").text_content() or "" for row in rows.all()]
    assert all(len(time.strip()) >= 5 and ":" in time for time in times), times
    dashboard.screenshot(path=str(screenshot_dir / "dashboard-chart-table.png"), full_page=True)
