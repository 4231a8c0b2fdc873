"""Production settings as ``make serve`` runs them, for the fault tests' own gunicorn and
worker (tests/faults/stack.py): the SMS provider is the test one that fails, hangs or holds
on demand; retries, the task lease and timeouts are short so that a test takes seconds."""

import os

from cms_site.settings.production import *  # noqa: F403

SMS_BACKEND = os.environ.get("SMS_BACKEND", "tests.faults.sms_backend.FaultySmsBackend")
ESERVICES_SMS_TIMEOUT = 2
ESERVICES_SMS_RETRIES = 0
ESERVICES_SMS_TASK_RETRIES = 4
ESERVICES_SMS_TASK_BACKOFF = 1
ESERVICES_TASK_LEASE = 3
# No collectstatic: pages name static files without the manifest's hashes.
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
