"""The service group page (S2): a group of e-services with its national ID and icon."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Page, get_page_models
from wagtail.search import index

from eservices.conf import settings

from ..choices import GroupIcon
from ..pagecache import cache_this_page
from ..rows import RowWriter
from .national_id import NationalIdMixin
from .routing import RouteCachedPage
from .service import ServicePage


class ServiceGroupPage(RouteCachedPage, NationalIdMixin, Page):
    icon = models.CharField(
        _("icon"), max_length=32, choices=GroupIcon.choices, default=GroupIcon.BOLT
    )
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["eservices.ServiceDeskPage"]
    subpage_types = ["eservices.ServicePage"]

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("national_id"), FieldPanel("icon")]),
        FieldPanel("intro"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("national_id")]

    class Meta:
        verbose_name = _("service group")
        verbose_name_plural = _("service groups")

    @classmethod
    def allowed_subpage_models(cls):
        """``ServicePage`` and a host site's subclasses of it: the catalog lists them all."""
        return [model for model in get_page_models() if issubclass(model, ServicePage)]

    def get_template(self, request, *args, **kwargs):
        return "eservices/catalog/service_group_page.html"

    def serve(self, request, *args, **kwargs):
        cache_this_page(request)
        return super().serve(request, *args, **kwargs)

    def get_services(self):
        """The group's live, public services as the catalog table's rows (``CatalogEntry``)."""
        return ServicePage.objects.child_of(self).live().public().catalog_entries()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = settings.ESERVICES_BASE_TEMPLATE
        context["services"] = self.get_services()
        desk = context["desk"] = self.get_parent().specific
        context["catalog_rows"] = RowWriter(request, desk=desk).rows(
            context["services"], parent_url=self.get_url(request=request)
        )
        context["breadcrumbs"] = [
            (desk.title, desk.get_url(request=request)),
            (self.title, self.get_url(request=request)),
        ]
        return context
