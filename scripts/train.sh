#!/usr/bin/env bash
# Train the Rasa model when its inputs changed since the last training, and only then.
# Inputs: the bot's config, domain, training data, lexicons and custom components, and the
# municipality data the extractor is built from.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_DIR"
fingerprint=$(find bot/config.yml bot/domain bot/data bot/lexicon bot/components data/municipalities.yml \
  -type f \( -name '*.yml' -o -name '*.py' \) -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
stamp="$OPAS_MODEL_DIR/.fingerprint"
if [ "${1:-}" != "--force" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ] && \
   ls "$OPAS_MODEL_DIR"/*.tar.gz >/dev/null 2>&1; then
  echo "==> Rasa model is up to date ($fingerprint)"
  exit 0
fi
echo "==> Training the Rasa model (inputs changed; about a minute)"
mkdir -p "$OPAS_MODEL_DIR"
start=$(date +%s)
mkdir -p "$OPAS_VAR_DIR/log"
log="$OPAS_VAR_DIR/log/train.log"
# Rasa 3.6 and its old dependencies print pages of warnings: keep them in the log, not on screen.
if ! (cd bot && "$RASA_BIN/python" rasa_cli.py train --config config.yml --domain domain --data data \
      --out "$OPAS_MODEL_DIR" --fixed-model-name opas --quiet) >"$log" 2>&1; then
  echo "!! Training failed; the end of $log:"; tail -30 "$log"; exit 1
fi
echo "$fingerprint" > "$stamp"
echo "==> Trained in $(( $(date +%s) - start )) s: $OPAS_MODEL_DIR/opas.tar.gz"
