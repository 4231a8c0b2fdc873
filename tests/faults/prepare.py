"""Run under the fault stack's settings: the demo complaint without its check step, a session
verified as a citizen in the stack's Redis, and the complaint's POST data, printed as JSON."""

import json
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from eservices.catalog.models import ServicePage  # noqa: E402
from eservices.identity.session import SESSION_IDENTITY  # noqa: E402

ANSWERS = {
    "شماره ملی ثبت کننده درخواست": "0013542419",
    "شماره تلفن همراه درخواست کننده": "09123456789",
    "تاریخ ثبت درخواست": "1403/05/08",
    "نام": "مریم",
    "نام خانوادگی": "کاظمی",
    "موضوع شکایت": "قطعی مکرر برق",
    "شرح شکایت": "از دیروز سه بار برق رفته است.",
}

page = ServicePage.objects.get(national_id="13031986101", locale__language_code="fa")
ServicePage.objects.filter(pk=page.pk).update(check_answers=False)
store = import_module(settings.SESSION_ENGINE).SessionStore()
now = timezone.now().timestamp() + 3600
store[SESSION_IDENTITY] = {
    "mobile": "09123456789",
    "national_code": "0013542419",
    "verified_at": now,
    "last_seen": now,
}
store.create()
data = {f.clean_name: ANSWERS.get(f.label, "") for f in page.get_form_fields()}
print(
    json.dumps(
        {
            "cookie": "%s=%s" % (settings.SESSION_COOKIE_NAME, store.session_key),
            "data": {k: v for k, v in data.items() if v},
            "path": page.url,
        }
    )
)
