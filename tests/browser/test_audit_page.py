"""The audit page (/tilgangslogg) for an admin: filters by time, user, conversation and action, a table with
headers and the actions in Norwegian, "Eldre" to page back, all by keyboard; a veileder is told it is not theirs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import bruker_in_queue, conversation_id, log_in

pytestmark = pytest.mark.browser


def test_an_admin_finds_a_refused_attempt_and_pages_back_by_keyboard(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    widget = bruker_in_queue(new_context(), router_url, "Jeg trenger hjelp med husleie")
    conv_id = conversation_id(widget)
    # veileder2 (Nav Frogner) tries a chat of Nav Grünerløkka: refused, and a row says so.
    curious = new_context().new_page()
    log_in(curious, router_url, "/veileder", ("veileder2", "passord-veileder2"))
    assert curious.request.get(f"{router_url}/api/staff/conversations/{conv_id}").status in (403, 404)

    page = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, router_url, "/tilgangslogg", ("admin1", "passord-admin1"))
    table = page.get_by_role("table", name="Tilgangslogg, nyeste først")
    expect(table).to_be_visible()
    headers = table.get_by_role("columnheader").all_text_contents()
    assert headers == ["Tidspunkt", "Brukernavn", "Handling", "Samtale", "Skjerming", "Detaljer"], headers

    # By keyboard: each filter reached with Tab and named by its label.
    page.get_by_label("Brukernavn", exact=True).last.focus()
    page.keyboard.type("veileder2")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Samtale-ID")).to_be_focused()
    page.keyboard.type(conv_id)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Handling")).to_be_focused()
    page.get_by_label("Handling").select_option(label="Ble nektet tilgang")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Vis")).to_be_focused()
    page.keyboard.press("Enter")
    rows = page.locator("#audit-body tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("veileder2")
    expect(rows.first).to_contain_text("Ble nektet tilgang")
    expect(rows.first).to_contain_text("Forsøkte: åpnet samtalen · Grunn: samtalen hører til en annen enhet")
    expect(page.get_by_role("status")).to_contain_text("Viser rad 1–1")
    page.screenshot(path=str(screenshot_dir / "audit_page.png"), full_page=True)

    # A time range that ends before anything happened: nothing.
    page.get_by_label("Til", exact=True).fill("2001-01-01T00:00:00")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("#rows-empty")).to_be_visible()
    expect(rows).to_have_count(0)

    # Every search is itself a row: more than a page of them, then "Eldre" pages back.
    for _ in range(101):
        assert page.request.get(f"{router_url}/api/admin/audit?limit=1").ok
    page.get_by_role("button", name="Nullstill").click()
    page.get_by_label("Brukernavn", exact=True).last.fill("admin1")
    page.get_by_label("Handling").select_option(value="audit_query")
    page.get_by_role("button", name="Vis").click()
    expect(rows).to_have_count(100)
    expect(rows.first).to_contain_text("Søkte i tilgangsloggen")
    first_page_top = rows.first.get_attribute("data-id")
    older = page.get_by_role("button", name="Eldre")
    older.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"Viser rad 101–\d+, nyeste først \(side 2\)"))
    assert int(rows.first.get_attribute("data-id") or 0) < int(first_page_top or 0)
    expect(page.get_by_role("button", name="Nyeste")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "audit_page_older.png"), full_page=True)
    assert errors == []


def test_a_veileder_is_told_the_log_is_not_theirs(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    log_in(page, router_url, "/tilgangslogg", ("veileder1", "passord-veileder1"))
    expect(page.locator("#app-error")).to_have_text("Tilgangsloggen er bare for administratorer og revisorer.")
    expect(page.locator("#audit-body tr")).to_have_count(0)
