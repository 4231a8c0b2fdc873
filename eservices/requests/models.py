"""Submissions of request forms, their attachments, statuses and status history."""

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.forms.models import AbstractFormSubmission

from eservices.core import audit
from eservices.core.files.models import AbstractPrivateFile
from eservices.core.files.storage import private_storage
from eservices.core.numbers import save_with_unique_number

from .statuses import ensure_default_statuses, validate_sms_template


class RequestStatus(models.Model):
    """A state of a request, named for staff and for citizens in Persian and English.

    Administrators edit them as snippets; ``next_statuses`` are the allowed transitions.
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_fa = models.CharField(_("name (Persian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    public_name_fa = models.CharField(
        _("public name (Persian)"),
        max_length=100,
        blank=True,
        help_text=_("What citizens see; empty means the name."),
    )
    public_name_en = models.CharField(_("public name (English)"), max_length=100, blank=True)
    is_initial = models.BooleanField(
        _("initial"), default=False, help_text=_("New requests get the initial status.")
    )
    is_final = models.BooleanField(_("final"), default=False)
    is_answer = models.BooleanField(
        _("counts as answered"),
        default=False,
        help_text=_(
            "A request in this status has had its answer: it is no longer counted as overdue."
        ),
    )
    sms_template_fa = models.TextField(
        _("SMS text (Persian)"),
        blank=True,
        help_text=_(
            "Sent to the registrant's mobile when a request moves to this status; empty sends "
            "nothing. Placeholders: {tracking_number}, {status}, {service}."
        ),
    )
    sms_template_en = models.TextField(
        _("SMS text (English)"),
        blank=True,
        help_text=_("For requests made in English; empty uses the Persian text."),
    )
    next_statuses = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("allowed next statuses")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name_fa"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("public_name_fa"), FieldPanel("public_name_en")]),
        FieldRowPanel(
            [
                FieldPanel("is_initial"),
                FieldPanel("is_answer"),
                FieldPanel("is_final"),
                FieldPanel("sort_order"),
            ]
        ),
        FieldPanel("next_statuses"),
        FieldPanel("sms_template_fa"),
        FieldPanel("sms_template_en"),
    ]

    class Meta:
        verbose_name = _("request status")
        verbose_name_plural = _("request statuses")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        for field in ("sms_template_fa", "sms_template_en"):
            try:
                validate_sms_template(getattr(self, field))
            except ValidationError as error:
                errors[field] = error
        if errors:
            raise ValidationError(errors)

    @property
    def name(self) -> str:
        return self.name_fa if (get_language() or "fa").startswith("fa") else self.name_en

    @property
    def public_name(self) -> str:
        if (get_language() or "fa").startswith("fa"):
            return self.public_name_fa or self.name_fa
        return self.public_name_en or self.name_en

    @classmethod
    def initial(cls) -> "RequestStatus":
        """The status new requests get; the defaults are recreated if none is initial."""
        status = cls.objects.filter(is_initial=True).order_by("sort_order", "pk").first()
        if status is None:
            ensure_default_statuses(cls)
            status = cls.objects.filter(is_initial=True).order_by("sort_order", "pk").first()
        return status


class RequestSubmission(AbstractFormSubmission):
    """A citizen's request: the form's answers plus what the desk needs to follow it up."""

    tracking_number = models.CharField(_("tracking number"), max_length=13, unique=True)
    registrant_national_code = models.CharField(
        _("registrant's national code"), max_length=10, blank=True, db_index=True
    )
    registrant_mobile = models.CharField(_("registrant's mobile"), max_length=11, blank=True)
    status = models.ForeignKey(
        RequestStatus, verbose_name=_("status"), on_delete=models.PROTECT, related_name="+"
    )
    public_reply = models.TextField(_("public reply"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    assignee = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-submit_time"]
        indexes = [models.Index(fields=["page", "-submit_time"], name="eservices_req_page_time")]

    def __str__(self) -> str:
        return self.tracking_number

    def get_data(self):
        """The answers plus tracking number and status, as Wagtail's listing and export show."""
        return {
            **super().get_data(),
            "tracking_number": self.tracking_number,
            "status": self.status.name,
        }

    MAX_TRACKING_ATTEMPTS = 8

    def save_with_tracking_number(self) -> None:
        """Insert with a fresh random tracking number, retrying on the rare collision."""
        save_with_unique_number(self, "tracking_number", self.MAX_TRACKING_ATTEMPTS)


class StatusChange(models.Model):
    """One step of a request's history: the status it moved to and what was said."""

    submission = models.ForeignKey(
        RequestSubmission, on_delete=models.CASCADE, related_name="history"
    )
    status = models.ForeignKey(RequestStatus, on_delete=models.PROTECT, related_name="+")
    public_reply = models.TextField(_("public reply"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]


def attachment_path(instance: "Attachment", filename: str) -> str:
    return "requests/%s/%s" % (instance.submission.tracking_number, filename)


class Attachment(AbstractPrivateFile):
    """A file sent with a request, in private storage; staff open it through a checked view."""

    submission = models.ForeignKey(
        RequestSubmission, on_delete=models.CASCADE, related_name="attachments"
    )
    field_key = models.CharField(_("field"), max_length=255)
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


@receiver(pre_delete, sender=RequestSubmission)
def audit_deleted_request(sender, instance, **kwargs) -> None:
    """Every deletion of a request is in the audit log, whichever route deleted it (D4); its
    files go with its ``Attachment`` rows."""
    audit.log_deletion(instance, "tracking_number", getattr(instance, "deletion_reason", ""))
