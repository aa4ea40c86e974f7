# Opas: `make run` starts everything, `make test` runs the whole suite. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV       := .venv
RASA_VENV  := $(VENV)/rasa
API_VENV   := $(VENV)/api
RASA_PY    := $(RASA_VENV)/bin/python
API_PY     := $(API_VENV)/bin/python
PIP_FLAGS  := --quiet --disable-pip-version-check --no-input

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install run test eval bench i18n bot-train bot-validate bot-test bot-crossval lint clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# --- environments: created when missing, reinstalled only when their lock file changes ---------
$(RASA_VENV)/.installed: requirements/rasa.in requirements/rasa.lock.txt
	@echo "==> Rasa environment (Python 3.10; about 2 minutes and 2.8 GB the first time)"
	@py=$$(scripts/find-python.sh 3.10) && { [ -x $(RASA_PY) ] || $$py -m venv $(RASA_VENV); }
	@$(RASA_PY) -m pip install $(PIP_FLAGS) -c requirements/rasa.lock.txt -r requirements/rasa.in
	@touch $@

$(API_VENV)/.installed: requirements/api.in requirements/api.lock.txt
	@echo "==> API environment (Python 3.11)"
	@py=$$(scripts/find-python.sh 3.11) && { [ -x $(API_PY) ] || $$py -m venv $(API_VENV); }
	@$(API_PY) -m pip install $(PIP_FLAGS) -c requirements/api.lock.txt -r requirements/api.in
	@touch $@

install: $(RASA_VENV)/.installed $(API_VENV)/.installed ## create both environments (only what is missing)
