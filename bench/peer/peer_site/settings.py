"""The benchmark's peer: a plain Wagtail site whose only page type is
``wagtail.contrib.forms``' ``AbstractForm``, run with production-like settings.

Its database, migrations and static files live in the bench's scratch folder
(``PEER_SCRATCH``); ``bench/http.py`` builds them. Nothing of the desk is imported.
"""

import os
import sys

import dj_database_url

SCRATCH = os.environ["PEER_SCRATCH"]
sys.path.insert(0, SCRATCH)  # the generated migrations package

DEBUG = False
SECRET_KEY = os.environ.get("PEER_SECRET_KEY", "bench-peer-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "peer_site.urls"
WSGI_APPLICATION = "peer_site.wsgi.application"
USE_TZ = True
LANGUAGE_CODE = "fa"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
WAGTAIL_SITE_NAME = "peer"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(SCRATCH, "static")

INSTALLED_APPS = [
    "formpeer",
    "wagtail.contrib.forms",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIGRATION_MODULES = {"formpeer": "peer_migrations"}
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
# Persistent connections, as the project's bench settings have them (DATABASE_CONN_MAX_AGE):
# neither side pays a new PostgreSQL connection per request.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ["PEER_DATABASE_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "peer",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
