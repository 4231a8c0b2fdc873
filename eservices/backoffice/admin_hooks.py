"""Admin wiring of the back office: the inbox, the holiday list, the audit log's actions."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from eservices.catalog.models import AbstractServicePage
from eservices.core import audit
from eservices.core.models import Holiday
from eservices.requests import workflow
from eservices.requests.models import RequestSubmission

from .inbox import inbox_viewset, policy

DESK_MENU_HOOK = "register_eservices_desk_menu_item"

register_permission_policy(RequestSubmission, policy)


class HolidayViewSet(SnippetViewSet):
    model = Holiday
    icon = "date"
    menu_label = _("Holidays")
    menu_name = "eservices-holidays"
    menu_order = 900
    list_display = ["date", "name"]
    ordering = ["-date"]


holiday_viewset = HolidayViewSet()
register_snippet(holiday_viewset)


@hooks.register("register_admin_viewset")
def register_inbox():
    return inbox_viewset


@hooks.register(DESK_MENU_HOOK)
def register_inbox_menu_item():
    return inbox_viewset.get_menu_item()


@hooks.register(DESK_MENU_HOOK)
def register_holidays_menu_item():
    return holiday_viewset.get_menu_item()


@hooks.register("filter_form_submissions_for_user")
def keep_service_pages_out_of_the_forms_menu(user, pages):
    """One back office: requests are read, exported and kept in the desk's inbox only.

    Wagtail's Forms menu lists every ``FormMixin`` page, and its views list, export and delete
    submissions with none of the inbox's checks (formula-safe export, audit, file removal).
    Every one of those views asks this hook which pages it may show, so service pages are
    never among them: the menu does not list them and its URLs answer 403 for them.
    """
    return pages.not_type(AbstractServicePage)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    audit.register_actions(actions)
    workflow.register_log_actions(actions)


@hooks.register("insert_global_admin_css")
def back_office_css():
    return format_html('<link rel="stylesheet" href="{}">', static("eservices/css/admin.css"))
