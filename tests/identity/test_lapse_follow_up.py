"""Issue 11: the survey's and the participation box's answers, posted after the verification
lapsed, are kept and filled in again once the citizen has verified again, like the request
form's (the gate keeps what each part names in ``restorable_routes``)."""

import re
from datetime import timedelta

import pytest
import sms
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eservices.identity import session
from eservices.participation.models import Idea
from eservices.requests.models import RequestStatus, RequestSubmission
from eservices.survey.models import SurveyQuestion, SurveyResponse

from .conftest import URL, check_code, send_code, sent_code

pytestmark = pytest.mark.django_db

KEPT = "اعتبار سنجی شما به پایان رسیده است"
REFILLED = "پاسخ‌های شما دوباره در فرم گذاشته شد"
IDEA = "پیشنهاد می‌کنم ساعت قطعی‌ها از پیش با پیامک اعلام شود."


@pytest.fixture
def questions(complaint):
    return [
        SurveyQuestion.objects.create(
            page=complaint, locale=complaint.locale, text="از سرعت پاسخ راضی بودید؟"
        ),
        SurveyQuestion.objects.create(
            page=complaint,
            locale=complaint.locale,
            text="کیفیت پاسخ",
            options="خوب\nبد",
            allow_comment=True,
        ),
    ]


def verify(client, page, mobile="09123456789", national_code="0013542419"):
    sms.outbox = []
    send_code(client, page, mobile=mobile, national_code=national_code)
    assert check_code(client, page, sent_code()).status_code == 302


def complaint_answers(page) -> dict:
    """The complaint form's required answers, by field key."""
    keys = {f.label: f.clean_name for f in page.get_form_fields()}
    return {
        keys["تاریخ ثبت درخواست"]: "۱۴۰۳/۰۵/۰۸",
        keys["نام"]: "مریم",
        keys["موضوع شکایت"]: "قطعی مکرر برق",
        keys["شرح شکایت"]: "از دیروز سه بار برق رفته است.",
    }


def lapsed(start):
    return time_machine.travel(start + timedelta(minutes=16), tick=False)


def test_survey_answers_posted_after_a_lapse_are_refilled(client, complaint, questions):
    """Breaks if the survey is dropped from ``SurveyMixin.restorable_routes`` or its form
    skips ``fill_kept_answers``: the citizen's ratings and comment would be lost."""
    request = RequestSubmission(
        page=complaint,
        form_data={},
        status=RequestStatus.initial(),
        registrant_national_code="0013542419",
    )
    request.save_with_tracking_number()
    first, second = questions
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        verify(client, complaint)
    with lapsed(start):
        response = client.post(
            URL + "survey/",
            {
                "survey-q%d" % first.pk: "3",
                "survey-q%d" % second.pk: "1",
                "survey-c%d" % second.pk: "پاسخ کامل نبود",
            },
        )
        assert response.status_code == 200 and KEPT in response.content.decode()
        assert not SurveyResponse.objects.exists()
        verify(client, complaint)
        html = client.get(URL + "follow-up/").content.decode()
    assert REFILLED in html
    assert re.search(r'name="survey-q%d" value="3"[^>]*checked' % first.pk, html)
    assert re.search(r'name="survey-q%d" value="1"[^>]*checked' % second.pk, html)
    assert "پاسخ کامل نبود" in html


def test_an_idea_posted_after_a_lapse_is_refilled_and_its_files_named(client, complaint):
    """Breaks if participation is dropped from ``restorable_routes`` (the idea's text is lost)
    or the file check forgets the form's prefix (no "choose the files again")."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        verify(client, complaint)
    with lapsed(start):
        response = client.post(
            URL + "participation/",
            {
                "idea-text": IDEA,
                "idea-files": [SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")],
            },
        )
        assert KEPT in response.content.decode()
        assert not Idea.objects.exists()
        verify(client, complaint)
        html = client.get(URL + "follow-up/").content.decode()
    assert REFILLED in html and IDEA in html
    assert "دوباره انتخاب کنید" in html
    # Posting it as it is now stores it, and the kept answers are forgotten.
    client.post(URL + "participation/", {"idea-text": IDEA})
    assert Idea.objects.get().text == IDEA
    assert REFILLED not in client.get(URL + "follow-up/").content.decode()


def test_the_request_form_and_the_survey_keep_their_answers_apart(client, complaint, questions):
    """Breaks if kept answers are keyed by page only: an idea posted after a lapse would
    overwrite (or be refilled into) the request form's kept answers."""
    client.post(URL + "participation/", {"idea-text": IDEA})
    client.post(URL, {"anything": "x"})
    verify(client, complaint)
    assert IDEA in client.get(URL + "follow-up/").content.decode()
    assert IDEA not in client.get(URL).content.decode()


def test_kept_answers_are_bounded(rf):
    """Breaks if a flood of posted fields is kept whole in the session."""
    request = rf.post("/")
    request.session = {}
    data = {"f%d" % i: ["x" * 1000] for i in range(500)}
    session.keep_answers(request, 1, "index_route", data, [])
    kept = session.kept_answers(request, 1, "index_route")["data"]
    assert 0 < len(kept) <= session.KEPT_MAX_FIELDS
    assert sum(len(v[0]) for v in kept.values()) <= session.KEPT_MAX_CHARS


def test_answers_held_for_checking_are_not_sent_unseen_for_another_identity(client, complaint):
    """Breaks if the check step sends answers held under one identity in the name of another
    who verified after "خروج" without showing them first."""
    from eservices.requests.models import RequestSubmission as Submission

    complaint.check_answers = True
    complaint.save(update_fields=["check_answers"])
    verify(client, complaint)
    data = complaint_answers(complaint)
    assert client.post(URL, data)["Location"] == URL + "check/"
    page = client.get(URL + "check/").content.decode()
    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    client.post(URL + "sign-out/")
    verify(client, complaint, mobile="09351234567", national_code="0084575948")
    # "خروج" released the hold: nothing to send.
    assert client.post(URL + "check/", {"version": version})["Location"] == URL
    assert not Submission.objects.exists()


def test_check_step_sends_under_the_verified_identity_after_a_lapse(client, complaint):
    """Breaks if the check step's POST after a lapse is lost (the hold must survive the gate)
    or stored without the verified mobile."""
    from eservices.requests.models import RequestSubmission as Submission

    complaint.check_answers = True
    complaint.save(update_fields=["check_answers"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        verify(client, complaint)
        data = complaint_answers(complaint)
        client.post(URL, data)
        page = client.get(URL + "check/").content.decode()
        version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    with lapsed(start):
        response = client.post(URL + "check/", {"version": version})
        assert response.status_code == 200 and "اعتبار سنجی کاربر" in response.content.decode()
        verify(client, complaint)
        page = client.get(URL + "check/").content.decode()
        assert "قطعی مکرر برق" in page
        version = re.search(r'name="version" value="([^"]+)"', page).group(1)
        assert "/receipt/" in client.post(URL + "check/", {"version": version})["Location"]
    assert Submission.objects.get().registrant_mobile == "09123456789"


def test_held_answers_are_shown_again_to_someone_else_verifying_after_a_lapse(client, complaint):
    """Breaks if the check step skips the identity comparison: answers held by one person
    would be sent in the name of whoever verifies next at that browser, unseen."""
    from eservices.requests.models import RequestSubmission as Submission

    complaint.check_answers = True
    complaint.save(update_fields=["check_answers"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        verify(client, complaint)
        client.post(
            URL,
            complaint_answers(complaint),
        )
        page = client.get(URL + "check/").content.decode()
        version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    with lapsed(start):
        verify(client, complaint, mobile="09351234567", national_code="0084575948")
        response = client.post(URL + "check/", {"version": version}, follow=True)
        html = response.content.decode()
        assert not Submission.objects.exists()
        assert "زیر شماره همراه یا کد ملی دیگری" in html and "قطعی مکرر برق" in html
        version = re.search(r'name="version" value="([^"]+)"', html).group(1)
        client.post(URL + "check/", {"version": version})
    assert Submission.objects.get().registrant_national_code == "0084575948"
