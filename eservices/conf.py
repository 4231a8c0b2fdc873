"""The plugin's settings, each with a documented default.

Read them as ``from eservices.conf import settings; settings.ESERVICES_BASE_TEMPLATE``. A host
project overrides any of them in its Django settings; nothing else in the plugin reads
``django.conf.settings`` for an ``ESERVICES_*`` name.
"""

from typing import Any

from django.conf import settings as django_settings

DEFAULTS: dict[str, Any] = {
    # The template every public page of the desk extends. It must define the blocks
    # ``title``, ``content`` and ``extra_css``/``extra_js``.
    "ESERVICES_BASE_TEMPLATE": "base.html",
    # Allowed only in development settings: load_demo_desk then creates an admin user
    # and prints its credentials.
    "ESERVICES_DEMO_ADMIN": False,
    "ESERVICES_DEMO_ADMIN_USERNAME": "admin",
    "ESERVICES_DEMO_ADMIN_PASSWORD": "admin",
    # How many reverse proxies the operator trusts to append to X-Forwarded-For (0: none, the
    # client IP is REMOTE_ADDR).
    "ESERVICES_TRUSTED_PROXY_COUNT": 0,
    # Status lookups (R2): per client IP and per tracking number.
    "ESERVICES_LOOKUP_IP_LIMIT": 10,
    "ESERVICES_LOOKUP_IP_WINDOW": 10 * 60,
    "ESERVICES_LOOKUP_FAILURE_LIMIT": 5,
    "ESERVICES_LOOKUP_FAILURE_WINDOW": 60 * 60,
    # How many tracking numbers a browser session remembers for its follow-up tab.
    "ESERVICES_SESSION_ISSUED_MAX": 20,
    # Attachments (SECURITY.md R4): the largest single file, in bytes.
    "ESERVICES_UPLOAD_MAX_FILE_SIZE": 5 * 1024 * 1024,
    # Attachments: the most files one submission may carry.
    "ESERVICES_UPLOAD_MAX_FILES": 5,
    # Attachments: the largest total size of one submission's files, in bytes.
    "ESERVICES_UPLOAD_MAX_TOTAL_SIZE": 20 * 1024 * 1024,
    # Attachments: the extensions accepted by default. Only those also in
    # ``eservices.requests.uploads.ALLOWED_TYPES`` count; others are ignored.
    "ESERVICES_UPLOAD_EXTENSIONS": ("pdf", "jpg", "jpeg", "png"),
    # Attachments (R5): the folder of private storage, outside MEDIA_ROOT and never served by
    # the web server. None means ``<parent of MEDIA_ROOT>/private``.
    "ESERVICES_PRIVATE_MEDIA_ROOT": None,
    # Antivirus (R6): clamd's address, a Unix socket path or ``tcp://host:port``. None means
    # no scanner, and attachments stay "unscanned".
    "ESERVICES_CLAMD_SOCKET": None,
    # Antivirus: the seconds one scan may take, connecting included, before the file is left
    # "pending".
    "ESERVICES_CLAMD_TIMEOUT": 10,
}


class Settings:
    """Attribute access to ``ESERVICES_*`` settings with the defaults above."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(django_settings, name, DEFAULTS[name])


settings = Settings()
