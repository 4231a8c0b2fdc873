"""Run by tests/plugin/test_wheel.py with the new virtualenv's Python, from an empty folder.

Sets Django up with the plugin and the apps it builds on and no project at all, imports every
module of the installed ``eservices``, scans every file of the package for imports or mentions
of the host site (``cms_site``, ``home``, ``search``) and compares the libraries its imports come
from with the wheel's declared requirements. Prints one ``WALK-REPORT <json>`` line.
"""

import ast
import importlib
import importlib.util
import json
import pkgutil
import re
import sys
from importlib import metadata
from pathlib import Path

import django
from django.conf import settings

HOST = {"cms_site", "home", "search"}
# A dotted name (home.models) or a template path ("home/…") of the host site, not a part of
# another dotted name (wagtail.search.index) or path.
MENTION = re.compile(r"(?<![\w.\-/])(cms_site|home|search)\.[A-Za-z_]|[\"'](cms_site|home|search)/")

settings.configure(
    INSTALLED_APPS=[
        "eservices",
        "wagtail_localize",
        "wagtail_localize.locales",
        "captcha",
        "django_otp",
        "django_otp.plugins.otp_totp",
        "axes",
        "formtools",
        "django_tasks",
        "django_tasks_db",
        "wagtail.contrib.forms",
        "wagtail.contrib.routable_page",
        "wagtail.contrib.settings",
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
        "django_filters",
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    SECRET_KEY="plugin-alone",
    USE_TZ=True,
    STATIC_URL="/static/",
    ROOT_URLCONF=__name__,
    LANGUAGE_CODE="fa",
    LANGUAGES=[("fa", "Persian"), ("en", "English")],
    WAGTAIL_I18N_ENABLED=True,
    SMS_BACKEND="sms.backends.locmem.SmsBackend",
)
urlpatterns = []
django.setup()

import eservices  # noqa: E402  (after django.setup())


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def import_everything() -> tuple[list[str], dict[str, str]]:
    imported, failed = [], {}
    for module in pkgutil.walk_packages(eservices.__path__, "eservices."):
        imported.append(module.name)
        try:
            importlib.import_module(module.name)
        except Exception as error:  # noqa: BLE001  (reported, not raised)
            failed[module.name] = repr(error)
    return imported, failed


def scan(package: Path) -> tuple[set[str], list[str], list[str]]:
    """Top-level names of every absolute import (at module level or in a function), imports of
    the host site, and files that mention it."""
    top_level, host_imports, host_mentions = set(), [], []
    for path in sorted(package.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in {".mo", ".pyc"}:
            continue
        where = str(path.relative_to(package.parent))
        text = path.read_text(encoding="utf-8", errors="replace")
        if MENTION.search(text):
            host_mentions.append(where)
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                top_level.add(top)
                if top in HOST:
                    host_imports.append("%s: %s" % (where, name))
    return top_level, host_imports, host_mentions


def undeclared(top_level: set[str]) -> dict[str, list[str]]:
    """Imported libraries none of whose distributions the wheel requires."""
    third_party = sorted(top_level - set(sys.stdlib_module_names) - {"eservices", "__future__"})
    providers = metadata.packages_distributions()
    declared = {
        canonical(re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0])
        for requirement in metadata.requires("wagtail-eservices") or []
    }
    missing = {}
    for top in third_party:
        dists = sorted({canonical(dist) for dist in providers.get(top, [])})
        if not set(dists) & declared:
            missing[top] = dists
    return missing


imported, failed = import_everything()
top_level, host_imports, host_mentions = scan(Path(eservices.__file__).parent)
print(
    "WALK-REPORT "
    + json.dumps(
        {
            "eservices": eservices.__file__,
            "imported": imported,
            "failed": failed,
            "host_modules": sorted(n for n in sys.modules if n.split(".")[0] in HOST),
            "host_findable": sorted(n for n in HOST if importlib.util.find_spec(n) is not None),
            "host_imports": host_imports,
            "host_mentions": host_mentions,
            "undeclared": undeclared(top_level),
        }
    )
)
