"""``/healthz``: is every part the site needs answering? (django-health-check; docs/operations.md)

Four checks: the database (``SELECT 1``), the cache (a key written and read back), the private
storage of attachments (a file written, read and deleted) and the task queue: a worker must
have run the ``heartbeat`` task lately. The answer names each check and says "OK" or what
failed, with HTTP 200 when all pass and 500 otherwise; it holds no version, host, address or
setting. ``/healthz/web`` leaves out the queue: a load balancer asks it, so that a stopped
worker does not take every app server out of service.

The heartbeat: when the last one is older than ``HEARTBEAT_MAX_AGE`` the check queues one (at
most once per ``HEARTBEAT_MAX_AGE / 2`` across all app servers) and waits up to
``HEARTBEAT_WAIT`` seconds for a worker to run it. The worker writes the time into the cache,
so the check needs the cache that every process shares (Redis, ``REDIS_URL``); with the
immediate backend the heartbeat runs at once, in the asking process.
"""

import dataclasses
import datetime
import threading
import time

from asgiref.sync import async_to_sync
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connections
from django.utils.module_loading import import_string
from django_tasks import task
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from eservices.core.files.storage import get_private_storage

HEARTBEAT_KEY = "eservices:health:worker-heartbeat"
HEARTBEAT_ASKED_KEY = "eservices:health:worker-heartbeat-asked"
HEARTBEAT_MAX_AGE = 60  # seconds
HEARTBEAT_WAIT = 3.0  # seconds


@task()
def heartbeat() -> float:
    """Run by a worker: record when it last ran a task."""
    now = time.time()
    cache.set(HEARTBEAT_KEY, now, timeout=24 * 60 * 60)
    return now


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """A worker has run a task in the last ``HEARTBEAT_MAX_AGE`` seconds, or runs one now."""

    timeout = datetime.timedelta(seconds=HEARTBEAT_WAIT + 2)

    def run(self) -> None:
        try:
            self.wait_for_heartbeat()
        finally:
            # The check runs in a thread of its own; queueing opened a database connection
            # there, which nothing else would close.
            if threading.current_thread() is not threading.main_thread():
                connections.close_all()

    def wait_for_heartbeat(self) -> None:
        try:
            if self.fresh():
                return
            if cache.add(HEARTBEAT_ASKED_KEY, 1, timeout=HEARTBEAT_MAX_AGE // 2):
                heartbeat.enqueue()
            deadline = time.monotonic() + HEARTBEAT_WAIT
            while time.monotonic() < deadline:
                time.sleep(0.2)
                if self.fresh():
                    return
        except ServiceUnavailable:
            raise
        except Exception as error:
            raise ServiceUnavailable(
                "The heartbeat could not be read or queued (%s)." % type(error).__name__
            ) from error
        raise ServiceUnavailable(
            "No task worker has run a task in the last %d seconds." % HEARTBEAT_MAX_AGE
        )

    @staticmethod
    def fresh() -> bool:
        last = cache.get(HEARTBEAT_KEY)
        return bool(last) and time.time() - float(last) < HEARTBEAT_MAX_AGE


@dataclasses.dataclass
class PrivateStorage(Storage):
    """The storage of attachments (``eservices.core.files.storage``) takes, gives back and
    deletes a file. Its location is not shown. When the settings name a ``private`` storage
    (object storage, docs/operations.md "Private files"), attachments must be using it."""

    alias: str = dataclasses.field(default="private", repr=False)

    @property
    def storage(self):
        return get_private_storage()

    def run(self):
        configured = django_settings.STORAGES.get("private")
        if configured:
            used = self.storage
            used = getattr(used, "_wrapped", used)  # a lazy proxy stands for its storage
            if type(used) is not import_string(configured["BACKEND"]):
                raise ServiceUnavailable(
                    'STORAGES["private"] is set, but attachments are stored elsewhere.'
                )
        super().run()

    def get_file_name(self):
        return "healthz/%s.txt" % super().get_file_name().rsplit("/", 1)[-1]


WEB_CHECKS = (Database, Cache, PrivateStorage)
ALL_CHECKS = (*WEB_CHECKS, TaskQueue)


def healthz():
    """The view of ``/healthz``: every check."""
    return HealthCheckView.as_view(checks=ALL_CHECKS)


def healthz_web():
    """The view of ``/healthz/web``: what an app server needs to answer citizens."""
    return HealthCheckView.as_view(checks=WEB_CHECKS)


class HealthzMiddleware:
    """Answers ``/healthz`` and ``/healthz/web`` before any other middleware runs (it comes
    first in ``MIDDLEWARE``): no session, page cache, locale or CSP middleware stands between
    the probe and the checks, so a broken cache is reported as such instead of failing the
    probe in some middleware that needs it. The URL patterns stay for ``reverse()``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.views = {"/healthz": healthz(), "/healthz/web": healthz_web()}

    def __call__(self, request):
        view = self.views.get(request.path_info)
        if view is None:
            return self.get_response(request)
        response = async_to_sync(view)(request)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        return response
