"""Benchmark translation latency (p50/p95 ms) of ArgosTranslator against a no-op baseline, same run.

Uses the tiny models of scripts/build_tiny_argos_model.py (pl->en, en->nb; built once, cached), installed into a
temporary directory. Cases: short and medium messages, direct (pl->en) and pivoted (pl->en->nb). The baseline
goes through the same path (protect, worker thread, restore) with the model call replaced by the identity, so
the difference is the model's cost. Writes bench/out/translation.json.

    .venv/bin/python bench/bench_translation.py [--iterations 40]

The tiny model is far smaller than a real Argos model (d=64 vs 512, 2 vs 6 layers): these figures measure the
adapter and argostranslate's pipeline, and are a lower bound for production models.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SHORT = [
    "Potrzebuję pomocy.",
    "Dziękuję za pomoc.",
    "Mam pytanie o NAV i 1 500 kr.",
    "Kiedy dostanę odpowiedź?",
]
MEDIUM = [
    "Dzień dobry. Straciłem pracę. Nie mam pieniędzy na jedzenie. Potrzebuję pomocy z moim wnioskiem. "
    "Kiedy dostanę odpowiedź?",
    "Mój czynsz jest za wysoki. Nie mogę zapłacić rachunku za prąd. Mam dwoje dzieci. Moja sprawa jest pilna. "
    "Proszę do mnie zadzwonić.",
    "Wysłałem dokumenty. Złożyłem wniosek o dagpenger. Straciłem pracę. Czekam na odpowiedź. "
    "Bardzo dziękuję.",
]


def load_build_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_tiny_argos_model", PROJECT_ROOT / "scripts" / "build_tiny_argos_model.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))]


async def measure(
    translator, messages: list[str], source: str, target: str, iterations: int
) -> dict[str, float]:  # type: ignore[no-untyped-def]
    samples = []
    for i in range(iterations):
        # Cycle through messages so nothing can be served from a cache of the previous call.
        text = messages[i % len(messages)]
        started = time.perf_counter()
        await translator.translate(text, source, target)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "n": len(samples),
        "p50_ms": round(percentile(samples, 0.50), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
        "chars_mean": round(statistics.fmean(len(m) for m in messages), 1),
    }


async def run(iterations: int) -> dict[str, object]:
    from router.adapters.translator import ArgosTranslator, install_package

    class NoopTranslator(ArgosTranslator):
        """Same path as ArgosTranslator (protect, worker thread, restore) without the model."""

        def _translate_sync(self, text: str, route: tuple[str, ...]) -> str:
            return text

    started = time.perf_counter()
    build = load_build_script()
    archives = build.build_all(build.DEFAULT_CACHE_DIR, (("pl", "en"), ("en", "nb")))
    build_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="argos-bench-") as tmp:
        packages_dir = Path(tmp) / "packages"
        for archive in archives:
            install_package(archive, packages_dir)
        translator = ArgosTranslator(packages_dir, timeout_s=60.0)
        baseline = NoopTranslator(packages_dir, timeout_s=60.0)
        try:
            started = time.perf_counter()
            await translator.warm_up()
            load_ms = (time.perf_counter() - started) * 1000
            for text in SHORT[:1] + MEDIUM[:1]:  # first-call costs (ONNX session, allocations) out of the way
                await translator.translate(text, "pl", "nb")
            results: dict[str, dict[str, float]] = {}
            for size, messages in (("short", SHORT), ("medium", MEDIUM)):
                for route, (source, target) in (("pl->en", ("pl", "en")), ("pl->en->nb", ("pl", "nb"))):
                    results[f"noop {size} {route}"] = await measure(
                        baseline, messages, source, target, iterations
                    )
                    results[f"argos {size} {route}"] = await measure(
                        translator, messages, source, target, iterations
                    )
        finally:
            translator.close()
            baseline.close()
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_avg_1m": os.getloadavg()[0],
        },
        "model": "tiny test model (scripts/build_tiny_argos_model.py), greedy decoding, 1 CTranslate2 thread",
        "iterations": iterations,
        "build_or_cache_s": round(build_s, 1),
        "model_load_ms": round(load_ms, 1),
        "results": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=40)
    args = parser.parse_args(argv)
    # Quiet: argostranslate logs every step at INFO, and the tiny model loses placeholders on unseen text.
    logging.basicConfig(level=logging.ERROR)
    # argostranslate creates data/config/cache directories on import: keep them out of the user's home.
    scratch = Path(tempfile.mkdtemp(prefix="argos-bench-home-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(scratch / name.lower())
    sys.path.insert(0, str(PROJECT_ROOT))
    report = asyncio.run(run(args.iterations))
    print(f"model load {report['model_load_ms']} ms; {report['iterations']} iterations per case")
    print(f"{'case':<28}{'p50 ms':>10}{'p95 ms':>10}{'mean ms':>10}{'chars':>8}")
    for case, figures in report["results"].items():  # type: ignore[union-attr]
        print(
            f"{case:<28}{figures['p50_ms']:>10}{figures['p95_ms']:>10}{figures['mean_ms']:>10}{figures['chars_mean']:>8}"
        )
    from bench.results import write_result

    print(f"written {write_result('translation', report).relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
