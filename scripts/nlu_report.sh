#!/usr/bin/env bash
# ONE command for the NLU report: 3-fold cross-validation of every candidate pipeline in eval/nlu/configs/
# on data/nlu, plus held-out accuracy of the production model (config.yml) on eval/nlu/heldout.yml.
# Output: reports/nlu/README.md (+ the per-candidate intent_report.json files it is built from).
# Runs trainings one after another (never in parallel): ~3 x (training time) per candidate.
# Usage: scripts/nlu_report.sh [candidate-name ...]   (default: all candidates)
set -euo pipefail
cd "$(dirname "$0")/.."
RASA=.venv-rasa/bin/rasa
FOLDS="${NLU_FOLDS:-3}"
LOGS="${TMPDIR:-/tmp}/navchat-nlu-logs"
mkdir -p "$LOGS"
candidates=("$@")
if [[ ${#candidates[@]} -eq 0 ]]; then
  for cfg in eval/nlu/configs/*.yml; do candidates+=("$(basename "$cfg" .yml)"); done
fi
# The training data a cross-validation ran on, so the report can say which rows are older than data/nlu.
data_hash() { cat data/nlu/*.yml | sha256sum | cut -c1-12; }
for name in "${candidates[@]}"; do
  out="reports/nlu/cv/$name"
  rm -rf "$out" && mkdir -p "$out"
  echo "== cross-validation: $name ($FOLDS folds)"
  start=$(date +%s)
  $RASA test nlu --nlu data/nlu --config "eval/nlu/configs/$name.yml" --cross-validation --folds "$FOLDS" \
    --out "$out" --no-plot >"$LOGS/cv_$name.log" 2>&1 || { tail -20 "$LOGS/cv_$name.log"; exit 1; }
  echo $(( $(date +%s) - start )) >"$out/seconds.txt"
  data_hash >"$out/data.txt"
  rm -f "$out"/*.png "$out"/*_errors.json
done
echo "== held-out"
scripts/nlu_heldout.sh "${NLU_MODEL:-}"
.venv/bin/python scripts/nlu_report_md.py
echo "report: reports/nlu/README.md"
