"""Survey questions of a service and the citizens' responses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, TranslatableMixin

# The default five-point scale, best first, as the guide's survey answers.
DEFAULT_SCALE = [
    _("Excellent"),
    _("Good"),
    _("Average"),
    _("Poor"),
    _("Very poor"),
]


class SurveyQuestion(TranslatableMixin, Orderable):
    """A question with single-choice answers listed best first (empty: the five-point scale).

    The last two answers of a list of three or more count as "not satisfied".
    """

    page = ParentalKey(
        "eservices.ServicePage", on_delete=models.CASCADE, related_name="survey_questions"
    )
    text = models.CharField(_("question"), max_length=255)
    options = models.TextField(
        _("answers"),
        blank=True,
        help_text=_("One answer per line, best first. Empty: Excellent … Very poor."),
    )
    allow_comment = models.BooleanField(_("optional comment"), default=False)

    panels = [FieldPanel("text"), FieldPanel("options"), FieldPanel("allow_comment")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.text

    @property
    def option_list(self) -> list[str]:
        lines = [line.strip() for line in self.options.splitlines() if line.strip()]
        return lines or [str(option) for option in DEFAULT_SCALE]

    def is_unsatisfied(self, index: int) -> bool:
        options = self.option_list
        return len(options) >= 3 and index >= len(options) - 2


class SurveyResponse(models.Model):
    """One citizen's answers to a service's survey: once per request, or once per verified
    identity where the service takes no requests."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    submission = models.OneToOneField(
        "eservices.RequestSubmission",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_response",
    )
    respondent = models.CharField(
        _("respondent"),
        max_length=64,
        blank=True,
        help_text=_(
            "For services without requests: a digest of the verified national code, or of the "
            "browser session where the service has no identity gate."
        ),
    )
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)
    reopened_request = models.BooleanField(_("reopened the request"), default=False)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "respondent"],
                condition=~models.Q(respondent=""),
                name="eservices_survey_once_per_respondent",
            )
        ]


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        SurveyQuestion, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    question_text = models.CharField(_("question"), max_length=255)
    answer = models.CharField(_("answer"), max_length=255)
    answer_index = models.PositiveSmallIntegerField()
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
