"""The load benchmark's pure helpers (bench/loadgen.py): schedule, mix, percentiles, ratios, py-spy summary."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench.loadgen import (
    LANGUAGE_MIX,
    SCRIPTS,
    arrival_times,
    compare_targets,
    cpu_pressure_total_us,
    frame_name,
    national_peak_per_s,
    percentile,
    plan_conversations,
    ratio,
    run_order,
    summarize,
    summarize_collapsed,
    sustainable_rate,
    unaccounted_cpu_pct,
    waited_pct,
)


def test_national_peak_is_twelve_percent_of_a_day_in_one_hour() -> None:
    assert national_peak_per_s() == pytest.approx(12_500 * 0.12 / 3600)
    assert round(national_peak_per_s(), 3) == 0.417


def test_arrivals_are_seeded_sorted_inside_the_window_and_near_the_rate() -> None:
    times = arrival_times(8, 600, seed=3)
    assert times == arrival_times(8, 600, seed=3)
    assert times != arrival_times(8, 600, seed=4)
    assert times == sorted(times)
    assert times[0] > 0 and times[-1] < 600
    assert len(times) == pytest.approx(8 * 600, rel=0.05)


def test_arrivals_do_not_depend_on_anything_but_rate_duration_and_seed() -> None:
    # Open loop: the schedule is fixed before the run; a longer window only adds arrivals at the end.
    short, long = arrival_times(4, 30, seed=1), arrival_times(4, 60, seed=1)
    assert long[: len(short)] == short


@pytest.mark.parametrize(("rate", "duration"), [(0, 60), (-1, 60), (4, 0)])
def test_no_arrivals_without_a_rate_or_a_window(rate: float, duration: float) -> None:
    assert arrival_times(rate, duration) == []


def test_conversation_plans_follow_the_mix_and_have_four_turns_with_think_times() -> None:
    plans = plan_conversations(2000, seed=0)
    assert plans == plan_conversations(2000, seed=0)
    assert all(len(p.messages) == 4 == len(p.think_s) for p in plans)
    assert all(1.0 <= t <= 4.0 for p in plans for t in p.think_s)
    shares = {lang: sum(p.language == lang for p in plans) / len(plans) for lang, _ in LANGUAGE_MIX}
    assert shares["nb"] == pytest.approx(0.8, abs=0.04)
    assert sum(p.handoff for p in plans) / len(plans) == pytest.approx(0.1, abs=0.03)
    assert {p.page_locale for p in plans if p.language == "pl"} == {SCRIPTS["pl"][0]}
    assert all(p.person is None for p in plans)  # no persons to log in as: everyone stays anonymous


def test_a_tenth_of_the_brukere_log_in_as_one_of_the_persons_given() -> None:
    plans = plan_conversations(2000, seed=0, persons=("ola", "kari"))
    assert sum(p.person is not None for p in plans) / len(plans) == pytest.approx(0.09, abs=0.03)
    assert not any(p.person and p.handoff for p in plans)  # their office has no console in the load
    assert {p.person for p in plans} == {None, "ola", "kari"}
    # The rest of the mix is the same as without logins (runs with and without them compare).
    assert [replace(p, person=None) for p in plans] == plan_conversations(2000, seed=0)


def test_percentile_interpolates_between_closest_ranks() -> None:
    assert percentile([], 50) is None
    assert percentile([5.0], 99) == 5.0
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert percentile([3, 1, 2], 0) == 1 and percentile([3, 1, 2], 100) == 3


def test_summarize_and_ratio() -> None:
    figures = summarize([10.0, 20.0, 30.0, 40.0])
    assert figures == {"n": 4, "p50_ms": 25.0, "p95_ms": 38.5, "p99_ms": 39.7, "max_ms": 40.0}
    assert summarize([])["p50_ms"] is None
    assert ratio(150, 100) == 1.5
    assert ratio(None, 100) is None and ratio(100, 0) is None and ratio(100, None) is None


def test_the_cpu_no_named_process_used_is_what_disturbs_a_run() -> None:
    assert unaccounted_cpu_pct(107.4, [21.4, 53.5, 3.8, 0.8, 4.8]) == 23.1
    assert unaccounted_cpu_pct(60.0, [31.0, 30.0]) == 0.0, "counters read a moment apart never give less than 0"


def test_sustainable_rate_is_the_last_rate_before_the_first_failure() -> None:
    results = [
        {"rate": 8, "p95_ms": 900, "unanswered": 0, "errors": 0},  # passes, but 4 failed before it
        {"rate": 1, "p95_ms": 200, "unanswered": 0, "errors": 0},
        {"rate": 4, "p95_ms": 1200, "unanswered": 0, "errors": 0},
    ]
    assert sustainable_rate(results) == 1
    assert sustainable_rate(results, p95_bar_ms=2000) == 8
    assert sustainable_rate([{"rate": 1, "p95_ms": 100, "unanswered": 1, "errors": 0}]) is None
    assert sustainable_rate([{"rate": 1, "p95_ms": None, "unanswered": 0, "errors": 0}]) is None


def test_a_rate_run_twice_is_sustainable_only_if_both_runs_held() -> None:
    held = {"p95_ms": 500, "unanswered": 0, "errors": 0}
    results = [{"rate": 8, **held}, {"rate": 16, **held}, {"rate": 16, **held, "p95_ms": 1300}, {"rate": 8, **held}]
    assert sustainable_rate(results) == 8
    assert sustainable_rate([*results[:2], {"rate": 16, **held}]) == 16


def test_frame_names_are_short_and_project_relative() -> None:
    assert frame_name("handle (/w/.venv/lib/python3.11/site-packages/aiohttp/web_protocol.py:512)") == (
        "aiohttp/web_protocol.py:handle")
    assert frame_name("inbound (/work/main/router/adapters/language_layer.py:55)") == (
        "router/adapters/language_layer.py:inbound")
    assert frame_name("run (/usr/lib/python3.11/asyncio/events.py:80)").endswith("asyncio/events.py:run")


def test_collapsed_stacks_give_inclusive_router_shares_and_self_shares_by_package() -> None:
    lines = [
        "<module> (/x/router/app.py:1);turn (/x/router/services/turns.py:9);detect (/x/router/adapters/d.py:3) 6",
        "<module> (/x/router/app.py:1);execute (/v/site-packages/sqlalchemy/engine/base.py:7) 3",
        "<module> (/x/router/app.py:1);turn (/x/router/services/turns.py:9);"
        "turn (/x/router/services/turns.py:12) 1",  # recursion: counted once
        "",
        "garbage",
    ]
    summary = summarize_collapsed(lines)
    assert summary["samples"] == 10
    inclusive = dict(summary["inclusive_pct"])  # type: ignore[arg-type]
    assert inclusive["router/app.py:<module>"] == 100.0
    assert inclusive["router/services/turns.py:turn"] == 70.0
    assert "sqlalchemy/engine/base.py:execute" not in inclusive
    assert dict(summary["self_by_package_pct"]) == {"router": 70.0, "sqlalchemy": 30.0}  # type: ignore[arg-type]


def test_cpu_pressure_is_read_from_the_some_line() -> None:
    text = "some avg10=84.13 avg60=48.66 avg300=31.34 total=276915357\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
    assert cpu_pressure_total_us(text) == 276_915_357
    with pytest.raises(ValueError):
        cpu_pressure_total_us("full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n")


def test_waited_pct_is_the_share_of_the_run_and_never_negative() -> None:
    assert waited_pct(10.0, 25.0, 30.0) == 50.0
    assert waited_pct(10.0, 70.0, 30.0) == 200.0, "two threads waiting at once count twice"
    assert waited_pct(12.0, 11.0, 30.0) == 0.0
    assert waited_pct(0.0, 5.0, 0.0) == 0.0


def test_targets_take_turns_to_run_first() -> None:
    targets = ["router", "rasa"]
    assert [run_order(targets, repeat) for repeat in range(4)] == [
        ["router", "rasa"], ["rasa", "router"], ["router", "rasa"], ["rasa", "router"]]
    assert targets == ["router", "rasa"], "the caller's list is left as it was"


def test_comparison_pools_every_repeat_and_keeps_each_repeats_ratio() -> None:
    router = [30.0] * 50 + [50.0] * 50  # two repeats: one slow
    rasa = [25.0] * 100
    compared = compare_targets(8, router, rasa, [1.2, 2.0])
    assert compared["router"]["n"] == 100 and compared["rasa"]["n"] == 100  # type: ignore[index]
    assert compared["p50_ratio"] == ratio(percentile(router, 50), 25.0)
    assert compared["p95_ratio"] == 2.0
    assert compared["p50_overhead_ms"] == round(percentile(router, 50) - 25.0, 1)
    assert compared["p50_ratio_per_repeat"] == [1.2, 2.0]
    assert compare_targets(8, [], rasa, [None])["p50_ratio"] is None
