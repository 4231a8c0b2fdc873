"""A conditional field in Chromium (issue 14, item 2): hidden until its answer is chosen,
shown when it is, hidden again when the answer changes; no inline script (the CSP)."""

import pytest

from eservices.catalog.models import ServicePage
from eservices.formbuilder.models import ServiceFormField
from tests.factories import make_complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/e-services/13031986000/13031986101/"


@pytest.fixture
def site(live_server):
    complaint = make_complaint()
    ServicePage.objects.update(requires_identity=False, check_answers=False)
    person = ServiceFormField.objects.create(
        page=complaint,
        label="نوع شخص",
        field_type="radio",
        choices="natural | حقیقی\nlegal | حقوقی",
        sort_order=100,
    )
    ServiceFormField.objects.create(
        page=complaint,
        label="شناسه ملی شرکت",
        field_type="singleline",
        required=True,
        sort_order=101,
        show_when=person.clean_name,
        show_when_value="legal",
    )
    return live_server.url


def test_choosing_the_answer_shows_the_field(site, desktop):
    """Breaks if forms.js does not follow the controlling field's changes (or the template
    stops writing the wrapper's data- attributes, or ``.field[hidden]`` is not hidden)."""
    errors = []
    desktop.on("pageerror", lambda error: errors.append(str(error)))
    desktop.on("console", lambda message: "Refused" in message.text and errors.append(message.text))
    desktop.goto(site + URL)
    company = desktop.get_by_label("شناسه ملی شرکت", exact=False)
    hint = desktop.locator(".condition-hint")
    assert hint.count() == 1 and not hint.is_visible()  # JavaScript runs: no hint needed
    assert not company.is_visible()
    desktop.get_by_label("حقوقی").check()
    assert company.is_visible()
    wrapper = desktop.locator("[data-show-when]")
    assert wrapper.get_attribute("aria-hidden") == "false"
    desktop.get_by_label("حقیقی").check()
    assert not company.is_visible()
    assert wrapper.get_attribute("aria-hidden") == "true"
    assert not errors, errors
