#!/usr/bin/env bash
# Start api and rasa (which runs the custom actions itself) on 127.0.0.1, wait until each answers
# its health check, and stop both on Ctrl-C (or when one of them dies). Logs go to var/log/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_DIR"
mkdir -p "$OPAS_VAR_DIR/log"
pids=()

stop_all() {
  trap - INT TERM EXIT
  if ((${#pids[@]})); then
    echo; echo "==> Stopping Opas"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop_all INT TERM EXIT

start() {  # name, command...
  local name=$1; shift
  "$@" >"$OPAS_VAR_DIR/log/$name.log" 2>&1 &
  pids+=($!)
  echo "    $name started (pid $!, log var/log/$name.log)"
}

wait_for() {  # name, url, seconds
  local name=$1 url=$2 limit=$3 waited=0
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "!! a process exited early; see var/log/$name.log:"; tail -20 "$OPAS_VAR_DIR/log/$name.log"; exit 1; }
    done
    sleep 0.5; waited=$((waited + 1))
    if ((waited > limit * 2)); then echo "!! $name did not answer $url within $limit s; see var/log/$name.log"; exit 1; fi
  done
  echo "    $name is up ($url)"
}

export PYTHONWARNINGS=ignore  # keep the logs readable: Rasa 3.6 warns about its own dependencies
started=$(date +%s%N)
echo "==> Starting Opas"
# Rasa's channels: REST always; Telegram and WhatsApp only when their settings are in the
# environment (docs/channels.md). The file names the settings as ${VARIABLES}: no secret in it.
credentials="$OPAS_VAR_DIR/credentials.yml"
echo "    channels: $(cd bot && "$RASA_BIN/python" -m components.channels.credentials "$credentials")"
start api "$API_BIN/uvicorn" --factory api.app.main:create_app --host 127.0.0.1 --port "$OPAS_API_PORT" --no-access-log
start rasa bash -c "cd bot && exec '$RASA_BIN/python' rasa_cli.py run --enable-api --auth-token '$OPAS_RASA_TOKEN' \
  -i 127.0.0.1 -p '$OPAS_RASA_PORT' --model '$OPAS_MODEL_DIR' --endpoints '${OPAS_RASA_ENDPOINTS:-endpoints.yml}' \
  --credentials '$credentials' --cors '$OPAS_API_URL'"  # only the API's origin (docs/security.md)
wait_for api "$OPAS_API_URL/health" 60
wait_for rasa "http://127.0.0.1:$OPAS_RASA_PORT/status?token=$OPAS_RASA_TOKEN" 180
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
echo "==> All up in $((elapsed_ms / 1000)).$(( (elapsed_ms % 1000) / 100 )) s"
cat <<MSG

  Chat with Opas:   http://127.0.0.1:$OPAS_API_PORT/  (demo page with the chat widget)
  Chat in this terminal:  make chat        (in a second terminal)
  Rasa REST:        http://127.0.0.1:$OPAS_RASA_PORT/webhooks/rest/webhook
  API docs:         $OPAS_API_URL/docs
MSG
if [ "$OPAS_ENV" = development ]; then cat <<MSG
  Content (staff):  http://127.0.0.1:$OPAS_API_PORT/staff/login  demo coordinators demo.coordinator
                    and demo.reviewer, password demo-coordinator-password (development only)
  Live chats (staff): http://127.0.0.1:$OPAS_API_PORT/staff/inbox  demo advisor demo.porvoo.1
                    (Porvoo; or demo.loviisa.1, ...), password demo-advisor-password (development only)
MSG
fi
cat <<MSG

  Press Ctrl-C to stop.
MSG
if [ -n "${OPAS_RUN_READY_FILE:-}" ]; then touch "$OPAS_RUN_READY_FILE"; fi
wait -n "${pids[@]}"
echo "!! a process stopped; see var/log/"
