"""Request statuses are translated with wagtail-localize like the other snippets; the workflow
works on the default locale's statuses, found by code; readers see their language's names."""

from urllib.parse import urlencode

import pytest
import sms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from eservices.core.numbers import group_tracking_number
from eservices.requests.models import RequestStatus, RequestSubmission
from eservices.requests.statuses import ensure_default_statuses
from eservices.requests.workflow import change_status, reopen
from tests.captcha import captcha_answer
from tests.factories import make_complaint

pytestmark = pytest.mark.django_db

EN_URL = "/en/e-services/13031986000/13031986101/"


@pytest.fixture
def translator(client):
    user = get_user_model().objects.create_superuser("translator", "t@example.com", "pw")
    client.force_login(user)
    return client


def status(code: str) -> RequestStatus:
    return RequestStatus.objects.workflow().get(code=code)


def translate_in_admin(client, source: RequestStatus, locale, strings: dict[str, str]):
    """What a translator does in the admin: “Translate” the snippet, type each string in
    wagtail-localize's editor, publish. Strings not in ``strings`` keep their source text."""
    submit = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["eservices", "requeststatus", source.pk],
    )
    assert client.post(submit, {"locales": [locale.pk]}).status_code == 302
    translation = Translation.objects.get(
        source__object_id=source.translation_key, target_locale=locale
    )
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        text = segment.string.data
        edit = reverse(
            "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
        )
        response = client.put(
            edit,
            urlencode({"value": strings.get(text, text)}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201), response.content
    target = source.get_translation(locale)
    edit_url = reverse("wagtailsnippets_eservices_requeststatus:edit", args=[target.pk])
    client.post(edit_url, {"action": "publish"})
    return RequestStatus.objects.get(pk=target.pk)


def submit_on_the_english_page(client) -> RequestSubmission:
    page = make_complaint(english=True)
    keys = {field.label: field.clean_name for field in page.get_form_fields()}
    response = client.post(
        EN_URL,
        {
            keys["شماره ملی ثبت کننده درخواست"]: "0013542419",
            keys["تاریخ ثبت درخواست"]: "1403/05/08",
            keys["موضوع شکایت"]: "Outage",
            keys["شرح شکایت"]: "No power since noon.",
            **captcha_answer(client),  # the service has no gate (O11)
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    submission = RequestSubmission.objects.get()
    assert response["Location"] == EN_URL + "receipt/%s/" % submission.tracking_number
    return submission


def test_a_translated_status_is_what_english_readers_see_on_receipt_lookup_and_sms(
    translator, django_capture_on_commit_callbacks
):
    """Catches: the receipt, the lookup or the SMS naming the status from the source row (or
    from fixed English columns) instead of its translation in the page's language."""
    citizen = Client()
    submission = submit_on_the_english_page(citizen)
    en = Locale.objects.get(language_code="en")
    translate_in_admin(translator, status("registered"), en, {"ثبت شده": "Received"})
    translate_in_admin(
        translator,
        status("in_review"),
        en,
        {
            "در حال بررسی": "Being looked at",
            "درخواست شما با کد رهگیری {tracking_number} در «{service}» در حال بررسی است.": (
                "{service}: request {tracking_number} is {status}."
            ),
        },
    )
    assert submission.status == status("registered")  # the workflow's row, not a translation

    receipt = citizen.get(EN_URL + "receipt/%s/" % submission.tracking_number).content.decode()
    assert "<dd>Received</dd>" in receipt
    lookup = citizen.post(
        EN_URL + "follow-up/",
        {"tracking_number": submission.tracking_number, "national_code": "0013542419"},
    ).content.decode()
    assert '<dd class="status">Received</dd>' in lookup

    RequestSubmission.objects.update(registrant_mobile="09121234567")
    submission.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(submission, None, status("in_review"))
    title = submission.page.title
    number = submission.tracking_number
    assert [m.body for m in sms.outbox] == [
        "%s: request %s is Being looked at." % (title, group_tracking_number(number))
    ]
    assert submission.page.locale == en


def test_a_translator_is_offered_texts_only_and_cannot_change_a_code(translator):
    """Catches: the code or a flag offered to translators (as a string, or as an overridable
    value, wagtail-localize's default for synchronised fields), or a translation keeping a code
    or flag of its own."""
    make_complaint(english=True)
    en = Locale.objects.get(language_code="en")
    answered = status("answered")
    source, _ = TranslationSource.get_or_create_from_instance(answered)
    paths = set(source.stringsegment_set.values_list("context__path", flat=True))
    assert paths == {"name", "sms_template"}
    assert not OverridableSegment.objects.filter(source=source).exists()

    translated = translate_in_admin(translator, answered, en, {"پاسخ داده شده": "Answered"})
    assert (translated.name, translated.code, translated.is_answer) == (
        "Answered",
        "answered",
        True,
    )

    # Whatever route a row takes, a translation has its source's code and flags.
    translated.code, translated.is_final, translated.sort_order = "hacked", True, 1
    translated.save()
    translated.refresh_from_db()
    assert (translated.code, translated.is_final, translated.sort_order) == ("answered", False, 40)
    # ...and an edit of the source reaches its translations.
    answered.is_final = True
    answered.save()
    translated.refresh_from_db()
    assert translated.is_final


def test_the_admin_form_of_a_translation_keeps_code_and_flags(client, translator):
    """Catches: the snippet's own edit form (used for translations not made through
    wagtail-localize, e.g. the demo's) letting a code or flag be changed in a translation."""
    make_complaint(english=True)
    ensure_default_statuses(RequestStatus)
    english = status("referred").get_translation(Locale.objects.get(language_code="en"))
    url = reverse("wagtailsnippets_eservices_requeststatus:edit", args=[english.pk])
    html = translator.get(url).content.decode()
    assert 'name="code"' in html and "disabled" in html.split('name="code"')[1].split(">")[0]
    assert 'name="next_statuses"' not in html
    response = translator.post(
        url,
        {"name": "Passed on", "public_name": "", "code": "hacked", "is_initial": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    english.refresh_from_db()
    assert (english.name, english.code, english.is_initial) == ("Passed on", "referred", False)


def test_the_sms_placeholder_check_applies_to_every_translation(translator):
    """Catches: the placeholder check run on the source's text only."""
    make_complaint(english=True)
    en = Locale.objects.get(language_code="en")
    source_status = status("rejected")
    source, _ = TranslationSource.get_or_create_from_instance(source_status)
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=en,
            context=segment.context,
            data="Rejected, {national_code}" if segment.context.path == "sms_template" else "X",
        )
    with pytest.raises(ValidationError) as raised:
        source.create_or_update_translation(en)
    assert "sms_template" in raised.value.message_dict
    assert StringTranslation.objects.get(locale=en, data__contains="{national_code}").has_error
    assert not source_status.has_translation(en)


def test_the_workflow_finds_its_statuses_by_code_whichever_rows_come_first(
    complaint, django_capture_on_commit_callbacks
):
    """Catches: a status found by code (the initial one, the reopen target) among every
    language's rows instead of the workflow's, here with translations that sort first."""
    en = Locale.objects.get(language_code="en")
    ensure_default_statuses(RequestStatus)
    assert RequestStatus.objects.filter(locale=en).count() == 6
    RequestStatus.objects.filter(locale=en).update(sort_order=0)

    initial = RequestStatus.initial()
    assert (initial.code, initial.locale) == ("registered", Locale.get_default())
    submission = RequestSubmission(page=complaint, form_data={}, status=initial)
    submission.save_with_tracking_number()
    change_status(submission, None, status("answered"))
    assert reopen(submission, "not satisfied") is not None
    assert submission.status == status("in_review")
    with pytest.raises(ValidationError):
        change_status(submission, None, status("answered").get_translation(en))
    assert RequestStatus.objects.workflow().count() == 6
    assert set(RequestStatus.objects.localized_by_pk(en)) == set(
        RequestStatus.objects.workflow().values_list("pk", flat=True)
    )


def test_a_status_only_in_another_language_is_refused(complaint):
    """Catches: a status added in a non-default locale (outside the workflow) accepted."""
    english_only = RequestStatus(
        code="english_only", name="English only", locale=Locale.objects.get(language_code="en")
    )
    with pytest.raises(ValidationError):
        english_only.full_clean()


def test_the_defaults_come_back_with_their_english_translations(complaint):
    """Catches: a flushed database's defaults made without their English names."""
    RequestStatus.objects.all().delete()
    assert RequestStatus.initial().code == "registered"
    en = Locale.objects.get(language_code="en")
    names = dict(RequestStatus.objects.filter(locale=en).values_list("code", "name"))
    assert names["registered"] == "Registered" and len(names) == 6
    assert status("answered").get_translation(en).sms_template.startswith("Your request")


def test_the_status_listing_shows_name_code_and_flags(translator):
    """Catches: the listing still asking for the removed per-language columns, or leaving out
    the code or a flag."""
    make_complaint(english=True)
    url = reverse("wagtailsnippets_eservices_requeststatus:list")
    html = translator.get(url, {"locale": "fa"}).content.decode()
    assert "ثبت شده" in html and "registered" in html and "در حال بررسی" in html
    for column in ("name", "code", "is_initial", "is_answer", "is_final"):
        assert 'data-column="%s"' % column in html or "ordering=%s" % column in html, column


def test_a_second_status_with_the_same_code_is_a_form_error(translator):
    """Catches: the per-locale unique code left to the database (the form has no locale field,
    so Django's form check skips the constraint), which answers a duplicate with a 500."""
    make_complaint(english=True)
    url = reverse("wagtailsnippets_eservices_requeststatus:add") + "?locale=fa"
    response = translator.post(url, {"name": "دوباره", "code": "registered", "sort_order": "5"})
    assert response.status_code == 200
    assert RequestStatus.objects.filter(code="registered").count() == 1
