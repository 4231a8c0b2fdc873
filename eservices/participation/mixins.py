"""``ParticipationMixin``: the participation part of the Follow-up tab (S10)."""

from django.contrib import messages
from django.db import models, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.routable_page.models import path

from eservices.persian import localize_digits
from eservices.requests.antivirus import scan

from .forms import ParticipationForm
from .models import Idea, IdeaAttachment


class ParticipationMixin(models.Model):
    participation_enabled = models.BooleanField(gettext_lazy("participation box"), default=True)
    participation_max_files = models.PositiveSmallIntegerField(
        gettext_lazy("documents per idea"), default=2
    )

    class Meta:
        abstract = True

    def get_participation_form(self, data=None, files=None):
        if not self.participation_enabled:
            return None
        return ParticipationForm(data, files, max_files=self.participation_max_files, prefix="idea")

    def follow_up_context(self, request):
        context = super().follow_up_context(request)
        context["participation_form"] = self.get_participation_form()
        return context

    @path("participation/", name="participation")
    def participation(self, request):
        if request.method != "POST":
            return redirect(self.get_url(request) + self.reverse_subpage("follow_up"))
        form = self.get_participation_form(request.POST, request.FILES)
        if form is None:
            return redirect(self.get_url(request))
        if not form.is_valid():
            return self.render_follow_up(request, participation_form=form)
        with transaction.atomic():
            idea = Idea(
                page=self,
                text=form.cleaned_data["text"],
                name=form.cleaned_data["name"],
                mobile=form.cleaned_data["mobile"] or "",
                email=form.cleaned_data["email"] or "",
            )
            idea.save_with_reference_number()
            for upload in form.uploads:
                result, _detail = scan(upload.file)
                attachment = IdeaAttachment(
                    idea=idea,
                    original_name=upload.name,
                    content_type=upload.content_type,
                    size=upload.size,
                    scan_state=result.value,
                )
                attachment.file.save(upload.name, upload.as_file(), save=True)
        messages.success(
            request,
            _("Thank you. Your idea was received with reference number %(number)s.")
            % {"number": localize_digits(idea.reference_number)},
        )
        return redirect(self.get_url(request) + self.reverse_subpage("follow_up"))
