"""Back-office reports: a service's survey results and the participation (ideas) inbox.

Both screens show only the services the user may edit (``permissions``): a service, idea or
idea file of another group answers 404, exactly like one that does not exist, and a user who
sees no service at all is refused the screens.

A service's translations (its Persian and English pages) are one service here: the survey
results add up the answers given on every translation the user may see, and the service filter
of the inbox covers them all.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from eservices.catalog.models import ServicePage
from eservices.core.persian import clean_user_text
from eservices.formbuilder.fields import JalaliDateField
from eservices.formbuilder.validators import format_jalali, normalize_mobile, strip_separators
from eservices.participation.models import Idea
from eservices.survey.models import SurveyAnswer, SurveyQuestion, SurveyResponse

from .charts import bar_chart, rounded_percents
from .permissions import visible_service_ids

IDEAS_PER_PAGE = 50
# Comments listed under a question; the count of all of them is shown above the list.
COMMENTS_PER_QUESTION = 200
SURVEY_DEFAULT_DAYS = 30


# Services and periods -------------------------------------------------------------------------


def report_services(user) -> list[ServicePage]:
    """One page per service ``user`` may see, in tree order: of a service's translations, the
    one in the admin's language when the user may see it, else the first in the tree."""
    language = translation.get_language()
    chosen: dict = {}
    pages = (
        ServicePage.objects.filter(pk__in=visible_service_ids(user))
        .select_related("locale")
        .order_by("path")
    )
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or (
            page.locale.language_code == language and current.locale.language_code != language
        ):
            chosen[page.translation_key] = page
    return list(chosen.values())


def service_choices(services: list[ServicePage]) -> list:
    """Choices for a service select, grouped under the services' group pages."""
    parents = Page.objects.in_bulk(
        [page.path[: -Page.steplen] for page in services], field_name="path"
    )
    groups: dict[str, list] = {}
    for page in services:
        parent = parents.get(page.path[: -Page.steplen])
        groups.setdefault(parent.title if parent else "", []).append((page.pk, page.title))
    return [("", "---------")] + list(groups.items())


def service_from_request(user, value: str | None) -> ServicePage | None:
    """The service named by a filter's ``service`` parameter; 404 unless ``user`` sees it."""
    if not value:
        return None
    # Only ids the database can compare; anything else names no service.
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise Http404
    return get_object_or_404(
        ServicePage.objects.select_related("locale"),
        pk=int(value),
        pk__in=visible_service_ids(user),
    )


def visible_translation_ids(user, page: ServicePage) -> list[int]:
    """The ids of ``page`` and of its translations that ``user`` may see."""
    return list(
        ServicePage.objects.filter(
            translation_key=page.translation_key, pk__in=visible_service_ids(user)
        ).values_list("pk", flat=True)
    )


def period_bounds(
    first: datetime.date, last: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The moments from the start of ``first`` to the end of ``last`` in the site's time zone,
    as a half-open interval ``[start, end)``."""
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
    )
    return start, end


class ReportFilterForm(forms.Form):
    """A service and a period typed as Jalali dates; subclasses add their own filters.

    The form is always bound to the query string. With ``default_days`` a missing date is
    filled in (the last ``default_days`` days up to today) and shown in the field; without, a
    missing date leaves that end of the period open. The service is checked by the view
    (:func:`service_from_request`), so the select only offers the choices.
    """

    default_days: int | None = None

    service = forms.CharField(label=gettext_lazy("Service"), required=False)
    date_from = JalaliDateField(label=gettext_lazy("From date"), required=False)
    date_to = JalaliDateField(label=gettext_lazy("Until date"), required=False)

    def __init__(self, data, *, services: list[ServicePage], **kwargs):
        data = data.copy()
        for name, value in self.default_period().items():
            if not data.get(name):
                data[name] = format_jalali(value)
        super().__init__(data, **kwargs)
        self.fields["service"].widget = forms.Select(choices=service_choices(services))

    def default_period(self) -> dict[str, datetime.date]:
        if self.default_days is None:
            return {}
        today = timezone.localdate()
        return {
            "date_from": today - datetime.timedelta(days=self.default_days - 1),
            "date_to": today,
        }

    def clean(self):
        cleaned_data = super().clean()
        for name, value in self.default_period().items():
            if cleaned_data.get(name) is None and name not in self.errors:
                cleaned_data[name] = value  # typed as blanks only
        first, last = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if first and last and first > last:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return cleaned_data

    def period_filter(self, lookup: str) -> Q:
        """A filter keeping the rows whose ``lookup`` moment falls in the cleaned period."""
        first, last = self.cleaned_data["date_from"], self.cleaned_data["date_to"]
        condition = Q()
        if first:
            condition &= Q(**{"%s__gte" % lookup: period_bounds(first, first)[0]})
        if last:
            condition &= Q(**{"%s__lt" % lookup: period_bounds(last, last)[1]})
        return condition


class SurveyFilterForm(ReportFilterForm):
    default_days = SURVEY_DEFAULT_DAYS


class IdeaFilterForm(ReportFilterForm):
    q = forms.CharField(
        label=gettext_lazy("Reference number or mobile"), required=False, max_length=32
    )


class BackOfficeReportView(WagtailAdminTemplateMixin, TemplateView):
    """A report screen of the Service desk menu, refused to users who see no service.

    ``service`` is the service named in the query string (404 when the user may not see
    it); ``form`` is the filter form bound to the query string.
    """

    form_class = ReportFilterForm

    def dispatch(self, request, *args, **kwargs):
        if not visible_service_ids(request.user).exists():
            raise PermissionDenied
        self.service = service_from_request(request.user, request.GET.get("service"))
        self.services = self.get_services()
        self.form = self.form_class(request.GET, services=self.services)
        return super().dispatch(request, *args, **kwargs)

    def get_services(self) -> list[ServicePage]:
        """The services offered in the filter; override to narrow them."""
        return report_services(self.request.user)

    def get_page_subtitle(self):
        return self.service.title if self.service else ""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form, service=self.service, services=self.services, **kwargs
        )


# Survey results -------------------------------------------------------------------------------


@dataclass
class AnswerRow:
    """One line of a question's results. ``former`` marks answers stored with a text that is
    no longer one of the question's options (the editor reworded or removed it)."""

    label: str
    count: int
    percent: int = 0
    former: bool = False


@dataclass
class QuestionResult:
    question: SurveyQuestion
    rows: list[AnswerRow] = field(default_factory=list)
    comment_count: int = 0
    comments: list[SurveyAnswer] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def chart(self) -> SafeString:
        return bar_chart(
            [row.label for row in self.rows],
            [row.count for row in self.rows],
            percents=[row.percent for row in self.rows],
            title=self.question.text,
            chart_id="survey-question-%d" % self.question.pk,
        )


def options_in_own_language(question: SurveyQuestion) -> list[str]:
    """The answer texts a citizen was shown for ``question``: the default scale translated
    into the language of the question's page, or the editor's own options."""
    with translation.override(question.locale.language_code):
        return question.option_list


def matching_option(options: list[str], index: int, text: str) -> int | None:
    """The option an answer stands for: the one at its stored index when the text still
    matches, else the option with its text (options were reordered), else None."""
    if 0 <= index < len(options) and options[index] == text:
        return index
    return options.index(text) if text in options else None


def answer_rows(options: list[str], counts: dict) -> list[AnswerRow]:
    """Rows for ``counts`` (keyed by option index, or by stored text for former answers): the
    options in the question's order, then former answers, most given first; percents of the
    question's answers that add up to 100."""
    rows = [AnswerRow(label, counts.get(index, 0)) for index, label in enumerate(options)]
    former = sorted(
        ((text, count) for text, count in counts.items() if isinstance(text, str)),
        key=lambda item: (-item[1], item[0]),
    )
    rows += [
        AnswerRow(_("%(answer)s (no longer an option)") % {"answer": text}, count, former=True)
        for text, count in former
    ]
    for row, percent in zip(rows, rounded_percents([row.count for row in rows]), strict=True):
        row.percent = percent
    return rows


def survey_results(page: ServicePage, page_ids: list[int], start, end) -> list[QuestionResult]:
    """The results of ``page``'s questions over the responses given in ``[start, end)`` on
    the pages ``page_ids`` (``page`` and its translations).

    An answer counts under an option when its stored text is that option in the language it
    was given in, so answers on a translation count under the same option; an answer whose
    text is no longer an option counts on a line of its own, labelled with its stored text.
    Answers to deleted questions are left out. The counts of all questions come from one
    aggregate query; comments from one query per question that has any.
    """
    questions = list(SurveyQuestion.objects.filter(page=page).order_by("sort_order"))
    versions = SurveyQuestion.objects.filter(
        page_id__in=page_ids, translation_key__in=[q.translation_key for q in questions]
    ).select_related("locale")
    key_of = {version.pk: version.translation_key for version in versions}
    options_of = {version.pk: options_in_own_language(version) for version in versions}
    answers = SurveyAnswer.objects.filter(
        question_id__in=list(key_of),
        response__page_id__in=page_ids,
        response__created_at__gte=start,
        response__created_at__lt=end,
    )
    groups = (
        answers.values("question_id", "answer_index", "answer")
        .annotate(count=Count("pk"), comments=Count("pk", filter=~Q(comment="")))
        .order_by()
    )
    results = {q.translation_key: QuestionResult(q) for q in questions}
    counts: dict = {q.translation_key: {} for q in questions}
    for group in groups:
        key = key_of[group["question_id"]]
        index = matching_option(
            options_of[group["question_id"]], group["answer_index"], group["answer"]
        )
        slot = group["answer"] if index is None else index
        counts[key][slot] = counts[key].get(slot, 0) + group["count"]
        results[key].comment_count += group["comments"]
    for key, result in results.items():
        result.rows = answer_rows(result.question.option_list, counts[key])
        if result.comment_count:
            result.comments = list(
                answers.filter(question_id__in=[pk for pk, k in key_of.items() if k == key])
                .exclude(comment="")
                .select_related("response")
                .order_by("-response__created_at", "-pk")[:COMMENTS_PER_QUESTION]
            )
    return list(results.values())


class SurveyReportView(BackOfficeReportView):
    """Survey results of one service over a period (the last 30 days unless chosen)."""

    template_name = "eservices/backoffice/reports/survey_report.html"
    page_title = gettext_lazy("Survey results")
    header_icon = "clipboard-list"
    form_class = SurveyFilterForm

    def get_services(self) -> list[ServicePage]:
        """Only the services that have a survey."""
        with_survey = set(
            SurveyQuestion.objects.filter(page__in=visible_service_ids(self.request.user))
            .values_list("page__translation_key", flat=True)
            .distinct()
        )
        return [s for s in super().get_services() if s.translation_key in with_survey]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.service is None or not self.form.is_valid():
            return context
        page_ids = visible_translation_ids(self.request.user, self.service)
        first, last = self.form.cleaned_data["date_from"], self.form.cleaned_data["date_to"]
        start, end = period_bounds(first, last)
        context.update(
            date_from=first,
            date_to=last,
            questions=survey_results(self.service, page_ids, start, end),
            comments_limit=COMMENTS_PER_QUESTION,
            **SurveyResponse.objects.filter(
                page_id__in=page_ids, created_at__gte=start, created_at__lt=end
            ).aggregate(
                responses=Count("pk"), reopened=Count("pk", filter=Q(reopened_request=True))
            ),
        )
        return context


# Ideas inbox -----------------------------------------------------------------------------------


def search_ideas(ideas: QuerySet, text: str) -> QuerySet:
    """Ideas whose reference number or sender's mobile contains ``text`` (any digits, spaces
    or dashes; a whole mobile in any of its shapes is searched in its stored form)."""
    digits = strip_separators(clean_user_text(text))
    if not digits:
        return ideas
    try:
        mobile = normalize_mobile(digits)
    except forms.ValidationError:
        mobile = digits
    return ideas.filter(Q(reference_number__contains=digits) | Q(mobile__contains=mobile))


class IdeaListView(BackOfficeReportView):
    """The ideas of the services the user may see, newest first, 50 a page, read-only."""

    template_name = "eservices/backoffice/ideas/index.html"
    page_title = gettext_lazy("Ideas")
    header_icon = "comment"
    form_class = IdeaFilterForm

    def get_ideas(self) -> QuerySet:
        user = self.request.user
        ideas = Idea.objects.filter(page__in=visible_service_ids(user))
        if self.service is not None:
            ideas = ideas.filter(page_id__in=visible_translation_ids(user, self.service))
        ideas = search_ideas(
            ideas.filter(self.form.period_filter("created_at")), self.form.cleaned_data["q"]
        )
        return (
            ideas.select_related("page")
            .prefetch_related("attachments")
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.form.is_valid():
            context["ideas"] = Paginator(self.get_ideas(), IDEAS_PER_PAGE).get_page(
                self.request.GET.get("p")
            )
        return context
