#!/usr/bin/env bash
# Runs Palisade's injection adapters beside the peers on the same rows as ../shared/peers/bench-shared.sh,
# plus the hand-made sample and Palisade's independent evaluation set. Results: bench/results/peers-injection-*.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PEERS="${PEERS_DIR:-$ROOT/../shared/peers}"
DATA="${DATA_DIR:-$ROOT/../shared/data}"
OUT="$ROOT/bench/results"
BUDGET="${TIME_BUDGET:-120}"
mkdir -p "$OUT"
export PEER_EXTRA_ADAPTERS="$ROOT/bench/peers/injection-adapter.mjs"
cd "$PEERS"
TSX="file://$ROOT/node_modules/tsx/dist/loader.mjs"
run() { node --import "$TSX" run.mjs --task injection "$@"; }
run --data "$PEERS/sample/injection.jsonl" --repeat 5 --time-budget "$BUDGET" \
  --out "$OUT/peers-injection-sample.json" --md "$OUT/peers-injection-sample.md"
run --data "$DATA/injection/cyberseceval_prompt_injection.jsonl,$DATA/benign/notinject_hard_negatives.jsonl" \
  --limit 800 --warmup 200 --time-budget "$BUDGET" \
  --out "$OUT/peers-injection-cyberseceval.json" --md "$OUT/peers-injection-cyberseceval.md"
run --data "$DATA/injection/inthewild_jailbreaks.jsonl,$DATA/benign/oasst_eval_prompts.jsonl" \
  --limit 600 --warmup 200 --time-budget "$BUDGET" \
  --out "$OUT/peers-injection-inthewild.json" --md "$OUT/peers-injection-inthewild.md"
run --data "$ROOT/data/injection/independent-eval-v2.jsonl" --positive injection,jailbreak --warmup 100 --time-budget "$BUDGET" \
  --out "$OUT/peers-injection-independent-v2.json" --md "$OUT/peers-injection-independent-v2.md"
run --data "$ROOT/data/injection/indirect-eval.jsonl" --warmup 50 --time-budget "$BUDGET" \
  --out "$OUT/peers-injection-indirect-documents.json" --md "$OUT/peers-injection-indirect-documents.md"
