#!/usr/bin/env bash
# `make eval`: how good the bot is, in figures (slow; not part of CI).
#  1. the evaluation sets against the running stack (started here if none is running): the shared
#     single questions (dev.jsonl) and conversations (conversations-dev.jsonl) and the project's
#     own conversations (eval/conversations.jsonl), as tables per language and category;
#  2. the project's own test conversations (bot/tests/, Rasa test stories in every language);
#  3. NLU cross-validation with Rasa's own report;
#  4. per-language cross-validation and development-set accuracy of the intent classifier
#     (EVAL_CLASSIFIERS=logreg,diet adds DIET: the comparison in docs/classifier-comparison.md).
# Set EVAL_SKIP_CROSSVAL=1 to skip steps 3 and 4.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_DIR"
out="$OPAS_VAR_DIR/eval"
mkdir -p "$out"
stack_pid=""
rasa_url="http://127.0.0.1:$OPAS_RASA_PORT"
if ! curl -fsS -o /dev/null "$rasa_url/" 2>/dev/null; then
  echo "==> Starting the stack for the evaluation"
  rm -f "$out/ready"
  OPAS_RUN_READY_FILE="$out/ready" setsid bash scripts/run.sh >"$out/run.log" 2>&1 &
  stack_pid=$!
  trap '[ -n "$stack_pid" ] && kill -TERM -- -$stack_pid 2>/dev/null; wait $stack_pid 2>/dev/null' EXIT
  for _ in $(seq 600); do [ -f "$out/ready" ] && break; sleep 0.5; done
  [ -f "$out/ready" ] || { echo "the stack did not start: see $out/run.log"; exit 1; }
fi
status=0
echo "==> 1. Evaluation sets (../shared/eval/dev.jsonl, conversations-dev.jsonl, eval/conversations.jsonl)"
python3 scripts/eval_table.py "$REPO_DIR/../shared/eval/dev.jsonl" "$REPO_DIR/../shared/eval/conversations-dev.jsonl" \
  eval/conversations.jsonl --url "$rasa_url" --min 0.9 --min-lang 0.85 --json "$out/tables.json" -v || status=1
echo "==> 2. Test conversations (bot/tests/, end to end through the REST channel)"
"$API_BIN/python" scripts/test_stories.py --rasa-url "$rasa_url" -v || status=1
if [ -z "${EVAL_SKIP_CROSSVAL:-}" ]; then
  echo "==> 3. NLU cross-validation (rasa test nlu, 3 folds; report in $out/crossval/)"
  (cd bot && "$RASA_BIN/rasa" test nlu --nlu data/nlu --config config.yml --cross-validation --folds 3 \
     --out "$out/crossval" >"$out/crossval.log" 2>&1) || status=1
  "$RASA_BIN/python" - "$out/crossval/intent_report.json" <<'PY' || status=1
import json, sys
report = json.load(open(sys.argv[1]))
print(f"intent accuracy {report['accuracy']:.3f}, weighted F1 {report['weighted avg']['f1-score']:.3f}")
PY
  echo "==> 4. Per-language cross-validation and the classifier comparison (EVAL_CLASSIFIERS=${EVAL_CLASSIFIERS:-logreg})"
  "$RASA_BIN/python" scripts/compare_classifiers.py --candidates "${EVAL_CLASSIFIERS:-logreg}" \
    --out "$out/classifiers" || status=1
fi
exit $status
