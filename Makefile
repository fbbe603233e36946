# Two commands for a fresh machine with Python 3.11+:
#   make run    start the workbench on a demo database (created on first start)
#   make test   lint, type-check and run the whole test suite
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bundle bundle-check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,build]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/liaison --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	bash tools/postgres.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bundle: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec

# Build the offline bundle and run its self-test on a fresh data folder.
bundle-check: bundle
	$(BIN)/python tools/bundle_check.py dist/liaison

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf build dist
