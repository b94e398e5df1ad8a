# coopbot: `make run` starts everything, `make test` runs every test (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
# Rasa 3.6 needs Python 3.10: the newest pyenv 3.10 if present (version order: 3.10.13 after
# 3.10.9), else whatever uv finds (or installs, given internet).
PY310 ?= $(or $(shell ls -d $$(pyenv root 2>/dev/null)/versions/3.10.*/bin/python 2>/dev/null | sort -V | tail -1),3.10)
UV := .uv/bin/uv
PY := .venv/bin/python
RASA := .venv-rasa/bin/rasa
PYTEST_ARGS ?=

.PHONY: help envs model run test test-fast bench bench-faults bench-import lock catalogs clean

## List every target (each target's "##" comment above it).
help:
	@awk '/^## /{doc=substr($$0, 4); next} /^[a-z][a-z-]*:/{if (doc) printf "make %-12s %s\n", substr($$1, 1, length($$1)-1), doc; doc=""; next} {doc=""}' $(MAKEFILE_LIST)


$(UV):
	python3 -m venv .uv
	.uv/bin/pip install -q "uv==$(UV_VERSION)"

.venv/.stamp: requirements.lock pyproject.toml | $(UV)
	$(UV) venv -q --allow-existing --python python3 .venv
	$(UV) pip sync -q --python $(PY) requirements.lock
	$(UV) pip install -q --python $(PY) --no-deps -e .
	touch $@

# --compile-bytecode: Rasa and TensorFlow are compiled once here, in parallel, instead of
# during the first training or start (about 20 s of a fresh machine's first `make model`).
.venv-rasa/.stamp: requirements-rasa.lock | $(UV)
	$(UV) venv -q --allow-existing --python "$(PY310)" .venv-rasa
	$(UV) pip sync -q --compile-bytecode --python .venv-rasa/bin/python requirements-rasa.lock
	touch $@

## Create the environments: .venv (Python 3.11) and .venv-rasa (Python 3.10, Rasa).
envs: .venv/.stamp .venv-rasa/.stamp

## Train the dialogue model only when bot/ config, domain or training data changed.
model: envs
	@scripts/train-model

## Set up, train if needed, migrate, load demo members, run every service supervised (restarted when one dies).
run: envs model
	@scripts/run

## Set up and run the whole test suite (unit, Rasa, end-to-end, browser).
test: envs model
	@scripts/test

## pytest without the end-to-end and browser tests (quick feedback).
test-fast: envs
	@scripts/test fast

## Load test: concurrent simulated members over signed /sms.
bench: envs model
	$(PY) -m tests.bench $(BENCH_ARGS)

## Registrations under load while a process of the `make run` stack is killed, or Redis or PostgreSQL fails.
bench-faults: envs model
	$(PY) -m tests.faults $(FAULTS_ARGS)

## Time a nightly `coopbot members import --full-sync` of 300,000 members (target: under 2 minutes).
bench-import: envs
	$(PY) -m tests.bench_import $(BENCH_IMPORT_ARGS)

## Re-resolve the pinned dependencies after editing pyproject.toml or requirements-rasa.in.
lock: | $(UV)
	$(UV) pip compile -q pyproject.toml --group test --python-version 3.11 -o requirements.lock
	$(UV) pip compile -q requirements-rasa.in --python-version 3.10 -o requirements-rasa.lock

PYBABEL := .venv/bin/pybabel
# The catalogs are read from .po at start: there is nothing to compile.
## Refresh every catalog (replies; the web app's pages, widget and channel texts; mails) after a text changed; then translate what is new.
catalogs: envs
	@mkdir -p -m 700 var
	$(PYBABEL) extract -F webhook/babel.cfg -k _l -k N_ --no-location --omit-header --sort-output \
		-o webhook/translations/messages.pot .
	$(PYBABEL) -q update -N --ignore-obsolete -w 100 -i webhook/translations/messages.pot -d webhook/translations
	$(PYBABEL) extract -F backend/notify/babel.cfg -k N_ --no-location --omit-header --sort-output \
		-o backend/notify/translations/messages.pot .
	$(PYBABEL) -q update -N --ignore-obsolete -w 100 -i backend/notify/translations/messages.pot -d backend/notify/translations
	$(PYBABEL) extract -k N_ -k ngettext:1,2 --no-location --omit-header --sort-output -o var/actions.pot actions/messages.py common/security_questions.py
	$(PYBABEL) -q update -N --ignore-obsolete -w 100 -i var/actions.pot -d actions/locale -D messages

## Remove the environments and the trained models.
clean:
	rm -rf .venv .venv-rasa .uv models
