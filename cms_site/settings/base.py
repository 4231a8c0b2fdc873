"""Settings shared by every environment: safe to commit, no secrets.

Connections come from the environment (``DATABASE_URL``, ``REDIS_URL``, ``SMS_BACKEND``,
``SMS_FILE_PATH``); without them the project runs on embedded defaults (a SQLite file, the
local-memory cache and SMS printed to the console), which is what ``make run`` uses.
"""

import os
import shutil
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    # First: its templates override Wagtail's admin ones (CSP nonces, cms_site/csp.py).
    "cms_site",
    "home",
    "search",
    "eservices",
    "wagtail_localize",
    "captcha",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "formtools",
    "django_tasks",
    "django_tasks_db",
    "health_check",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # /healthz and /healthz/web, answered before anything that needs the cache (cms_site/health.py).
    "cms_site.health.HealthzMiddleware",
    # First, so that it compresses what every other middleware wrote; never a page that carries
    # a CSRF token or a session's data (BREACH, docs/security.md D7).
    "eservices.catalog.pagecache.PublicGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before XFrameOptionsMiddleware: it reads the X-Frame-Options that one sets (cms_site/csp.py).
    "cms_site.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Anonymous catalog pages from the default cache; after the session and the language, before
    # anything that may set a cookie (eservices/catalog/pagecache.py).
    "eservices.catalog.pagecache.PageCacheMiddleware",
    # Desk pages routed from the default cache (eservices/catalog/routecache.py).
    "eservices.catalog.routecache.RouteCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "eservices.staffauth.middleware.StaffTOTPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the request into the page.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every password sign-in before the model backend does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cms_site.urls"
# A refused CSRF check answers with the site's own page, in its frame (cms_site/errors.py).
CSRF_FAILURE_VIEW = "cms_site.errors.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Parallel requests queue for SQLite's single writer instead of failing with "database is
    # locked": every transaction takes the write lock when it begins (a read lock cannot be
    # upgraded while another connection writes, and SQLite then fails without waiting), waits
    # up to 20 seconds for it, and readers never block the writer (WAL). docs/security.md, D6.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis, failing open for copies of database rows (cms_site/cache.py).
            "BACKEND": "cms_site.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "eservices"),
            # An unreachable Redis answers within seconds instead of holding the request.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Persian first, English second. Both locales are wagtail-localize locales; the default
# language has no URL prefix, so the demo desk is at /e-services/ and /en/e-services/.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "میز خدمات الکترونیک"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "apk", "zip", "txt", "docx", "xlsx", "csv", "png", "jpg"]
# Documents (identity documents, app files) are public material; serve them straight.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# django-sms: the operator picks the provider with SMS_BACKEND; dev prints to the console.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "sms.backends.console.SmsBackend")
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH", str(BASE_DIR / "var" / "sms"))

# django-simple-captcha: a digits-only challenge (عبارت امنیتی). CAPTCHA_TEST_MODE=1 makes the
# answer "passed" acceptable for automated runs; production settings refuse it.
CAPTCHA_CHALLENGE_FUNCT = "eservices.identity.captcha.digits_challenge"
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 5  # minutes
CAPTCHA_TEST_MODE = os.environ.get("CAPTCHA_TEST_MODE", "") == "1"
# The audio alternative to the image (WCAG 1.1.1): flite (Debian package `flite`) speaks the
# digits, in English. Without flite the widget shows no audio link.
CAPTCHA_FLITE_PATH = os.environ.get("CAPTCHA_FLITE_PATH") or shutil.which("flite")

# django-tasks: SMS are sent by a task; immediately in-process unless a queue is configured.
# TASKS_BACKEND=database keeps them in the database for `manage.py db_worker` (django-tasks-db),
# which production uses (docs/operations.md "The task queue").
if os.environ.get("TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The health heartbeat (cms_site/health.py) may run again after a worker died mid-task.
ESERVICES_RERUNNABLE_TASKS = ("cms_site.health.heartbeat",)

# Staff sign-in (docs/security.md D3; docs/operators.md "Staff sign-in"). Five wrong passwords for
# one username from one client IP lock that pair for 15 minutes, counted from the fifth failure;
# keying on the pair means nobody can lock a colleague out from elsewhere. A success resets it.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "eservices.staffauth.lockout.client_ip_address"
AXES_LOCKOUT_CALLABLE = "eservices.staffauth.lockout.lockout_response"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Authenticator apps list the account under this name.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Content-Security-Policy on every response (docs/security.md D2; docs/operators.md
# "Content-Security-Policy"). Scripts only from the site's own files: no inline script, no
# event-handler attribute, no eval, the admin included. Images also as data: URLs (Wagtail's
# admin icons and previews); the captcha's image and audio and the QR code are the site's own.
# frame-ancestors is 'self' only where a view sends X-Frame-Options: SAMEORIGIN (the admin's
# preview panel), see cms_site/csp.py. CSP_REPORT_ONLY=1 sends the same policy as
# Content-Security-Policy-Report-Only instead: browsers report, nothing is blocked.
_CSP_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE, csp.REPORT_SAMPLE],
        "style-src": [csp.SELF, csp.REPORT_SAMPLE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "media-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "frame-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "report-uri": reverse_lazy("csp_report"),
    }
}
# Nothing of the admin calls out: no Gravatar pictures (they would also tell Gravatar who
# works in the admin), no check for a newer Wagtail release.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
if os.environ.get("CSP_REPORT_ONLY", "") == "1":
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP_POLICY
else:
    CONTENT_SECURITY_POLICY = _CSP_POLICY
