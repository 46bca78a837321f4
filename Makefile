# Summitry: `make run` starts the platform with its demo summit; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDRESS ?= 127.0.0.1:8000
# Links in e-mails, calendar feeds and schedule.json point at the server that sent them: the
# address `make run` serves on, unless SUMMITRY_SITE_URL says otherwise.
SITE_URL := $(or $(SUMMITRY_SITE_URL),http://$(ADDRESS))

.PHONY: run install messages messages-check test test-postgres lint clean

run: install
	@mkdir -p var
	$(BIN)/summitry migrate --noinput
	SUMMITRY_SITE_URL=$(SITE_URL) $(BIN)/summitry demo load wcsmf2023
	SUMMITRY_SITE_URL=$(SITE_URL) $(BIN)/summitry demo load ssc2023
	SUMMITRY_SITE_URL=$(SITE_URL) $(BIN)/summitry demo load cac2020
	@echo
	@echo "  Summitry is running at http://$(ADDRESS)/  (demo summit: http://$(ADDRESS)/wcsmf2023/)"
	@echo "  Back office: http://$(ADDRESS)/admin/  demo organiser login: organiser / summitry-demo"
	@echo "  Seoul Smart City Prize: http://$(ADDRESS)/ssc2023/  (applicant / judge / protocol: password summitry-demo)"
	@echo "  CAC Global Summit 2020 (online and hybrid): http://$(ADDRESS)/cac2020/"
	@echo
	SUMMITRY_SITE_URL=$(SITE_URL) $(BIN)/summitry runserver $(ADDRESS)

install: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python scripts/compile_catalogues.py

# Browser libraries (the scanner's QR decoder) come from the npm registry, pinned with their
# hashes in package-lock.json, and are served as static files from node_modules (settings).
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || bash scripts/ensure-system-packages
	npm ci --ignore-scripts --no-audit --no-fund

$(STAMP): requirements/lock.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "Summitry needs Python 3.11 (found $$($(PYTHON) --version))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Refresh the catalogues from the code (needs GNU gettext: apt-get install gettext).
# Capabilities may keep a catalogue of their own (src/summitry/<app>/locale): extracted there
# and left out of the central one, so that each capability's strings stay in its folder.
OWN_CATALOGUES := $(patsubst src/summitry/%/locale,%,$(wildcard src/summitry/*/locale))
messages: $(STAMP)
	cd src/summitry && ../../$(BIN)/summitry makemessages --no-obsolete --no-location -l ko -l en $(addprefix --ignore=,$(OWN_CATALOGUES))
	for app in $(OWN_CATALOGUES); do \
	  (cd src/summitry/$$app && ../../../$(BIN)/summitry makemessages --no-obsolete --no-location -l ko -l en) || exit 1; \
	done
	$(BIN)/python scripts/fill_english_catalogue.py

# Every UI string is in both catalogues and translated (used by CI).
messages-check: $(STAMP)
	$(BIN)/python scripts/check_catalogues.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/lint-imports --no-cache

# The suite runs in parallel, a worker per core (PYTEST_WORKERS=0 runs it in one process); a
# test file stays in one worker, so module fixtures such as the browser start once.
PYTEST_WORKERS ?= auto
test: install
	bash scripts/ensure-system-packages
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --cov --cov-report=term --cov-fail-under=85 $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(MAKE) test

clean:
	rm -rf $(VENV) var .pytest_cache .coverage node_modules
