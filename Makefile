# The two README commands. Everything installs from this repository's own files.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint setup bench

$(BIN)/tracker: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/tracker

setup: $(BIN)/tracker

# Ingest the five seed referater into the embedded SQLite database and list their follow-ups.
demo: setup
	$(BIN)/tracker ingest seeds/
	$(BIN)/tracker list --status all --as-of 2019-04-15

# Lint, type-check and run the whole test suite.
test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python benchmarks/run.py
