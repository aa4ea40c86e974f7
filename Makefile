# Opas: `make run` starts everything, `make test` runs the whole suite. `make help` lists the rest.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

VENV       := .venv
RASA_VENV  := $(VENV)/rasa
API_VENV   := $(VENV)/api
RASA_PY    := $(RASA_VENV)/bin/python
API_PY     := $(API_VENV)/bin/python
PIP_FLAGS  := --quiet --disable-pip-version-check --no-input
# pip repeats a harmless warning for every local index folder it cannot use: keep the rest.
PIP_QUIET  := { grep -v "is ignored: it is neither a file nor a directory" || true; }

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install data admin run run-scaled chat test browser-deps eval bench i18n bot-train bot-validate lint clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# --- environments: created when missing, reinstalled only when their lock file changes ---------
$(RASA_VENV)/.installed: requirements/rasa.in requirements/rasa.lock.txt
	@echo "==> Rasa environment (Python 3.10; about 2 minutes and 2.8 GB the first time)"
	@py=$$(scripts/find-python.sh 3.10) && { [ -x $(RASA_PY) ] || $$py -m venv $(RASA_VENV); }
	@$(RASA_PY) -m pip install $(PIP_FLAGS) -c requirements/rasa.lock.txt -r requirements/rasa.in 2>&1 | $(PIP_QUIET)
	@touch $@

$(API_VENV)/.installed: requirements/api.in requirements/api.lock.txt
	@echo "==> API environment (Python 3.11)"
	@py=$$(scripts/find-python.sh 3.11) && { [ -x $(API_PY) ] || $$py -m venv $(API_VENV); }
	@$(API_PY) -m pip install $(PIP_FLAGS) -c requirements/api.lock.txt -r requirements/api.in 2>&1 | $(PIP_QUIET)
	@touch $@

install: $(RASA_VENV)/.installed $(API_VENV)/.installed ## create both environments (only what is missing)

# --- running -----------------------------------------------------------------------------------
data: install ## migrate the database, load the programme data and the DEMO advisors (idempotent)
	@source scripts/env.sh && mkdir -p "$$OPAS_VAR_DIR" && \
	  echo "==> Database: migrating and loading data/" && \
	  $(API_PY) -m api.manage migrate && $(API_PY) -m api.manage load && $(API_PY) -m api.manage load-demo

admin: data ## create a staff admin for the staff pages (/staff/login); asks for a password
	@source scripts/env.sh && $(API_PY) -m api.manage create-admin $(if $(USERNAME),--username $(USERNAME),)

i18n: $(API_VENV)/.installed ## extract, update and compile the Babel catalogs
	@scripts/i18n.sh

bot-train: $(RASA_VENV)/.installed ## train the Rasa model if its inputs changed (--force: make bot-train FORCE=1)
	@scripts/train.sh $(if $(FORCE),--force,)

bot-validate: $(RASA_VENV)/.installed ## check the bot's domain and training data (rasa data validate)
	@cd bot && ../$(RASA_VENV)/bin/rasa data validate --config config.yml --domain domain --data data --fail-on-warnings

run: data bot-train ## install what is missing, migrate, load data, train when needed, start everything
	@scripts/run.sh

run-scaled: install bot-train ## the production topology without Docker: nginx, 2 API + 2 Rasa processes, PostgreSQL, Redis, supervised
	@scripts/run-scaled.sh

chat: ## chat with the running bot in the terminal
	@python3 scripts/chat.py

# --- checking ----------------------------------------------------------------------------------
test: data bot-train browser-deps ## install what is missing and run the whole suite (what CI runs)
	@scripts/test.sh

browser-deps: ## Debian's chromium and axe-core for the widget's browser tests (only what is missing)
	@scripts/ensure-chromium.sh

lint: $(API_VENV)/.installed ## ruff on the Python code
	@$(API_VENV)/bin/ruff check api actions bot/components bot/rasa_cli.py placenames locales tests scripts
	@$(API_VENV)/bin/python scripts/audit.py  # pip-audit of both environments; skipped offline (docs/security.md)

eval: data bot-train ## dev-set report, Rasa test stories and NLU cross-validation (not in CI)
	@scripts/eval.sh

clean: ## remove the trained model, the database and logs (keeps the environments)
	rm -rf var

bench: data bot-train ## speed and memory figures (starts its own stack; results in var/bench/)
	@source scripts/env.sh && $(API_PY) scripts/bench.py $(BENCH_ARGS)
