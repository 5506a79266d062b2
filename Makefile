# SSI Coach: `make run` starts the app, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Only this computer: without a login the local app must not be open to the network (and with
# no address set Streamlit asks checkip.amazonaws.com for one to print). A host: ADDRESS=0.0.0.0
ADDRESS ?= localhost
# `make test` runs the suite in two pytest-xdist workers (see tests/conftest.py); 0: in one process.
TEST_WORKERS ?= 2

.PHONY: run test test-fast lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

## Start the app on the embedded DuckDB default (data/ssi.duckdb, or $$SSI_DB).
run: $(VENV)/.runtime
	$(BIN)/streamlit run server.py --server.port $(PORT) --server.address $(ADDRESS) $(ARGS)

## Install what the tests need and run the whole suite (browser tests need /usr/bin/chromium).
test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# Bytecode once, for the dozens of Python processes the suite starts (servers, command-line
	@# runs): with PYTHONDONTWRITEBYTECODE set, as on some machines, each would compile it again.
	$(BIN)/python -m compileall -q -j 0 app.py server.py ssi_core ssi_app pages tests bench
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

## Everything but the real-browser journeys.
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -m "not e2e"

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Speed and memory against the targets (see README).
bench: $(VENV)/.dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
