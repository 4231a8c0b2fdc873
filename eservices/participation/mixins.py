"""``ParticipationMixin``: the participation part of the Follow-up tab (S10)."""

from django.contrib import messages
from django.db import models, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import path

from eservices.core.composition import PagePart
from eservices.core.files.models import removed_on_failure, store_uploads
from eservices.core.persian import localize_digits

from .forms import ParticipationForm
from .models import Idea, IdeaAttachment


class ParticipationMixin(PagePart, models.Model):
    """The participation box of the Follow-up tab: ideas with optional documents."""

    participation_enabled = models.BooleanField(gettext_lazy("participation box"), default=True)
    participation_max_files = models.PositiveSmallIntegerField(
        gettext_lazy("documents per idea"), default=2
    )

    service_panels = {
        "follow_up": [
            FieldRowPanel(
                [FieldPanel("participation_enabled"), FieldPanel("participation_max_files")]
            )
        ]
    }
    gated_routes = ("participation",)
    restorable_routes = ("participation",)  # the gate keeps its answers across a lapse
    page_requires = ("follow_up_context", "render_follow_up", "follow_up_url", "identity")

    class Meta:
        abstract = True

    def get_participation_form(self, request, data=None, files=None):
        if not self.participation_enabled:
            return None
        form = ParticipationForm(data, files, max_files=self.participation_max_files, prefix="idea")
        if self.identity(request) is None:  # anyone may post: a captcha and a limit (O11)
            form.guard_open(request)
        self.fill_kept_answers(request, form, "participation")
        return form

    def follow_up_context(self, request):
        context = super().follow_up_context(request)
        context["participation_form"] = self.get_participation_form(request)
        return context

    @path("participation/", name="participation")
    def participation(self, request):
        if request.method != "POST":
            return redirect(self.follow_up_url(request))
        form = self.get_participation_form(request, request.POST, request.FILES)
        if form is None:
            return redirect(self.get_url(request))
        if not form.is_valid():
            return self.render_follow_up(request, participation_form=form)
        with removed_on_failure() as written, transaction.atomic():
            idea = Idea(
                page=self,
                text=form.cleaned_data["text"],
                name=form.cleaned_data["name"],
                mobile=form.cleaned_data["mobile"] or "",
                email=form.cleaned_data["email"] or "",
            )
            idea.save_with_reference_number()
            store_uploads(IdeaAttachment, [(u, {"idea": idea}) for u in form.uploads], written)
        messages.success(
            request,
            _("Thank you. Your idea was received with reference number %(number)s.")
            % {"number": localize_digits(idea.reference_number)},
        )
        return redirect(self.follow_up_url(request))
