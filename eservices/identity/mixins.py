"""``IdentityGateMixin``: put the SMS gate in front of a service's tabs, like page privacy."""

from django.db import models
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from eservices.core.composition import PagePart, routes_to_gate

from .session import clear_identity, get_identity
from .views import IdentityGateWizard


class IdentityGateMixin(PagePart, models.Model):
    """When ``requires_identity`` is on, the routes other parts name in their
    ``gated_routes`` (the Register and Follow-up tabs, receipts, survey, participation) need a
    verified mobile and national code; the registrant fields are then filled from it and
    locked. Its ``serve`` must run before ``RoutablePageMixin``'s, which calls the route
    directly (system check eservices.E004)."""

    requires_identity = models.BooleanField(
        _("requires identification"),
        default=False,
        help_text=_("Citizens verify their mobile and national code by SMS before the form."),
    )
    service_panels = {"content": [FieldPanel("requires_identity")]}
    page_requires = ("get_form_fields", "get_request_form")
    must_precede = (RoutablePageMixin,)

    class Meta:
        abstract = True

    def serve(self, request, view=None, args=None, kwargs=None):
        if (
            self.requires_identity
            and view is not None
            and getattr(view, "__name__", "") in routes_to_gate(type(self))
            and get_identity(request) is None
        ):
            response = self.serve_identity_gate(request)
        else:
            response = super().serve(request, view, args, kwargs)
        if self.requires_identity:
            add_never_cache_headers(response)
        return response

    def serve_identity_gate(self, request):
        """Render (or advance) the gate; override to use another verification."""
        context = self.get_context(request)
        context["tab"] = None
        return IdentityGateWizard.as_view(page=self, base_context=context)(request)

    @path("sign-out/", name="sign_out")
    def sign_out(self, request):
        """ "خروج": forget the verified identity (POST only)."""
        if request.method == "POST":
            clear_identity(request)
        return redirect(self.get_url(request))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["identity"] = self.identity(request)
        return context

    def identity(self, request) -> dict | None:
        return get_identity(request) if self.requires_identity else None

    def get_request_form(self, request, *args, **kwargs):
        """Registrant fields come from the verified identity and cannot be changed."""
        form = super().get_request_form(request, *args, **kwargs)
        identity = self.identity(request)
        if identity is None:
            return form
        # Stored with the request whatever fields the editor built (RequestFormMixin.registrant).
        form.registrant_identity = identity
        values = {
            "registrant_national_code": identity["national_code"],
            "registrant_mobile": identity["mobile"],
        }
        for field in self.get_form_fields():
            if field.role in values and field.clean_name in form.fields:
                form_field = form.fields[field.clean_name]
                form_field.initial = values[field.role]
                form_field.disabled = True
        return form
