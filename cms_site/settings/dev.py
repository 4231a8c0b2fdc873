"""Local development: ``make run``. Embedded defaults, debug on, demo admin allowed."""

import contextlib

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-dev-only-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Only dev settings let load_demo_desk create an admin user with a printed password.
ESERVICES_DEMO_ADMIN = True
# The demo admin (admin/admin) signs in without a phone; enrolling an app stays possible.
ESERVICES_STAFF_TOTP = "optional"

# Machine-specific overrides, never committed.
with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
