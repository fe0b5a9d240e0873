#!/usr/bin/env bash
# Held-out intent accuracy of a trained model on eval/nlu/heldout.yml (never trained on).
# Usage: scripts/nlu_heldout.sh [MODEL.tar.gz]
#   NLU_SET=unseen scripts/nlu_heldout.sh  measures eval/nlu/unseen.yml instead (written without seeing data/nlu;
#   never train on it, never copy its messages) into reports/nlu/unseen/.
#   default model: scripts/train_if_needed.py (trains config.yml/bot/data only when they changed), else the newest
#   model in models/, else a fresh `rasa train`.
# Writes reports/nlu/heldout/ (intent_report.json, intent_errors.json, model.txt, train_seconds.txt when trained)
# and prints accuracy and macro-F1.
set -euo pipefail
cd "$(dirname "$0")/.."
RASA=.venv-rasa/bin/rasa
set_name="${NLU_SET:-heldout}"
out="reports/nlu/$set_name"
log="${TMPDIR:-/tmp}/navchat-nlu-heldout.log"
train_log="${TMPDIR:-/tmp}/navchat-nlu-train.log"
: >"$train_log"
model="${1:-}"
if [[ -z "$model" ]]; then
  if [[ -f scripts/train_if_needed.py ]]; then
    model="$(.venv/bin/python scripts/train_if_needed.py 2> >(tee "$train_log" >&2) | tail -1)"
  else
    model="$(ls -t models/*.tar.gz 2>/dev/null | head -1 || true)"
    if [[ -z "$model" ]]; then
      start=$(date +%s)
      $RASA train --config config.yml --domain bot --data data --out models
      echo "[train] trained in $(( $(date +%s) - start )) s" >"$train_log"
      model="$(ls -t models/*.tar.gz | head -1)"
    fi
  fi
fi
rm -rf "$out" && mkdir -p "$out"
grep -o 'trained in [0-9]*' "$train_log" | grep -o '[0-9]*$' >"$out/train_seconds.txt" || rm -f "$out/train_seconds.txt"
$RASA test nlu --nlu "eval/nlu/$set_name.yml" --model "$model" --out "$out" --no-plot >"$log" 2>&1 \
  || { tail -20 "$log"; exit 1; }
rm -f "$out"/*.png
echo "$(basename "$model")" >"$out/model.txt"
.venv/bin/python scripts/nlu_report_md.py --heldout-only "$out/intent_report.json"
