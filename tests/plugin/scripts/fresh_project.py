"""Run by tests/plugin/test_wheel.py inside the new project (``manage.py shell``).

Builds a desk under the site's root page, a group and two request services (one behind the
identity gate) with ``eservices.models`` only, publishes them, requests the pages with Django's
test client and prints one ``DESK-REPORT <json>`` line: the responses, the dotted paths of the
settings that do not import, what the plugin's catalogues, static files and migrations gave,
and every module that was imported.
"""

import json
import re
import sys

from captcha.models import CaptchaStore
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import resolve
from django.utils import translation
from django.utils.module_loading import import_string
from wagtail.models import Site

import eservices
from eservices.models import (
    RequestSubmission,
    ServiceChannel,
    ServiceDeskPage,
    ServiceFormField,
    ServiceGroupPage,
    ServicePage,
)

NATIONAL_CODE = "کد ملی ثبت کننده"
DESCRIPTION = "شرح شکایت"


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def add(parent, page):
    parent.add_child(instance=page)
    return publish(page)


def service(group, slug, national_id, title, requires_identity):
    page = ServicePage(
        title=title,
        slug=slug,
        national_id=national_id,
        kind="request",
        requires_identity=requires_identity,
        channels=[ServiceChannel(kind="web")],
    )
    group.add_child(instance=page)
    page.form_fields = [
        ServiceFormField(
            locale=page.locale,
            label=NATIONAL_CODE,
            field_type="national_code",
            required=True,
            role="registrant_national_code",
        ),
        ServiceFormField(
            locale=page.locale, label=DESCRIPTION, field_type="multiline", required=True
        ),
    ]
    return publish(page)


def answer(response):
    return {
        "status": response.status_code,
        "html": response.content.decode(),
        "location": response.get("Location", ""),
    }


root = Site.objects.get(is_default_site=True).root_page
desk = add(root, ServiceDeskPage(title="میز خدمات آزمایشی", slug="e-services"))
group = add(
    desk, ServiceGroupPage(title="خدمات مشترکین", slug="subscribers", national_id="13031986000")
)
complaint = service(group, "complaint", "13031986101", "ثبت شکایت", False)
gated = service(group, "gated-complaint", "13031986102", "شکایت با احراز هویت", True)

client = Client()
out = {"urls": {"desk": desk.url, "group": group.url, "complaint": complaint.url}}
out["catalog"] = answer(client.get(desk.url))
out["group"] = answer(client.get(group.url))
out["form"] = answer(client.get(complaint.url))
keys = {field.label: field.clean_name for field in complaint.get_form_fields()}
data = {keys[NATIONAL_CODE]: "۰۰۱۳۵۴۲۴۱۹", keys[DESCRIPTION]: "برق قطع است"}
# No gate: the form asks for the captcha it showed to this session (docs/security.md O11).
shown = re.search(r'name="eservices_captcha_0" value="([0-9a-f]+)"', out["form"]["html"])
if shown:
    key = shown.group(1)
    data["eservices_captcha_0"] = key
    data["eservices_captcha_1"] = CaptchaStore.objects.get(hashkey=key).response
out["post"] = answer(client.post(complaint.url, data))
if out["post"]["location"]:
    out["receipt"] = answer(client.get(out["post"]["location"]))
out["tracking_numbers"] = list(RequestSubmission.objects.values_list("tracking_number", flat=True))
out["gate"] = answer(client.get(gated.url))
refresh = resolve("/captcha/refresh/").func
out["refresh_view"] = "%s.%s" % (refresh.__module__, refresh.__qualname__)

staff = Client()
staff.force_login(get_user_model().objects.create_superuser("admin", "a@example.com", "x"))
out["admin_edit"] = answer(staff.get("/admin/pages/%d/edit/" % complaint.pk))

# Every dotted path the README's settings name, including those only used on a sign-in.
dotted = [
    *settings.MIDDLEWARE,
    *settings.AUTHENTICATION_BACKENDS,
    settings.AXES_CLIENT_IP_CALLABLE,
    settings.AXES_LOCKOUT_CALLABLE,
    settings.AXES_HANDLER,
    settings.CAPTCHA_CHALLENGE_FUNCT,
    settings.SMS_BACKEND,
]
out["unresolved_settings"] = []
for path in dotted:
    try:
        import_string(path)
    except ImportError as error:
        out["unresolved_settings"].append("%s: %s" % (path, error))

with translation.override("fa"):
    out["fa"] = translation.gettext("Service title")
out["static"] = {
    name: bool(finders.find(name))
    for name in ("eservices/css/desk.css", "eservices/js/desk.js", "eservices/icons/sprite.svg")
}
loader = MigrationLoader(None, ignore_no_migrations=True)
out["migration_dependencies"] = sorted(
    {
        dependency[0]
        for key, migration in loader.disk_migrations.items()
        if key[0] == "eservices"
        for dependency in migration.dependencies
    }
)
out["eservices"] = eservices.__file__
out["modules"] = {
    name: getattr(module, "__file__", None)
    for name, module in list(sys.modules.items())
    if module is not None
}
print("DESK-REPORT " + json.dumps(out))
