# Two commands for a fresh clone: `make run` (demo desk on http://127.0.0.1:8000/) and
# `make test` (lint, checks and the whole test suite). `make serve` runs the same desk as in
# production (gunicorn, a task worker, PostgreSQL and Redis); docs/operations.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.PHONY: run serve worker install install-test test lint format check pytest browser-deps gettext-deps messages bench bench-deps clean

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

# Production settings on this machine: migrate, demo desk, collectstatic, a task worker and
# gunicorn (cms_site/gunicorn.conf.py). Needs DATABASE_URL and REDIS_URL; unset SECRET_KEY,
# ALLOWED_HOSTS, WAGTAILADMIN_BASE_URL and HTTPS settings get local values, each announced.
serve: install
	HOST=$(HOST) BIN=$(BIN) cms_site/serve.sh serve

# The task worker alone, for a machine that runs workers only (docs/operations.md).
worker: install
	BIN=$(BIN) cms_site/serve.sh worker

# Two gunicorn app servers behind Debian's HAProxy (installed when missing, as root), one task
# worker, on DATABASE_URL and REDIS_URL: http://127.0.0.1:8410/ (docs/operations.md "Scaling out").
.PHONY: scale-out
scale-out: install
	$(BIN)/python deploy/scale_out.py

# The .po catalogues are the source of truth: translators edit them (docs/translators.md).
# `make messages` extracts the message ids (makemessages, whose msgmerge keeps every existing
# msgstr and marks its guesses for new ids fuzzy) and compiles the .mo files, which are committed
# too so that `make run` needs no gettext tools. It then counts what is left to translate; tests
# fail on a fuzzy or untranslated Persian entry, a stale .mo, and ids the code no longer matches.
messages: install gettext-deps
	cd eservices && ../$(BIN)/python ../manage.py makemessages -l fa -l en --no-obsolete
	$(MANAGE) makemessages -l fa -l en --no-obsolete --ignore=eservices --ignore=.venv --ignore=var \
	  --ignore=tests
	cd eservices && ../$(BIN)/python ../manage.py compilemessages -v0
	$(MANAGE) compilemessages --ignore=.venv --ignore=eservices -v0
	@for po in eservices/locale/fa/LC_MESSAGES/django.po locale/fa/LC_MESSAGES/django.po; do \
	  printf '%s: ' $$po; msgfmt --statistics -o /dev/null $$po 2>&1; done

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-test
	DJANGO_SETTINGS_MODULE=cms_site.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=cms_site.settings.test $(MANAGE) makemigrations --check --dry-run

# Browser tests drive Debian's chromium; the captcha's audio (and its test) needs flite. Install
# them when missing (CI runs as root).
browser-deps:
	@command -v chromium >/dev/null 2>&1 && command -v flite >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium flite >/dev/null; \
	  else echo "chromium or flite is missing: sudo apt-get install -y chromium flite"; exit 1; fi; }

# makemessages, compilemessages and the catalogue drift test need GNU gettext (xgettext, msgmerge).
gettext-deps:
	@command -v xgettext >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
	  else echo "GNU gettext is missing: sudo apt-get install -y gettext"; exit 1; fi; }

# The antivirus tests (tests/requests/test_clamav.py) start Debian's clamd with a signature
# database they write themselves: no freshclam, no network. Install it when missing (CI runs as
# root); without root the tests skip and say why, except in CI, where they fail.
.PHONY: clamav-deps
clamav-deps:
	@command -v clamd >/dev/null 2>&1 || test -x /usr/sbin/clamd || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends clamav-daemon >/dev/null; \
	  else echo "clamd is missing (the antivirus tests will skip): sudo apt-get install -y clamav-daemon"; fi; }

pytest: install-test browser-deps gettext-deps clamav-deps
	$(BIN)/python -m pytest

test: lint check pytest

# wrk drives the HTTP benchmark (bench/http_load.py); Debian's package.
bench-deps:
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing: sudo apt-get install -y wrk"; exit 1; fi; }

# One command for the figures (README "Benchmarks"): the desk against its peers over HTTP under
# gunicorn, then the in-process benchmarks. DATABASE_URL and REDIS_URL come from the environment.
# Within ten minutes on a first run (it loads the million requests): the catalog's growth table
# (bench/catalog_render.py) and the 100,000-row exports run on their own.
bench: install-test bench-deps
	$(BIN)/python bench/http_load.py
	$(BIN)/python bench/catalog_weight.py --repeat 10
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/export_memory.py --sizes 1000 10000

# The plugin alone as a wheel, dist/wagtail_eservices-<version>-py3-none-any.whl (plugin/README.md
# says how a Wagtail project installs it). pip fetches setuptools for the isolated build.
.PHONY: wheel
wheel: | $(BIN)/python
	$(BIN)/python plugin/build.py --out dist

clean:
	rm -rf $(VENV) var db.sqlite3
