# Two commands (see README):
#   make run   set up, create the embedded database with the bundled data, list the newest
#              incidents, then serve the web application on http://127.0.0.1:8000
#   make test  set up, start the PostgreSQL test cluster, run lint, types and every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	bash scripts/install-pdf-libraries || echo "warning: PDF reports need Pango (see README)" >&2
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/cdt init
	$(BIN)/cdt incidents list --limit 10
	$(BIN)/cdt serve

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP)
	bash scripts/test-suite

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
