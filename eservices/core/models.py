"""Models of the core layer: the holiday list that service levels skip."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


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
