"""Production: everything comes from the environment; nothing insecure is defaulted."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False


def _require(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


SECRET_KEY = _require("SECRET_KEY")
# Never accept the captcha's test answer on a real site, whatever the environment says.
CAPTCHA_TEST_MODE = False
ALLOWED_HOSTS = [h.strip() for h in _require("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
WAGTAILADMIN_BASE_URL = _require("WAGTAILADMIN_BASE_URL")
# "required" makes every staff user enrol an authenticator app (docs/security.md D3).
ESERVICES_STAFF_TOTP = os.environ.get("ESERVICES_STAFF_TOTP", "optional")

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
# Load balancers probe the app servers over plain HTTP (docs/operations.md).
SECURE_REDIRECT_EXEMPT = [r"^healthz(/web)?$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
# SECURE_COOKIES=0 only for a trial over plain HTTP on one machine (`make serve` says so).
SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Attachments and held uploads (eservices.core.files.storage): a folder every app server and
# worker mounts (docs/operations.md "Private files"); by default <parent of MEDIA_ROOT>/private.
if os.environ.get("PRIVATE_MEDIA_ROOT"):
    ESERVICES_PRIVATE_MEDIA_ROOT = os.environ["PRIVATE_MEDIA_ROOT"]
# Or S3-compatible object storage through django-storages (`pip install -e '.[s3]'`):
# PRIVATE_STORAGE=s3 with S3_BUCKET and, as the provider needs, S3_ENDPOINT_URL, S3_REGION,
# S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (else boto3's own AWS_* variables), S3_PREFIX.
if os.environ.get("PRIVATE_STORAGE", "filesystem") == "s3":
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _require("S3_BUCKET"),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", "private"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }

# The SMS provider (docs/operations.md "SMS providers"): SMS_BACKEND names the backend (base.py);
# these plugin settings are taken from the environment when set there. Numbers are numbers.
for _name in (
    "ESERVICES_SMS_KAVENEGAR_API_KEY",
    "ESERVICES_SMS_KAVENEGAR_SENDER",
    "ESERVICES_SMS_KAVENEGAR_URL",
    "ESERVICES_SMS_HTTP_URL",
    "ESERVICES_SMS_HTTP_METHOD",
    "ESERVICES_SMS_HTTP_AUTH_HEADER",
    "ESERVICES_SMS_HTTP_BODY",
    "ESERVICES_SMS_HTTP_TO_FIELD",
    "ESERVICES_SMS_HTTP_TEXT_FIELD",
    "ESERVICES_SMS_HTTP_FROM_FIELD",
):
    if os.environ.get(_name):
        globals()[_name] = os.environ[_name]
for _name in (
    "ESERVICES_SMS_TIMEOUT",
    "ESERVICES_SMS_RETRIES",
    "ESERVICES_SMS_RETRY_BACKOFF",
    "ESERVICES_SMS_TASK_RETRIES",
    "ESERVICES_SMS_TASK_BACKOFF",
):
    if os.environ.get(_name):
        globals()[_name] = float(os.environ[_name])

# Reverse proxies in front of the app servers (a load balancer, nginx) that append to
# X-Forwarded-For: how many to trust, so that per-IP limits count citizens, not the balancer
# (docs/operators.md, docs/operations.md). 0: the client IP is REMOTE_ADDR.
if os.environ.get("ESERVICES_TRUSTED_PROXY_COUNT"):
    ESERVICES_TRUSTED_PROXY_COUNT = int(os.environ["ESERVICES_TRUSTED_PROXY_COUNT"])

# Tasks (SMS) wait in the database for `manage.py db_worker` (docs/operations.md "The task
# queue"); TASKS_BACKEND=immediate runs them inside the request instead, as `make run` does.
if os.environ.get("TASKS_BACKEND", "database") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
