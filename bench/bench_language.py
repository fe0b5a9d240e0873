"""Measures language detection latency per message for each detector, beside a no-op baseline.

Usage: .venv/bin/python bench/bench_language.py [--rounds 3] [--out bench/out/language.json]

Each detector is built and warmed up first (model loading is not per-message cost; ``load_s`` shows
it), then every message
of eval/language/chat_messages.tsv is detected ``rounds`` times, one timing per call. The no-op
baseline runs in the same process and loop, so its figures show the harness's own overhead.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import OUT  # noqa: E402
from router.adapters.language_detector import (  # noqa: E402
    LangdetectDetector,
    LanguageDetector,
    LinguaDetector,
    create_default_detector,
)
from router.domain.language_policy import NO_DETECTION, SUPPORTED_LANGUAGES, Detection  # noqa: E402


class LinguaLibrary:
    """The lingua library itself, its models in memory: what ``LinguaDetector`` reads from disk instead."""

    def __init__(self) -> None:
        import lingua

        codes = [code.upper() for code in sorted(SUPPORTED_LANGUAGES) if hasattr(lingua.IsoCode639_1, code.upper())]
        languages = [lingua.Language.from_iso_code_639_1(getattr(lingua.IsoCode639_1, code)) for code in codes]
        self._detector = lingua.LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()

    def detect(self, text: str) -> Detection:
        values = self._detector.compute_language_confidence_values(text)
        best = values[0] if values and values[0].value > 0 else None
        return Detection(best.language.iso_code_639_1.name.lower(), best.value, ()) if best else NO_DETECTION


class NoopDetector:
    """The baseline: returns at once."""

    def detect(self, text: str) -> Detection:
        return NO_DETECTION


def load_texts(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return [line.partition("\t")[2] for line in lines if line.strip()]


def percentile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, round(q * (len(sorted_values) - 1)))
    return sorted_values[index]


def measure(detector: LanguageDetector, texts: list[str], rounds: int) -> dict[str, float]:
    for text in texts:  # one untimed pass: the library loads a language's models on first use
        detector.detect(text)
    timings_us: list[float] = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter_ns()
            detector.detect(text)
            timings_us.append((time.perf_counter_ns() - start) / 1000)
    timings_us.sort()
    return {
        "n": len(timings_us),
        "p50_us": round(percentile(timings_us, 0.50), 1),
        "p95_us": round(percentile(timings_us, 0.95), 1),
        "mean_us": round(statistics.fmean(timings_us), 1),
        "max_us": round(timings_us[-1], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "eval" / "language" / "chat_messages.tsv")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT / "language.json")
    args = parser.parse_args(argv)

    texts = load_texts(args.data)
    detectors: dict[str, LanguageDetector] = {"noop": NoopDetector()}
    load_s: dict[str, float] = {"noop": 0.0}
    for name, factory in (
        ("langdetect", LangdetectDetector),
        ("default", create_default_detector),
        ("lingua", LinguaDetector),
        ("lingua library", LinguaLibrary),
    ):
        start = time.perf_counter()
        detector = factory()
        if hasattr(detector, "warm_up"):
            detector.warm_up()
        detectors[name] = detector
        load_s[name] = round(time.perf_counter() - start, 2)

    results = {}
    for name, detector in detectors.items():
        results[name] = {**measure(detector, texts, args.rounds), "load_s": load_s[name]}
        r = results[name]
        print(f"{name:<11} p50 {r['p50_us']:>9.1f} us  p95 {r['p95_us']:>9.1f} us  load {r['load_s']:.2f} s")

    report = {
        "messages": len(texts),
        "rounds": args.rounds,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        # Shared machines skew p95: the 1-minute load average at the end of the run says how busy it was.
        "load_average_1m": round(os.getloadavg()[0], 2),
        "detectors": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written {args.out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
