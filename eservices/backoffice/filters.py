"""The inbox's filters: service, group, status, Jalali date range, assignee, overdue."""

import datetime

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Page

from eservices.catalog.models import ServiceGroupPage
from eservices.formbuilder.fields import JalaliDateField
from eservices.requests.models import RequestStatus, RequestSubmission

from .permissions import PAGE_ACTIONS, visible_service_ids


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def overdue_q(now=None) -> Q:
    """Requests past their due time that have not had their answer yet."""
    return Q(due_at__lt=now or timezone.now(), status__is_answer=False)


def staff_members():
    """The people requests can be assigned to: everyone who may work some service."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return (
        PagePermissionPolicy()
        .users_with_any_permission(PAGE_ACTIONS)
        .order_by(get_user_model().USERNAME_FIELD)
    )


class JalaliDateFilter(django_filters.Filter):
    field_class = JalaliDateField


class RequestFilterSet(WagtailFilterSet):
    service = django_filters.ModelChoiceFilter(
        label=_("Service"), field_name="page", queryset=Page.objects.none()
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Service group"), method="filter_group", queryset=Page.objects.none()
    )
    status = django_filters.ModelChoiceFilter(
        label=_("Status"), queryset=RequestStatus.objects.none()
    )
    submitted_from = JalaliDateFilter(label=_("Submitted from"), method="filter_from")
    submitted_to = JalaliDateFilter(label=_("Submitted until"), method="filter_to")
    assignee = django_filters.ChoiceFilter(
        label=_("Assigned to"), method="filter_assignee", empty_label=_("Anyone")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue", widget=BooleanRadioSelect
    )

    class Meta:
        model = RequestSubmission
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user
        services = Page.objects.filter(pk__in=visible_service_ids(user)).select_related("locale")
        self.filters["service"].queryset = services.order_by("path")
        self.filters["service"].field.label_from_instance = _page_label
        group_paths = {
            path[: len(path) - Page.steplen] for path in services.values_list("path", flat=True)
        }
        self.filters["group"].queryset = (
            ServiceGroupPage.objects.filter(path__in=group_paths)
            .select_related("locale")
            .order_by("path")
        )
        self.filters["group"].field.label_from_instance = _page_label
        # The workflow's statuses, named in the staff member's language.
        shown = RequestStatus.objects.localized_by_pk()
        self.filters["status"].queryset = RequestStatus.objects.workflow()
        self.filters["status"].field.label_from_instance = lambda s: shown.get(s.pk, s).name
        self.filters["assignee"].extra["choices"] = [
            ("me", _("Me")),
            ("none", _("Nobody")),
            *[(str(u.pk), get_user_display_name(u)) for u in staff_members()],
        ]

    def filter_group(self, queryset, name, value):
        return queryset.filter(page__path__startswith=value.path)

    # Bounds on the column itself (midnights in the staff member's time zone), not on its
    # date: ``submit_time__date`` wraps the column in a function that no index serves.
    def filter_from(self, queryset, name, value):
        return queryset.filter(submit_time__gte=start_of_day(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(submit_time__lt=start_of_day(value + datetime.timedelta(days=1)))

    def filter_assignee(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assignee=self.request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


def _page_label(page) -> str:
    return "%s (%s)" % (page.title, page.locale.language_code)
