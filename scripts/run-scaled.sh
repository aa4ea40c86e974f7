#!/usr/bin/env bash
# `make run-scaled`: the production topology on this machine, without Docker (docs/scaling.md).
#
#   nginx on 127.0.0.1:$OPAS_API_PORT  → the API processes   (OPAS_API_PROCESSES, default 2)
#   nginx on 127.0.0.1:$OPAS_RASA_PORT → the Rasa processes  (OPAS_RASA_PROCESSES, default 2)
#   the API's data in PostgreSQL ($OPAS_PG_URL/$OPAS_PG_DATABASE, created when missing);
#   Rasa's conversations (bounded tracker store) and locks in Redis.
#
# The same addresses as `make run` (8000 and 5005 by default). Every process runs under
# scripts/supervise.py, which starts it again whenever it dies; Ctrl-C (or TERM) stops them all.
# Logs and the supervisor's state (who runs with which pid) are in $OPAS_VAR_DIR/scaled/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_DIR"
bash scripts/ensure-nginx.sh
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

dir="$OPAS_VAR_DIR/scaled"
mkdir -p "$dir/log" "$dir/nginx"
api_processes=${OPAS_API_PROCESSES:-2}
rasa_processes=${OPAS_RASA_PROCESSES:-2}
# The processes behind the proxy listen on the ports after it: API_PORT+11.., RASA_PORT+11..
api_base=${OPAS_SCALED_API_BASE:-$((OPAS_API_PORT + 10))}
rasa_base=${OPAS_SCALED_RASA_BASE:-$((OPAS_RASA_PORT + 10))}
pg_url=${OPAS_PG_URL:-postgresql+psycopg://postgres@127.0.0.1:5432}
pg_database=${OPAS_PG_DATABASE:-opas_scaled}

export DATABASE_URL="$pg_url/$pg_database"
# Per API process: 5 connections and 5 more at peaks; 2 processes × 10 stays far below
# PostgreSQL's default max_connections (100) beside the machine's other users.
export OPAS_DB_POOL_SIZE=${OPAS_DB_POOL_SIZE:-5} OPAS_DB_MAX_OVERFLOW=${OPAS_DB_MAX_OVERFLOW:-5}
# Conversations live in Redis (expired by it), not in a SQLite file the API would purge.
unset OPAS_TRACKER_DB
export OPAS_RASA_ENDPOINTS=endpoints.redis.yml SANIC_WORKERS=1
# A turn holds its conversation's lock (a ticket, renewed while it waits: bot/components/
# atomic_lock_store.py) at most this long. The slowest turn is a few seconds (a booking whose API
# calls time out: OPAS_API_TIMEOUT, 3 s each); 15 s is above it, and a turn that died with its
# process holds its conversation no longer than that.
export TICKET_LOCK_LIFETIME=${TICKET_LOCK_LIFETIME:-15}
# The actions and the chat gateway go through the proxy too: a dead process is routed around.
export OPAS_API_URL="http://127.0.0.1:$OPAS_API_PORT" OPAS_RASA_URL="http://127.0.0.1:$OPAS_RASA_PORT"
export PYTHONWARNINGS=ignore

echo "==> PostgreSQL: database $pg_database (created when missing), migrated, data loaded"
"$API_BIN/python" - "$pg_url" "$pg_database" <<'PY'
import sys

import psycopg
from sqlalchemy.engine import make_url

url, name = make_url(sys.argv[1].replace("+psycopg", "")), sys.argv[2]
with psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                     dbname="postgres", autocommit=True) as connection:
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
        connection.execute(f'CREATE DATABASE "{name}"')
PY
"$API_BIN/python" -m api.manage migrate >/dev/null
"$API_BIN/python" -m api.manage load >/dev/null
"$API_BIN/python" -m api.manage load-demo >/dev/null

servers() {  # base count: "server 127.0.0.1:port ...;" lines for nginx
  for i in $(seq 1 "$2"); do echo "    server 127.0.0.1:$(($1 + i)) max_fails=0;"; done
}
sed -e "s|@DIR@|$dir|g" -e "s|@API_PORT@|$OPAS_API_PORT|g" -e "s|@RASA_PORT@|$OPAS_RASA_PORT|g" \
    -e "s|@USER@|$(id -un) $(id -gn)|g" \
    -e "s|@API_SERVERS@|$(servers "$api_base" "$api_processes" | tr '\n' '\a')|" \
    -e "s|@RASA_SERVERS@|$(servers "$rasa_base" "$rasa_processes" | tr '\n' '\a')|" \
    scripts/scaled/nginx.conf | tr '\a' '\n' > "$dir/nginx/nginx.conf"
"$NGINX" -t -q -c "$dir/nginx/nginx.conf" -e "$dir/log/nginx-error.log"

# Rasa's channels as in run.sh: REST always, Telegram and WhatsApp when their settings are set.
credentials="$dir/credentials.yml"
echo "    channels: $(cd bot && "$RASA_BIN/python" -m components.channels.credentials "$credentials")"

{
  echo "nginx: $NGINX -c $dir/nginx/nginx.conf -e $dir/log/nginx-error.log"
  for i in $(seq 1 "$api_processes"); do
    echo "api-$i: $API_BIN/uvicorn --factory api.app.main:create_app --host 127.0.0.1 --port $((api_base + i))" \
         "--no-access-log --proxy-headers --forwarded-allow-ips 127.0.0.1"
  done
  for i in $(seq 1 "$rasa_processes"); do
    echo "rasa-$i: cd bot && exec $RASA_BIN/python rasa_cli.py run --enable-api --auth-token $OPAS_RASA_TOKEN" \
         "-i 127.0.0.1 -p $((rasa_base + i)) --model $OPAS_MODEL_DIR --endpoints endpoints.redis.yml" \
         "--credentials $credentials --cors $OPAS_API_URL"
  done
} > "$dir/Procfile"

started=$(date +%s%N)
echo "==> Starting the scaled topology (logs in $dir/log/)"
"$API_BIN/python" scripts/supervise.py "$dir/Procfile" --log-dir "$dir/log" --state "$dir/state.json" \
  >"$dir/log/supervise.log" 2>&1 &
supervisor=$!
trap 'kill -TERM $supervisor 2>/dev/null; wait $supervisor 2>/dev/null' INT TERM EXIT

wait_for() {  # url seconds
  local waited=0
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    kill -0 $supervisor 2>/dev/null || { echo "!! the supervisor stopped; see $dir/log/"; exit 1; }
    sleep 0.5; waited=$((waited + 1))
    ((waited <= $2 * 2)) || { echo "!! $1 did not answer within $2 s; see $dir/log/"; exit 1; }
  done
}
for i in $(seq 1 "$api_processes"); do wait_for "http://127.0.0.1:$((api_base + i))/health" 120; done
for i in $(seq 1 "$rasa_processes"); do
  wait_for "http://127.0.0.1:$((rasa_base + i))/status?token=$OPAS_RASA_TOKEN" 300
done
wait_for "http://127.0.0.1:$OPAS_API_PORT/health" 10
wait_for "http://127.0.0.1:$OPAS_RASA_PORT/status?token=$OPAS_RASA_TOKEN" 10
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
echo "==> All up in $((elapsed_ms / 1000)).$(( (elapsed_ms % 1000) / 100 )) s: $api_processes API and $rasa_processes Rasa processes behind nginx"
cat <<MSG

  Chat with Opas:   http://127.0.0.1:$OPAS_API_PORT/
  Rasa REST:        http://127.0.0.1:$OPAS_RASA_PORT/webhooks/rest/webhook
  Who runs where:   $dir/state.json (the supervisor starts any process that dies again)

  Press Ctrl-C to stop.
MSG
if [ -n "${OPAS_RUN_READY_FILE:-}" ]; then touch "$OPAS_RUN_READY_FILE"; fi
wait $supervisor
