"""The staff inbox of requests: listing, filters, search, export and each request's page.

Built on Wagtail's generic ``ModelViewSet`` so that it looks and behaves like the rest of the
admin (filters, sorting, pagination, history). ``ServiceRecordPermissionPolicy`` limits every
view and export to the services the staff user may edit; nobody adds or deletes requests here.
"""

import contextlib
import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from eservices.catalog.models import ServicePage
from eservices.core import audit, servicelevels
from eservices.core.numbers import TRACKING_NUMBER_LENGTH
from eservices.core.persian import is_persian, join_for_reader, local_date
from eservices.core.persian import local_datetime as local_moment
from eservices.core.persian.digits import localize_digits, normalize_digits
from eservices.core.persian.text import strip_control_characters
from eservices.formbuilder.models import CHOICE_TYPES, ServiceFormField
from eservices.formbuilder.validators import normalize_mobile
from eservices.requests.models import RequestStatus, RequestSubmission
from eservices.requests.workflow import change_status

from . import keyset
from .exports import Column as ExportColumn
from .exports import date_cell, export_response
from .filters import RequestFilterSet
from .forms import StatusChangeForm
from .keyset import KeysetPaginator
from .permissions import ServiceRecordPermissionPolicy

policy = ServiceRecordPermissionPolicy(RequestSubmission)


def visible_requests(user):
    return policy.instances_user_has_any_permission_for(user, {"view"})


def is_overdue(submission) -> bool:
    return servicelevels.is_overdue(
        submission.due_at, timezone.now(), answered=submission.status.is_answer
    )


class StatusColumn(Column):
    """The status in the staff member's language (the same few queries for any number of rows)."""

    @cached_property
    def shown(self) -> dict:
        return RequestStatus.objects.localized_by_pk()

    def get_value(self, instance):
        status = self.shown.get(instance.status_id, instance.status)
        return format_html('<span class="w-status">{}</span>', status.name)


class DueColumn(Column):
    """The due time, with an "overdue" badge for requests past it and still unanswered."""

    def get_value(self, instance):
        if not instance.due_at:
            return ""
        if is_overdue(instance):
            return format_html(
                '{} <span class="w-status w-status--label eservices-overdue">{}</span>',
                local_moment(instance.due_at),
                _("Overdue"),
            )
        return local_moment(instance.due_at)


class RequestIndexView(IndexView):
    """The inbox: requests of the services the user may see, newest first.

    Paged by keyset (``keyset.KeysetPaginator``): "Previous" and "Next" carry the ordering
    values of the first or last row shown, no page is counted or skipped to, so a page costs the
    same at a thousand requests and at a million (docs/architecture.md, "Flat cost at scale").
    """

    search_fields = ["tracking_number"]
    search_backend_name = None
    default_ordering = "-submit_time"
    list_export = ["tracking_number"]  # turns on the export buttons; ``as_spreadsheet`` writes
    page_title = _("Requests")
    results_template_name = "eservices/backoffice/requests/index_results.html"

    def paginate_queryset(self, queryset, page_size):
        paginator = KeysetPaginator(queryset, page_size, self.ordering)
        page = paginator.page(
            after=self.request.GET.get(keyset.AFTER, ""),
            before=self.request.GET.get(keyset.BEFORE, ""),
        )
        return (paginator, page, page.object_list, True)

    def get_base_queryset(self):
        return visible_requests(self.request.user).select_related(
            "page", "page__locale", "status", "assignee"
        )

    def search_queryset(self, queryset):
        """Tracking number (or its start), national code or mobile, in any digits."""
        if not self.is_searching:
            return queryset
        query = normalize_digits(strip_control_characters(self.search_query)).strip()
        # A whole number by equality (the unique index on every database), a start by prefix.
        by_number = (
            Q(tracking_number=query)
            if len(query) == TRACKING_NUMBER_LENGTH
            else Q(tracking_number__startswith=query)
        )
        condition = by_number | Q(registrant_national_code=query)
        with contextlib.suppress(ValidationError):
            condition |= Q(registrant_mobile=normalize_mobile(query))
        return queryset.filter(condition)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "tracking_number",
                label=_("Tracking number"),
                get_url=lambda obj: reverse("eservices_requests:detail", args=[obj.pk]),
                accessor=lambda obj: localize_digits(obj.tracking_number),
                sort_key="tracking_number",
            ),
            Column("service", label=_("Service"), accessor=lambda obj: obj.page.title),
            Column(
                "registrant_national_code",
                label=_("National code"),
                accessor=lambda obj: localize_digits(obj.registrant_national_code),
            ),
            Column(
                "registrant_mobile",
                label=_("Mobile"),
                accessor=lambda obj: localize_digits(obj.registrant_mobile),
            ),
            StatusColumn("status", label=_("Status"), sort_key="status__sort_order"),
            Column(
                "assignee",
                label=_("Assigned to"),
                accessor=lambda obj: get_user_display_name(obj.assignee) if obj.assignee else "",
            ),
            Column(
                "submit_time",
                label=_("Submitted"),
                accessor=lambda obj: local_moment(obj.submit_time),
                sort_key="submit_time",
            ),
            DueColumn("due_at", label=_("Due"), sort_key="due_at"),
        ]

    def get_filename(self):
        return "requests-" + timezone.localdate().isoformat()

    def get(self, request, *args, **kwargs):
        # Wagtail builds the listing's table (and counts it in memory) before exporting;
        # an export needs only the filtered queryset, read row by row.
        if self.is_export:
            return self.as_spreadsheet(self.get_queryset(), request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """The filtered inbox, one row per request and one column per form field, logged in
        the audit log (D4) with the keys of the fields it holds."""
        export = RequestExport(queryset)
        rows = queryset.count()
        response = export_response(
            export.columns,
            (export.row(submission) for submission in queryset.iterator(chunk_size=500)),
            fmt=spreadsheet_format,
            filename=self.get_filename(),
        )
        audit.log_export(
            RequestSubmission,
            self.request.user,
            spreadsheet_format,
            rows,
            filters={
                key: value
                for key, value in self.request.GET.items()
                if key not in {"export", "q"} and value
            }
            | ({"q": "…"} if self.is_searching else {}),
            fields=export.field_keys,
        )
        return response


# The columns every inbox export has; the form fields' columns follow them (``RequestExport``).
EXPORT_COLUMNS = [
    ExportColumn("tracking_number", _("Tracking number")),
    ExportColumn("service", _("Service")),
    ExportColumn("service_id", _("Service national ID")),
    ExportColumn("national_code", _("National code")),
    ExportColumn("mobile", _("Mobile")),
    ExportColumn("status", _("Status")),
    ExportColumn("assignee", _("Assigned to")),
    ExportColumn("submitted", _("Submitted")),
    ExportColumn("due", _("Due")),
    ExportColumn("overdue", _("Overdue")),
    ExportColumn("public_reply", _("Public reply")),
]
# Answers whose key is a field of none of the exported services (removed from the form since).
OTHER_ANSWERS = ExportColumn("other_answers", _("Answers to removed fields"))
ANSWER = "answer:"  # column keys of the fields' answers: ANSWER + the field's key
DATE_FIELD_TYPES = {"date", "jalali_date"}


class RequestExport:
    """The columns of one inbox export, and each request's row in them.

    Besides ``EXPORT_COLUMNS``, one column per form field of the services the requests were
    made on: the union of their fields by key (``clean_name``, shared by a field's
    translations), in tree order of those services and form order of their fields, headed by
    the field's label in the staff member's language: from the service's translation in that
    language when it has one (and the field), else from the service itself.

    Everything is read here, in the view, with a fixed number of queries: pages, their
    translations, all their fields and the statuses, whatever the number of rows or services.
    So are the staff member's language and time zone: a CSV's rows are made later, while the
    server sends the response, outside Wagtail's override of the user's language and time
    zone.
    """

    def __init__(self, queryset):
        self.jalali = is_persian()
        self.tz = timezone.get_current_timezone()
        pages = list(
            ServicePage.objects.filter(pk__in=queryset.order_by().values("page_id"))
            .order_by("path")
            .values("pk", "translation_key", "national_id")
        )
        self.national_ids = {page["pk"]: page["national_id"] for page in pages}
        in_language = self.translations_in_staff_language(pages)
        fields: dict[int, list[tuple[str, str, str]]] = {}
        for page_id, key, label, field_type in (
            ServiceFormField.objects.filter(
                page_id__in=[page["pk"] for page in pages] + list(in_language.values())
            )
            .order_by("sort_order", "pk")
            .values_list("page_id", "clean_name", "label", "field_type")
        ):
            fields.setdefault(page_id, []).append((key, label, field_type))
        self.field_types = {
            page["pk"]: {key: field_type for key, _label, field_type in fields.get(page["pk"], [])}
            for page in pages
        }
        labels: dict[str, tuple[str, bool]] = {}  # key: (label, in the staff's language)
        for page in pages:
            translation = in_language.get(page["translation_key"])
            translated = {key: label for key, label, _type in fields.get(translation, [])}
            for key, label, _type in fields.get(page["pk"], []):
                if key in translated:
                    label = translated[key]
                if key not in labels or (key in translated and not labels[key][1]):
                    labels[key] = (label, key in translated)
        self.field_keys = list(labels)
        self.answer_columns = {key: ANSWER + key for key in self.field_keys}
        self.columns = [
            *EXPORT_COLUMNS,
            *(ExportColumn(ANSWER + key, label) for key, (label, _ok) in labels.items()),
            OTHER_ANSWERS,
        ]
        self.status_names = {
            pk: status.name for pk, status in RequestStatus.objects.localized_by_pk().items()
        }

    @staticmethod
    def translations_in_staff_language(pages: list[dict]) -> dict:
        """The pk of each page's version in the active language, by translation key (the page
        itself where it is in that language); pages without one are left out."""
        try:
            language = get_supported_content_language_variant(get_language())
        except LookupError:
            return {}
        return dict(
            ServicePage.objects.filter(
                translation_key__in={page["translation_key"] for page in pages},
                locale__language_code=language,
            ).values_list("translation_key", "pk")
        )

    def row(self, submission) -> dict:
        page = submission.page
        row = {
            "tracking_number": submission.tracking_number,
            "service": page.title,
            "service_id": self.national_ids.get(page.pk, ""),
            "national_code": submission.registrant_national_code,
            "mobile": submission.registrant_mobile,
            "status": self.status_names.get(submission.status_id, ""),
            "assignee": get_user_display_name(submission.assignee) if submission.assignee else "",
            "submitted": date_cell(submission.submit_time, self.tz, jalali=self.jalali),
            "due": date_cell(submission.due_at, self.tz, jalali=self.jalali),
            "overdue": is_overdue(submission),
            "public_reply": submission.public_reply,
            **dict.fromkeys(self.answer_columns.values()),
        }
        types = self.field_types.get(page.pk, {})
        removed = []
        for key, value in submission.form_data.items():
            if key in self.answer_columns:
                row[self.answer_columns[key]] = self.answer_cell(value, types.get(key))
            elif value not in ("", None, []):
                removed.append("%s: %s" % (key, self.answer_cell(value, types.get(key))))
        row[OTHER_ANSWERS.key] = "\n".join(removed)
        return row

    def answer_cell(self, value, field_type: str | None):
        """An answer as its field's type: dates (Jalali or Gregorian, see ``date_cell``) and
        numbers typed; ticked boxes as booleans; several choices joined by commas; text
        exactly as the citizen typed it (``safe_cell`` neutralises it when it is written)."""
        if value is None or value == "" or value == []:
            return None
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        if not isinstance(value, str):
            return value  # a box ticked or not, a number stored as one
        try:
            if field_type in DATE_FIELD_TYPES:
                return date_cell(datetime.date.fromisoformat(value), jalali=self.jalali)
            if field_type == "datetime":
                moment = datetime.datetime.fromisoformat(value)
                return date_cell(moment, self.tz, jalali=self.jalali)
            if field_type == "number":
                number = Decimal(value)
                return number if number.is_finite() else value
        except (ValueError, InvalidOperation):
            pass
        return value


def answer_rows(submission) -> list[dict]:
    """The answers in form order, labelled in the admin's language where the page has a
    translation in it (field keys are shared between translations), with their files.

    Each answer reads as the citizen typed it, in the staff member's language: dates Jalali in
    the Persian admin and Gregorian in the English one (``shown_answer``), a choice by its
    label in the admin's language (the stored value is the source's, whatever the language
    the request was made in)."""
    page = submission.page.specific
    labelled = page
    locale = Locale.objects.filter(language_code=get_language()).first()
    if locale and page.locale_id != locale.pk:
        labelled = page.get_translation_or_none(locale) or page
    shown = {field.clean_name: field for field in labelled.get_form_fields()}
    attachments = {a.field_key: a for a in submission.attachments.all()}
    data = dict(submission.form_data)
    rows = []
    for field in page.get_form_fields():
        if field.clean_name not in data:
            continue
        labelled_field = shown.get(field.clean_name, field)
        rows.append(
            {
                "label": labelled_field.label,
                "value": shown_answer(data.pop(field.clean_name), labelled_field),
                "attachment": attachments.get(field.clean_name),
            }
        )
    # Answers to fields removed from the form since.
    rows += [{"label": key, "value": value, "attachment": None} for key, value in data.items()]
    return rows


def shown_answer(value, field):
    """An answer for the request's page: dates in the reader's calendar (``local_date``),
    choices by their labels, several choices joined the reader's way."""
    labels = dict(field.choice_pairs) if field.field_type in CHOICE_TYPES else {}
    if isinstance(value, list):
        return join_for_reader(labels.get(item, item) for item in value)
    if not isinstance(value, str) or not value:
        return value
    with contextlib.suppress(ValueError):
        if field.field_type in DATE_FIELD_TYPES:
            return local_date(datetime.date.fromisoformat(value))
        if field.field_type == "datetime":
            return local_moment(datetime.datetime.fromisoformat(value))
    return labels.get(value, value)


class RequestDetailView(WagtailAdminTemplateMixin, View):
    """One request: answers, files, history; staff change its status, reply and assign it."""

    template_name = "eservices/backoffice/request_detail.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        self.object = get_object_or_404(
            visible_requests(request.user).select_related("page", "status", "assignee"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Request %(number)s") % {"number": localize_digits(self.object.tracking_number)}

    def get_page_subtitle(self):
        return self.object.page.title

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("eservices_requests:index"), "label": _("Requests")},
            {"url": "", "label": localize_digits(self.object.tracking_number)},
        ]

    def get(self, request, pk):
        return self.render(StatusChangeForm(submission=self.object))

    def post(self, request, pk):
        form = StatusChangeForm(request.POST, submission=self.object)
        if form.is_valid():
            try:
                change_status(self.object, request.user, **form.change_kwargs())
            except ValidationError as error:
                form.add_error("status", error)
            else:
                messages.success(request, _("The request has been updated."))
                return redirect("eservices_requests:detail", self.object.pk)
        return self.render(form, status=400)

    def sms_attempts(self, shown: dict) -> list:
        """The SMS the desk meant to send about this request, each with the status it was
        about named in the staff member's language."""
        by_code = {status.code: status for status in shown.values()}
        attempts = list(self.object.sms_attempts.all())
        for attempt in attempts:
            status = by_code.get(attempt.status_code)
            attempt.status_name = status.name if status else attempt.status_code
        return attempts

    def render(self, form, status=200):
        # Statuses named in the staff member's language.
        shown = RequestStatus.objects.localized_by_pk()
        history = list(self.object.history.select_related("status", "changed_by"))
        for change in history:
            change.shown_status = shown.get(change.status_id, change.status)
        context = self.get_context_data(
            object=self.object,
            form=form,
            answers=answer_rows(self.object),
            status_shown=shown.get(self.object.status_id, self.object.status),
            history=history,
            overdue=is_overdue(self.object),
            due=local_moment(self.object.due_at),
            submitted=local_moment(self.object.submit_time),
            history_url=reverse("eservices_requests:history", args=[self.object.pk]),
            sms_attempts=self.sms_attempts(shown),
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)


class RequestHistoryView(HistoryView):
    """The request's audit log entries (status changes, assignments), Wagtail's own view."""

    def get_base_object_queryset(self):
        return visible_requests(self.request.user)


class RequestInboxViewSet(ModelViewSet):
    model = RequestSubmission
    icon = "mail"
    menu_label = _("Requests")
    menu_name = "eservices-requests"
    menu_order = 100
    add_to_admin_menu = False
    index_view_class = RequestIndexView
    history_view_class = RequestHistoryView
    filterset_class = RequestFilterSet
    list_per_page = 50
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        # A request's page is its "edit" view; there is no add, delete or usage view.
        return super().get_common_view_kwargs(
            **{
                "edit_url_name": self.get_url_name("detail"),
                "add_url_name": None,
                "delete_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_permissions_to_register(self):
        # Access follows page permissions (see permissions.py), not model permissions.
        return Permission.objects.none()

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", RequestDetailView.as_view(), name="detail"),
            path("<int:pk>/history/", self.history_view, name="history"),
            path("<int:pk>/history/results/", self.history_results_view, name="history_results"),
        ]

    def register_admin_url_finder(self):
        pass  # no edit view: search results link to the detail page instead


inbox_viewset = RequestInboxViewSet("eservices_requests", url_prefix="eservices/requests")
