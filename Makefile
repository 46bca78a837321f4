# Summitry: `make run` starts the platform with its demo summit; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCALE := src/summitry/locale
ADDRESS ?= 127.0.0.1:8000

.PHONY: run install messages messages-check test test-postgres lint clean

run: install
	@mkdir -p var
	$(BIN)/summitry migrate --noinput
	$(BIN)/summitry demo load wcsmf2023
	$(BIN)/summitry demo load ssc2023
	@echo
	@echo "  Summitry is running at http://$(ADDRESS)/  (demo summit: http://$(ADDRESS)/wcsmf2023/)"
	@echo "  Back office: http://$(ADDRESS)/admin/  demo organiser login: organiser / summitry-demo"
	@echo "  Seoul Smart City Prize: http://$(ADDRESS)/ssc2023/  (applicant / judge / protocol: password summitry-demo)"
	@echo
	$(BIN)/summitry runserver $(ADDRESS)

install: $(STAMP) $(LOCALE)/ko/LC_MESSAGES/django.mo $(LOCALE)/en/LC_MESSAGES/django.mo

$(STAMP): requirements/lock.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "Summitry needs Python 3.11 (found $$($(PYTHON) --version))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Catalogues are compiled with Babel, so no system gettext is needed to run Summitry.
$(LOCALE)/%/LC_MESSAGES/django.mo: $(LOCALE)/%/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/pybabel compile --statistics -D django -d $(LOCALE) -l $*

# Refresh the catalogues from the code (needs GNU gettext: apt-get install gettext).
messages: $(STAMP)
	cd src/summitry && ../../$(BIN)/summitry makemessages --no-obsolete --no-location -l ko -l en
	$(BIN)/python scripts/fill_english_catalogue.py

# Every UI string is in both catalogues and translated (used by CI).
messages-check: $(STAMP)
	$(BIN)/python scripts/check_catalogues.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/lint-imports --no-cache

test: install
	bash scripts/ensure-system-packages
	$(BIN)/pytest --cov --cov-report=term --cov-fail-under=85 $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(MAKE) test

clean:
	rm -rf $(VENV) var .pytest_cache .coverage
