"""``SurveyMixin``: the survey part of the Follow-up tab (S9)."""

import hashlib
import logging

from django.core.mail import mail_admins
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import path

from eservices.core.composition import PagePart
from eservices.requests.models import RequestSubmission
from eservices.requests.workflow import reopen

from .forms import SurveyForm
from .models import SurveyAnswer, SurveyResponse

logger = logging.getLogger("eservices.survey")


class SurveyMixin(PagePart, models.Model):
    """Adds the survey to the Follow-up tab when the service has questions.

    For a request service the citizen names the request (tracking number and the registrant's
    national code, or the verified identity): one response per request. For other services,
    one response per verified identity. ``survey_reopens_request`` makes a "not satisfied"
    answer reopen the request and notify staff.
    """

    survey_enabled = models.BooleanField(
        gettext_lazy("survey on"),
        default=True,
        help_text=gettext_lazy(
            "Citizens see the survey on the Follow-up tab when this is on and the service has "
            "at least one question."
        ),
    )
    survey_reopens_request = models.BooleanField(
        gettext_lazy("a “not satisfied” answer reopens the request"),
        default=False,
        help_text=gettext_lazy(
            "For request services: an answer among the last two of a question with three or "
            "more answers (the least satisfied) reopens the citizen's request, and staff are "
            "notified by e-mail."
        ),
    )

    service_panels = {
        "follow_up": [
            FieldPanel("survey_enabled"),
            FieldPanel("survey_reopens_request"),
            InlinePanel("survey_questions", label=gettext_lazy("Survey questions")),
        ]
    }
    gated_routes = ("survey",)
    restorable_routes = ("survey",)  # the gate keeps its answers across a lapse
    page_requires = (
        "survey_questions",
        "identity",
        "accepts_requests",
        "issued_tracking_numbers",
        "follow_up_context",
        "render_follow_up",
        "follow_up_url",
    )

    class Meta:
        abstract = True

    def survey_questions_list(self):
        """The questions citizens are asked: none while the editor has the survey off."""
        return list(self.survey_questions.all()) if self.survey_enabled else []

    def get_survey_form(self, request, data=None):
        questions = self.survey_questions_list()
        if not questions:
            return None
        identity = self.identity(request)
        initial = {}
        issued = self.issued_tracking_numbers(request)
        if issued:
            initial["tracking_number"] = issued[0]
        form = SurveyForm(
            data,
            questions=questions,
            ask_tracking=self.accepts_requests() and identity is None,
            initial=initial,
            prefix="survey",
        )
        self.fill_kept_answers(request, form, "survey")
        return form

    #: Session key of the pages whose survey this browser session has answered.
    SURVEY_ANSWERED_SESSION_KEY = "eservices_surveys_answered"

    def survey_answered(self, request) -> bool:
        """Whether the survey is answered for this reader: the tab then shows its thanks.

        This session answered it; or the verified identity's request (a request service) or
        the verified identity or this session (a service without requests) has a response."""
        if self.pk in request.session.get(self.SURVEY_ANSWERED_SESSION_KEY, []):
            return True
        identity = self.identity(request)
        if self.accepts_requests():
            if identity is None:
                return False
            submission = self.identity_submission(request, identity)
            return (
                submission is not None
                and SurveyResponse.objects.filter(submission=submission).exists()
            )
        if identity is None and not request.session.session_key:
            return False
        return SurveyResponse.objects.filter(
            page=self, respondent=self.survey_respondent(request, identity)
        ).exists()

    def mark_survey_answered(self, request) -> None:
        answered = request.session.get(self.SURVEY_ANSWERED_SESSION_KEY, [])
        if self.pk not in answered:
            request.session[self.SURVEY_ANSWERED_SESSION_KEY] = [*answered, self.pk]

    def follow_up_context(self, request):
        context = super().follow_up_context(request)
        if self.survey_questions_list() and self.survey_answered(request):
            context["survey_form"] = None
            context["survey_done"] = True
        else:
            context["survey_form"] = self.get_survey_form(request)
        return context

    def survey_submission(self, request, form):
        """The request the answers are about, or None; raises no error for a wrong pair."""
        identity = self.identity(request)
        if not self.accepts_requests():
            return None
        if identity is not None:
            return self.identity_submission(request, identity)
        return RequestSubmission.objects.filter(
            page=self,
            tracking_number=form.cleaned_data["tracking_number"],
            registrant_national_code=form.cleaned_data["national_code"],
        ).first()

    def identity_submission(self, request, identity):
        """The request a verified citizen's answers are about: one issued in this visit, else
        any of theirs on this page."""
        issued = self.issued_tracking_numbers(request)
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

    @path("survey/", name="survey")
    def survey(self, request):
        if request.method != "POST":
            return redirect(self.follow_up_url(request))
        form = self.get_survey_form(request, request.POST)
        if form is None:
            return redirect(self.get_url(request))
        if not form.is_valid():
            return self.render_follow_up(request, survey_form=form)
        identity = self.identity(request)
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
                    response.reopened_request = self.reopen_request(submission)
                    response.save(update_fields=["reopened_request"])
        except IntegrityError:
            form.add_error(None, _("This survey has already been answered. Thank you."))
            return self.render_follow_up(request, survey_form=form)
        # The tab shows the thanks in place of the form from now on, for this session.
        self.mark_survey_answered(request)
        return redirect(self.follow_up_url(request))

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

    def reopen_request(self, submission) -> bool:
        """Send the request back to staff through the workflow and tell them; return whether
        it moved. Override to route it elsewhere."""
        change = reopen(
            submission, _("Reopened: the citizen answered the survey as not satisfied.")
        )
        if change is None:
            return False
        number = submission.tracking_number
        transaction.on_commit(
            lambda: mail_admins(
                _("Request %(number)s reopened by its survey") % {"number": number},
                _("The citizen was not satisfied; the request is back with staff."),
                fail_silently=True,
            )
        )
        logger.info("Request reopened by a survey answer.")
        return True
