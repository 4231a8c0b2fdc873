"""Admin views of requests: the permission-checked attachment download (R5, R6) and the
submissions listing with tracking numbers, statuses and attachment links."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.contrib.forms.views import SubmissionsListView

from eservices.backoffice.permissions import can_see_service

from .models import Attachment, ScanState

SERVABLE_STATES = {ScanState.CLEAN, ScanState.UNSCANNED}


def private_file_response(file, name: str, content_type: str) -> FileResponse:
    """A private file as a download the browser will neither render nor sniff (R5)."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_download(request, attachment_id: int):
    attachment = get_object_or_404(
        Attachment.objects.select_related("submission"), pk=attachment_id
    )
    if not can_see_service(request.user, attachment.submission.page_id):
        raise Http404
    if attachment.scan_state not in SERVABLE_STATES:
        messages.error(
            request,
            _("“%(name)s” has not passed the virus scan (%(state)s) and cannot be opened.")
            % {"name": attachment.original_name, "state": attachment.get_scan_state_display()},
        )
        return redirect("wagtailforms:list_submissions", attachment.submission.page_id)
    return private_file_response(attachment.file, attachment.original_name, attachment.content_type)


class RequestSubmissionsListView(SubmissionsListView):
    """Wagtail's submissions listing, with each file answer linked to its checked download
    and its virus-scan state beside it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_export:
            return context
        file_keys = [
            f.clean_name for f in self.form_page.get_form_fields() if f.field_type == "file"
        ]
        columns = [name for name, _label in self.form_page.get_data_fields()]
        attachments = {
            (a.submission_id, a.field_key): a
            for a in Attachment.objects.filter(
                submission__in=[row["model_id"] for row in context["data_rows"]]
            )
        }
        for row in context["data_rows"]:
            for key in file_keys:
                attachment = attachments.get((row["model_id"], key))
                if attachment is None or key not in columns:
                    continue
                index = columns.index(key)
                row["fields"][index] = format_html(
                    '<a href="{}">{}</a> ({})',
                    reverse("eservices_attachment", args=[attachment.pk]),
                    attachment.original_name,
                    attachment.get_scan_state_display(),
                )
        return context
