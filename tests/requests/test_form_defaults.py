"""Sensible defaults of built forms (issue 11): today's date where the editor asks for it, an
empty "choose" option in dropdowns, and file fields that say what they accept."""

import re

import jdatetime
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eservices.formbuilder.builder import ServiceFormBuilder
from eservices.formbuilder.models import ServiceFormField

from .test_request_flow import URL, fields_by_label, submit

pytestmark = pytest.mark.django_db

TYPES_FA = "\u2066jpeg، jpg، pdf، png\u2069"


def test_the_demo_request_date_defaults_to_today(client, complaint):
    key = fields_by_label(complaint)["تاریخ ثبت درخواست"]
    assert complaint.get_form_fields().get(clean_name=key).default_today
    html = client.get(URL).content.decode()
    today = jdatetime.date.fromgregorian(date=timezone.localdate()).strftime("%Y/%m/%d")
    input_tag = re.search(r'<input[^>]*name="%s"[^>]*>' % key, html).group(0)
    assert 'value="%s"' % today in input_tag


def dropdown(**fields) -> ServiceFormField:
    return ServiceFormField(
        label="Kind", field_type="dropdown", choices="الف\nب", clean_name="kind", **fields
    )


def test_a_dropdown_starts_on_an_empty_choose_option_unless_a_default_is_set(rf):
    form_class = ServiceFormBuilder([dropdown()]).get_form_class()
    html = str(form_class()["kind"])
    assert re.search(r'<option value="" selected>انتخاب کنید</option>', html)
    assert form_class({"kind": ""}).errors["kind"]  # required: the empty option is no answer
    with_default = ServiceFormBuilder([dropdown(default_value="ب")]).get_form_class()
    html = str(with_default()["kind"])
    assert 'value=""' not in html
    assert '<option value="ب" selected>' in html


def test_a_file_field_says_what_it_accepts_under_the_input(client, complaint):
    key = fields_by_label(complaint)["پیوست"]
    html = client.get(URL).content.decode()
    block = re.search(r'<input type="file" name="%s".*?</div>' % key, html, re.S).group(0)
    help_text = re.search(r'<p class="help" id="id_%s_helptext">([^<]+)</p>' % key, block)
    assert help_text, block
    assert TYPES_FA in help_text.group(1)
    assert "۵ مگابایت" in help_text.group(1)


def test_a_refused_type_is_named_with_the_allowed_types_listed_the_same_way(client, complaint):
    key = fields_by_label(complaint)["پیوست"]
    response = submit(client, complaint, files={key: SimpleUploadedFile("a.exe", b"MZ" * 50)})
    assert response.status_code == 200
    assert TYPES_FA in response.content.decode()
