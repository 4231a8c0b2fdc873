"""Staff downloads of the files citizens sent: request attachments and ideas' documents.

Both answer only staff who may see the file's service (a 404 otherwise, docs/security.md R3),
only once the virus scan has cleared the file (R6; otherwise back to the record with the
reason), and always as a download the browser will neither render nor sniff (R5).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from eservices.core.files.responses import private_file_response
from eservices.participation.models import IdeaAttachment
from eservices.requests.models import Attachment

from .permissions import visible_service_ids


def serve_private_file(request, attachment, back_url: str):
    """The file of ``attachment`` (an ``AbstractPrivateFile``), or ``back_url`` with a message
    when its scan state keeps it closed."""
    if not attachment.is_servable:
        messages.error(
            request,
            _("“%(name)s” has not passed the virus scan (%(state)s) and cannot be opened.")
            % {"name": attachment.original_name, "state": attachment.get_scan_state_display()},
        )
        return redirect(back_url)
    return private_file_response(attachment.file, attachment.original_name, attachment.content_type)


def attachment_download(request, attachment_id: int):
    attachment = get_object_or_404(
        Attachment.objects.select_related("submission"),
        pk=attachment_id,
        submission__page__in=visible_service_ids(request.user),
    )
    back = reverse("eservices_requests:detail", args=[attachment.submission_id])
    return serve_private_file(request, attachment, back)


def idea_file_download(request, file_id: int):
    attachment = get_object_or_404(
        IdeaAttachment.objects.select_related("idea"),
        pk=file_id,
        idea__page__in=visible_service_ids(request.user),
    )
    query = urlencode({"q": attachment.idea.reference_number})
    return serve_private_file(request, attachment, "%s?%s" % (reverse("eservices_ideas"), query))
