"""The kontaktsenter dashboard: group-level figures show a waiting conversation; a stuck one can be moved."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from router.domain.opening_hours import OSLO
from tests.browser.helpers import bruker_in_queue, conversation_id, log_in


def staffed_again() -> datetime:
    """When the closed queue of the overview fixture is staffed again: 09:00 the day after tomorrow in Oslo, so the
    page names its weekday whatever day the test runs (a fixed Monday read "fra 09:00", today, when CI ran on that
    Monday), and it is not today even if midnight passes during the test (the day after now, taken at import, was)."""
    return (datetime.now(OSLO) + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)


NB_WEEKDAYS = ("man.", "tir.", "ons.", "tor.", "fre.", "lør.", "søn.")

pytestmark = pytest.mark.browser


def test_the_table_shows_a_waiting_conversation(new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    widget = bruker_in_queue(new_context(), router_url, "Jeg trenger hjelp med husleie")
    conv_id = conversation_id(widget)

    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    errors: list[str] = []
    dashboard.on("pageerror", lambda error: errors.append(str(error)))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))

    rows = dashboard.locator("#overview-body [data-testid='overview-row']")
    expect(rows.first).to_be_visible()
    waiting = dashboard.locator("[data-testid='total-waiting'] .value")
    expect(waiting).not_to_have_text("0")
    # Group level only: no staff names anywhere in the table.
    expect(dashboard.locator("#overview-table")).not_to_contain_text("Testesen")
    # The temagruppe in words, its code beside them.
    expect(dashboard.locator("#overview-table")).to_contain_text("Økonomisk sosialhjelp (OKSOS)")

    # The waiting conversation can be chosen for a move.
    row = dashboard.locator(f"#stuck-body [data-conversation-id='{conv_id}']")
    expect(row).to_be_visible()
    dashboard.screenshot(path=str(screenshot_dir / "dashboard.png"), full_page=True)

    row.locator("input[type=radio]").check()
    expect(dashboard.locator("#transfer-conversation")).to_have_value(conv_id)
    dashboard.fill("#transfer-enhet", "12")
    dashboard.click("#transfer-button")
    expect(dashboard.locator("#transfer-message")).to_contain_text("fire siffer")
    dashboard.fill("#transfer-enhet", "0312")
    dashboard.fill("#transfer-note", "Bruker bor på Frogner")
    dashboard.click("#transfer-button")
    expect(dashboard.locator("#transfer-message")).to_contain_text("flyttet til Nav Frogner (0312)")
    moved = dashboard.locator(f"#stuck-body [data-conversation-id='{conv_id}']")
    expect(moved.locator("[data-testid='enhetsnummer']")).to_have_text("0312")
    expect(moved).to_contain_text("Nav Frogner")
    assert errors == []


def overview_fixture(opens: datetime | None = None) -> dict[str, object]:
    """The overview shape the dashboard is written against (docs: group-level figures only)."""
    now = datetime.now(UTC)
    return {
        "generated_at": now.isoformat(),
        "groups": [
            {
                "enhetsnummer": "0315",
                "navn": "Nav Grünerløkka",
                "temagruppe": "OKSOS",
                "temagruppe_label": "Økonomisk sosialhjelp (OKSOS)",
                "waiting": 4,
                "oldest_wait_s": 1900,
                "median_wait_s": 600,
                "p90_wait_s": 1700,
                "sla_breaches": 1,
                "veiledere_online": 3,
                "open_chats": 8,
                "capacity": 9,
                "bot_only": 21,
                "handed_off": 7, "to_veileder": 6,
                "languages": {"nb": 3, "uk": 1},
            },
            {
                "enhetsnummer": "4100",
                "navn": "Nav Kontaktsenter",
                "temagruppe": "ARBD",
                "temagruppe_label": "Arbeid (ARBD)",
                "waiting": 0,
                "oldest_wait_s": None,
                "median_wait_s": None,
                "p90_wait_s": None,
                "sla_breaches": 0,
                "veiledere_online": 5,
                "open_chats": 2,
                "capacity": 15,
                "bot_only": 40,
                "handed_off": 3, "to_veileder": 2,
                "languages": {"nb": 2},
                # Closed until Monday 09:00 Oslo (a Saturday's row).
                "open_now": False, "opens_at": (opens or staffed_again()).isoformat(),
            },
        ],
        # The whole service's figures; veiledere_online counts each veileder once (not the rows added up).
        "totals": {"conversations": 71, "bot_only": 61, "bot_open": 5, "bot_closed": 56, "asked": 13, "refused": 3,
                   "handed_off": 10, "left_queue": 1, "closed_in_queue": 0, "expired": 0, "oldest_wait_s": 1900,
                   "to_veileder": 8, "waiting": 4, "languages": {"nb": 5, "uk": 1}, "veiledere_online": 8},
        "history": [
            {"at": (now - timedelta(minutes=15 * i)).isoformat(), "waiting": (i * 7) % 5, "to_veileder": i % 4}
            for i in range(16, -1, -1)
        ],
        # What happened hour by hour (from the events): asked, got a veileder, left, the most at once, the median.
        "hours": [
            {"at": (now - timedelta(hours=i)).isoformat(), "until": (now - timedelta(hours=i - 1)).isoformat(),
             "asked": 3 + i, "refused": 0, "to_veileder": 2 + i, "left_queue": i % 2, "waiting": 1 + i % 3,
             "median_wait_s": 60 * (i + 1) if i != 2 else None}
            for i in range(4, 0, -1)
        ],
        "stuck": [
            {
                "id": "stuck-1111-2222",
                "enhetsnummer": "0315",
                "navn": "Nav Grünerløkka",
                "waited_s": 1900,
                "priority": "emergency",
                "priority_label": "Nødhjelp",
                "language": "uk",
            },
        ],
    }


def test_the_dashboard_renders_the_overview_shape(new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    errors: list[str] = []
    dashboard.on("pageerror", lambda error: errors.append(str(error)))
    opens = staffed_again()
    dashboard.route(
        "**/api/staff/overview",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(overview_fixture(opens))
        ),
    )
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    row = dashboard.locator("#overview-body tr[data-enhetsnummer='0315']")
    expect(row).to_contain_text("Nav Grünerløkka")
    expect(row).to_contain_text("31 min")  # oldest wait, 1900 s
    expect(row).to_contain_text("8 / 9")
    expect(row).to_contain_text("ukrainsk 1")
    expect(row).to_contain_text("Økonomisk sosialhjelp (OKSOS)")
    expect(row).to_have_class(re.compile("breach"))
    # A staffed queue says nothing of hours; one outside the chat's staffed hours says when it is staffed again, as
    # the console's card does ("Chatten er ikke bemannet"), not "stengt, åpner": no source gives an office's hours.
    expect(row.locator("[data-testid='enhet-closed']")).to_have_count(0)
    expect(dashboard.locator("#overview-body tr[data-enhetsnummer='4100'] [data-testid='enhet-closed']")) \
        .to_have_text(f"ikke bemannet, fra {NB_WEEKDAYS[opens.weekday()]} 09:00")
    expect(dashboard.locator("[data-testid='total-breaches'] .value")).to_have_text("1")
    expect(dashboard.locator("[data-testid='chart-svg'] path")).to_have_count(2)
    # "overført til veileder": those a veileder got (to_veileder), not those that asked and went back to the bot.
    expect(dashboard.locator("[data-testid='total-handed-off'] .value")).to_have_text("8")
    # Ended with the bot, never having asked for a person; those who left the queue are a figure of their own.
    expect(dashboard.locator("[data-testid='total-bot-closed'] .value")).to_have_text("56")
    expect(dashboard.locator("[data-testid='total-left'] .value")).to_have_text("1")
    expect(dashboard.locator("[data-testid='total-refused'] .value")).to_have_text("3")
    expect(dashboard.locator("[data-testid='total-asked'] .value")).to_have_text("13")
    expect(row.locator("td").nth(8)).to_have_text("6")
    stuck = dashboard.locator("#stuck-body [data-conversation-id='stuck-1111-2222']")
    expect(stuck).to_contain_text("står fast")
    expect(stuck).to_contain_text("Nødhjelp")
    expect(dashboard.locator("#app-error")).to_be_hidden()
    dashboard.screenshot(path=str(screenshot_dir / "dashboard-overview.png"), full_page=True)
    assert errors == []


def test_the_kontaktsenter_ends_a_chat_nobody_took_with_an_outcome_after_being_asked(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """The nks role may end a waiting chat (POST .../close with an outcome); the dashboard offered only a move. As in
    the console: the outcome chosen from the router's words, then "Samtalen er avsluttet (…)"; asked first, and
    nothing happens when the question is declined."""
    widget = bruker_in_queue(new_context(), router_url, "Jeg trenger hjelp med husleie")
    expect(widget.locator("#status")).to_have_attribute("data-state", "QUEUED")
    conv_id = conversation_id(widget)
    dashboard = new_context(viewport={"width": 1400, "height": 1100}).new_page()
    errors: list[str] = []
    dashboard.on("pageerror", lambda error: errors.append(str(error)))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    row = dashboard.locator(f"#stuck-body [data-conversation-id='{conv_id}']")
    row.locator("input[type=radio]").check()
    expect(dashboard.locator("#close-form")).to_be_visible()
    expect(dashboard.locator("#close-outcome option")).to_have_text(
        ["Besvart", "Henvist videre", "Brukeren forlot samtalen", "Ikke en NAV-sak", "Annet"], ignore_case=False)
    dashboard.select_option("#close-outcome", "ikke_nav")
    dashboard.locator("#close-form").scroll_into_view_if_needed()
    dashboard.screenshot(path=str(screenshot_dir / "dashboard-close-form.png"), full_page=True)

    # The question itself (the fixture answers every dialog yes): declined first, then accepted.
    dashboard.evaluate("window.asked = []; window.confirm = (text) => { window.asked.push(text); return false; }")
    dashboard.click("#close-conversation-button")
    expect(dashboard.locator("#close-conversation-button")).to_be_enabled()
    asked = dashboard.evaluate("window.asked.join()")
    assert conv_id[:8] in asked and "«ikke en NAV-sak»" in asked and "NAV har avsluttet samtalen" in asked
    expect(row).to_be_visible()
    expect(dashboard.locator("#close-message")).to_be_hidden()

    dashboard.evaluate("window.confirm = () => true")
    dashboard.click("#close-conversation-button")
    expect(dashboard.locator("#close-message")).to_have_text("Samtalen er avsluttet (ikke en NAV-sak).")
    expect(row).to_have_count(0)
    dashboard.screenshot(path=str(screenshot_dir / "dashboard-closed.png"), full_page=True)
    expect(widget.locator("#messages")).to_contain_text("NAV har avsluttet samtalen")
    widget.screenshot(path=str(screenshot_dir / "widget-closed-by-nav-from-dashboard.png"))
    assert errors == []


def test_admin_watches_the_dashboard_and_is_offered_no_move(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    dashboard.route("**/api/staff/overview", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(overview_fixture())))
    log_in(dashboard, router_url, "/kontaktsenter", ("admin1", "passord-admin1"))
    expect(dashboard.locator("#overview-body [data-testid='overview-row']").first).to_be_visible()
    expect(dashboard.locator("#stuck-body [data-conversation-id='stuck-1111-2222']")).to_be_visible()
    expect(dashboard.get_by_role("columnheader", name="Velg")).to_have_count(0)
    expect(dashboard.locator("#transfer-form")).to_be_hidden()
    expect(dashboard.locator("#close-form")).to_be_hidden()
    # Probe 71 nitpick 4: admin1 saw a "Velg" column of radios and "Velg en samtale og flytt den" with no form.
    expect(dashboard.locator("#stuck-choose")).to_be_hidden()
    expect(dashboard.locator("#stuck-body input[type=radio]")).to_have_count(0)
    expect(dashboard.locator("#stuck-help")).not_to_contain_text("flytt")


def test_a_veileder_on_the_kontaktsenter_page_is_told_whose_page_it_is(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    """A probe's veileder read 'Full oversikt er ikke tilgjengelig akkurat nå' (it was a 403), with the move form."""
    dashboard = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(dashboard, router_url, "/kontaktsenter", ("veileder1", "passord-veileder1"))
    expect(dashboard.locator("#app-error")).to_contain_text("Denne oversikten er for kontaktsenteret og ledere")
    # Probe 71 nitpick 3: "/veileder" was plain text, and the badge stayed at "Kobler til …".
    expect(dashboard.locator("#app-error").get_by_role("link", name="veilederkonsollen (/veileder)")).to_have_attribute(
        "href", "/veileder")
    expect(dashboard.locator("#live-status")).to_be_hidden()
    expect(dashboard.locator("#transfer-form")).to_be_hidden()
    expect(dashboard.locator("#close-form")).to_be_hidden()
    expect(dashboard.locator("#overview-table")).to_be_hidden()


def test_a_queue_has_one_name_on_the_dashboard_and_in_the_console(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """A tester saw the same queue as "OKSOS" on the dashboard and "KOM" in the console. Both now name it by the
    router's one queue label, the dashboard's fall-back table (overview unavailable) too."""
    conv_id = conversation_id(bruker_in_queue(new_context(), router_url, "Jeg trenger penger til mat"))
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(console, router_url, "/veileder", ("veileder1", "passord-veileder1"))
    in_console = console.locator(f"#queue [data-conversation-id='{conv_id}'] [data-testid='queue-label']")
    expect(in_console).to_have_text("Kø: Økonomisk sosialhjelp (OKSOS)")
    console.screenshot(path=str(screenshot_dir / "console-queue-name.png"))

    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    row = dashboard.locator("#overview-body tr[data-enhetsnummer='0315']")
    expect(row.locator("td").first).to_have_text("Økonomisk sosialhjelp (OKSOS)")
    dashboard.route("**/api/staff/overview", lambda route: route.fulfill(status=503, json={"error": "down"}))
    dashboard.reload()
    expect(dashboard.locator("#app-error")).to_contain_text("Viser bare tall beregnet fra køen")
    expect(row.locator("td").first).to_have_text("Økonomisk sosialhjelp (OKSOS)")
    expect(dashboard.locator("#overview-table")).not_to_contain_text("(KOM)")


def test_the_charts_time_axis_says_the_date_where_the_day_changes(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """A tester's chart ran 23:00 … 02:00 with no dates. The first time of each day now has its date under it, in
    Norway's time whatever the PC's zone."""
    start = datetime(2026, 12, 4, 21, 30, tzinfo=UTC)  # 22:30 in Oslo, Friday 4 December
    overview = {**overview_fixture(), "history": [
        {"at": (start + timedelta(minutes=30 * i)).isoformat(), "waiting": i % 3, "to_veileder": i % 2}
        for i in range(7)  # to 01:30 in Oslo, Saturday 5 December
    ]}
    dashboard = new_context(viewport={"width": 1400, "height": 1000}, timezone_id="America/New_York").new_page()
    dashboard.route("**/api/staff/overview", lambda route: route.fulfill(status=200, json=overview))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    ticks = dashboard.locator("[data-testid='chart-svg'] text").filter(has_text=":")  # the times, not the counts
    expect(ticks).to_have_count(7)
    texts = ticks.all_text_contents()
    # Whole half hours of Oslo's clock (they were spread evenly: 00:18, and 96 minutes apart on an eight-hour chart).
    assert texts[0] == "22:30fre. 4. des.", texts
    assert [t[:5] for t in texts] == ["22:30", "23:00", "23:30", "00:00", "00:30", "01:00", "01:30"], texts
    assert [t for t in texts[1:] if "des." in t] == ["00:00lør. 5. des."], texts
    dashboard.locator("[data-testid='chart-svg']").screenshot(path=str(screenshot_dir / "dashboard-chart-midnight.png"))


def test_an_eight_hour_chart_marks_whole_hours(  # type: ignore[no-untyped-def]
        new_context, router_url: str) -> None:
    start = datetime(2026, 12, 7, 7, 5, tzinfo=UTC)  # 08:05 in Oslo
    overview = {**overview_fixture(), "history": [
        {"at": (start + timedelta(minutes=15 * i)).isoformat(), "waiting": i % 4, "to_veileder": i % 2}
        for i in range(33)  # to 16:05
    ]}
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    dashboard.route("**/api/staff/overview", lambda route: route.fulfill(status=200, json=overview))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    ticks = dashboard.locator("[data-testid='chart-svg'] text").filter(has_text=":")
    expect(ticks).to_have_count(8)
    assert ticks.all_text_contents() == ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]


def test_nothing_of_the_waiting_brukere_stays_in_the_page_after_a_logout(  # type: ignore[no-untyped-def]
        new_context, router_url: str) -> None:
    """As in the console: the next person at a shared PC finds nothing of the last one's screen in the hidden page."""
    conv_id = conversation_id(bruker_in_queue(new_context(), router_url, "Jeg trenger hjelp med husleie"))
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    expect(dashboard.locator(f"#stuck-body [data-conversation-id='{conv_id}']")).to_be_visible()
    dashboard.click("#logout-button")
    expect(dashboard.locator("#login-section")).to_be_visible()
    dashboard.wait_for_timeout(500)
    assert conv_id[:8] not in str(dashboard.evaluate("document.documentElement.outerHTML"))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))  # and back, all drawn again
    expect(dashboard.locator(f"#stuck-body [data-conversation-id='{conv_id}']")).to_be_visible()
    expect(dashboard.locator("[data-testid='total-waiting'] .value")).not_to_have_text("0")


def test_ending_an_emergency_says_it_is_one_first(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    """A probe: the confirm dialog read the same for a waiting nødhjelp chat as for any other ("Avslutte samtale …
    med utfallet …?"): it says first that it is one, and that the bruker gets the emergency numbers."""
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    errors: list[str] = []
    dashboard.on("pageerror", lambda error: errors.append(str(error)))
    dashboard.route("**/api/staff/overview", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(overview_fixture())))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    dashboard.locator("#stuck-body [data-conversation-id='stuck-1111-2222'] input[type=radio]").check()
    dashboard.evaluate("window.asked = []; window.confirm = (text) => { window.asked.push(text); return false; }")
    dashboard.click("#close-conversation-button")
    expect(dashboard.locator("#close-conversation-button")).to_be_enabled()
    asked = dashboard.evaluate("window.asked")
    assert asked[-1].startswith("Dette er en nødhjelp-sak.") and "nødnumrene" in asked[-1], asked
    assert errors == []


@pytest.mark.parametrize(("same_enhet", "online", "total", "label"), [
    (False, (1, 0), 1, "veileder tilgjengelig"),  # a probe: "1 veiledere tilgjengelige"
    # An office with waiting chats in two temagrupper shows its veiledere in both rows: 2 + 2 were said as 4.
    (True, (2, 2), 2, "veiledere tilgjengelige"),
], ids=["singular", "an-enhet-in-two-rows"])
def test_the_available_total_is_the_overview_s_each_veileder_once(  # type: ignore[no-untyped-def]
        new_context, router_url: str, same_enhet: bool, online: tuple[int, int], total: int, label: str) -> None:
    figures = overview_fixture()
    groups = figures["groups"]
    totals = figures["totals"]
    assert isinstance(groups, list) and isinstance(totals, dict)
    if same_enhet:
        groups[1].update(enhetsnummer=groups[0]["enhetsnummer"], navn=groups[0]["navn"])
    groups[0]["veiledere_online"], groups[1]["veiledere_online"] = online
    totals["veiledere_online"] = total
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    dashboard.route("**/api/staff/overview", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(figures)))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    available = dashboard.locator("[data-testid='total-available']")
    expect(available.locator(".value")).to_have_text(str(total))
    expect(available.locator(".label")).to_have_text(label)


@pytest.mark.parametrize(("open_chats", "logged_in", "shown"), [
    (2, 0, "2 åpne, alle frakoblet"),  # the probe: "2 / 0"
    (1, 1, "1 åpen, ingen tilgjengelig"),  # at work, but Opptatt or Borte: gets no chats
    (0, 0, "alle frakoblet"),
], ids=["nobody-logged-in", "busy", "nothing-open"])
def test_the_load_of_an_office_with_nobody_available_is_said_in_words(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path, open_chats: int, logged_in: int, shown: str) -> None:
    figures = overview_fixture()
    groups = figures["groups"]
    assert isinstance(groups, list)
    groups[0].update(veiledere_online=0, veiledere_logged_in=logged_in, open_chats=open_chats, capacity=0)
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    dashboard.route("**/api/staff/overview", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(figures)))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    row = dashboard.locator("#overview-body tr[data-enhetsnummer='0315']")
    expect(row.locator("[data-testid='load-no-capacity']")).to_have_text(shown)
    expect(row).not_to_contain_text(" / 0")
    expect(dashboard.locator("#overview-body tr[data-enhetsnummer='4100']")).to_contain_text("2 / 15")
    if open_chats == 2:
        dashboard.screenshot(path=str(screenshot_dir / "dashboard-load-nobody-online.png"), full_page=True)


def test_a_queue_nobody_answers_says_so_and_what_to_do(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """Probe: 4106 and 4112 (regional kontaktsentre: an escalation's alternate enhet, a GT the sources give no office)
    read "ingen pålogget", as an office whose veiledere had not come yet; no veileder belongs to them, so nobody ever
    takes their chats: the row says so and, while chats wait there, to move them."""
    figures = overview_fixture()
    groups = figures["groups"]
    assert isinstance(groups, list)
    groups[0].update(veiledere_online=0, veiledere_logged_in=0, open_chats=0, capacity=0, has_veiledere=False)
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    dashboard.route("**/api/staff/overview", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(figures)))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    row = dashboard.locator(f"#overview-body tr[data-enhetsnummer='{groups[0]['enhetsnummer']}']")
    load = row.locator("[data-testid='load-no-capacity']")
    waiting = groups[0]["waiting"]
    expect(load).to_have_text("ingen veiledere på enheten – flytt samtalene" if waiting else
                              "ingen veiledere på enheten")
    expect(row).not_to_contain_text("alle frakoblet")
    dashboard.screenshot(path=str(screenshot_dir / "dashboard-queue-nobody-answers.png"), full_page=True)


def test_waits_are_counted_on_the_server_s_clock_not_the_pc_s(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """A probe: on a PC whose clock was not the server's, every waiting chat read "Ventet 0 s" (and no deadline could
    show as passed). A PC two hours ahead must still show a wait of seconds, not two hours."""
    widget = bruker_in_queue(new_context(), router_url, "Jeg trenger hjelp med husleie")
    conv_id = conversation_id(widget)
    context = new_context(viewport={"width": 1400, "height": 1000})
    context.clock.install(time=datetime.now(UTC) + timedelta(hours=2))
    dashboard = context.new_page()
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    row = dashboard.locator(f"#stuck-body [data-conversation-id='{conv_id}']")
    expect(row).to_be_visible()
    expect(row.locator("td.num").first).to_have_text(re.compile(r"^\d{1,2} s$"))  # not "2 t"
    dashboard.screenshot(path=str(screenshot_dir / "dashboard-pc-clock-ahead.png"), full_page=True)


def test_a_waiting_row_says_the_bruker_has_gone(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    """helper-80's note (probe 71 defect 4): the "Ventende samtaler" rows gave no sign that a bruker had closed the
    chat, from the overview's rows ("står fast") or from the queue's; they still count, the row says it."""
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    overview = overview_fixture()
    overview["stuck"][0]["bruker_gone"] = True  # type: ignore[index]
    # Probe 158: the totals said "7 venter" and "9 min 44 s" for six closed tabs and one bruker there.
    overview["totals"].update({"waiting": 7, "waiting_gone": 6, "oldest_wait_s": 584,  # type: ignore[union-attr]
                               "oldest_present_wait_s": 65})
    queued = {"id": "queue-3333-4444", "state": "QUEUED", "enhetsnummer": "0315", "enhet_navn": "Nav Grünerløkka",
              "priority": "normal", "language": "nb", "queued_at": datetime.now(UTC).isoformat(),
              "tema": "KOM", "bruker_gone": True}
    here = {**queued, "id": "queue-5555-6666", "bruker_gone": False}
    dashboard.route("**/api/staff/overview", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(overview)))
    dashboard.route("**/api/staff/queue", lambda route: route.fulfill(json={"conversations": [queued, here]}))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    for gone in ("stuck-1111-2222", "queue-3333-4444"):
        row = dashboard.locator(f"#stuck-body [data-conversation-id='{gone}']")
        expect(row.get_by_test_id("bruker-gone")).to_have_text("Brukeren har gått")
    expect(dashboard.locator("#stuck-body [data-conversation-id='queue-5555-6666']")).to_be_visible()
    expect(dashboard.locator("#stuck-body [data-conversation-id='queue-5555-6666'] [data-testid='bruker-gone']")
           ).to_have_count(0)
    waiting, oldest = dashboard.get_by_test_id("total-waiting"), dashboard.get_by_test_id("total-oldest")
    expect(waiting.get_by_test_id("total-note")).to_contain_text(
        "6 av dem har lukket chatten og er ikke der nå (de kan komme tilbake).")
    expect(oldest.locator(".value")).to_have_text("1 min 5 s")
    expect(oldest.get_by_test_id("total-note")).to_contain_text("Med dem som har lukket chatten: 9 min 44 s.")


def test_the_labels_say_what_is_counted(new_context, router_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """A probe (helper-88) on a busy morning: "Veiledere tilgjengelige 2 av 2" beside "6 / 6" full read as room;
    "overført til veileder (8 t)" showed the chats a veileder got (101), not those handed over (112); a chat back
    from its veileder read 9 min waited, 2.5 of them with the veileder."""
    figures = overview_fixture()
    groups, totals = figures["groups"], figures["totals"]
    assert isinstance(groups, list) and isinstance(totals, dict)
    groups[0].update(veiledere_online=2, veiledere_logged_in=2, veiledere_with_room=0, open_chats=6, capacity=6)
    groups[1].update(veiledere_with_room=3, veiledere_logged_in=5)
    totals.update(asked=112, to_veileder=101, veiledere_online=7, veiledere_with_room=3)
    now = datetime.now(UTC)
    back = {"id": "back-7777-8888", "state": "QUEUED", "enhetsnummer": "0315", "enhet_navn": "Nav Grünerløkka",
            "priority": "normal", "language": "nb", "queued_at": (now - timedelta(minutes=9)).isoformat(),
            "tema": "KOM"}
    figures["waiting_since"] = {back["id"]: (now - timedelta(minutes=6, seconds=30)).isoformat()}
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    dashboard.route("**/api/staff/overview", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(figures)))
    dashboard.route("**/api/staff/queue", lambda route: route.fulfill(json={"conversations": [back]}))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    full = dashboard.locator("#overview-body tr[data-enhetsnummer='0315']")
    expect(full).to_contain_text("6 / 6")
    expect(full.locator("td").nth(6)).to_have_text("2 av 2 (ingen med ledig plass)")
    expect(dashboard.locator("#overview-body tr[data-enhetsnummer='4100'] td").nth(6)).to_have_text(
        "5 av 5 (3 med ledig plass)")
    with_room = dashboard.locator("[data-testid='total-with-room']")
    expect(with_room.locator(".value")).to_have_text("3")
    expect(with_room.locator(".label")).to_have_text("av dem med ledig plass")
    asked, reached = (dashboard.locator(f"[data-testid='{t}']") for t in ("total-asked", "total-handed-off"))
    expect(asked.locator(".value")).to_have_text("112")
    expect(asked.locator(".label")).to_have_text("ba om en veileder (8 t)")
    expect(reached.locator(".value")).to_have_text("101")
    expect(reached.locator(".label")).to_have_text("kom til en veileder (8 t)")
    expect(dashboard.locator("#totals")).not_to_contain_text("overført")
    expect(dashboard.locator("#chart")).not_to_contain_text("Overført")
    # Its current wait (6.5 min), not 9 min since its place in line.
    row = dashboard.locator(f"#stuck-body [data-conversation-id='{back['id']}']")
    expect(row.locator("td.num").first).to_have_text(re.compile(r"^6 min 3\d s$"))
    dashboard.screenshot(path=str(screenshot_dir / "dashboard-labels.png"), full_page=True)


def test_every_figure_says_what_it_counts_and_the_hours_say_what_happened(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """Probe 118: no "forlot køen" figure, refusals invisible, "avsluttet uten veileder" mixing three things, a kode 7
    chat left out of 0315's figures without a sign, "Lengste ventetid nå 0 s" beside a median of "–", 118 s read
    "1 min", a chat with no language "norsk bokmål", and an hourly table of snapshots."""
    figures = overview_fixture()
    groups, totals = figures["groups"], figures["totals"]
    assert isinstance(groups, list) and isinstance(totals, dict)
    groups[0].update(median_wait_s=118, left_queue=2, refused=3, languages={"und": 1, "nb": 2})
    totals.update(waiting=0, oldest_wait_s=None, waiting_not_shown=1, closed_in_queue=4, expired=2)
    dashboard = new_context(viewport={"width": 1400, "height": 1200}).new_page()
    errors: list[str] = []
    dashboard.on("pageerror", lambda error: errors.append(str(error)))
    dashboard.route("**/api/staff/overview", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(figures)))
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    cards = dashboard.locator("#totals .total")
    expect(cards).to_have_count(13)
    expect(dashboard.locator("#totals [data-testid='total-note']")).to_have_count(13)
    left = dashboard.locator("[data-testid='total-left']")
    expect(left.locator(".label")).to_have_text("forlot køen (8 t)")
    expect(left.locator(".note")).to_have_text(
        "Brukeren ga opp å vente: gikk tilbake til chatroboten eller lukket chatten.")
    expect(dashboard.locator("[data-testid='total-refused'] .label")).to_have_text("avvist: køen full (8 t)")
    expect(dashboard.locator("[data-testid='total-closed-in-queue'] .value")).to_have_text("4")
    expect(dashboard.locator("[data-testid='total-oldest'] .value")).to_have_text("–")
    expect(dashboard.locator("[data-testid='total-waiting'] .note")).to_contain_text("1 av dem kan du ikke se")
    expect(dashboard.locator("[data-testid='waiting-not-shown']")).to_contain_text(
        "1 ventende samtale vises ikke i listen")
    row = dashboard.locator("#overview-body tr[data-enhetsnummer='0315']")
    expect(row.locator("td").nth(3)).to_have_text("1 min 58 s")
    expect(row.locator("td").nth(9)).to_have_text("2")  # forlot køen
    # Refused a place in this office's queue (the queue full from one network), not only in the totals.
    expect(dashboard.locator("#overview-table thead th").nth(11)).to_have_text("Avvist: køen full (8 t)")
    expect(row.locator("td").nth(10)).to_have_text("3")
    expect(row.locator("td").nth(10)).to_have_class("num alarm")
    expect(row).to_contain_text("ukjent 1")
    expect(row).not_to_contain_text("und")
    dashboard.get_by_text("Vis tallene time for time").click()
    table = dashboard.get_by_role("table", name="Hva som skjedde, time for time")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(4)
    hours = figures["hours"]
    assert isinstance(hours, list)
    expected = [[str(h["asked"]), str(h["to_veileder"]), str(h["left_queue"]), str(h["waiting"]),
                 "–" if h["median_wait_s"] is None else f"{h['median_wait_s'] // 60} min"] for h in hours]
    assert [r.locator("td").all_text_contents() for r in rows.all()] == expected
    assert "–" in (rows.first.locator("th").text_content() or "")
    dashboard.screenshot(path=str(screenshot_dir / "dashboard-probe118.png"), full_page=True)
    assert errors == []


def test_the_dashboard_left_open_keeps_nobody_available_whose_console_closed(  # type: ignore[no-untyped-def]
        new_context, router_url: str, screenshot_dir: Path) -> None:
    """A probe's kontaktsenter worker closed the console without logging out, with this page open in another
    window: he stayed Tilgjengelig, "1 av 1" available, and was given an acute-need chat nobody answered for 14
    minutes. Only the console's live feed says he is at work: the chat waits, and the page counts nobody."""
    console = new_context(viewport={"width": 1400, "height": 900}).new_page()
    log_in(console, router_url, "/veileder", ("nks1", "passord-nks1"))
    console.select_option("#presence", "online")
    expect(console.locator("#presence")).to_have_value("online")
    dashboard = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    log_in(dashboard, router_url, "/kontaktsenter", ("nks1", "passord-nks1"))
    console.context.close()  # the browser closed: no logout
    dashboard.wait_for_timeout(11_000)  # no longer a login whose console is still opening (CONSOLE_OPENS_WITHIN)

    widget = new_context().new_page()
    widget.goto(f"{router_url}/")  # the kontaktsenter's queue: she would rather not say where she lives
    expect(widget.locator("#status")).to_have_text("Du chatter med chatroboten")
    widget.click("#handoff-button")
    widget.locator("#messages [data-sender='system']").last.get_by_role("button", name="Vil ikke oppgi").click()
    expect(widget.locator("#status")).to_have_attribute("data-state", "QUEUED")
    conv_id = conversation_id(widget)
    row = dashboard.locator(f"#stuck-body [data-conversation-id='{conv_id}']")
    expect(row).to_be_visible()
    expect(row).to_contain_text("NKS-OVRG")
    widget.wait_for_timeout(2_000)  # nobody is given it meanwhile
    expect(widget.locator("#status")).to_have_attribute("data-state", "QUEUED")
    expect(widget.locator("#messages")).not_to_contain_text("har tatt over samtalen")
    expect(dashboard.locator("[data-testid='total-waiting'] .value")).not_to_have_text("0")
    expect(dashboard.locator("[data-testid='total-available'] .value")).to_have_text("0")
    dashboard.screenshot(path=str(screenshot_dir / "dashboard-console-closed.png"), full_page=True)
    widget.click("#close-button")
    widget.click("#close-confirm-button")
