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
}


class Settings:
    """Attribute access to ``ESERVICES_*`` settings with the defaults above."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(django_settings, name, DEFAULTS[name])


settings = Settings()
