# Two commands for a fresh machine with Python 3.11+:
#   make run    start the workbench on a demo database (created on first start)
#   make test   lint, type-check and run the whole test suite
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint translations qm bundle bundle-check bench clean

TS := resources/i18n/liaison_en.ts
QM := $(TS:.ts=.qm)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,build]'
	touch $(STAMP)

# On Linux, first the system libraries Qt's window needs (installed with apt-get where it can).
run: $(STAMP) qm
	$(BIN)/python tools/qt_system_libs.py
	$(BIN)/liaison --demo

# Chinese is the source language of every string; `make translations` refreshes the English
# catalogue from the code (then fill in the new entries), `make qm` compiles it.
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find desktop/ui -name '*.py') -ts $(TS) -no-obsolete

qm: $(QM)

$(QM): $(TS) $(STAMP)
	$(BIN)/pyside6-lrelease $(TS) -qm $(QM)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint qm
	bash tools/postgres.sh
	bash tools/chromium.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bundle: $(STAMP) qm
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec

# Build the offline bundle and run its self-test on a fresh data folder.
bundle-check: bundle
	$(BIN)/python tools/bundle_check.py dist/liaison

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf build dist
