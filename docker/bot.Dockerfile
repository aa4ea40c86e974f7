# syntax=docker/dockerfile:1
# The bot image: the `rasa` service of docker-compose.yml (Rasa Open Source 3.6). The custom
# actions (actions/) run inside the Rasa process (`action_endpoint: {actions_module: actions}`,
# bot/components/in_process_actions.py): there is no action server and no port 5055.
# Build from the repository root:  docker build -f docker/bot.Dockerfile -t opas-bot .
# The model is trained here, so the container starts with one; a change to bot/, actions/,
# data/, locales/ or placenames/ retrains it on the next build (Docker's layer cache).
FROM python:3.10-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    HOME=/home/opas \
    RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1

RUN groupadd --system --gid 10001 opas \
 && useradd --system --uid 10001 --gid opas --home-dir /home/opas --create-home opas \
 && python -m venv /opt/venv

WORKDIR /app

# Dependencies first (about 2.8 GB, TensorFlow included): rebuilt only when the lock changes.
COPY requirements/rasa.in requirements/rasa.lock.txt requirements/
RUN pip install -c requirements/rasa.lock.txt -r requirements/rasa.in

# placenames/, locales/ and data/ are shared with the API; the components and actions import them
# (data/municipalities.yml and the rest are read at run time). PYTHONPATH=/app lets Rasa, which runs
# in /app/bot, import `actions`, `locales` and `placenames`.
COPY placenames/ placenames/
COPY booking_rules/ booking_rules/
COPY locales/ locales/
COPY data/ data/
COPY bot/ bot/
COPY actions/ actions/

# The catalogs the NLG falls back to when the API does not answer: compiled here, not committed.
RUN for po in locales/*/LC_MESSAGES/*.po; do \
      [ -e "$po" ] || continue; \
      pybabel compile --statistics --input-file "$po" --output-file "${po%.po}.mo" || exit 1; \
    done

# Rasa runs with bot/endpoints.redis.yml, the endpoints of the local scaled setup: the actions in
# process, the tracker store and the lock store in Redis. Conversations are kept in Redis, not
# PostgreSQL: faster on this 2-core machine (docs/performance.md), and Redis expires each one
# OPAS_TRACKER_RETENTION_SECONDS after its last event (record_exp), the retention rule for
# conversations. The build stops if the file names an action server URL (this image runs none) or
# puts a store anywhere but Redis. Rasa fills each ${VAR} from the environment when it starts and
# stops if one is unset (the variables: docker/README.md).
RUN python - bot/endpoints.redis.yml <<'PY'
import sys

import yaml

source = sys.argv[1]
with open(source, encoding="utf-8") as f:
    endpoints = yaml.safe_load(f)
if not isinstance(endpoints, dict):
    sys.exit(f"{source}: not a mapping of endpoints")
problems = []
action_endpoint = endpoints.get("action_endpoint")
if action_endpoint != {"actions_module": "actions"}:
    problems.append(f"action_endpoint must be {{actions_module: actions}} (no action server runs in "
                    f"Docker), not {action_endpoint!r}")
# Rasa's Redis stores, or Opas's versions of them (bounded conversations, atomic tickets).
redis_types = {"tracker_store": {"redis", "components.bounded_tracker.boundedredistrackerstore"},
               "lock_store": {"redis", "components.atomic_lock_store.atomicredislockstore"}}
for store, allowed in redis_types.items():
    config = endpoints.get(store)
    kind = config.get("type") if isinstance(config, dict) else None
    if not isinstance(kind, str) or kind.lower() not in allowed:
        problems.append(f"{store} must be of type redis, not {config!r}")
tracker_store = endpoints.get("tracker_store")
if isinstance(tracker_store, dict) and not tracker_store.get("record_exp"):
    problems.append("tracker_store must expire conversations: record_exp: ${OPAS_TRACKER_RETENTION_SECONDS}")
if problems:
    sys.exit("\n".join(f"{source}: {problem}" for problem in problems))
PY

RUN mkdir -p /app/var/models && chown -R opas:opas /app/var
USER opas

# Trained from bot/ as `make run` serves it: the components load as `components.*` (Rasa puts the
# working directory on sys.path) and the repository root is on PYTHONPATH.
WORKDIR /app/bot
RUN RASA_CACHE_DIRECTORY=/tmp/rasa-cache rasa train \
      --config config.yml --domain domain --data data \
      --out /app/var/models --fixed-model-name opas \
 && rm -rf /tmp/rasa-cache

EXPOSE 5005

# The HTTP API is never left open: no OPAS_RASA_TOKEN, no start. `exec` makes Rasa PID 1 (SIGTERM).
# The channels file is written at start from the environment (REST always; Telegram and WhatsApp
# when their OPAS_TELEGRAM_* / OPAS_TWILIO_* settings are set; docs/channels.md), naming the
# settings as ${VARIABLES}: no secret is written into it.
CMD ["sh", "-c", ": \"${OPAS_RASA_TOKEN:?OPAS_RASA_TOKEN must be set}\"; python -m components.channels.credentials /tmp/credentials.yml && exec python rasa_cli.py run --enable-api --auth-token \"$OPAS_RASA_TOKEN\" --interface 0.0.0.0 --port 5005 --model /app/var/models --endpoints /app/bot/endpoints.redis.yml --credentials /tmp/credentials.yml"]
