"""Test settings: fast hashing; the database and cache still follow DATABASE_URL and REDIS_URL
so that CI runs the same suite on SQLite/local memory and on PostgreSQL/Redis."""

import os

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

if os.environ.get("REDIS_URL"):
    # Keep test runs apart from anything else using the same Redis database.
    CACHES["default"]["KEY_PREFIX"] = "eservices-test"  # noqa: F405
