"""Closed requests past their service's retention period are anonymised or deleted.

A request counts from the moment it reached a final status (``closed_at``); a reopened request
starts again. Anonymising keeps the request's history and statistics (service, status, dates)
and drops what names a person: answers, national code, mobile and files. Files are removed
from storage only after the database change has committed.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from eservices.requests.models import Attachment, RequestSubmission

from . import audit
from .models import RetentionAction


@dataclass
class RetentionResult:
    """What one service's pass did (or would do, in a dry run)."""

    service: str
    action: str
    count: int
    tracking_numbers: list[str] = field(default_factory=list)


def expired_requests(service, now: datetime.datetime):
    cutoff = now - datetime.timedelta(days=service.retention_days)
    expired = RequestSubmission.objects.filter(
        page=service, status__is_final=True, closed_at__lt=cutoff
    )
    if service.retention_action == RetentionAction.ANONYMISE:
        expired = expired.filter(anonymised_at__isnull=True)
    return expired.order_by("closed_at")


def apply_retention(service, now=None, dry_run=False) -> RetentionResult:
    now = now or timezone.now()
    expired = list(expired_requests(service, now))
    result = RetentionResult(
        service=service.title,
        action=service.retention_action,
        count=len(expired),
        tracking_numbers=[s.tracking_number for s in expired],
    )
    if dry_run or not expired:
        return result
    with transaction.atomic():
        files = [a.file.name for a in Attachment.objects.filter(submission__in=expired)]
        for submission in expired:
            if service.retention_action == RetentionAction.DELETE:
                audit.log_request(submission, audit.DELETE)
                submission.delete()
            else:
                audit.log_request(submission, audit.ANONYMISE)
                anonymise(submission, now)
        storage = Attachment._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files if name])
    return result


def anonymise(submission: RequestSubmission, now) -> None:
    submission.attachments.all().delete()
    submission.form_data = dict.fromkeys(submission.form_data, "")
    submission.registrant_national_code = ""
    submission.registrant_mobile = ""
    submission.anonymised_at = now
    submission.save(
        update_fields=[
            "form_data",
            "registrant_national_code",
            "registrant_mobile",
            "anonymised_at",
        ]
    )


def services_with_retention():
    from eservices.catalog.models import ServicePage

    return ServicePage.objects.filter(retention_days__isnull=False).order_by("path")
