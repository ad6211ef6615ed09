# Xihu PB. Needs only Python 3.11, make and git; everything else is installed here (Leaflet with
# npm: the host's, else one installed into .venv/ from PyPI).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: run test setup bench e2e lint messages clean

RUN_STAMP := $(VENV)/.installed-run

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip --upgrade >/dev/null
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(RUN_STAMP)

## Leaflet from its npm package (frontend/package-lock.json pins it with its sha512 hash)
LEAFLET := src/xihu/apps/maps/static/vendor/leaflet/VERSION
$(LEAFLET): frontend/package.json frontend/package-lock.json scripts/vendor_frontend.py
	$(PYTHON) scripts/vendor_frontend.py
	@touch $@

setup: $(STAMP) $(LEAFLET)

## What `make run` needs, and no more: the platform without the test tools, no byte-compiling
## at install (Python compiles what it imports). uv (a fast installer, from PyPI like the rest)
## installs it in about 15 s where pip took 1-2 minutes, most of it waiting on the index; without
## a pip on the host, or if uv fails, pip does it (docs/decisions.md).
UV_INSTALL  = $(PYTHON) -m pip --python $(BIN)/python install --quiet --disable-pip-version-check uv \
              && $(BIN)/uv pip install --quiet --python $(BIN)/python -e .
PIP_INSTALL = ($(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip >/dev/null) \
              && $(BIN)/python -m pip install --quiet --no-compile --disable-pip-version-check -e .

$(RUN_STAMP): pyproject.toml
	@echo "[1/3] Installing Xihu and its libraries into $(VENV)/ (first run only) ..."
	@test -x $(BIN)/python || $(PYTHON) -m venv --without-pip $(VENV)
	@{ $(UV_INSTALL); } 2>/dev/null || { echo "      (with pip: slower)"; $(PIP_INSTALL); }
	@touch $@

## make run: migrate the SQLite default and load the demo (the simulated 2017-18 pilot) if they
## are not there yet (one process, SQLite tuned for the load: apps/simulation/loadmode.py), then
## serve on :8000
run: $(RUN_STAMP) $(LEAFLET)
	@echo "[2/3] Preparing the database (var/xihu.sqlite3) and the demo ..."
	@$(BIN)/xihu demo
	@echo "[3/3] Serving on http://127.0.0.1:$(PORT)  (Ctrl-C to stop)"
	@$(BIN)/xihu serve 127.0.0.1:$(PORT)

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
	  --ignore "apps/voting/*" --ignore "apps/results/*" --ignore "apps/manage/*" --ignore "apps/insights/*" --ignore "apps/maps/*"
	for app in proposals assemblies ballots voting results manage insights maps; do \
	  (cd src/xihu/apps/$$app && ../../../../$(BIN)/xihu makemessages $(MSG_FLAGS)) || exit 1; done
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) var frontend/node_modules src/xihu/apps/maps/static/vendor
