"""Test settings: fast hashing; the database and cache still follow DATABASE_URL and REDIS_URL
so that CI runs the same suite on SQLite/local memory and on PostgreSQL/Redis."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SMS_BACKEND = "sms.backends.locmem.SmsBackend"
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", BASE_DIR / "var" / "test-media"))  # noqa: F405
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders; tests never run collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's in-memory test database: the live server then answers each request
    # with its own connection, as a real server does, so SQLite's locking is what tests meet
    # (tests/*/test_parallel_*.py). One file per test process: runs side by side do not clash.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), "eservices-test-%d.sqlite3" % os.getpid())
    }

if os.environ.get("REDIS_URL"):
    # Keep test runs apart from anything else using the same Redis database.
    CACHES["default"]["KEY_PREFIX"] = "eservices-test"  # noqa: F405
