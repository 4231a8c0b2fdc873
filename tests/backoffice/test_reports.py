"""Survey results in the back office: who sees them, the counts, and the SVG chart."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from eservices.backoffice.charts import bar_chart, rounded_percents
from eservices.backoffice.reports import survey_results
from eservices.catalog.models import ServicePage
from eservices.survey.models import SurveyAnswer, SurveyQuestion, SurveyResponse

pytestmark = pytest.mark.django_db

URL = "/admin/eservices/surveys/"
SVG = "{http://www.w3.org/2000/svg}"
XSS = '<script>alert(1)</script>"><svg onload=alert(1)>'


def ask(page, text="کیفیت خدمت چطور بود؟", options="", allow_comment=True, order=0):
    return SurveyQuestion.objects.create(
        page=page,
        locale=page.locale,
        text=text,
        options=options,
        allow_comment=allow_comment,
        sort_order=order,
    )


def answer(question, index, comment="", days_ago=0, reopened=False, text=None):
    """A response with one answer, given ``days_ago`` days ago in the question's language."""
    response = SurveyResponse.objects.create(page=question.page, reopened_request=reopened)
    if days_ago:
        SurveyResponse.objects.filter(pk=response.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
    with translation.override(question.locale.language_code):
        label = question.option_list[index] if text is None else text
    return SurveyAnswer.objects.create(
        response=response,
        question=question,
        question_text=question.text,
        answer=label,
        answer_index=index,
        comment=comment,
    )


@pytest.fixture
def survey(desk):
    """3 × Excellent, 1 × Good, 1 × Poor on group A's service, one of them a reopening."""
    question = ask(desk["service_a"])
    for index in (0, 0, 0, 1):
        answer(question, index)
    answer(question, 3, comment="دیر جواب دادند", reopened=True)
    return question


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_the_results_of_their_groups_service(client, desk, staff_a, survey):
    client.force_login(staff_a)
    html = html_of(client.get(URL, {"service": desk["service_a"].pk}))
    assert survey.text in html
    assert "دیر جواب دادند" in html
    assert html.count("<rect ") == 5


def test_staff_of_another_group_get_404_for_the_report(client, desk, staff_b, survey):
    client.force_login(staff_b)
    assert client.get(URL, {"service": desk["service_a"].pk}).status_code == 404
    assert client.get(URL, {"service": "not-a-number"}).status_code == 404


def test_the_service_select_offers_only_visible_services_with_a_survey(
    client, desk, staff_a, staff_b, survey
):
    ask(desk["service_b"], text="سوال گروه ب")
    client.force_login(staff_a)
    html = html_of(client.get(URL))
    assert 'value="%d"' % desk["service_a"].pk in html
    assert 'value="%d"' % desk["service_b"].pk not in html


def test_citizens_and_anonymous_visitors_are_sent_to_the_admin_login(client, desk, survey):
    citizen = get_user_model().objects.create_user("citizen-1234")
    for user in (None, citizen):
        if user is not None:
            client.force_login(user)
        response = client.get(URL, {"service": desk["service_a"].pk})
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_staff_who_see_no_service_are_refused(client, desk, survey):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="admins without pages")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.create_user("lonely")
    user.groups.add(group)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_counts_and_percents_per_option_in_the_questions_order(desk, survey):
    (result,) = survey_results(desk["service_a"], [desk["service_a"].pk], *last_month())
    assert [(row.count, row.percent) for row in result.rows] == [
        (3, 60),
        (1, 20),
        (0, 0),
        (1, 20),
        (0, 0),
    ]
    assert result.total == 5
    assert result.comment_count == 1


def last_month():
    now = timezone.now()
    return now - datetime.timedelta(days=30), now + datetime.timedelta(minutes=1)


def test_the_page_shows_counts_percents_and_reopenings_in_persian_digits(
    client, desk, staff_a, survey
):
    client.force_login(staff_a)
    html = html_of(client.get(URL, {"service": desk["service_a"].pk}))
    # The percent sign is "٪" once the catalogue has the translation, "%" before.
    assert re.search("<td>۶۰[%٪]</td>", html)
    assert len(re.findall("<td>۲۰[%٪]</td>", html)) == 2
    assert re.search(r"۳ \(۶۰[%٪]\)", html)  # the bar's own label in the chart
    assert "<dd>۵</dd>" in html  # responses
    assert "<dd>۱</dd>" in html  # reopened


def test_the_period_leaves_out_older_answers_and_defaults_to_30_days(client, desk, staff_a, survey):
    answer(survey, 4, days_ago=45)
    client.force_login(staff_a)
    html = html_of(client.get(URL, {"service": desk["service_a"].pk}))
    assert "<dd>۵</dd>" in html
    today = timezone.localdate()
    wide = {
        "service": desk["service_a"].pk,
        "date_from": jalali(today - datetime.timedelta(days=60)),
        "date_to": jalali(today),
    }
    assert "<dd>۶</dd>" in html_of(client.get(URL, wide))


def test_a_period_typed_as_blanks_is_the_default_period(client, desk, staff_a, survey):
    client.force_login(staff_a)
    query = {"service": desk["service_a"].pk, "date_from": "  ", "date_to": "-"}
    assert "<dd>۵</dd>" in html_of(client.get(URL, query))


def jalali(day: datetime.date) -> str:
    from eservices.formbuilder.validators import format_jalali

    return format_jalali(day)


def test_a_period_ending_before_it_starts_is_an_error(client, desk, staff_a, survey):
    client.force_login(staff_a)
    html = html_of(
        client.get(
            URL,
            {"service": desk["service_a"].pk, "date_from": "1404/02/01", "date_to": "1404/01/01"},
        )
    )
    assert 'class="help-block help-critical"' in html
    assert "<rect " not in html


def test_an_answer_whose_option_was_reworded_counts_under_its_stored_text(desk):
    question = ask(desk["service_a"], options="خوب\nمتوسط\nبد")
    answer(question, 0)
    answer(question, 2, text="خیلی بد")  # the option read "خیلی بد" when it was given
    answer(question, 0, text="بد")  # the options were reordered since: "بد" is now third
    (result,) = survey_results(desk["service_a"], [desk["service_a"].pk], *last_month())
    assert [(row.count, row.former) for row in result.rows] == [
        (1, False),
        (0, False),
        (1, False),
        (1, True),
    ]
    assert "خیلی بد" in result.rows[3].label
    assert sum(row.percent for row in result.rows) == 100


def test_answers_on_the_english_translation_count_under_the_same_option(desk):
    question = ask(desk["service_a"])
    en, _created = Locale.objects.get_or_create(language_code="en")
    english = desk["service_a"].copy_for_translation(en, copy_parents=True)
    # The copy brings the question along, with the same translation key.
    translated = SurveyQuestion.objects.get(page=english)
    assert translated.translation_key == question.translation_key
    answer(question, 0)
    answer(translated, 0)  # stored as "Excellent"
    pages = [desk["service_a"].pk, english.pk]
    (result,) = survey_results(desk["service_a"], pages, *last_month())
    assert result.rows[0].count == 2
    assert not any(row.former for row in result.rows)


def test_counts_come_from_one_aggregate_query(desk, django_assert_num_queries):
    questions = [ask(desk["service_a"], text="سوال %d" % i, order=i) for i in range(4)]
    for question in questions:
        for index in range(5):
            answer(question, index)
    # questions, their translations, one aggregate; no comments to list.
    with django_assert_num_queries(3):
        results = survey_results(desk["service_a"], [desk["service_a"].pk], *last_month())
    assert [result.total for result in results] == [5, 5, 5, 5]


def test_untrusted_text_in_answers_comments_and_options_stays_inert(client, desk, staff_a):
    question = ask(desk["service_a"], text="Q " + XSS, options="خوب\n" + XSS + "\nبد")
    answer(question, 1, comment=XSS)
    answer(question, 0, text=XSS + " old")
    client.force_login(staff_a)
    html = html_of(client.get(URL, {"service": desk["service_a"].pk}))
    assert "<script>alert(1)" not in html
    assert "<svg onload" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_chart_is_well_formed_svg_with_one_bar_per_option():
    with translation.override("en"):
        svg = bar_chart(
            ["Excellent", "Good", "Poor"], [3, 1, 1], title="How was it?", chart_id="q1"
        )
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "q1-title"
    assert root.find(SVG + "title").get("id") == "q1-title"
    assert root.find(SVG + "title").text == "How was it?"
    rects = root.findall(SVG + "rect")
    assert len(rects) == 3
    widths = [int(rect.get("width")) for rect in rects]
    assert widths[0] == 3 * widths[1] == 3 * widths[2]
    texts = ["".join(t.itertext()) for t in root.findall(SVG + "text")]
    assert "3 (60%)" in texts
    assert texts.count("1 (20%)") == 2


def test_the_chart_keeps_script_in_a_label_as_text():
    svg = bar_chart([XSS, "ok"], [1, 1], title=XSS, chart_id="x")
    root = ET.fromstring(svg)
    assert [child.tag for child in root.iter() if "script" in child.tag.lower()] == []
    assert not any(name.startswith("on") for el in root.iter() for name in el.attrib)
    assert XSS[:20] in "".join(root.itertext())
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_the_chart_is_mirrored_with_persian_digits_in_persian():
    with translation.override("fa"):
        svg = bar_chart(["عالی", "خوب"], [3, 1], title="کیفیت", chart_id="q")
    root = ET.fromstring(svg)
    assert root.get("direction") == "rtl"
    first, second = root.findall(SVG + "rect")
    # Bars grow to the left from the label column on the right: their right ends line up.
    assert int(first.get("x")) + int(first.get("width")) == int(second.get("x")) + int(
        second.get("width")
    )
    assert int(first.get("x")) < int(second.get("x"))
    assert re.search(r"۳ \(۷۵[%٪]\)", svg)


def test_rounded_percents_always_add_up_to_100():
    assert rounded_percents([3, 1, 1]) == [60, 20, 20]
    assert rounded_percents([1, 1, 1]) == [34, 33, 33]
    assert rounded_percents([2, 1, 0, 0]) == [67, 33, 0, 0]
    assert rounded_percents([0, 0]) == [0, 0]
    for counts in ([1] * 7, [5, 3, 3, 1, 1], [1, 2, 3, 4, 5, 6]):
        assert sum(rounded_percents(counts)) == 100


def test_english_admin_shows_gregorian_dates_and_ascii_digits(client, desk, staff_a, survey):
    profile = UserProfile.get_for_user(staff_a)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(staff_a)
    html = html_of(client.get(URL, {"service": desk["service_a"].pk}))
    assert "<td>60%</td>" in html
    assert timezone.localdate().isoformat() in html
    assert 'direction="ltr"' in html


def test_the_demo_service_report_renders_its_questions(client, demo_desk):
    # The bill inquiry is a demo service with the five-point survey.
    service = ServicePage.objects.get(national_id="13031465101", locale__language_code="fa")
    assert service.survey_questions.exists()
    for question in service.survey_questions.all():
        answer(question, 0)
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.com", "pw"))
    html = html_of(client.get(URL, {"service": service.pk}))
    assert html.count("<svg xmlns") == service.survey_questions.count()
    assert "عالی" in html
