"""`make bench`: run every benchmark, then write bench/out/summary.md from their JSON files.

Each benchmark measures its baseline in the same run and reports ratios to it, because absolute
timings on a shared two-core machine vary from run to run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import OUT, read_result  # noqa: E402

BENCHES = ["bench_assignment.py", "bench_language.py", "bench_translation.py", "bench_bot_turn.py",
           "bench_router_own.py", "bench_memory.py", "bench_relay.py", "bench_claims.py", "bench_store_growth.py",
           "bench_limits.py", "bench_overview_pages.py"]


def ratios(out: Path) -> dict[str, str]:
    """p50 of each measured thing over the p50 of its baseline, from the benchmarks' own JSON files."""
    result: dict[str, str] = {}
    if language := read_result("language", out):
        noop = language["detectors"]["noop"]["p50_us"]
        for name, figures in language["detectors"].items():
            if name != "noop":
                result[f"language detection {name} / no-op"] = f"{figures['p50_us'] / noop:,.0f}x ({figures['p50_us']} us)"
    if translation := read_result("translation", out):
        for case, figures in translation["results"].items():
            if case.startswith("argos "):
                base = translation["results"].get("noop " + case.removeprefix("argos "))
                if base:
                    result[f"translation {case} / no-op"] = f"{figures['p50_ms'] / base['p50_ms']:,.0f}x ({figures['p50_ms']} ms)"
    if assignment := read_result("assignment", out):
        pick, base = assignment["pick_veileder_all_850_us"], assignment["baseline_min_scan_850_us"]
        result["pick_veileder over 850 / plain least-loaded scan"] = f"{pick['p50'] / base['p50']:.1f}x ({pick['p50']:.0f} us)"
        order, sort = assignment["order_queue_5000_ms"], assignment["baseline_sorted_5000_datetimes_ms"]
        result["order_queue of 5,000 / bare sort"] = f"{order['p50'] / sort['p50']:.1f}x ({order['p50']:.1f} ms)"
    if bot := read_result("bot_turn", out):
        result["router bot turn / Rasa REST turn (p50, p95)"] = (
            f"{bot['router_over_rasa_p50']}x, {bot['router_over_rasa_p95']}x "
            f"({bot['router_turn']['p50_ms']} / {bot['rasa_rest']['p50_ms']} ms p50)")
        if "memory" in bot:
            result["router RSS / bare aiohttp RSS"] = f"{bot['memory']['router_over_bare_rss']}x"
    if own := read_result("router_own", out):
        result[f"router turn / straight call, stand-in bot answering in {own['bot_delay_ms']:g} ms (p50, p95)"] = (
            f"{own['router_over_straight_p50']}x, {own['router_over_straight_p95']}x (the router's own "
            f"{own['router_own_p50_ms']} / {own['router_own_p95_ms']} ms; CPU {own['router_cpu_per_turn_ms']} ms a turn)")
    if relay := read_result("relay", out):
        result["veileder relay over the staff socket / bare aiohttp WebSocket echo (messages/s)"] = (
            f"{relay['relay_over_echo']}x ({relay['relay_per_s']:,.0f} / {relay['bare_ws_echo_per_s']:,.0f})")
        if "relay_by_post_per_s" in relay:
            result["veileder relay by POST / bare aiohttp WebSocket echo (messages/s)"] = (
                f"{relay['relay_by_post_over_echo']}x ({relay['relay_by_post_per_s']:,.0f} / "
                f"{relay['bare_ws_echo_per_s']:,.0f})")
    if claims := read_result("claims", out):
        freed, bare = claims["freed_to_claimed_ms"], claims["baseline_bare_update_ms"]
        result["freed capacity -> next claim (5,000 waiting, 850 veiledere) / bare UPDATE claim (p50, p99)"] = (
            f"{freed['p50'] / bare['p50']:,.0f}x, {freed['p99'] / bare['p99']:,.0f}x "
            f"({freed['p99']:,.0f} / {bare['p99']:.1f} ms p99; duplicates {claims['claims']['duplicates']})")
    if growth := read_result("store_growth", out):
        for name, figures in growth["queries"].items():
            result[f"store read {name} with {growth['days']} days of kept history / with one live day"] = (
                f"{figures['ratio']}x ({figures['with_history_ms']} / {figures['live_day_ms']} ms)")
    if pages := read_result("overview_pages", out):
        for count, ratio in pages["ratio_after_to_before"].items():
            result[f"router CPU for the kontaktsenter page's figures, {count} page(s) open: shared read / a read each"] = (
                f"{ratio}x ({pages['cpu_s_per_s']['after'][count]} / {pages['cpu_s_per_s']['before'][count]} CPU s/s)")
    if limits := read_result("limits", out):
        for kind, ratio in limits["embedded_after_over_before"].items():
            result[f"limits middleware, embedded, {kind}: requests/s now / at {limits['base']}"] = (
                f"{ratio}x ({limits['embedded_after_rps'][kind]:,} / {limits['embedded_before_rps'][kind]:,} a CPU "
                f"second; the Redis store {limits['scaled_redis_rps'][kind]:,} a second, one at a time)")
    if memory := read_result("memory", out):
        result["router RSS after start / bare aiohttp RSS"] = (
            f"{memory['router_over_bare_after_start']}x ({memory['router_after_start_mb']} / "
            f"{memory['bare_aiohttp_mb']} MB; {memory['router_after_detecting_every_script_mb']} MB once every "
            "script was detected)")
        if "router_after_a_queue_notice_in_every_language_mb" in memory:
            result["router RSS after a queue notice in each of the 20 languages / bare aiohttp RSS"] = (
                f"{memory['router_over_bare_after_a_queue_notice_in_every_language']}x "
                f"({memory['router_after_a_queue_notice_in_every_language_mb']} MB)")
        if "router_after_first_login_mb" in memory:
            result["router RSS after a bruker's first login / bare aiohttp RSS"] = (
                f"{memory['router_over_bare_after_first_login']}x ({memory['router_after_first_login_mb']} MB)")
        if "router_peak_since_start_mb" in memory:
            result["router peak resident since start (VmHWM) / bare aiohttp RSS"] = (
                f"{memory['router_peak_over_bare']}x ({memory['router_peak_since_start_mb']} MB)")
    return result


def main() -> int:
    failed = []
    for name in BENCHES:
        path = ROOT / "bench" / name
        if not path.exists():
            continue
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, str(path)], cwd=ROOT).returncode != 0:
            failed.append(name)
    out = OUT
    lines = ["# Benchmark figures", "", "Written by `make bench` (bench/run_all.py).", "", "## Ratios to the baseline "
             "measured in the same run", ""]
    lines += [f"- {name}: {value}" for name, value in ratios(out).items()] + [""]
    for result in sorted(out.glob("*.json")):
        lines += [f"## {result.stem}", "", "```json", json.dumps(json.loads(result.read_text()), indent=2), "```", ""]
    (out / "summary.md").write_text("\n".join(lines))
    print(f"summary: {out / 'summary.md'}")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
