#!/usr/bin/env bash
# Mutation testing of router/domain and router/services (configuration: pyproject.toml [tool.mutmut]).
# Prints the score and writes reports/mutation/summary.json (mutmut's own figures) and survivors.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf mutants
.venv/bin/mutmut run --max-children "${MUTMUT_CHILDREN:-2}" > /tmp/mutmut-run.log 2>&1 || true
tail -n 3 /tmp/mutmut-run.log
mkdir -p reports/mutation
.venv/bin/mutmut export-cicd-stats >/dev/null
cp mutants/mutmut-cicd-stats.json reports/mutation/summary.json
.venv/bin/mutmut results > reports/mutation/survivors.txt || true
.venv/bin/python - <<'PY'
import json
stats = json.load(open("reports/mutation/summary.json"))
tested = stats["killed"] + stats["survived"] + stats.get("timeout", 0) + stats.get("suspicious", 0)
score = (stats["killed"] + stats.get("timeout", 0)) / tested if tested else 0.0
print(f"mutation score (router/domain + router/services): {score:.1%} "
      f"({stats['killed']} killed, {stats.get('timeout', 0)} timed out, {stats['survived']} survived, "
      f"{stats.get('no_tests', 0)} not covered, {stats.get('skipped', 0)} skipped)")
PY
echo "survivors: reports/mutation/survivors.txt (inspect one with .venv/bin/mutmut show NAME)"
