"""Admin wiring of the reports: their URLs and their items in the "Service desk" menu.

Imported by ``eservices/wagtail_hooks.py``, which owns the menu; the hook name below is the
one it declares (``DESK_MENU_HOOK``), spelled out to avoid importing that module back.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .downloads import attachment_download, idea_file_download
from .permissions import visible_service_ids
from .reports import IdeaListView, SurveyReportView


class ServiceRecordsMenuItem(MenuItem):
    """A menu item shown only to users who see the records of at least one service."""

    def is_shown(self, request):
        return visible_service_ids(request.user).exists()


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "eservices/surveys/",
            SurveyReportView.as_view(),
            name="eservices_survey_report",
        ),
        path("eservices/ideas/", IdeaListView.as_view(), name="eservices_ideas"),
        path(
            "eservices/attachments/<int:attachment_id>/",
            attachment_download,
            name="eservices_attachment",
        ),
        path(
            "eservices/ideas/files/<int:file_id>/",
            idea_file_download,
            name="eservices_idea_file",
        ),
    ]


@hooks.register("register_eservices_desk_menu_item")
def register_survey_menu_item():
    return ServiceRecordsMenuItem(
        _("Survey results"),
        reverse("eservices_survey_report"),
        name="eservices-surveys",
        icon_name="clipboard-list",
        order=200,
    )


@hooks.register("register_eservices_desk_menu_item")
def register_ideas_menu_item():
    return ServiceRecordsMenuItem(
        _("Ideas"),
        reverse("eservices_ideas"),
        name="eservices-ideas",
        icon_name="comment",
        order=300,
    )
