# Two commands for a fresh clone: `make run` (demo desk on http://127.0.0.1:8000/) and
# `make test` (lint, checks and the whole test suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.PHONY: run install install-test test lint format check pytest browser-deps messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_desk
	$(MANAGE) runserver $(HOST)

# Catalogues (.po) and their compiled form (.mo) are both committed, so that `make run` needs
# no gettext tools; a test checks that every .mo matches its .po. Needs GNU gettext. The
# Persian texts live in tools/translations/*.py; fill_po.py reports any string they lack.
messages: install
	cd eservices && ../$(BIN)/python ../manage.py makemessages -l fa -l en --no-obsolete
	$(MANAGE) makemessages -l fa -l en --no-obsolete --ignore=eservices --ignore=.venv --ignore=var
	$(BIN)/python tools/fill_po.py eservices/locale/fa/LC_MESSAGES/django.po locale/fa/LC_MESSAGES/django.po
	cd eservices && ../$(BIN)/python ../manage.py compilemessages -v0
	$(MANAGE) compilemessages --ignore=.venv --ignore=eservices -v0

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-test
	DJANGO_SETTINGS_MODULE=cms_site.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=cms_site.settings.test $(MANAGE) makemigrations --check --dry-run

# Browser tests drive Debian's chromium; install it when it is missing (CI runs as root).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install -y chromium"; exit 1; fi; }

pytest: install-test browser-deps
	$(BIN)/python -m pytest

test: lint check pytest

bench: install-test
	$(BIN)/python bench/catalog_render.py
	$(BIN)/python bench/export_memory.py

clean:
	rm -rf $(VENV) var db.sqlite3
