"""`make serve` and the production settings it runs (issue 13; docs/operations.md)."""

import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "cms_site.settings.production",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-" + "x" * 20,
    "ALLOWED_HOSTS": "desk.example.ir",
    "WAGTAILADMIN_BASE_URL": "https://desk.example.ir",
}
SHOW = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "tasks": s.TASKS["default"]["BACKEND"],
    "session_secure": s.SESSION_COOKIE_SECURE,
    "csrf_secure": s.CSRF_COOKIE_SECURE,
    "exempt": s.SECURE_REDIRECT_EXEMPT,
    "kavenegar_key": getattr(s, "ESERVICES_SMS_KAVENEGAR_API_KEY", None),
    "http_url": getattr(s, "ESERVICES_SMS_HTTP_URL", None),
    "task_retries": getattr(s, "ESERVICES_SMS_TASK_RETRIES", None),
    "private_root": getattr(s, "ESERVICES_PRIVATE_MEDIA_ROOT", None),
}))
"""


def clean_environment(**env) -> dict:
    names = (
        "DATABASE_URL",
        "REDIS_URL",
        "TASKS_BACKEND",
        "SECURE_COOKIES",
        "DJANGO_SETTINGS",
        "PRIVATE_",
        "S3_",
    )
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(names)}
    inherited = {k: v for k, v in inherited.items() if not k.startswith("ESERVICES_")}
    return {**inherited, **env}


def production_settings(**env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=clean_environment(**PRODUCTION, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_serve_refuses_to_start_without_database_and_redis():
    """Breaks if `make serve` starts (on SQLite and local memory) without DATABASE_URL and
    REDIS_URL, or fails without saying what to set."""
    result = subprocess.run(
        ["bash", "cms_site/serve.sh", "serve"],
        cwd=ROOT,
        env=clean_environment(BIN=str(Path(sys.executable).parent)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "DATABASE_URL and REDIS_URL" in result.stderr
    assert "docs/operations.md" in result.stderr

    with_database = subprocess.run(
        ["bash", "cms_site/serve.sh", "worker"],
        cwd=ROOT,
        env=clean_environment(DATABASE_URL="postgres://x@127.0.0.1:1/x"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert with_database.returncode == 2
    assert "set REDIS_URL first" in with_database.stderr


def test_production_queues_tasks_in_the_database_and_cookies_are_secure():
    """Breaks if production runs SMS inside requests, or sends cookies over plain HTTP by
    default, or redirects the load balancer's plain-HTTP health probe."""
    shown = production_settings()
    assert shown["tasks"] == "django_tasks_db.DatabaseBackend"
    assert shown["session_secure"] is True and shown["csrf_secure"] is True
    assert any(re.match(pattern, "healthz/web") for pattern in shown["exempt"])

    trial = production_settings(SECURE_COOKIES="0", TASKS_BACKEND="immediate")
    assert trial["session_secure"] is False and trial["csrf_secure"] is False
    assert trial["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_production_takes_the_sms_provider_and_private_folder_from_the_environment():
    """Breaks if an operator cannot configure Kavenegar, a generic provider, the retries or a
    shared private folder without editing settings files."""
    shown = production_settings(
        ESERVICES_SMS_KAVENEGAR_API_KEY="key-123",
        ESERVICES_SMS_HTTP_URL="https://sms.example.ir/send",
        ESERVICES_SMS_TASK_RETRIES="3",
        PRIVATE_MEDIA_ROOT="/srv/shared/private",
    )
    assert shown["kavenegar_key"] == "key-123"
    assert shown["http_url"] == "https://sms.example.ir/send"
    assert shown["task_retries"] == 3
    assert shown["private_root"] == "/srv/shared/private"


def test_the_access_log_has_no_query_string_referrer_or_cookie():
    """Breaks if gunicorn's access log format gets the request line with its query string
    (%(r)s, %(q)s), the referrer (%(f)s) or headers that may carry a cookie, or if the worker
    timeout is cut below what a large export needs."""
    config = runpy.run_path(str(ROOT / "cms_site" / "gunicorn.conf.py"))
    log_format = config["access_log_format"]
    assert "%(U)s" in log_format
    for leak in ("%(r)s", "%(q)s", "%(f)s", "%({cookie}i)s", "%({Cookie}i)s"):
        assert leak not in log_format
    assert config["workers"] >= 3
    # A 100,000-row XLSX export takes about two minutes (make bench): not cut at 30 s.
    assert config["timeout"] >= 120
    assert config["wsgi_app"] == "cms_site.wsgi:application"


S3 = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps(s.STORAGES.get("private")))
"""


def test_private_files_in_object_storage_are_configured_from_the_environment():
    """Breaks if PRIVATE_STORAGE=s3 does not give a private, non-overwriting S3 storage
    built from the S3_* variables, or if it is on without being asked for."""

    def private_storage(**env):
        result = subprocess.run(
            [sys.executable, "-c", S3],
            cwd=ROOT,
            env=clean_environment(**PRODUCTION, **env),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    assert private_storage() is None
    configured = private_storage(
        PRIVATE_STORAGE="s3",
        S3_BUCKET="desk-private",
        S3_ENDPOINT_URL="https://s3.example.ir",
        S3_ACCESS_KEY_ID="AK",
        S3_SECRET_ACCESS_KEY="SK",
    )
    assert configured["BACKEND"] == "storages.backends.s3.S3Storage"
    options = configured["OPTIONS"]
    assert options["bucket_name"] == "desk-private"
    assert options["endpoint_url"] == "https://s3.example.ir"
    assert (options["access_key"], options["secret_key"]) == ("AK", "SK")
    assert options["default_acl"] == "private" and options["file_overwrite"] is False
