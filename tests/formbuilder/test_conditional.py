"""Conditional fields (issue 14, item 2): a field asked only when a choice field has a given
answer. Required when shown; when hidden not required and whatever is posted for it dropped;
the condition survives translation; the check-your-answers step leaves a hidden field out; the
designer refuses conditions that cannot hold."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from eservices.catalog.models import ServicePage
from eservices.formbuilder.builder import ServiceFormBuilder
from eservices.formbuilder.models import ServiceFormField
from eservices.requests.models import RequestSubmission
from tests.captcha import captcha_answer
from tests.formbuilder.test_designer import (
    TITLE,
    editor,
    english_editor,
    group,
    national_code_row,
    post_service,
    row,
)
from tests.formbuilder.test_translated_forms import en, english_of, service, translate
from tests.requests.test_request_flow import URL, valid_data

pytestmark = pytest.mark.django_db

__all__ = ["editor", "en", "english_editor", "group", "service"]  # fixtures used below

PERSON = "نوع شخص"
COMPANY = "شناسه ملی شرکت"


@pytest.fixture
def conditional(complaint):
    """The demo complaint with "person type" (radio) and a required company ID asked only
    for a legal person."""
    person = ServiceFormField.objects.create(
        page=complaint,
        label=PERSON,
        field_type="radio",
        choices="natural | حقیقی\nlegal | حقوقی",
        required=True,
        sort_order=100,
    )
    ServiceFormField.objects.create(
        page=complaint,
        label=COMPANY,
        field_type="singleline",
        required=True,
        sort_order=101,
        show_when=person.clean_name,
        show_when_value="legal",
    )
    return ServicePage.objects.get(pk=complaint.pk)


def keys(page):
    return {field.label: field.clean_name for field in page.get_form_fields()}


def post(client, page, person, company):
    k = keys(page)
    data = {**valid_data(page), k[PERSON]: person, k[COMPANY]: company, **captcha_answer(client)}
    return client.post(URL, data)


def test_a_shown_field_is_required(client, conditional):
    """Breaks if a field whose condition is met loses its ``required`` (``full_clean``
    hiding every conditional field)."""
    response = post(client, conditional, "legal", "")
    assert response.status_code == 200
    assert not RequestSubmission.objects.exists()
    assert keys(conditional)[COMPANY] in response.context["form"].errors
    post(client, conditional, "legal", "۱۰۱۰۰۳۸۷۹۳۸")
    submission = RequestSubmission.objects.get()
    assert submission.form_data[keys(conditional)[COMPANY]] == "10100387938"


def test_a_hidden_field_is_not_required_and_a_forged_value_is_dropped(client, conditional):
    """Breaks if the posted value of a hidden field is kept (``full_clean`` not dropping it
    from the data, or not popping it from ``cleaned_data``)."""
    response = post(client, conditional, "natural", "forged-company")
    assert response.status_code == 302, response.context["form"].errors
    data = RequestSubmission.objects.get().form_data
    assert keys(conditional)[COMPANY] not in data
    assert data[keys(conditional)[PERSON]] == "natural"


def test_the_form_marks_the_wrapper_and_says_when_the_field_applies(client, conditional):
    """Breaks if the template stops writing the data- attributes forms.js reads, or the hint
    shown without JavaScript."""
    html = client.get(URL).content.decode()
    k = keys(conditional)
    assert f'data-show-when="{k[PERSON]}" data-show-answer="legal"' in html
    hint = html.split('class="help condition-hint">', 1)[1].split("</p>", 1)[0]
    assert PERSON in hint and "حقوقی" in hint  # the controlling field and its answer's label


def test_a_condition_on_a_missing_field_is_ignored(client, conditional):
    """Breaks if a condition naming a deleted field hides its field (the builder must ignore
    it, so the field is asked and required as before)."""
    ServiceFormField.objects.filter(label=PERSON).delete()
    page = ServicePage.objects.get(pk=conditional.pk)
    form = page.get_form()
    company = form.fields[keys(page)[COMPANY]]
    assert company.required and not getattr(company, "show_when", None)
    bound = page.get_form({**valid_data(page), keys(page)[COMPANY]: ""})
    bound.is_valid()
    assert keys(page)[COMPANY] in bound.errors


def test_the_check_step_leaves_a_hidden_field_out(client, conditional):
    """Breaks if ``answers_to_check`` lists a field whose condition the held answers do not
    meet (the citizen would check an answer that will not be stored)."""
    conditional.check_answers = True
    conditional.save(update_fields=["check_answers"])
    response = post(client, conditional, "natural", "forged-company")
    assert response.status_code == 302
    html = client.get(URL + "check/").content.decode()
    assert PERSON in html and "حقیقی" in html
    assert COMPANY not in html and "forged-company" not in html
    post(client, conditional, "legal", "۱۰۱۰۰۳۸۷۹۳۸")
    html = client.get(URL + "check/").content.decode()
    assert COMPANY in html


def test_a_translation_keeps_the_condition(service, en):
    """Breaks if ``show_when``/``show_when_value`` are not synchronised to translations (the
    English form would ask the field always) or are offered to translators."""
    dropdown = service.form_fields.get(field_type="dropdown")
    name = service.form_fields.get(label="نام")
    name.show_when, name.show_when_value = dropdown.clean_name, "حقوقی"
    name.save()
    service.save_revision().publish()
    english = translate(service, en, {"نوع شخص": "Person", "نام": "Name", "حقوقی": "Legal"})
    english = english_of(english, en)
    english_name = english.form_fields.get(clean_name=name.clean_name)
    assert (english_name.show_when, english_name.show_when_value) == (
        dropdown.clean_name,
        "حقوقی",
    )
    with translation.override("en"):  # as the English page's request activates it
        form = english.get_form({dropdown.clean_name: "حقیقی", name.clean_name: "forged"})
    assert form.is_valid(), form.errors
    assert name.clean_name not in form.cleaned_data
    assert (
        form.fields[name.clean_name].condition_hint == "Only if the answer to “Person” is “Legal”."
    )


def designer_rows(**condition):
    return [
        national_code_row(),
        row("نوع شخص", "radio", choices="natural | حقیقی\r\nlegal | حقوقی"),
        row("نام شرکت", "singleline", **{"show_when": "", "show_when_value": "", **condition}),
    ]


def test_the_designer_stores_the_key_of_the_field_named_by_its_label(editor, group):
    """Breaks if ``check_conditions`` does not turn the label the editor typed into the
    other field's key (the condition would then name no field and be ignored), or if the
    designer shows the key instead of the label (``show_condition_labels``)."""
    response = post_service(
        editor, group, designer_rows(show_when="نوع شخص", show_when_value="legal")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ServicePage.objects.get(title=TITLE)
    person = page.form_fields.get(label="نوع شخص")
    company = page.form_fields.get(label="نام شرکت")
    assert (company.show_when, company.show_when_value) == (person.clean_name, "legal")
    # The designer shows the condition by the label the editor wrote, and saving it again
    # keeps the key.
    html = editor.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert re.search(r'name="form_fields-\d+-show_when"[^>]*value="نوع شخص"', html) or re.search(
        r'value="نوع شخص"[^>]*name="form_fields-\d+-show_when"', html
    )


@pytest.mark.parametrize(
    "condition, message",
    [
        ({"show_when": "نام شرکت", "show_when_value": "legal"}, "own answer"),
        ({"show_when": "کد ملی", "show_when_value": "legal"}, "Only a dropdown"),
        ({"show_when": "نوع شخص", "show_when_value": "حقوقی"}, "stored values"),
        ({"show_when": "نبود", "show_when_value": "legal"}, "No field"),
        ({"show_when": "", "show_when_value": "legal"}, "Name the field"),
    ],
)
def test_the_designer_refuses_conditions_that_cannot_hold(
    english_editor, group, condition, message
):
    """Breaks if a self-condition, a condition on a non-choice or unknown field, or an answer
    that is not a stored value of that field is saved."""
    response = post_service(english_editor, group, designer_rows(**condition))
    assert response.status_code == 200
    assert not ServicePage.objects.filter(title=TITLE).exists()
    errors = response.context["form"].formsets["form_fields"].forms[2].errors
    with translation.override("en"):  # the editor's admin language, as the page renders it
        assert any(message in str(error) for error in errors.values()), errors


def test_staff_read_a_request_without_the_hidden_answer(admin_client, client, conditional):
    """Breaks if the request detail or the inbox export fails on (or invents) the answer of a
    field hidden by its condition, which the submission does not store."""
    post(client, conditional, "natural", "forged-company")
    submission = RequestSubmission.objects.get()
    response = admin_client.get(reverse("eservices_requests:detail", args=[submission.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "حقیقی" in html and COMPANY not in html
    export = admin_client.get("/admin/eservices/requests/?export=csv")
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row[COMPANY] == "" and "forged-company" not in rows[1]


def test_a_field_shown_by_a_hidden_field_is_hidden_too():
    """Breaks if ``hidden_by_conditions`` stops at one pass or reads a hidden field's posted
    answer (a forged "yes" to a hidden question would then show and keep its follow-up)."""
    fields = [
        ServiceFormField(
            label="details",
            field_type="singleline",
            clean_name="details",
            required=True,
            show_when="more",
            show_when_value="yes",
        ),
        ServiceFormField(label="kind", field_type="radio", clean_name="kind", choices="a\nb"),
        ServiceFormField(
            label="more",
            field_type="radio",
            clean_name="more",
            choices="yes\nno",
            show_when="kind",
            show_when_value="b",
        ),
    ]
    form_class = ServiceFormBuilder(fields).get_form_class()
    form = form_class({"kind": "a", "more": "yes", "details": "forged"}, page=None, user=None)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"kind": "a"}
    shown = form_class({"kind": "b", "more": "yes", "details": ""}, page=None, user=None)
    assert not shown.is_valid() and "details" in shown.errors
