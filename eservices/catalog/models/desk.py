"""The desk page (S1–S5): the catalog of service groups, with the counter-office list and the
app download pages that the channels open."""

from collections import defaultdict

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from eservices.conf import settings
from eservices.core.qr import qr_svg

from ..forms import OfficeFilterForm
from ..pagecache import cache_this_page
from ..rows import RowWriter
from .group import ServiceGroupPage
from .routing import RouteCachedPage
from .service import ServicePage
from .snippets import CounterOffice, MobileApp


class ServiceDeskPage(RouteCachedPage, RoutablePageMixin, Page):
    """The E-Services Desk (میز خدمات الکترونیک): its children are the service groups."""

    intro = RichTextField(_("introduction"), blank=True)

    subpage_types = ["eservices.ServiceGroupPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("e-services desk")
        verbose_name_plural = _("e-services desks")

    def get_template(self, request, *args, **kwargs):
        return "eservices/catalog/service_desk_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = settings.ESERVICES_BASE_TEMPLATE
        context["desk"] = self
        context["breadcrumbs"] = [(self.title, self.get_url(request=request))]
        return context

    def get_groups(self) -> list[ServiceGroupPage]:
        """Live, public groups in tree order, each with ``catalog_services`` attached (their
        ``CatalogEntry`` rows).

        Runs the same number of queries however many groups and services there are.
        """
        groups = list(ServiceGroupPage.objects.child_of(self).live().public())
        services = (
            ServicePage.objects.descendant_of(self)
            .filter(depth=self.depth + 2)
            .live()
            .public()
            .catalog_entries()
        )
        by_group = defaultdict(list)
        for service in services:
            by_group[service.path[: -ServicePage.steplen]].append(service)
        for group in groups:
            group.catalog_services = by_group[group.path]
        return groups

    @path("", name="catalog")
    def catalog(self, request):
        cache_this_page(request)
        context = self.get_context(request)
        context["groups"] = groups = self.get_groups()
        writer = RowWriter(request, desk=self)
        for group in groups:
            group.catalog_rows = writer.rows(
                group.catalog_services, parent_url=group.get_url(request=request)
            )
        return TemplateResponse(request, self.get_template(request), context)

    @path("offices/", name="offices")
    def offices(self, request):
        """Active counter offices in the page's language, filterable by province and city."""
        cache_this_page(request)  # the unfiltered list: a query string is never cached
        offices = CounterOffice.objects.filter(locale_id=self.locale_id, is_active=True)
        form = OfficeFilterForm(request.GET or None, offices=offices)
        context = self.get_context(request)
        context["breadcrumbs"].append((_("Government counter offices"), None))
        context.update(form=form, offices=form.filter(offices))
        return TemplateResponse(request, "eservices/catalog/counter_offices.html", context)

    @path("apps/<int:app_id>/", name="app")
    def app(self, request, app_id: int):
        """Where the mobile-app channel leads: store links, the file and a QR code of this page."""
        cache_this_page(request)
        app = get_object_or_404(MobileApp, pk=app_id)
        app = app.get_translation_or_none(self.locale) or app
        context = self.get_context(request)
        context["breadcrumbs"].append((app.name, None))
        context.update(app=app, qr_code=qr_svg(request.build_absolute_uri()))
        return TemplateResponse(request, "eservices/catalog/mobile_app.html", context)
