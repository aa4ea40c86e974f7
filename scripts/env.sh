# Shared settings of the local processes; sourced by run.sh, train.sh and the end-to-end tests.
# Everything binds to 127.0.0.1; ports and secrets can be overridden from the environment.
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_DIR
export PYTHONPATH="$REPO_DIR${PYTHONPATH:+:$PYTHONPATH}"
export OPAS_ENV="${OPAS_ENV:-development}"
export OPAS_API_PORT="${OPAS_API_PORT:-8000}"
export OPAS_RASA_PORT="${OPAS_RASA_PORT:-5005}"
export OPAS_API_URL="${OPAS_API_URL:-http://127.0.0.1:$OPAS_API_PORT}"
export OPAS_PUBLIC_URL="${OPAS_PUBLIC_URL:-http://127.0.0.1:$OPAS_API_PORT}"
export OPAS_RASA_URL="${OPAS_RASA_URL:-http://127.0.0.1:$OPAS_RASA_PORT}"  # the API's chat gateway forwards here
export OPAS_SERVICE_TOKEN="${OPAS_SERVICE_TOKEN:-opas-dev-service-token}"
export OPAS_RASA_TOKEN="${OPAS_RASA_TOKEN:-dev-rasa-token}"
export OPAS_VAR_DIR="${OPAS_VAR_DIR:-$REPO_DIR/var}"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$OPAS_VAR_DIR/opas.db}"
export OPAS_TRACKER_DB="${OPAS_TRACKER_DB:-$OPAS_VAR_DIR/tracker.db}"
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}" REDIS_PORT="${REDIS_PORT:-6379}" REDIS_TRACKER_DB="${REDIS_TRACKER_DB:-1}" \
  REDIS_LOCK_DB="${REDIS_LOCK_DB:-2}"
# How long a conversation is kept after its last message (the Redis tracker store expires it).
export OPAS_TRACKER_RETENTION_SECONDS="${OPAS_TRACKER_RETENTION_SECONDS:-2592000}"
export OPAS_MODEL_DIR="${OPAS_MODEL_DIR:-$OPAS_VAR_DIR/models}"
export SANIC_HOST=127.0.0.1
# Rasa server processes; more than one needs the Redis stores (bot/endpoints.redis.yml).
export SANIC_WORKERS="${OPAS_RASA_WORKERS:-1}"
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONDONTWRITEBYTECODE=1
RASA_BIN="$REPO_DIR/.venv/rasa/bin"
API_BIN="$REPO_DIR/.venv/api/bin"
