"""Closed requests past their service's retention period are anonymised or deleted.

A service page says how long it keeps closed requests (``RetentionMixin``); ``manage.py
eservices_retention`` applies it. A request counts from the moment it reached a final status
(``closed_at``); a reopened request starts again. Anonymising keeps the request's history and
statistics (service, status, dates) and drops what names a person: answers, national code,
mobile and files. Deleting goes through the same receivers as any other deletion: an audit
entry first, the files once the deletion has committed.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from eservices.core import audit

from .models import RequestSubmission


class RetentionAction(models.TextChoices):
    ANONYMISE = "anonymise", _("Anonymise (keep the request, drop personal data and files)")
    DELETE = "delete", _("Delete")


class RetentionMixin(models.Model):
    """How long a service keeps closed requests (``manage.py eservices_retention`` acts on it)."""

    retention_days = models.PositiveIntegerField(
        _("keep closed requests for (days)"),
        null=True,
        blank=True,
        help_text=_("Empty keeps them for ever."),
    )
    retention_action = models.CharField(
        _("then"),
        max_length=16,
        choices=RetentionAction.choices,
        default=RetentionAction.ANONYMISE,
    )

    service_panels = {
        "follow_up": [
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("retention_days"), FieldPanel("retention_action")])],
                heading=_("Record keeping"),
            )
        ]
    }

    class Meta:
        abstract = True


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
        for submission in expired:
            if service.retention_action == RetentionAction.DELETE:
                submission.deletion_reason = audit.RETENTION
                submission.delete()
            else:
                audit.log_request(submission, audit.ANONYMISE)
                anonymise(submission, now)
    return result


def anonymise(submission: RequestSubmission, now) -> None:
    submission.attachments.all().delete()
    submission.form_data = dict.fromkeys(submission.form_data, "")
    submission.registrant_national_code = ""
    submission.registrant_mobile = ""
    submission.issued_to = ""  # nor which browser session it was issued to
    submission.anonymised_at = now
    submission.save(
        update_fields=[
            "form_data",
            "registrant_national_code",
            "registrant_mobile",
            "issued_to",
            "anonymised_at",
        ]
    )


def services_with_retention() -> list:
    """Every live page of every page type with ``RetentionMixin`` that sets a period."""
    services = []
    for model in apps.get_models():
        inherited = any(issubclass(parent, RetentionMixin) for parent in model._meta.parents)
        if issubclass(model, RetentionMixin) and not inherited:
            services += model.objects.filter(retention_days__isnull=False).order_by("path")
    return services
