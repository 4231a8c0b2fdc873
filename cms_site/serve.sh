#!/usr/bin/env bash
# `make serve` and `make worker`: the site with production settings on one machine
# (docs/operations.md "One machine"). Usage: cms_site/serve.sh serve|worker
#
# Needs DATABASE_URL (PostgreSQL) and REDIS_URL. SECRET_KEY, ALLOWED_HOSTS and
# WAGTAILADMIN_BASE_URL get safe local values when unset, and so do the HTTPS settings, for a
# trial on http://127.0.0.1: each one is announced. A real site sets them all
# (docs/operations.md "Settings").
set -euo pipefail

mode="${1:-serve}"
cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"
HOST="${HOST:-127.0.0.1:8000}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-cms_site.settings.production}"

say() { printf 'make %s: %s\n' "$mode" "$*" >&2; }

missing=""
[ -n "${DATABASE_URL:-}" ] || missing="DATABASE_URL"
[ -n "${REDIS_URL:-}" ] || missing="${missing:+$missing and }REDIS_URL"
if [ -n "$missing" ]; then
  say "set $missing first, for example:"
  say "  DATABASE_URL=postgres://eservices:PASSWORD@127.0.0.1:5432/eservices \\"
  say "  REDIS_URL=redis://127.0.0.1:6379/0 make $mode"
  say "(docs/operations.md \"One machine\" says how to create the database)"
  exit 2
fi

default() {  # default NAME VALUE WHY: set NAME to VALUE unless it is set, and say so
  if [ -z "${!1:-}" ]; then
    export "$1=$2"
    say "$1 is not set: using $3"
  fi
}

mkdir -p var
if [ -z "${SECRET_KEY:-}" ]; then
  if [ ! -s var/serve-secret-key ]; then
    (umask 077 && "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))' \
      > var/serve-secret-key)
  fi
  SECRET_KEY="$(cat var/serve-secret-key)"
  export SECRET_KEY
  say "SECRET_KEY is not set: using the random key kept in var/serve-secret-key (this machine only)"
fi
default ALLOWED_HOSTS "127.0.0.1,localhost" "127.0.0.1,localhost"
default WAGTAILADMIN_BASE_URL "http://$HOST" "http://$HOST"
default SECURE_SSL_REDIRECT 0 "0: plain HTTP on this machine; behind TLS set it to 1"
default SECURE_COOKIES 0 "0: cookies over plain HTTP; behind TLS set it to 1"
default SECURE_HSTS_SECONDS 0 "0: no HSTS over plain HTTP"

if [ "$mode" = worker ]; then
  say "task worker (manage.py db_worker) on the database queue"
  exec "$BIN/python" manage.py db_worker --queue-name default --interval 1
fi

"$BIN/python" manage.py migrate --noinput
"$BIN/python" manage.py load_demo_desk
"$BIN/python" manage.py collectstatic --noinput --verbosity 0

"$BIN/python" manage.py db_worker --queue-name default --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
say "task worker started (pid $worker); gunicorn on http://$HOST/ (health: /healthz)"
GUNICORN_BIND="$HOST" "$BIN/gunicorn" -c cms_site/gunicorn.conf.py
