"""Survey (S9) and participation (S10) on the Follow-up tab."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import ModelLogEntry

from eservices.catalog.models import ServicePage
from eservices.core import audit
from eservices.participation.models import Idea, IdeaAttachment
from eservices.requests.models import RequestStatus, RequestSubmission
from eservices.survey.models import SurveyQuestion, SurveyResponse
from tests.captcha import captcha_answer
from tests.factories import make_complaint

pytestmark = pytest.mark.django_db

URL = "/e-services/13031986000/13031986101/"
BILL_URL = "/e-services/13031465000/bill-inquiry/"


@pytest.fixture
def complaint(db):
    page = make_complaint()
    SurveyQuestion.objects.create(page=page, locale=page.locale, text="از سرعت پاسخ راضی بودید؟")
    SurveyQuestion.objects.create(
        page=page, locale=page.locale, text="کیفیت پاسخ", options="خوب\nبد", allow_comment=True
    )
    return page


@pytest.fixture
def submission(complaint):
    status = RequestStatus.initial()
    request = RequestSubmission(
        page=complaint, form_data={}, status=status, registrant_national_code="0013542419"
    )
    request.save_with_tracking_number()
    return request


def survey_data(page, submission, first=0, second=0, code="0013542419", **extra):
    q1, q2 = page.survey_questions.order_by("sort_order", "pk")
    return {
        "survey-tracking_number": submission.tracking_number,
        "survey-national_code": code,
        "survey-q%d" % q1.pk: str(first),
        "survey-q%d" % q2.pk: str(second),
        **extra,
    }


def test_follow_up_shows_survey_with_the_default_scale(client, complaint):
    html = client.get(URL + "follow-up/").content.decode()
    assert "نظرسنجی" in html and "از سرعت پاسخ راضی بودید؟" in html
    for label in ["عالی", "خوب", "متوسط", "ضعیف", "خیلی ضعیف"]:
        assert ">%s</label>" % label in html or "%s</label>" % label in html


def test_survey_validation_keeps_answers_and_reports_missing_ones(client, complaint, submission):
    data = survey_data(complaint, submission)
    q2 = complaint.survey_questions.order_by("sort_order", "pk")[1]
    del data["survey-q%d" % q2.pk]
    html = client.post(URL + "survey/", data).content.decode()
    assert "یک پاسخ را انتخاب کنید." in html
    assert SurveyResponse.objects.count() == 0


def test_one_response_per_tracking_number(client, complaint, submission):
    assert client.post(URL + "survey/", survey_data(complaint, submission)).status_code == 302
    html = client.post(URL + "survey/", survey_data(complaint, submission)).content.decode()
    assert "پیش‌تر پاسخ داده شده است" in html
    assert SurveyResponse.objects.count() == 1
    assert SurveyResponse.objects.get().answers.count() == 2


def test_wrong_national_code_records_nothing(client, complaint, submission):
    html = client.post(
        URL + "survey/", survey_data(complaint, submission, code="0084575948")
    ).content.decode()
    assert "هیچ درخواستی با این شماره رهگیری و کد ملی یافت نشد" in html
    assert SurveyResponse.objects.count() == 0


def test_unsatisfied_answer_reopens_the_request_through_the_workflow(
    client, complaint, submission, settings, django_capture_on_commit_callbacks
):
    """Catches: the survey changing the status itself again (no audit entry, no transition
    check, no SMS), or its note and mail left untranslated."""
    settings.ADMINS = [("Staff", "staff@example.com")]
    complaint.survey_reopens_request = True
    complaint.save()
    answered = RequestStatus.objects.workflow().get(code="answered")
    submission.status = answered
    submission.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL + "survey/", survey_data(complaint, submission, first=4))
    submission.refresh_from_db()
    assert submission.status.code == "in_review"
    assert submission.history.last().internal_note.startswith("دوباره باز شد")
    assert SurveyResponse.objects.get().reopened_request
    entry = ModelLogEntry.objects.get(action=audit.STATUS_CHANGE)
    assert (entry.data["from"], entry.data["to"], entry.user_id) == ("answered", "in_review", None)
    assert len(mail.outbox) == 1
    assert submission.tracking_number in mail.outbox[0].subject


def test_unsatisfied_answer_never_forces_a_transition_the_status_forbids(
    client, complaint, submission, django_capture_on_commit_callbacks
):
    """A rejected request may not go back to review (the default transitions): the answer is
    recorded, the request stays where it is."""
    complaint.survey_reopens_request = True
    complaint.save()
    submission.status = RequestStatus.objects.workflow().get(code="rejected")
    submission.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL + "survey/", survey_data(complaint, submission, first=4))
    submission.refresh_from_db()
    assert submission.status.code == "rejected"
    assert not SurveyResponse.objects.get().reopened_request
    assert not ModelLogEntry.objects.filter(action=audit.STATUS_CHANGE).exists()
    assert mail.outbox == []


def test_satisfied_answer_leaves_the_request_alone(client, complaint, submission):
    complaint.survey_reopens_request = True
    complaint.save()
    client.post(URL + "survey/", survey_data(complaint, submission, first=0))
    submission.refresh_from_db()
    assert submission.status.code == "registered"


def test_participation_with_a_document_gives_a_reference_number(client, complaint):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(buffer, "JPEG")
    response = client.post(
        URL + "participation/",
        {
            "idea-text": "پیشنهاد می‌کنم ساعت قطعی‌ها از پیش اعلام شود.",
            "idea-mobile": "۰۹۱۲۳۴۵۶۷۸۹",
            "idea-files": [SimpleUploadedFile("photo.jpg", buffer.getvalue())],
            **captcha_answer(client, "idea"),  # the service has no gate (O11)
        },
        follow=True,
    )
    idea = Idea.objects.get()
    assert idea.mobile == "09123456789"
    assert IdeaAttachment.objects.get(idea=idea).file.read(2) == b"\xff\xd8"
    number_fa = "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in idea.reference_number)
    assert number_fa in response.content.decode()


def test_participation_rejects_bad_files_and_keeps_the_text(client, complaint):
    html = client.post(
        URL + "participation/",
        {
            "idea-text": "متن ایده من برای بهبود خدمت",
            "idea-files": [SimpleUploadedFile("a.pdf", b"MZ\x90\x00" + b"\x00" * 100)],
            **captcha_answer(client, "idea"),  # the service has no gate (O11)
        },
    ).content.decode()
    assert Idea.objects.count() == 0
    assert "متن ایده من برای بهبود خدمت" in html
    assert "هم‌خوانی ندارد" in html


def test_participation_limits_text_and_file_count(client, complaint):
    html = client.post(URL + "participation/", {"idea-text": "کوتاه"}).content.decode()
    assert Idea.objects.count() == 0
    assert "idea-text" in html
    pdf = b"%PDF-1.4\n%%EOF\n"
    files = [SimpleUploadedFile("%d.pdf" % i, pdf) for i in range(3)]
    html = client.post(
        URL + "participation/",
        {
            "idea-text": "متن کافی برای یک ایده",
            "idea-files": files,
            **captcha_answer(client, "idea"),
        },
    ).content.decode()
    assert Idea.objects.count() == 0
    assert "حداکثر ۲ فایل" in html or "حداکثر 2 فایل" in html


def test_view_service_follow_up_has_participation_and_no_tracking(client, demo_desk):
    html = client.get(BILL_URL + "follow-up/").content.decode()
    assert "مشارکت" in html
    assert "جستجوی شماره رهگیری" not in html


def test_view_service_survey_is_answered_once_per_session(client, demo_desk):
    page = ServicePage.objects.get(national_id="13031465101", locale__language_code="fa")
    questions = list(page.survey_questions.order_by("sort_order", "pk"))
    assert questions  # the demo gives the bill inquiry a survey too
    data = {"survey-q%d" % q.pk: "1" for q in questions}
    assert client.post(BILL_URL + "survey/", data).status_code == 302
    html = client.post(BILL_URL + "survey/", data).content.decode()
    assert "پیش‌تر پاسخ داده شده است" in html
    assert SurveyResponse.objects.filter(page=page).count() == 1
