# Xihu PB. Needs only Python 3.11, make and git; everything else is installed here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup bench e2e lint messages clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(STAMP)

## make run: migrate the SQLite default, load the demo district if empty, serve on :8000
run: setup
	$(BIN)/xihu migrate --noinput -v 0
	$(BIN)/xihu demo
	@echo "Serving on http://127.0.0.1:8000  (Ctrl-C to stop)"
	$(BIN)/xihu serve 127.0.0.1:8000

## make test: lint, the engine's import contract, then the whole suite
test: setup lint
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

e2e: setup
	$(BIN)/pytest tests/e2e

bench: setup
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

## make messages: refresh the translation catalogues (needs GNU gettext) and compile them.
## The project catalogue holds the foundation's strings; each stage app keeps its own.
MSG_FLAGS := -l zh_Hans --no-obsolete --no-location
messages: setup
	cd src/xihu && ../../$(BIN)/xihu makemessages $(MSG_FLAGS) --ignore "engine/*" \
	  --ignore "apps/proposals/*" --ignore "apps/assemblies/*" --ignore "apps/ballots/*" \
	  --ignore "apps/voting/*" --ignore "apps/results/*" --ignore "apps/manage/*" --ignore "apps/insights/*"
	for app in proposals assemblies ballots voting results manage insights; do \
	  (cd src/xihu/apps/$$app && ../../../../$(BIN)/xihu makemessages $(MSG_FLAGS)) || exit 1; done
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) var
