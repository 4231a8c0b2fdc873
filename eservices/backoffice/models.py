"""What the back office keeps besides requests: the holiday list and each service's retention."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class Holiday(models.Model):
    """A day off besides the weekend; due times of requests skip it."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("occasion"), max_length=100, blank=True)

    panels = [FieldPanel("date"), FieldPanel("name")]

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return self.name or self.date.isoformat()


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

    retention_panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("retention_days"), FieldPanel("retention_action")])],
            heading=_("Record keeping"),
        )
    ]

    class Meta:
        abstract = True
