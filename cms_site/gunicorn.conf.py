"""gunicorn's settings for the site (``make serve``; docs/operations.md).

Each value may be changed from the environment without editing this file:

* ``GUNICORN_BIND``: where to listen, default ``127.0.0.1:8000`` (a reverse proxy or load
  balancer in front terminates TLS; never expose gunicorn directly).
* ``WEB_CONCURRENCY``: worker processes, default two per core plus one.
* ``GUNICORN_THREADS``: threads per worker, default 1 (sync workers).
* ``GUNICORN_TIMEOUT``: seconds a request may take before its worker is restarted, default
  120: staff's XLSX exports take about a second per 1,000 rows (``make bench``); pages take
  well under one. SMS never run inside a request. Give the proxy in front the same timeout.
* ``FORWARDED_ALLOW_IPS``: the proxies whose X-Forwarded-* headers gunicorn trusts, default
  ``127.0.0.1``.

The access log leaves out query strings (they may carry search terms or tracking numbers),
the referrer and cookies: method, path, status, size and time only.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (plus jitter), so slow leaks never build up.
max_requests = 2000
max_requests_jitter = 200
# Load Django once in the master: a broken setting stops the start instead of every worker.
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "cms_site.wsgi:application"

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# %(U)s is the path without its query string; %(D)s the time taken in microseconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)sus'
