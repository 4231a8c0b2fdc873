"""``ViewFormMixin``: the View tab of a view service (S11)."""

import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from eservices.conf import settings
from eservices.core import ratelimit
from eservices.core.composition import PagePart
from eservices.core.persian import is_persian, local_date, localize_digits

from .registry import choices, run_lookup
from .sources import http_source_choices

MESSAGES = {
    "not_found": _("Nothing was found for what you entered. Check it and try again."),
    "error": _("The information cannot be shown right now. Please try again later."),
    "timeout": _("The information service did not answer in time. Please try again in a minute."),
    "throttled": _("Too many lookups. Please wait a few minutes and try again."),
}


def display_value(value) -> str:
    """A value as the reader reads it: Jalali dates, grouped numbers, local digits."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return local_date(value)
    if isinstance(value, int | Decimal):
        text = f"{value:,}"
        return localize_digits(text.replace(",", "٬") if is_persian() else text)
    return localize_digits(value)


class ViewFormMixin(PagePart, models.Model):
    """The editor's fields on a View tab, answered by a data source chosen per page."""

    lookup_source = models.CharField(
        pgettext_lazy("data source", "source"),
        max_length=32,
        blank=True,
        choices=choices,
        help_text=_("Where the View tab reads its answers. Its first form field is the key."),
    )
    lookup_dataset = models.ForeignKey(
        "eservices.Dataset",
        verbose_name=_("dataset"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lookup_http_source = models.CharField(
        _("remote service"),
        max_length=64,
        blank=True,
        choices=http_source_choices,
        help_text=_("For the remote source: a service name the operator configured."),
    )

    service_panels = {
        "form": [
            MultiFieldPanel(
                [
                    FieldPanel("lookup_source"),
                    FieldPanel("lookup_dataset"),
                    FieldPanel("lookup_http_source"),
                ],
                heading=_("View tab data source"),
            )
        ]
    }
    page_requires = ("get_form_fields", "get_form")

    class Meta:
        abstract = True

    def get_lookup_config(self) -> dict:
        fields = list(self.get_form_fields())
        key_field = fields[0].clean_name if fields else ""
        if self.lookup_source == "dataset":
            return {"dataset_id": self.lookup_dataset_id, "key_field": key_field}
        return {"source": self.lookup_http_source}

    def view_tab_context(self, request) -> dict:
        if not self.lookup_source or not list(self.get_form_fields()):
            return {}
        data = request.POST if request.method == "POST" else None
        form = self.get_form(data, page=self, user=request.user)
        context = {"view_form": form}
        if data is None or not form.is_valid():
            return context
        if ratelimit.hit(
            "view",
            ratelimit.client_ip(request),
            settings.ESERVICES_VIEW_IP_LIMIT,
            settings.ESERVICES_VIEW_IP_WINDOW,
        ):
            context["view_message"] = MESSAGES["throttled"]
            return context
        query = {key: str(value) for key, value in form.cleaned_data.items()}
        result = run_lookup(self.lookup_source, query, self.get_lookup_config())
        if result.found:
            context["view_rows"] = [
                [(label, display_value(value)) for label, value in record] for record in result.rows
            ]
        else:
            context["view_message"] = MESSAGES.get(result.status, MESSAGES["error"])
        return context
