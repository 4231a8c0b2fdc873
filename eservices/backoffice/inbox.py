"""The staff inbox of requests: listing, filters, search, export and each request's page.

Built on Wagtail's generic ``ModelViewSet`` so that it looks and behaves like the rest of the
admin (filters, sorting, pagination, history). ``ServiceRecordPermissionPolicy`` limits every
view and export to the services the staff user may edit; nobody adds or deletes requests here.
"""

import contextlib

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
from wagtail.models import Locale

from eservices.catalog.models import ServicePage
from eservices.core import audit, servicelevels
from eservices.core.persian import local_datetime as local_moment
from eservices.core.persian.digits import localize_digits, normalize_digits
from eservices.core.persian.text import strip_control_characters
from eservices.formbuilder.validators import normalize_mobile
from eservices.requests.models import RequestSubmission
from eservices.requests.workflow import change_status

from .exports import Column as ExportColumn
from .exports import date_cells, export_response
from .filters import RequestFilterSet
from .forms import StatusChangeForm
from .permissions import ServiceRecordPermissionPolicy

policy = ServiceRecordPermissionPolicy(RequestSubmission)


def visible_requests(user):
    return policy.instances_user_has_any_permission_for(user, {"view"})


def is_overdue(submission) -> bool:
    return servicelevels.is_overdue(
        submission.due_at, timezone.now(), answered=submission.status.is_answer
    )


class StatusColumn(Column):
    def get_value(self, instance):
        return format_html('<span class="w-status">{}</span>', instance.status.name)


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
    """The inbox: requests of the services the user may see, newest first."""

    search_fields = ["tracking_number"]
    search_backend_name = None
    default_ordering = "-submit_time"
    list_export = ["tracking_number"]  # turns on the export buttons; ``as_spreadsheet`` writes
    page_title = _("Requests")

    def get_base_queryset(self):
        return visible_requests(self.request.user).select_related(
            "page", "page__locale", "status", "assignee"
        )

    def search_queryset(self, queryset):
        """Tracking number (or its start), national code or mobile, in any digits."""
        if not self.is_searching:
            return queryset
        query = normalize_digits(strip_control_characters(self.search_query)).strip()
        condition = Q(tracking_number__startswith=query) | Q(registrant_national_code=query)
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
        """The filtered inbox, streamed row by row, logged in the audit log (D4)."""
        rows = queryset.count()
        national_ids = dict(
            ServicePage.objects.filter(pk__in=queryset.values("page_id")).values_list(
                "pk", "national_id"
            )
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
        )
        return export_response(
            EXPORT_COLUMNS,
            (
                export_row(submission, national_ids)
                for submission in queryset.iterator(chunk_size=500)
            ),
            fmt=spreadsheet_format,
            filename=self.get_filename(),
        )


EXPORT_COLUMNS = [
    ExportColumn("tracking_number", _("Tracking number")),
    ExportColumn("service", _("Service")),
    ExportColumn("service_id", _("Service national ID")),
    ExportColumn("national_code", _("National code")),
    ExportColumn("mobile", _("Mobile")),
    ExportColumn("status", _("Status")),
    ExportColumn("assignee", _("Assigned to")),
    ExportColumn("submitted_jalali", _("Submitted (Jalali)")),
    ExportColumn("submitted_iso", _("Submitted (ISO 8601)")),
    ExportColumn("due_jalali", _("Due (Jalali)")),
    ExportColumn("due_iso", _("Due (ISO 8601)")),
    ExportColumn("overdue", _("Overdue")),
    ExportColumn("public_reply", _("Public reply")),
    ExportColumn("answers", _("Answers")),
]


def export_row(submission, national_ids: dict[int, str]) -> dict:
    tz = timezone.get_current_timezone()
    submitted_jalali, submitted_iso = date_cells(submission.submit_time, tz)
    due_jalali, due_iso = date_cells(submission.due_at, tz) if submission.due_at else ("", "")
    page = submission.page
    return {
        "tracking_number": submission.tracking_number,
        "service": page.title,
        "service_id": national_ids.get(page.pk, ""),
        "national_code": submission.registrant_national_code,
        "mobile": submission.registrant_mobile,
        "status": submission.status.name,
        "assignee": get_user_display_name(submission.assignee) if submission.assignee else "",
        "submitted_jalali": submitted_jalali,
        "submitted_iso": submitted_iso,
        "due_jalali": due_jalali,
        "due_iso": due_iso,
        "overdue": is_overdue(submission),
        "public_reply": submission.public_reply,
        "answers": "\n".join(
            "%s: %s" % (key, value)
            for key, value in submission.form_data.items()
            if value not in ("", None)
        ),
    }


def answer_rows(submission) -> list[dict]:
    """The answers in form order, labelled in the admin's language where the page has a
    translation in it (field keys are shared between translations), with their files."""
    page = submission.page.specific
    labelled = page
    locale = Locale.objects.filter(language_code=get_language()).first()
    if locale and page.locale_id != locale.pk:
        labelled = page.get_translation_or_none(locale) or page
    labels = {field.clean_name: field.label for field in labelled.get_form_fields()}
    attachments = {a.field_key: a for a in submission.attachments.all()}
    data = dict(submission.form_data)
    rows = []
    for field in page.get_form_fields():
        if field.clean_name not in data:
            continue
        rows.append(
            {
                "label": labels.get(field.clean_name, field.label),
                "value": data.pop(field.clean_name),
                "attachment": attachments.get(field.clean_name),
            }
        )
    # Answers to fields removed from the form since.
    rows += [{"label": key, "value": value, "attachment": None} for key, value in data.items()]
    return rows


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

    def render(self, form, status=200):
        context = self.get_context_data(
            object=self.object,
            form=form,
            answers=answer_rows(self.object),
            history=self.object.history.select_related("status", "changed_by"),
            overdue=is_overdue(self.object),
            due=local_moment(self.object.due_at),
            submitted=local_moment(self.object.submit_time),
            history_url=reverse("eservices_requests:history", args=[self.object.pk]),
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
