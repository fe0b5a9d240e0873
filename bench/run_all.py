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
BENCHES = ["bench_assignment.py", "bench_language.py", "bench_translation.py", "bench_bot_turn.py"]


def main() -> int:
    failed = []
    for name in BENCHES:
        path = ROOT / "bench" / name
        if not path.exists():
            continue
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, str(path)], cwd=ROOT).returncode != 0:
            failed.append(name)
    out = ROOT / "bench" / "out"
    lines = ["# Benchmark figures", "", "Written by `make bench` (bench/run_all.py).", ""]
    for result in sorted(out.glob("*.json")):
        lines += [f"## {result.stem}", "", "```json", json.dumps(json.loads(result.read_text()), indent=2), "```", ""]
    (out / "summary.md").write_text("\n".join(lines))
    print(f"summary: {out / 'summary.md'}")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
