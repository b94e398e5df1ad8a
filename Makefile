# coopbot: `make run` starts everything, `make test` runs every test (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
# Rasa 3.6 needs Python 3.10: a pyenv one if present, else whatever uv finds (or installs, given internet).
PY310 ?= $(or $(shell ls -d $$(pyenv root 2>/dev/null)/versions/3.10.*/bin/python 2>/dev/null | tail -1),3.10)
UV := .uv/bin/uv
PY := .venv/bin/python
RASA := .venv-rasa/bin/rasa
PYTEST_ARGS ?=

.PHONY: help envs model run test test-fast bench bench-faults lock catalogs clean

help:
	@echo "make run    - set up, train if needed, migrate, load demo members, start all services"
	@echo "make test   - set up and run the whole test suite (unit, Rasa, end-to-end, browser)"
	@echo "make test-fast - pytest without the end-to-end and browser tests (quick feedback)"
	@echo "make bench  - load test: concurrent simulated members over signed /sms"
	@echo "make bench-faults - registrations under load while a Rasa replica, Redis, the API, the action server or PostgreSQL fails; 1 vs 2 replicas"

$(UV):
	python3 -m venv .uv
	.uv/bin/pip install -q "uv==$(UV_VERSION)"

.venv/.stamp: requirements.lock pyproject.toml | $(UV)
	$(UV) venv -q --allow-existing --python python3 .venv
	$(UV) pip sync -q --python $(PY) requirements.lock
	$(UV) pip install -q --python $(PY) --no-deps -e .
	touch $@

.venv-rasa/.stamp: requirements-rasa.lock | $(UV)
	$(UV) venv -q --allow-existing --python "$(PY310)" .venv-rasa
	$(UV) pip sync -q --python .venv-rasa/bin/python requirements-rasa.lock
	touch $@

envs: .venv/.stamp .venv-rasa/.stamp

## Train the dialogue model only when bot/ config, domain or training data changed.
model: envs
	@scripts/train-model

run: envs model
	@scripts/run

test: envs model
	@scripts/test

test-fast: envs
	@scripts/test fast

bench: envs model
	$(PY) -m tests.bench $(BENCH_ARGS)

## Faults under load (own redis-server per scenario; the machine's services are never stopped).
bench-faults: envs model
	$(PY) -m tests.faults $(FAULTS_ARGS)

## Re-resolve the pinned dependencies after editing pyproject.toml or requirements-rasa.in.
lock: | $(UV)
	$(UV) pip compile -q pyproject.toml --group test --python-version 3.11 -o requirements.lock
	$(UV) pip compile -q requirements-rasa.in --python-version 3.10 -o requirements-rasa.lock

## After changing a text of the member pages, the widget or the mails: refresh the .pot
## files and merge them into each language's .po (then translate what is new; the
## catalogs are read from .po at start, there is nothing to compile).
PYBABEL := .venv/bin/pybabel
catalogs: envs
	$(PYBABEL) extract -F webhook/babel.cfg -k _l -k N_ --no-location --omit-header --sort-output \
		-o webhook/translations/messages.pot .
	$(PYBABEL) update -q -N -w 100 -i webhook/translations/messages.pot -d webhook/translations
	$(PYBABEL) extract -F backend/notify/babel.cfg -k N_ --no-location --omit-header --sort-output \
		-o backend/notify/translations/messages.pot .
	$(PYBABEL) update -q -N -w 100 -i backend/notify/translations/messages.pot -d backend/notify/translations

clean:
	rm -rf .venv .venv-rasa .uv models
