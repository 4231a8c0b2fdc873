"""The ideas inbox and its file download: who sees what, filters, and inert stored text."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from eservices.participation.models import Idea, IdeaAttachment

pytestmark = pytest.mark.django_db

URL = "/admin/eservices/ideas/"
XSS = '<script>alert(1)</script>"><svg onload=alert(1)>'


def idea(page, text="پیشنهاد می‌کنم قبض‌ها پیامکی شوند.", days_ago=0, **fields) -> Idea:
    item = Idea(page=page, text=text, **fields)
    item.save_with_reference_number()
    if days_ago:
        Idea.objects.filter(pk=item.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
    return item


def attach(item: Idea, name="طرح.pdf", state="clean", content=b"%PDF-1.4\n%%EOF\n"):
    attachment = IdeaAttachment(
        idea=item,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        scan_state=state,
    )
    attachment.file.save("upload.pdf", ContentFile(content), save=True)
    return attachment


@pytest.fixture
def ideas(desk):
    """An idea with a file on each group's service."""
    mine = idea(desk["service_a"], name="مریم", mobile="09121234567")
    theirs = idea(desk["service_b"], text="ایده‌ی گروه ب برای بهتر شدن خدمت")
    return {
        "mine": mine,
        "mine_file": attach(mine),
        "theirs": theirs,
        "theirs_file": attach(theirs, name="دیگری.pdf"),
    }


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_their_groups_ideas_with_files_and_jalali_dates(client, staff_a, ideas):
    client.force_login(staff_a)
    html = html_of(client.get(URL))
    mine = ideas["mine"]
    assert mine.text in html
    assert "مریم" in html
    assert "۰۹۱۲۱۲۳۴۵۶۷" in html
    assert '<a href="/admin/eservices/ideas/files/%d/">' % ideas["mine_file"].pk in html
    assert "طرح.pdf" in html
    assert "۱۴" in html  # a Jalali year: ۱۴۰x
    assert ideas["theirs"].text not in html
    assert "دیگری.pdf" not in html


def test_staff_of_another_group_cannot_filter_or_download_its_ideas(client, desk, staff_b, ideas):
    client.force_login(staff_b)
    assert client.get(URL, {"service": desk["service_a"].pk}).status_code == 404
    url = "/admin/eservices/ideas/files/%d/" % ideas["mine_file"].pk
    assert client.get(url).status_code == 404
    assert client.get("/admin/eservices/ideas/files/999999/").status_code == 404


def test_citizens_and_anonymous_visitors_are_sent_to_the_admin_login(client, ideas):
    url = "/admin/eservices/ideas/files/%d/" % ideas["mine_file"].pk
    citizen = get_user_model().objects.create_user("citizen-5678")
    for user in (None, citizen):
        if user is not None:
            client.force_login(user)
        for target in (URL, url):
            response = client.get(target)
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")


def test_a_clean_file_downloads_with_safe_headers(client, staff_a, ideas):
    client.force_login(staff_a)
    response = client.get("/admin/eservices/ideas/files/%d/" % ideas["mine_file"].pk)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("state", ["pending", "infected"])
def test_files_not_cleared_by_the_scanner_are_refused(client, staff_a, ideas, state):
    attachment = ideas["mine_file"]
    attachment.scan_state = state
    attachment.save()
    client.force_login(staff_a)
    response = client.get("/admin/eservices/ideas/files/%d/" % attachment.pk)
    assert response.status_code == 302
    assert response["Location"] == "%s?q=%s" % (URL, ideas["mine"].reference_number)
    assert not hasattr(response, "streaming_content")


def test_newest_first_and_filtered_by_service_and_period(client, desk, staff_a, ideas):
    old = idea(desk["service_a"], text="ایده‌ای قدیمی درباره‌ی قبض", days_ago=40)
    client.force_login(staff_a)
    html = html_of(client.get(URL))
    assert html.index(ideas["mine"].text) < html.index(old.text)
    today = timezone.localdate()
    recent = html_of(
        client.get(
            URL,
            {
                "service": desk["service_a"].pk,
                "date_from": jalali(today - datetime.timedelta(days=10)),
                "date_to": jalali(today),
            },
        )
    )
    assert ideas["mine"].text in recent
    assert old.text not in recent


def jalali(day: datetime.date) -> str:
    from eservices.formbuilder.validators import format_jalali

    return format_jalali(day)


def test_search_by_reference_number_or_mobile_in_any_digits(client, desk, staff_a, ideas):
    other = idea(desk["service_a"], text="ایده‌ی دیگری از شهروند", mobile="09351112233")
    client.force_login(staff_a)
    number = ideas["mine"].reference_number
    persian = number.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    html = html_of(client.get(URL, {"q": persian}))
    assert ideas["mine"].text in html
    assert other.text not in html
    html = html_of(client.get(URL, {"q": "+98 935 111 2233"}))
    assert other.text in html
    assert ideas["mine"].text not in html


def test_fifty_ideas_a_page(client, desk, staff_a):
    for index in range(51):
        idea(desk["service_a"], text="ایده‌ی شماره %d برای خدمت" % index)
    client.force_login(staff_a)
    first = html_of(client.get(URL))
    assert first.count("<article ") == 50
    assert "ایده‌ی شماره 50 برای" in first
    second = html_of(client.get(URL, {"p": 2}))
    assert second.count("<article ") == 1
    assert "ایده‌ی شماره 0 برای" in second


def test_untrusted_text_and_file_names_stay_inert(client, desk, staff_a):
    item = idea(desk["service_a"], text=XSS + "\nسطر دوم", name=XSS)
    attach(item, name=XSS + ".pdf")
    client.force_login(staff_a)
    html = html_of(client.get(URL))
    assert "<script>alert(1)" not in html
    assert "<svg onload" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3
    assert "&lt;svg onload=alert(1)&gt;<br>سطر دوم" in html


def test_the_menu_shows_reports_only_to_staff_who_see_a_service(client, staff_a):
    from django.contrib.auth.models import Group, Permission

    client.force_login(staff_a)
    html = html_of(client.get("/admin/"))
    assert "eservices-surveys" in html
    assert "eservices-ideas" in html
    group = Group.objects.create(name="admins without pages")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    lonely = get_user_model().objects.create_user("lonely")
    lonely.groups.add(group)
    client.force_login(lonely)
    html = client.get("/admin/").content.decode()
    assert "eservices-surveys" not in html
    assert "eservices-ideas" not in html


def test_the_number_of_queries_does_not_grow_with_the_ideas(client, desk, staff_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_a)
    counts = []
    for _round in range(2):
        for index in range(10):
            attach(idea(desk["service_a"], text="ایده‌ی شماره %d برای خدمت" % index))
        with CaptureQueriesContext(connection) as queries:
            html_of(client.get(URL))
        counts.append(len(queries))
    assert counts[0] == counts[1]
