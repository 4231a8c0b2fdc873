"""WCAG 2.2 AA in the served HTML (issue 11): groups of options are fieldsets, error links land
on inputs, aria-describedby names ids that exist, channels have visible names, the header's
search, the footer's accessibility statement and privacy notice, Persian digits in messages.

The site's frame on the demo (header search, footer pages, catalog channels) is in
test_site_frame.py; the browser side (axe-core, keyboard only, one tap) in
tests/browser/test_accessibility.py.
"""

import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from eservices.core.files.uploads import UploadRules, clean_uploads
from eservices.formbuilder.models import ServiceFormField
from eservices.survey.models import SurveyQuestion, SurveyResponse
from tests.factories import make_complaint

pytestmark = pytest.mark.django_db

URL = "/e-services/13031986000/13031986101/"


class Markup(HTMLParser):
    """The ids, aria-describedby references, fieldsets' legends and the error summary's links."""

    def __init__(self, html: str):
        super().__init__()
        self.ids: list[str] = []
        self.described_by: list[str] = []
        self.summary_links: list[str] = []
        self.legends: list[str] = []
        self._in_summary = 0
        self._in_legend = False
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._depth += 1
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described_by += attrs["aria-describedby"].split()
        if attrs.get("class") == "error-summary":
            self._in_summary = self._depth
        if self._in_summary and tag == "a":
            self.summary_links.append(attrs.get("href", ""))
        if tag == "legend":
            self._in_legend = True
            self.legends.append("")

    def handle_endtag(self, tag):
        if self._in_summary == self._depth:
            self._in_summary = 0
        self._depth -= 1
        if tag == "legend":
            self._in_legend = False

    def handle_data(self, data):
        if self._in_legend:
            self.legends[-1] += data


def assert_references_exist(html: str) -> Markup:
    markup = Markup(html)
    missing = [ref for ref in markup.described_by if ref not in markup.ids]
    assert not missing, "aria-describedby names ids that are not on the page: %s" % missing
    for href in markup.summary_links:
        assert href.startswith("#") and href[1:] in markup.ids, "summary link %r" % href
    return markup


@pytest.fixture
def complaint(db):
    page = make_complaint()
    SurveyQuestion.objects.create(page=page, locale=page.locale, text="از سرعت پاسخ راضی بودید؟")
    return page


def survey_post(page, number="", code=""):
    (question,) = page.survey_questions.all()
    return {
        "survey-tracking_number": number,
        "survey-national_code": code,
        "survey-q%d" % question.pk: "0",
    }


# Fieldsets, error links and described-by ids -------------------------------------------------


def test_survey_questions_are_fieldsets_named_by_their_legend(client, complaint):
    """Catches: a survey question's radios without fieldset and legend (WCAG 1.3.1)."""
    html = client.get(URL + "follow-up/").content.decode()
    fieldset = re.search(r"<fieldset[^>]*>.*?</fieldset>", html, re.S).group(0)
    assert "<legend>از سرعت پاسخ راضی بودید؟" in fieldset
    assert fieldset.count('type="radio"') == 5
    assert "از سرعت پاسخ راضی بودید؟" in Markup(html).legends[0]


def test_survey_errors_link_to_the_inputs_and_are_announced(client, complaint):
    """Catches: error-summary links `href="#"` for radio groups, and errors whose ids
    (`…-error`) differ from what the inputs' aria-describedby names (`…_error`)."""
    html = client.post(URL + "survey/", {}).content.decode()
    markup = assert_references_exist(html)
    (question,) = complaint.survey_questions.all()
    assert "#id_survey-q%d_0" % question.pk in markup.summary_links
    assert "#id_survey-tracking_number" in markup.summary_links
    assert 'href="#"' not in html
    # The question's error is named by its fieldset, the text fields' by the inputs.
    assert 'aria-describedby="id_survey-q%d_error"' % question.pk in html
    assert re.search(
        r'id="id_survey-tracking_number"[^>]*aria-describedby="[^"]*_error"', html
    ) or (re.search(r'aria-describedby="id_survey-tracking_number_error"', html))


def test_form_builder_radio_and_checkbox_fields_are_fieldsets(client, complaint):
    """Catches: the form builder's radio and checkbox groups rendered under a lone label."""
    ServiceFormField.objects.create(
        page=complaint,
        label="نوع انشعاب",
        field_type="radio",
        choices="خانگی\nتجاری",
        required=True,
    )
    ServiceFormField.objects.create(
        page=complaint, label="روزهای تماس", field_type="checkboxes", choices="شنبه\nیکشنبه"
    )
    html = client.get(URL).content.decode()
    legends = [legend.strip() for legend in Markup(html).legends]
    assert any(legend.startswith("نوع انشعاب") for legend in legends)
    assert any(legend.startswith("روزهای تماس") for legend in legends)
    html = client.post(URL, {}).content.decode()
    markup = assert_references_exist(html)
    assert any(re.fullmatch(r"#id_field_\w+_0", href) for href in markup.summary_links)


def test_lookup_participation_and_gate_errors_name_ids_that_exist(client, complaint):
    """Catches: any of the other forms (lookup, participation, the gate's step one) pointing
    aria-describedby at ids the page lacks, or linking its summary nowhere."""
    for path in ["follow-up/", "participation/"]:
        html = client.post(URL + path, {"participation-text": "x"}).content.decode()
        assert "error-summary" in html
        assert_references_exist(html)
    complaint.requires_identity = True
    complaint.save_revision().publish()
    prefix = "eservices_gate_%d" % complaint.pk
    html = client.post(URL, {"%s-current_step" % prefix: "mobile"}).content.decode()
    markup = assert_references_exist(html)
    assert "#id_mobile-captcha_1" in markup.summary_links
    assert "#id_mobile-mobile" in markup.summary_links


# The survey: its button, and its thanks in place of the form -------------------------------


def test_survey_button_says_send_opinion(client, complaint):
    """Catches: the survey's button reading "ثبت درخواست" like the request form's."""
    html = client.get(URL + "follow-up/").content.decode()
    form = re.search(r'<form[^>]*class="survey-form".*?</form>', html, re.S).group(0)
    assert ">ثبت نظر</button>" in form
    assert "ثبت درخواست" not in form


def test_an_answered_survey_shows_its_thanks_instead_of_the_form(client, demo_desk):
    """Catches: the Follow-up tab offering the form again after an answer (a second answer
    then only gets "already answered")."""
    url = "/e-services/13031465000/bill-inquiry/"
    questions = list(demo_desk_survey(url))
    data = {"survey-q%d" % q.pk: "0" for q in questions}
    response = client.post(url + "survey/", data)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "survey-form" not in html
    assert "سپاسگزاریم؛ پاسخ‌های شما ثبت شد." in html
    assert SurveyResponse.objects.count() == 1
    # Another browser session still gets the form.
    client.cookies.clear()
    assert "survey-form" in client.get(url + "follow-up/").content.decode()


def test_a_verified_citizens_answered_request_shows_the_thanks_in_a_new_visit(client):
    """Catches: the form offered again to a verified citizen whose request was answered in
    an earlier visit (another session)."""
    from eservices.requests.models import RequestStatus, RequestSubmission
    from tests.identity.conftest import check_code, send_code, sent_code

    page = make_complaint(requires_identity=True)
    SurveyQuestion.objects.create(page=page, locale=page.locale, text="از سرعت پاسخ راضی بودید؟")
    submission = RequestSubmission(
        page=page,
        form_data={},
        status=RequestStatus.initial(),
        registrant_national_code="0013542419",
    )
    submission.save_with_tracking_number()
    send_code(client, page)
    check_code(client, page, sent_code())
    assert "survey-form" in client.get(URL + "follow-up/").content.decode()
    SurveyResponse.objects.create(page=page, submission=submission)
    html = client.get(URL + "follow-up/").content.decode()
    assert "survey-form" not in html
    assert "سپاسگزاریم؛ پاسخ‌های شما ثبت شد." in html


def demo_desk_survey(url):
    from eservices.catalog.models import ServicePage

    page = ServicePage.objects.get(national_id="13031465101", locale__language_code="fa")
    return page.survey_questions.order_by("sort_order", "pk")


# Persian digits in messages --------------------------------------------------------------


def test_upload_limits_speak_persian_digits_on_persian_pages():
    """Catches: "at most 5 files" with ASCII digits inside a Persian sentence."""
    files = [SimpleUploadedFile("a%d.pdf" % i, b"%PDF-1.4") for i in range(3)]
    with translation.override("fa"), pytest.raises(ValidationError) as raised:
        clean_uploads(files, UploadRules(max_files=2, max_total_size=1))
    text = " ".join(raised.value.messages)
    assert "۲" in text and not re.search(r"[0-9]", text), text
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        clean_uploads(files, UploadRules(max_files=2, max_total_size=1))
    assert "2" in " ".join(raised.value.messages)


def test_djangos_own_field_errors_speak_persian_digits(client, complaint):
    """Catches: Django's length messages ("at least 10 characters (it has 5)") showing ASCII
    digits in a Persian form's error and error summary."""
    html = client.post(URL + "participation/", {"idea-text": "کوتاه"}).content.decode()
    error = re.search(r'<p class="field-error" id="id_idea-text_error">([^<]+)</p>', html)
    assert error is not None and "۱۰" in error.group(1) and not re.search("[0-9]", error.group(1))
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert "۱۰" in summary


def test_the_gates_wait_speaks_persian_digits(client):
    """Catches: "…in 60 seconds" with ASCII digits in the gate's cooldown refusal."""
    from tests.identity.conftest import captcha_answer, send_code

    page = make_complaint(requires_identity=True)
    send_code(client, page)
    step = "eservices_gate_%d-current_step" % page.pk
    html = client.post(URL, {step: "code", "wizard_goto_step": "mobile"}).content.decode()
    key, answer = captcha_answer(html)
    data = {
        step: "mobile",
        "mobile-mobile": "09123456789",
        "mobile-national_code": "0013542419",
        "mobile-captcha_0": key,
        "mobile-captcha_1": answer,
    }
    html = client.post(URL, data).content.decode()
    wait = re.search(r"([0-9۰-۹]+) ثانیه دیگر", html)
    assert wait is not None and re.fullmatch("[۰-۹]+", wait.group(1)), wait


# The captcha's audio ------------------------------------------------------------------


def test_captcha_has_an_audio_alternative(client):
    """Catches: a captcha that only an image states (WCAG 1.1.1)."""
    from captcha.conf import settings as captcha_settings

    assert captcha_settings.CAPTCHA_FLITE_PATH, "flite is missing: run `make browser-deps`"
    make_complaint(requires_identity=True)
    html = client.get(URL).content.decode()
    link = re.search(
        r'<a href="(/captcha/audio/[0-9a-f]+\.wav)" class="captcha-audio"[^>]*>([^<]+)</a>', html
    )
    assert link is not None and link.group(2) == "پخش صوتی عبارت امنیتی"
    audio = client.get(link.group(1))
    assert audio.status_code == 200 and b"".join(audio).startswith(b"RIFF")
