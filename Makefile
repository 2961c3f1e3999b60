# Fulcrum's two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-postgres lint typecheck check-migrations ci chromium demo clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Fulcrum needs Python 3.11 or newer; found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

## Install Fulcrum, prepare the SQLite database with the demo workspace, serve on 127.0.0.1:8000.
run: $(STAMP)
	$(BIN)/fulcrum run

## Install what the tests need (Debian's chromium where apt is available) and run every test.
test: $(TEST_STAMP) chromium
	$(BIN)/pytest

chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		(apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null) \
			|| echo "Could not install chromium; browser tests will be skipped."; \
	elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		(sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null) \
			|| echo "Could not install chromium; browser tests will be skipped."; \
	else echo "No /usr/bin/chromium and no apt: browser tests will be skipped."; fi

## The suite against PostgreSQL at 127.0.0.1:5432 (FULCRUM_DB_* override the defaults).
test-postgres: $(TEST_STAMP) chromium
	FULCRUM_DB=postgres $(BIN)/pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

check-migrations: $(TEST_STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

ci:
	bash .ci/run

demo: $(STAMP)
	$(BIN)/fulcrum demo

clean:
	rm -rf $(VENV) var test-artifacts
