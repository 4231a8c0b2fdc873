"""``SurveyMixin``: the survey part of the Follow-up tab (S9)."""

import hashlib
import logging

from django.contrib import messages
from django.core.mail import mail_admins
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.routable_page.models import path

from .forms import SurveyForm
from .models import SurveyAnswer, SurveyResponse

logger = logging.getLogger("eservices.survey")


class SurveyMixin(models.Model):
    """Adds the survey to the Follow-up tab when the service has questions.

    For a request service the citizen names the request (tracking number and the registrant's
    national code, or the verified identity): one response per request. For other services,
    one response per verified identity. ``survey_reopens_request`` makes a "not satisfied"
    answer reopen the request and notify staff.
    """

    survey_reopens_request = models.BooleanField(
        gettext_lazy("a “not satisfied” answer reopens the request"), default=False
    )

    class Meta:
        abstract = True

    def survey_questions_list(self):
        return list(self.survey_questions.all())

    def get_survey_form(self, request, data=None):
        questions = self.survey_questions_list()
        if not questions:
            return None
        identity = self.identity(request) if hasattr(self, "identity") else None
        initial = {}
        issued = request.session.get("eservices_issued") or []
        if issued:
            initial["tracking_number"] = issued[0]
        return SurveyForm(
            data,
            questions=questions,
            ask_tracking=self.accepts_requests() and identity is None,
            initial=initial,
            prefix="survey",
        )

    def follow_up_context(self, request):
        context = super().follow_up_context(request)
        context["survey_form"] = self.get_survey_form(request)
        return context

    def survey_submission(self, request, form):
        """The request the answers are about, or None; raises no error for a wrong pair."""
        from eservices.requests.models import RequestSubmission

        identity = self.identity(request) if hasattr(self, "identity") else None
        if not self.accepts_requests():
            return None
        if identity is not None:
            issued = request.session.get("eservices_issued") or []
            return (
                RequestSubmission.objects.filter(
                    page=self,
                    registrant_national_code=identity["national_code"],
                    tracking_number__in=issued,
                ).first()
                or RequestSubmission.objects.filter(
                    page=self, registrant_national_code=identity["national_code"]
                ).first()
            )
        return RequestSubmission.objects.filter(
            page=self,
            tracking_number=form.cleaned_data["tracking_number"],
            registrant_national_code=form.cleaned_data["national_code"],
        ).first()

    @path("survey/", name="survey")
    def survey(self, request):
        if request.method != "POST":
            return redirect(self.get_url(request) + self.reverse_subpage("follow_up"))
        form = self.get_survey_form(request, request.POST)
        if form is None:
            return redirect(self.get_url(request))
        if not form.is_valid():
            return self.render_follow_up(request, survey_form=form)
        identity = self.identity(request) if hasattr(self, "identity") else None
        submission = self.survey_submission(request, form)
        if self.accepts_requests() and submission is None:
            form.add_error(None, _("No request matches this tracking number and national code."))
            return self.render_follow_up(request, survey_form=form)
        respondent = ""
        if submission is None:
            respondent = self.survey_respondent(request, identity)
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    page=self, submission=submission, respondent=respondent
                )
                unsatisfied = False
                for question, index, label, comment in form.answers():
                    SurveyAnswer.objects.create(
                        response=response,
                        question=question,
                        question_text=question.text,
                        answer=label,
                        answer_index=index,
                        comment=comment,
                    )
                    unsatisfied = unsatisfied or question.is_unsatisfied(index)
                if unsatisfied and submission is not None and self.survey_reopens_request:
                    self.reopen_request(submission)
                    response.reopened_request = True
                    response.save(update_fields=["reopened_request"])
        except IntegrityError:
            form.add_error(None, _("This survey has already been answered. Thank you."))
            return self.render_follow_up(request, survey_form=form)
        messages.success(request, _("Thank you: your answers were recorded."))
        return redirect(self.get_url(request) + self.reverse_subpage("follow_up"))

    def survey_respondent(self, request, identity) -> str:
        """Who answers a service without requests: the verified national code, or, on a
        service without the gate, the browser session."""
        if identity is not None:
            subject = "code:" + identity["national_code"]
        else:
            if not request.session.session_key:
                request.session.save()
            subject = "session:" + request.session.session_key
        return hashlib.sha256(subject.encode()).hexdigest()

    def reopen_request(self, submission) -> None:
        """Move the request back to review and tell staff; override to route it elsewhere."""
        from eservices.requests.models import RequestStatus, StatusChange

        status = RequestStatus.objects.filter(code="in_review").first()
        if status is None:
            return
        submission.status = status
        submission.closed_at = None
        submission.updated_at = timezone.now()
        submission.save(update_fields=["status", "closed_at", "updated_at"])
        StatusChange.objects.create(
            submission=submission,
            status=status,
            internal_note="Reopened: the citizen answered the survey as not satisfied.",
        )
        mail_admins(
            "Request %s reopened by its survey" % submission.tracking_number,
            "The citizen was not satisfied; the request is back in review.",
            fail_silently=True,
        )
        logger.info("Request reopened by a survey answer.")
