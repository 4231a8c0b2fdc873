"""``IdentityGateMixin``: put the SMS gate in front of a service's tabs, like page privacy."""

from django.contrib import messages
from django.db import models
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language_bidi, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from eservices.core.composition import PagePart, routes_to_gate, routes_to_restore
from eservices.core.forms import refill
from eservices.core.persian import join_for_reader

from .session import (
    clear_identity,
    forget_all_answers,
    forget_answers,
    get_identity,
    identity_digest,
    keep_answers,
    kept_answers,
    seconds_left,
)
from .views import IdentityGateWizard, gate_prefix


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
        route = getattr(view, "__name__", "") if view is not None else ""
        gated = self.requires_identity and route in routes_to_gate(type(self))
        if gated and get_identity(request) is None:
            response = self.serve_identity_gate(
                request, answers_kept=self.keep_posted_answers(request, route)
            )
        elif gated and request.method == "POST" and self.is_gate_post(request):
            # A gate step posted once verified (a double click, the back button): the gate is
            # done; show the route, not a form full of "required" errors.
            response = redirect(request.get_full_path())
        else:
            if gated and request.method == "POST" and route in routes_to_restore(type(self)):
                forget_answers(request, self.pk, route)  # the posted form now carries them
            response = super().serve(request, view, args, kwargs)
        if self.requires_identity:
            add_never_cache_headers(response)
        return response

    def serve_identity_gate(self, request, answers_kept=False):
        """Render (or advance) the gate; override to use another verification.

        ``answers_kept``: a form was posted without a verified identity and its answers are
        kept; the gate says so."""
        context = self.get_context(request)
        context.update(tab=None, answers_kept=answers_kept)
        return IdentityGateWizard.as_view(page=self, base_context=context)(request)

    def is_gate_post(self, request) -> bool:
        """A POST of the gate's own forms: a step, or "Edit number" (which posts no step)."""
        return (
            gate_prefix(self) + "-current_step" in request.POST
            or "wizard_goto_step" in request.POST
        )

    def keep_posted_answers(self, request, route: str) -> bool:
        """Keep what was posted to a restorable route without a verified identity (the
        verification lapsed, "خروج" in another tab, the session is gone): the answers, and
        which file fields had a file. Gate POSTs are the gate's own; the CSRF token is not an
        answer."""
        if (
            request.method != "POST"
            or route not in routes_to_restore(type(self))
            or self.is_gate_post(request)
        ):
            return False
        data = {
            key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"
        }
        files = [key for key in request.FILES if request.FILES[key]]
        if not data and not files:
            return False
        keep_answers(request, self.pk, route, data, files)
        return True

    @path("sign-out/", name="sign_out")
    def sign_out(self, request):
        """ "خروج": forget the verified identity (POST only), and answers kept from an earlier
        lapse: the next person at this browser must not find them."""
        if request.method == "POST":
            clear_identity(request)
            forget_all_answers(request)
            self.forget_answers_in_progress(request)
        return redirect(self.get_url(request))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        identity = self.identity(request)
        context["identity"] = identity
        context["identity_seconds_left"] = seconds_left(identity) if identity else 0
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
        self.fill_kept_answers(request, form, "index_route")
        values = {
            "registrant_national_code": identity["national_code"],
            "registrant_mobile": identity["mobile"],
        }
        for field in self.get_form_fields():
            if field.role in values and field.clean_name in form.fields:
                form_field = form.fields[field.clean_name]
                form_field.initial = form.initial[field.clean_name] = values[field.role]
                form_field.disabled = True
        return form

    def fill_kept_answers(self, request, form, route: str) -> None:
        """Fill the unbound ``form`` of ``route`` with the answers kept when the identity
        lapsed, and say what the citizen must do: choose files again, and check answers typed
        under another identity (never submitted for them: they see the form and submit it
        themselves). The answers stay kept until the route's form is posted again."""
        identity = self.identity(request)
        kept = kept_answers(request, self.pk, route) if identity else None
        if form is None or form.is_bound or not kept:
            return
        refill(form, kept["data"])
        messages.info(request, gettext("Your answers have been filled in again."))
        labels = [
            str(field.label)
            for name, field in form.fields.items()
            if form.add_prefix(name) in kept["files"] and field.widget.needs_multipart_form
        ]
        if labels:
            messages.warning(
                request,
                ngettext(
                    "Files cannot be kept: choose the file for %(fields)s again.",
                    "Files cannot be kept: choose the files for %(fields)s again.",
                    len(labels),
                )
                % {"fields": join_for_reader(quoted(label) for label in labels)},
            )
        if kept["typed_by"] != identity_digest(identity["mobile"], identity["national_code"]):
            messages.warning(
                request,
                gettext(
                    "These answers were typed before you verified, under another mobile "
                    "number or national code. Check them before you submit."
                ),
            )


def quoted(text: str) -> str:
    """``text`` in the reader's quotation marks: «…» in a right-to-left language, “…” else."""
    return ("«%s»" if get_language_bidi() else "“%s”") % text
