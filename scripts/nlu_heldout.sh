#!/usr/bin/env bash
# Held-out intent accuracy of a trained model on eval/nlu/heldout.yml (never trained on).
# Usage: scripts/nlu_heldout.sh [MODEL.tar.gz]   (default: the newest model in models/, trained if missing)
# Writes reports/nlu/heldout/intent_report.json and prints accuracy and macro-F1.
set -euo pipefail
cd "$(dirname "$0")/.."
RASA=.venv-rasa/bin/rasa
model="${1:-}"
if [[ -z "$model" ]]; then
  if [[ -f scripts/train_if_needed.py ]]; then
    model="$(.venv/bin/python scripts/train_if_needed.py | tail -1)"
  else
    model="$(ls -t models/*.tar.gz 2>/dev/null | head -1 || true)"
    if [[ -z "$model" ]]; then
      $RASA train --config config.yml --domain bot --data data --out models
      model="$(ls -t models/*.tar.gz | head -1)"
    fi
  fi
fi
out=reports/nlu/heldout
rm -rf "$out" && mkdir -p "$out"
$RASA test nlu --nlu eval/nlu/heldout.yml --model "$model" --out "$out" --no-plot >"$out/rasa_test.log" 2>&1 \
  || { tail -20 "$out/rasa_test.log"; exit 1; }
rm -f "$out"/*.png
.venv/bin/python scripts/nlu_report_md.py --heldout-only "$out/intent_report.json"
