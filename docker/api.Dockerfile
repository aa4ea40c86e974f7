# syntax=docker/dockerfile:1
# The API image (`api` service of docker-compose.yml): FastAPI on Python 3.11.
# Build from the repository root:  docker build -f docker/api.Dockerfile -t opas-api .
# On start it migrates the database and loads data/ (both idempotent), then serves on port 8000.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    OPAS_ENV=production

RUN groupadd --system --gid 10001 opas \
 && useradd --system --uid 10001 --gid opas --home-dir /home/opas --create-home opas \
 && python -m venv /opt/venv

WORKDIR /app

# Dependencies first, so that this layer is rebuilt only when the lock changes.
COPY requirements/api.in requirements/api.lock.txt requirements/
RUN pip install -c requirements/api.lock.txt -r requirements/api.in

COPY placenames/ placenames/
COPY booking_rules/ booking_rules/
COPY locales/ locales/
COPY data/ data/
COPY api/ api/

# Compiled catalogs are built, not committed (locales/.gitignore); compiling them here spares
# every process compiling them in memory at start. The loop does nothing when there are none.
RUN for po in locales/*/LC_MESSAGES/*.po; do \
      [ -e "$po" ] || continue; \
      pybabel compile --statistics --input-file "$po" --output-file "${po%.po}.mo" || exit 1; \
    done \
 && mkdir -p /app/var \
 && chown opas:opas /app/var

USER opas
EXPOSE 8000

# Migrations and the data load are idempotent; `exec` makes uvicorn PID 1 so that it gets SIGTERM.
CMD ["sh", "-c", "python -m api.manage migrate && python -m api.manage load && exec uvicorn --factory api.app.main:create_app --host 0.0.0.0 --port 8000 --no-access-log --proxy-headers --forwarded-allow-ips '*'"]
