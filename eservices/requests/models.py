"""Submissions of request forms, their attachments, statuses and status history."""

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.forms.models import AbstractFormSubmission
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from eservices.core import audit
from eservices.core.files.models import AbstractPrivateFile
from eservices.core.files.storage import private_storage
from eservices.core.numbers import insert_with_unique_number, save_with_unique_number
from eservices.core.versioned import remembered

from .statuses import (
    SYNCHRONISED_FIELDS,
    default_language_code,
    ensure_default_statuses,
    validate_sms_template,
)


class RequestStatusQuerySet(models.QuerySet):
    def workflow(self):
        """The workflow's statuses: the rows of the default locale. Requests point at them,
        transitions join them, codes find them; the rows of other locales only translate them.
        """
        return self.filter(locale__language_code=default_language_code())

    def localized_by_pk(self, locale=None) -> dict[int, "RequestStatus"]:
        """These workflow statuses by pk, each as a reader in ``locale`` (by default the active
        language's) sees it: its translation there, else itself. Three queries, for a listing
        that names many requests' statuses."""
        sources = list(self.workflow())
        if locale is None:
            locale = Locale.get_active()
        translations = {
            status.translation_key: status
            for status in self.model.objects.filter(
                locale=locale, translation_key__in=[s.translation_key for s in sources]
            )
        }
        return {s.pk: translations.get(s.translation_key, s) for s in sources}


class RequestStatusForm(WagtailAdminModelForm):
    """The snippet's form: transitions lead to the workflow's statuses; in a translation, the
    code and flags are its source's (shown, not editable) and transitions are not shown."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "next_statuses" in self.fields:
            self.fields["next_statuses"].queryset = RequestStatus.objects.workflow()
        if self.instance.locale_id and not self.instance.is_source():
            for name in SYNCHRONISED_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
            self.fields.pop("next_statuses", None)


class RequestStatus(TranslatableMixin, models.Model):
    """A state of a request, named for staff and, in its public name, for citizens.

    Administrators edit them as snippets; translators translate the name, public name and SMS
    text with wagtail-localize. The code and flags are the same in every language and the
    workflow uses the default locale's rows only (``RequestStatus.objects.workflow()``);
    ``next_statuses`` are the allowed transitions between those.
    """

    code = models.SlugField(
        _("code"),
        max_length=32,
        help_text=_("How the desk and its settings name the status; the same in every language."),
    )
    name = models.CharField(_("name"), max_length=100)
    public_name = models.CharField(
        _("public name"),
        max_length=100,
        blank=True,
        help_text=_("What citizens see; empty means the name."),
    )
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
    sms_template = models.TextField(
        _("SMS text"),
        blank=True,
        validators=[validate_sms_template],
        help_text=_(
            "Sent to the registrant's mobile when a request moves to this status; empty sends "
            "nothing. Placeholders: {tracking_number}, {status}, {service}."
        ),
    )
    next_statuses = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("allowed next statuses")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RequestStatusQuerySet.as_manager()

    base_form_class = RequestStatusForm
    panels = [
        FieldPanel("name"),
        FieldPanel("public_name"),
        FieldPanel("code"),
        FieldRowPanel(
            [
                FieldPanel("is_initial"),
                FieldPanel("is_answer"),
                FieldPanel("is_final"),
                FieldPanel("sort_order"),
            ]
        ),
        FieldPanel("next_statuses"),
        FieldPanel("sms_template"),
    ]
    # A translator translates the texts only: the code and flags are not offered, not even
    # as overridable values (wagtail-localize's default for synchronised fields).
    override_translatable_fields = [
        SynchronizedField(name, overridable=False) for name in SYNCHRONISED_FIELDS
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("request status")
        verbose_name_plural = _("request statuses")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="eservices_status_code_locale")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Keep the code and flags of a status and of its translations the same."""
        source = self.source() if self.locale_id else None
        if source is not None and source.pk != self.pk:
            for name in SYNCHRONISED_FIELDS:
                setattr(self, name, getattr(source, name))
        super().save(*args, **kwargs)
        if source is not None and source.pk == self.pk:
            self.get_translations().update(
                **{name: getattr(self, name) for name in SYNCHRONISED_FIELDS}
            )

    @property
    def citizen_name(self) -> str:
        """What citizens see: the public name, else the name."""
        return self.public_name or self.name

    def is_source(self) -> bool:
        """Whether this row is one of the workflow's statuses (not a translation of one)."""
        return self.locale.language_code == default_language_code()

    def source(self) -> "RequestStatus | None":
        """The workflow's status this row translates (itself for a workflow status)."""
        if self.is_source():
            return self
        return RequestStatus.objects.workflow().filter(translation_key=self.translation_key).first()

    def in_locale(self, locale) -> "RequestStatus":
        """This status as readers in ``locale`` see it: its translation there, else itself."""
        if locale is None or getattr(locale, "pk", locale) == self.locale_id:
            return self
        return self.get_translation_or_none(locale) or self

    def clean(self):
        super().clean()
        if not self.locale_id:
            return
        if self.source() is None:
            raise ValidationError(
                _(
                    "Add a status in the default language first, then translate it: only "
                    "statuses of the default language are used by the desk."
                )
            )
        # The (code, locale) constraint, which forms skip because the locale is not a field.
        same_code = RequestStatus.objects.filter(code=self.code, locale_id=self.locale_id)
        if same_code.exclude(pk=self.pk).exists():
            raise ValidationError({"code": self.unique_error_message(RequestStatus, ["code"])})

    @classmethod
    def initial(cls) -> "RequestStatus":
        """The status new requests get; the defaults are recreated if none is initial. Kept
        under the shared version (core/versioned.py): saving or deleting a status orphans it."""

        def build() -> "RequestStatus":
            statuses = cls.objects.workflow().filter(is_initial=True).order_by("sort_order", "pk")
            status = statuses.first()
            if status is None:
                ensure_default_statuses(cls)
                status = statuses.first()
            return status

        return remembered("initial-status", (cls._meta.label,), build)


class RequestSubmission(AbstractFormSubmission):
    """A citizen's request: the form's answers plus what the desk needs to follow it up."""

    # Not in Wagtail's reference index: it would record each request's page and status on
    # every save (two queries and about 8% of a POST's CPU) for a usage view requests never
    # show; the page and the status are protected by their foreign keys instead.
    wagtail_reference_index_ignore = True

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
    # The browser session the receipt was issued to, as a keyed digest (requests/issued.py).
    issued_to = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-submit_time"]
        # Every listing is ordered by (submit_time, id), newest first (the inbox pages by that
        # key, docs/architecture.md "Flat cost at scale"); each index below serves one filter
        # with that order, so a page reads its rows off an index instead of sorting them all.
        indexes = [
            models.Index(fields=["page", "-submit_time"], name="eservices_req_page_time"),
            models.Index(fields=["submit_time", "id"], name="eservices_req_time"),
            models.Index(fields=["status", "submit_time", "id"], name="eservices_req_status_time"),
            models.Index(
                fields=["assignee", "submit_time", "id"], name="eservices_req_assignee_time"
            ),
            # A session's receipts, newest first (``issued_tracking_numbers``).
            models.Index(fields=["issued_to", "submit_time", "id"], name="eservices_req_issued"),
            # The inbox's search by mobile (tracking number and national code have theirs).
            models.Index(fields=["registrant_mobile"], name="eservices_req_mobile"),
        ]

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

    def insert_with_tracking_number(self) -> None:
        """Insert with a fresh random tracking number inside the caller's transaction, which
        retries as a whole on the rare collision (``NumberTaken``)."""
        insert_with_unique_number(self, "tracking_number")


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


class SmsAttempt(models.Model):
    """One SMS the desk meant to send about a request (its receipt, a status change) and what
    became of it, so that staff see when a citizen was not texted. No number or text is kept:
    the request has the mobile, the status its SMS text."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        STATUS = "status", _("Status change")

    class Outcome(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being handed to the SMS provider")
        SENT = "sent", _("Handed to the SMS provider")
        FAILED = "failed", _("Could not be sent")
        NO_MOBILE = "no_mobile", _("Not sent: no mobile number is known")
        NO_TEXT = "no_text", _("Not sent: the status has no SMS text")
        UNKNOWN = "unknown", _("Unknown: the worker stopped while sending; not sent again")

    submission = models.ForeignKey(
        RequestSubmission, on_delete=models.CASCADE, related_name="sms_attempts"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status_code = models.CharField(_("status"), max_length=32, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("SMS attempt")
        verbose_name_plural = _("SMS attempts")
        ordering = ["created_at", "pk"]

    @classmethod
    def outcome_of(cls, result_status) -> str:
        """The outcome a django-tasks result status means."""
        if result_status == TaskResultStatus.SUCCESSFUL:
            return cls.Outcome.SENT
        if result_status == TaskResultStatus.FAILED:
            return cls.Outcome.FAILED
        return cls.Outcome.QUEUED

    @property
    def not_sent(self) -> bool:
        return self.outcome not in {self.Outcome.QUEUED, self.Outcome.SENDING, self.Outcome.SENT}


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
