"""The plugin as its own wheel, installed into a fresh Wagtail project.

Builds ``wagtail-eservices`` with ``plugin/build.py`` (what ``make wheel`` runs), installs it
with pip into a new virtualenv (pinned to the versions of this project's environment), makes a
project with ``wagtail start``, sets it up with the settings and URLs that ``plugin/README.md``
gives a host developer (the test reads them from the README), migrates, checks, builds a desk,
a group and two request services through ``eservices.models`` and serves them with Django's
test client inside that project.

It fails when the wheel lacks a file of ``eservices/`` (templates, static files, catalogues,
migrations), when a module imports or names the host site (``cms_site``, ``home``,
``search``), or when the wheel does not declare a library the plugin imports. Needs pip to
reach PyPI (or a mirror); about a minute when pip's cache is warm.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

pytestmark = pytest.mark.plugin

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).resolve().parent / "scripts"
HOST_PACKAGES = ("cms_site", "home", "search")
PROJECT = "hostsite"
# Environment variables of this test run that must not reach the new project.
DROPPED_ENV = (
    "DJANGO_SETTINGS_MODULE",
    "PYTHONPATH",
    "PYTHONHOME",
    "VIRTUAL_ENV",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def run(command, *, cwd, timeout, env=None):
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        pytest.fail(
            "`%s` exited with %s\n--- stdout (end) ---\n%s\n--- stderr (end) ---\n%s"
            % (
                " ".join(map(str, command)),
                result.returncode,
                result.stdout[-3000:],
                result.stderr[-5000:],
            ),
            pytrace=False,
        )
    return result


def readme_block(marker: str) -> str:
    """The fenced Python block that follows ``<!-- marker… -->`` in plugin/README.md."""
    readme = (ROOT / "plugin" / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- %s\b[^>]*-->\s*```python\n(.*?)```" % marker, readme, re.S)
    assert found, "plugin/README.md has no ```python block after <!-- %s -->" % marker
    return found.group(1)


def report(result, tag: str) -> dict:
    lines = [line for line in result.stdout.splitlines() if line.startswith(tag + " ")]
    assert lines, "no %s line in:\n%s\n%s" % (tag, result.stdout, result.stderr)
    return json.loads(lines[-1][len(tag) + 1 :])


def copy_script(name: str, folder: Path) -> Path:
    """A script of tests/plugin/scripts, copied out of the repository so that nothing the new
    project runs has a file inside it."""
    target = folder / name
    shutil.copyfile(SCRIPTS / name, target)
    return target


def pinned_versions() -> str:
    """``name==version`` of every library of this environment except the project itself, so
    the new virtualenv gets the versions the rest of the suite runs with."""
    pins = {}
    for dist in metadata.distributions():
        name = re.sub(r"[-_.]+", "-", dist.metadata["Name"] or "").lower()
        if name and name not in {"eservices-desk", "wagtail-eservices"}:
            pins[name] = dist.version
    return "".join("%s==%s\n" % pin for pin in sorted(pins.items()))


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """The built wheel, the virtualenv it is installed in and the configured new project."""
    tmp = tmp_path_factory.mktemp("plugin")
    built = run(
        [sys.executable, ROOT / "plugin" / "build.py", "--out", tmp / "dist"],
        cwd=ROOT,
        timeout=300,
    )
    wheel = Path(built.stdout.strip().splitlines()[-1])

    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp, timeout=120)
    python = venv / "bin" / "python"
    constraints = tmp / "constraints.txt"
    constraints.write_text(pinned_versions())
    run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet"]
        + ["--disable-pip-version-check", "--constraint", constraints, wheel],
        cwd=tmp,
        timeout=900,
    )

    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env["PATH"] = "%s%s%s" % (venv / "bin", os.pathsep, env.get("PATH", ""))
    run([venv / "bin" / "wagtail", "start", PROJECT], cwd=tmp, timeout=120, env=env)
    project = tmp / PROJECT
    settings = project / PROJECT / "settings" / "base.py"
    with settings.open("a", encoding="utf-8") as file:
        file.write("\n\n# Added as plugin/README.md says.\n" + readme_block("host-settings"))
    (project / PROJECT / "urls.py").write_text(readme_block("host-urls"), encoding="utf-8")
    yield {
        "tmp": tmp,
        "wheel": wheel,
        "venv": venv,
        "python": python,
        "project": project,
        "env": env,
    }
    # About 200 MB; the wheel and the project stay for a look after a failure.
    shutil.rmtree(venv, ignore_errors=True)


def manage(host, *args, timeout=300):
    return run(
        [host["python"], "manage.py", *args], cwd=host["project"], timeout=timeout, env=host["env"]
    )


@pytest.fixture(scope="module")
def migrated(host):
    manage(host, "check", "--fail-level", "WARNING")
    manage(host, "migrate", "--noinput", "-v", "0")
    return host


# --- The wheel --------------------------------------------------------------------------------


def source_files() -> set[str]:
    """The files of eservices/ that plugin/build.py stages (no caches, no compiled Python)."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "eservices").rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and not path.name.endswith((".pyc", ".pyo", "~"))
        and path.name != ".DS_Store"
    }


def test_the_wheel_holds_eservices_exactly_and_nothing_else(host):
    names = zipfile.ZipFile(host["wheel"]).namelist()
    dist_info = [name for name in names if name.split("/")[0].endswith(".dist-info")]
    packaged = set(names) - set(dist_info)
    source = source_files()
    assert sorted(source - packaged) == [], "left out: see package-data in plugin/pyproject.toml"
    assert sorted(packaged - source) == []
    version = tomllib.loads((ROOT / "plugin" / "pyproject.toml").read_text())["project"]["version"]
    assert {name.split("/")[0] for name in dist_info} == {
        "wagtail_eservices-%s.dist-info" % version
    }
    for language in ("fa", "en"):
        for suffix in ("po", "mo"):
            assert "eservices/locale/%s/LC_MESSAGES/django.%s" % (language, suffix) in packaged
    assert any(re.fullmatch(r"eservices/migrations/0001_\w+\.py", name) for name in packaged)
    assert any(name.startswith("eservices/templates/eservices/") for name in packaged)
    assert any(name.startswith("eservices/static/eservices/") for name in packaged)


# --- The plugin alone, outside any project ---------------------------------------------------


@pytest.fixture(scope="module")
def walk(host):
    """The installed plugin imported and scanned with no project around it (see the script)."""
    folder = host["tmp"] / "alone"
    folder.mkdir()
    script = copy_script("plugin_alone.py", folder)
    return report(
        run([host["python"], script], cwd=folder, timeout=300, env=host["env"]), "WALK-REPORT"
    )


def test_eservices_comes_from_the_new_virtualenv(host, walk):
    assert Path(walk["eservices"]).is_relative_to(host["venv"])


def test_every_module_of_the_plugin_imports_without_the_host_site(walk):
    assert walk["failed"] == {}
    assert "eservices.models" in walk["imported"]
    assert len(walk["imported"]) > 50


def test_the_host_site_is_neither_imported_nor_importable(walk):
    assert walk["host_modules"] == []
    assert walk["host_findable"] == []


def test_no_file_of_the_plugin_imports_or_names_the_host_site(walk):
    assert walk["host_imports"] == []
    assert walk["host_mentions"] == []


def test_the_wheel_declares_every_library_the_plugin_imports(walk):
    assert walk["undeclared"] == {}


# --- A fresh Wagtail project with the plugin --------------------------------------------------


@pytest.fixture(scope="module")
def desk(migrated):
    """Pages built and served inside the new project (see the script)."""
    script = copy_script("fresh_project.py", migrated["tmp"])
    command = "import runpy; runpy.run_path(%r)" % str(script)
    return report(manage(migrated, "shell", "--command", command), "DESK-REPORT")


def test_the_project_has_no_migration_missing_for_the_plugin(migrated):
    manage(migrated, "makemigrations", "--check", "--dry-run", "eservices")


def test_every_dotted_path_of_the_documented_settings_imports(desk):
    assert desk["unresolved_settings"] == []


def test_the_catalog_lists_the_group_and_its_services_in_persian(desk):
    catalog = desk["catalog"]
    assert catalog["status"] == 200
    assert "خدمات مشترکین" in catalog["html"]
    assert "ثبت شکایت" in catalog["html"]
    assert 'href="%s"' % desk["urls"]["complaint"] in catalog["html"]
    assert "eservices/css/desk.css" in catalog["html"]  # through the project's base.html
    assert desk["fa"] != "Service title"  # the Persian catalogue of the wheel is loaded
    assert desk["fa"] in catalog["html"]
    assert desk["group"]["status"] == 200
    assert "ثبت شکایت" in desk["group"]["html"]


def test_the_service_serves_its_form(desk):
    form = desk["form"]
    assert form["status"] == 200
    assert "کد ملی ثبت کننده" in form["html"]
    assert "شرح شکایت" in form["html"]
    assert 'enctype="multipart/form-data"' in form["html"]


def test_a_submission_gets_a_tracking_number_and_a_receipt(desk):
    assert desk["post"]["status"] == 302, desk["post"]["html"][:2000]
    (number,) = desk["tracking_numbers"]
    assert desk["receipt"]["status"] == 200
    assert 'data-tracking-number="%s"' % number in desk["receipt"]["html"]
    grouped = "%s-%s-%s" % (number[:4], number[4:8], number[8:])  # as the receipt shows it
    assert grouped.translate(PERSIAN_DIGITS) in desk["receipt"]["html"]


def test_a_gated_service_shows_the_captcha_of_the_project_urls(desk):
    gate = desk["gate"]
    assert gate["status"] == 200
    assert "/captcha/image/" in gate["html"]
    assert "/captcha/refresh/" in gate["html"]


def test_the_documented_urls_route_the_desks_limited_captcha_refresh(desk):
    """Catches: the README's urls.py including ``captcha.urls``, whose refresh view mints
    images for anyone without limit and binds them to no session (docs/security.md O11)."""
    assert desk["refresh_view"] == "eservices.core.captcha.refresh"


def test_staff_edit_a_service_in_the_admin(desk):
    assert desk["admin_edit"]["status"] == 200
    assert "کد ملی ثبت کننده" in desk["admin_edit"]["html"]


def test_static_files_and_migrations_come_with_the_plugin(desk):
    assert desk["static"] == dict.fromkeys(desk["static"], True)
    assert not set(desk["migration_dependencies"]) & set(HOST_PACKAGES)


def test_nothing_of_this_repository_was_imported_by_the_project(desk, host):
    assert Path(desk["eservices"]).is_relative_to(host["venv"])
    from_repository = {
        name: path
        for name, path in desk["modules"].items()
        if path and Path(path).resolve().is_relative_to(ROOT)
    }
    assert from_repository == {}
    assert not [name for name in desk["modules"] if name.split(".")[0] == "cms_site"]
    # `wagtail start` makes its own home and search apps: those are the project's.
    for name, path in desk["modules"].items():
        if name.split(".")[0] in HOST_PACKAGES and path:
            assert Path(path).is_relative_to(host["project"]), (name, path)
