from eservices.checks import check_base_template, check_installed_apps


def test_missing_base_template_is_reported(settings):
    settings.ESERVICES_BASE_TEMPLATE = "no/such/base.html"
    errors = check_base_template(None)
    assert [error.id for error in errors] == ["eservices.E001"]


def test_existing_base_template_passes(settings):
    settings.ESERVICES_BASE_TEMPLATE = "base.html"
    assert check_base_template(None) == []


def test_missing_prerequisite_app_is_reported(monkeypatch):
    from django.apps import apps

    is_installed = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "wagtail_localize" and is_installed(name)
    )
    assert [error.id for error in check_installed_apps(None)] == ["eservices.E002"]


def test_installed_prerequisites_pass():
    assert check_installed_apps(None) == []
