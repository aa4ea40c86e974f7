#!/usr/bin/env bash
# The whole suite: the bot's and the actions' tests in the Rasa environment, then the API, data,
# i18n, deployment and end-to-end tests in the API environment (the end-to-end tests start one
# stack on spare ports and share it). Prints one closing line with the totals of both runs.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_DIR"
results="$OPAS_VAR_DIR/test-results"
rm -rf "$results"; mkdir -p "$results"
status=0
echo "==> Bot and action tests (Rasa environment)"
"$RASA_BIN/python" -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning tests/bot tests/components tests/actions \
  --junitxml="$results/rasa.xml" "$@" || status=1
echo "==> API, data, i18n, deployment and end-to-end tests (API environment)"
"$API_BIN/python" -m pytest -q -p no:cacheprovider --ignore=tests/bot --ignore=tests/components \
  --ignore=tests/actions --junitxml="$results/api.xml" "$@" || status=1
"$API_BIN/python" - "$results" <<'PY'
import sys, pathlib, xml.etree.ElementTree as ET
totals = dict(tests=0, failures=0, errors=0, skipped=0)
for path in pathlib.Path(sys.argv[1]).glob("*.xml"):
    for suite in ET.parse(path).getroot().iter("testsuite"):
        for key in totals:
            totals[key] += int(suite.get(key, 0))
failed = totals["failures"] + totals["errors"]
passed = totals["tests"] - failed - totals["skipped"]
print(f"total: {passed} passed, {failed} failed, {totals['skipped']} skipped")
if totals["tests"] == 0:
    sys.exit(1)
PY
[ $? -eq 0 ] || status=1
exit $status
