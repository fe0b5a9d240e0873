"""Pure helpers of the load benchmark (bench/load.py): the open-loop schedule, the conversation mix, percentiles,
ratios, the national peak, and a summary of py-spy's collapsed stacks. No I/O, no clock: unit-tested in
tests/unit/test_loadgen.py.

Open loop: conversations arrive at times drawn in advance (a Poisson process at the given rate), whether or not
the service keeps up; a slow service does not slow the arrivals down (a closed loop of N users would, and would
hide its own queueing: coordinated omission).
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# NAV's national peak: 12,500 chat conversations a day, 12 % of them in the busiest hour.
NATIONAL_CONVERSATIONS_PER_DAY = 12_500
BUSIEST_HOUR_SHARE = 0.12


def national_peak_per_s(per_day: int = NATIONAL_CONVERSATIONS_PER_DAY, share: float = BUSIEST_HOUR_SHARE) -> float:
    """New conversations a second in the busiest hour (0.417 for NAV)."""
    return per_day * share / 3600


def arrival_times(rate_per_s: float, duration_s: float, seed: int = 0) -> list[float]:
    """Seconds from the start at which conversations arrive: a Poisson process of ``rate_per_s`` over
    ``duration_s`` (exponential gaps, seeded so every run and both targets get the same arrivals)."""
    if rate_per_s <= 0 or duration_s <= 0:
        return []
    rng = random.Random(seed)
    times, t = [], 0.0
    while True:
        t += rng.expovariate(rate_per_s)
        if t >= duration_s:
            return times
        times.append(t)


@dataclass(frozen=True)
class Plan:
    """One bruker's conversation: language, four messages, think time before each, whether it ends with a handoff
    to a veileder, and the synthetic person who logs in with ID-porten before writing (None: stays anonymous)."""

    language: str
    page_locale: str
    messages: tuple[str, ...]
    think_s: tuple[float, ...]
    handoff: bool
    person: str | None = None


SCRIPTS: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {
    "nb": ("nb-NO", (
        ("hei", "hvordan søker jeg om sosialhjelp", "hvilke vedlegg trenger jeg", "takk for hjelpen"),
        ("hei, jeg trenger hjelp", "når kommer pengene", "hvor er nav-kontoret mitt", "takk"),
        ("hei", "kan jeg søke om nødhjelp", "hvor lang tid tar det", "tusen takk"),
    )),
    "en": ("en-GB", (("hello", "how do I apply for financial assistance", "what documents do I need", "thank you"),)),
    "pl": ("pl-PL", (("dzień dobry", "jak mogę złożyć wniosek o pomoc socjalną", "jakie dokumenty są potrzebne",
                      "dziękuję bardzo"),)),
    "ar": ("ar", (("مرحبا", "كيف أقدم طلب المساعدة الاجتماعية", "ما هي الوثائق التي أحتاجها", "شكرا جزيلا"),)),
    "uk": ("uk-UA", (("привіт", "як подати заяву на соціальну допомогу", "які документи мені потрібні",
                      "дуже дякую"),)),
}
# Who writes: most in Norwegian, a fifth in another language; one in ten asks for a human at the end, and one in ten
# of the others logs in first (as one of the local provider's synthetic persons, reference/synthetic/persons.json).
LANGUAGE_MIX = (("nb", 0.8), ("en", 0.08), ("pl", 0.04), ("ar", 0.04), ("uk", 0.04))
HANDOFF_SHARE = 0.1
LOGIN_SHARE = 0.1
THINK_S = (1.0, 4.0)


def plan_conversations(n: int, seed: int = 0, handoff_share: float = HANDOFF_SHARE,
                       think_s: tuple[float, float] = THINK_S, persons: Sequence[str] = (),
                       login_share: float = LOGIN_SHARE) -> list[Plan]:
    """``n`` conversations drawn from the mix, seeded (the router run and the Rasa run get the same ones); with
    ``persons``, a ``login_share`` of those who do not hand off logs in as one of those."""
    rng = random.Random(seed + 1)
    logins = random.Random(seed + 2)  # drawn apart: the rest of the mix is the same with or without logins
    languages, weights = zip(*LANGUAGE_MIX, strict=True)
    plans = []
    for _ in range(n):
        language = rng.choices(languages, weights)[0]
        locale, variants = SCRIPTS[language]
        messages = variants[rng.randrange(len(variants))]
        plans.append(Plan(
            language=language,
            page_locale=locale,
            messages=messages,
            think_s=tuple(round(rng.uniform(*think_s), 3) for _ in messages),
            handoff=(handoff := rng.random() < handoff_share),
            # A logged-in bruker's handoff goes to the person's own NAV office (and veileder), where the load has no
            # console: the ones who log in are among those the bot serves to the end.
            person=logins.choice(persons) if persons and logins.random() < login_share and not handoff else None,
        ))
    return plans


def percentile(samples: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) by linear interpolation between closest ranks; None without samples."""
    if not samples:
        return None
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(samples_ms: Sequence[float]) -> dict[str, float | int | None]:
    """n, p50, p95, p99 and max in milliseconds (rounded to 0.1 ms)."""

    def r(v: float | None) -> float | None:
        return None if v is None else round(v, 1)

    return {"n": len(samples_ms), "p50_ms": r(percentile(samples_ms, 50)), "p95_ms": r(percentile(samples_ms, 95)),
            "p99_ms": r(percentile(samples_ms, 99)), "max_ms": r(max(samples_ms) if samples_ms else None)}


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator rounded to 0.01; None when either is missing or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)


def run_order(targets: Sequence[str], repeat: int) -> list[str]:
    """The targets' order in one repeat at a rate: as given, then reversed, and so on (A B B A): neither target
    always runs first at a rate, when the machine has just changed pace, nor always in the other's wake."""
    return list(targets) if repeat % 2 == 0 else list(reversed(targets))


def compare_targets(rate: float, router_ms: Sequence[float], rasa_ms: Sequence[float],
                    p50_ratio_per_repeat: Sequence[float | None]) -> dict[str, object]:
    """Router against Rasa at one rate, from every reply of all the rate's repeats pooled per target; each
    repeat's own p50 ratio beside it, to show how far a single run moves."""
    router, rasa = summarize(router_ms), summarize(rasa_ms)
    overhead = (round(router["p50_ms"] - rasa["p50_ms"], 1)  # type: ignore[operator]
                if router["p50_ms"] is not None and rasa["p50_ms"] is not None else None)
    return {"rate": rate, "p50_ratio": ratio(router["p50_ms"], rasa["p50_ms"]),
            "p95_ratio": ratio(router["p95_ms"], rasa["p95_ms"]), "p50_overhead_ms": overhead,
            "router": router, "rasa": rasa, "p50_ratio_per_repeat": list(p50_ratio_per_repeat)}


def unaccounted_cpu_pct(machine_pct: float, processes_pct: Iterable[float]) -> float:
    """The machine's CPU (in % of one core) that the named processes do not account for: the system and anything
    else running. Never below 0: the machine's and each process's counters are not read at the same instant."""
    return round(max(0.0, machine_pct - sum(processes_pct)), 1)


def cpu_pressure_total_us(text: str) -> int:
    """The kernel's running total of microseconds in which at least one runnable task waited for a CPU: the
    ``some`` line of /proc/pressure/cpu ("some avg10=1.00 avg60=0.50 avg300=0.10 total=12345")."""
    for line in text.splitlines():
        if line.startswith("some "):
            return int(line.rsplit("total=", 1)[1])
    raise ValueError("no 'some' line in the CPU pressure text")


def waited_pct(waited_before_s: float, waited_after_s: float, wall_s: float) -> float:
    """Time spent waiting for a CPU over a run, in % of the run's wall time (summed over threads, so it can pass
    100 when several of a process's threads wait at once)."""
    return round(100 * max(0.0, waited_after_s - waited_before_s) / wall_s, 1) if wall_s > 0 else 0.0


def sustainable_rate(results: Iterable[dict[str, object]], p95_bar_ms: float = 1000.0) -> float | None:
    """The highest rate at which every run, and every run at each lower rate, had p95 under the bar, nothing
    unanswered and no errors (a rate run twice counts only if both held); None when even the lowest failed."""
    runs_by_rate: dict[float, list[dict[str, object]]] = {}
    for result in results:
        runs_by_rate.setdefault(float(result["rate"]), []).append(result)  # type: ignore[arg-type]
    best = None
    for rate in sorted(runs_by_rate):
        if not all(_held(run, p95_bar_ms) for run in runs_by_rate[rate]):
            break
        best = rate
    return best


def _held(run: dict[str, object], p95_bar_ms: float) -> bool:
    p95 = run.get("p95_ms")
    return p95 is not None and float(p95) < p95_bar_ms and not run.get("unanswered") and not run.get("errors")  # type: ignore[arg-type]


_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")


def frame_name(frame: str) -> str:
    """``handle (/x/site-packages/aiohttp/web_protocol.py:512)`` -> ``aiohttp/web_protocol.py:handle``; files of
    this project relative to it (``router/...``)."""
    match = _FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match["file"]
    for marker in ("site-packages/", "/lib/python3.11/", "/work/main/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    if "/router/" in path and not path.startswith("router/"):
        path = "router/" + path.split("/router/", 1)[1]
    return f"{path}:{match['func']}"


def summarize_collapsed(lines: Iterable[str], top: int = 15, prefix: str = "router/") -> dict[str, object]:
    """py-spy's raw (collapsed) stacks -> total samples, the top frames under ``prefix`` by inclusive share
    (a frame counted once per sample), and the top packages by self share (where the leaf frame is)."""
    inclusive: Counter[str] = Counter()
    leaf_package: Counter[str] = Counter()
    leaf_frame: Counter[str] = Counter()
    total = 0
    for line in lines:
        line = line.strip()
        if not line or " " not in line:
            continue
        stack, _, count_text = line.rpartition(" ")
        try:
            count = int(count_text)
        except ValueError:
            continue
        frames = [frame_name(f) for f in stack.split(";") if "(" in f]
        if not frames:
            continue
        total += count
        for name in set(frames):
            if name.startswith(prefix):
                inclusive[name] += count
        leaf = frames[-1]
        leaf_frame[leaf] += count
        leaf_package[leaf.split("/", 1)[0].split(":", 1)[0].removesuffix(".py")] += count

    def shares(counter: Counter[str]) -> list[tuple[str, float]]:
        return [(name, round(100 * n / total, 1)) for name, n in counter.most_common(top)] if total else []

    return {"samples": total, "inclusive_pct": shares(inclusive), "self_by_package_pct": shares(leaf_package),
            "self_by_frame_pct": shares(leaf_frame)}
