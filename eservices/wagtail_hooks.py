"""Admin wiring of the desk: the "Service desk" menu of the back office, and snippet viewsets
for counter offices, mobile apps, statuses, datasets and holidays."""

from django.contrib import messages
from django.db import models
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .backoffice import admin_hooks, report_hooks  # noqa: F401  (inbox, reports, ideas)
from .catalog.models import CounterOffice, MobileApp
from .catalog.translation_status import translation_lag
from .core.persian import localize_digits
from .formbuilder.fields import AdminIntegerField
from .lookups.models import Dataset
from .lookups.views import dataset_upload
from .requests.models import RequestStatus
from .staffauth import admin_hooks as staffauth_hooks  # noqa: F401  (staff TOTP)


class CounterOfficeViewSet(SnippetViewSet):
    model = CounterOffice
    icon = "site"
    list_display = ["name", "province", "city", "phone", "is_active"]
    list_filter = ["province", "is_active"]
    search_fields = ["name", "city", "address"]


class MobileAppViewSet(SnippetViewSet):
    model = MobileApp
    icon = "mobile-alt"
    list_display = ["name", "file"]


class UploadColumn(Column):
    """A link to upload a dataset's rows."""

    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("eservices_dataset_upload", args=[instance.pk]),
            _("Upload rows"),
        )


class RequestStatusViewSet(SnippetViewSet):
    """Administrators edit the statuses and their allowed transitions; translators translate
    their names and SMS texts with wagtail-localize (the listing has a locale switcher)."""

    model = RequestStatus
    icon = "tasks"
    list_display = [
        "name",
        "code",
        *(
            BooleanColumn(
                flag, label=RequestStatus._meta.get_field(flag).verbose_name, sort_key=flag
            )
            for flag in ("is_initial", "is_answer", "is_final")
        ),
    ]


class DatasetViewSet(SnippetViewSet):
    """Datasets behind view forms; rows are uploaded from the “Upload rows” link."""

    model = Dataset
    icon = "table"
    list_display = ["name", "key_column", "row_count", UploadColumn("upload", label=_("Rows"))]


class CatalogSnippetsGroup(SnippetViewSetGroup):
    # Named for what it holds, apart from the back office's "Requests and reports" menu.
    menu_label = _("E-services lists")
    menu_icon = "list-ul"
    menu_order = 300
    items = (CounterOfficeViewSet, MobileAppViewSet, RequestStatusViewSet, DatasetViewSet)


register_snippet(CatalogSnippetsGroup)

# The back office's own menu. Its items register with the hook named here, so that each part
# (inbox, reports, ideas, holidays) stays in its own module.
DESK_MENU_HOOK = admin_hooks.DESK_MENU_HOOK


@hooks.register("register_admin_menu_item")
def register_desk_menu():
    return SubmenuMenuItem(
        _("Requests and reports"),
        Menu(register_hook_name=DESK_MENU_HOOK),
        name="eservices-desk",
        icon_name="mail",
        order=250,
    )


@hooks.register("before_edit_page", order=-1)
def warn_when_a_translation_lags(request, page):
    """Before wagtail-localize's own hook (which may answer with its translation editor):
    warn that the page's translation lags behind its source, or its translations behind it.
    Returns nothing, so the edit view (or the translation editor) goes on."""
    if request.method == "GET":
        for sentence in translation_lag(page):
            messages.warning(request, localize_digits(sentence))


@hooks.register("insert_editor_js")
def editor_js():
    """Stimulus controllers of the form designer and the service editor (field options that
    follow the field's type, panels that follow the service's kind)."""
    return format_html('<script src="{}"></script>', static("eservices/js/admin-editor.js"))


# Whole numbers in every admin form (response time, file size, retention days...) accept
# Persian and Arabic-Indic digits: a text input with a numeric keyboard, parsed after the
# digits are made ASCII.
register_form_field_override(models.IntegerField, override={"form_class": AdminIntegerField})


@hooks.register("register_admin_urls")
def register_request_urls():
    return [
        path(
            "eservices/datasets/<int:dataset_id>/upload/",
            dataset_upload,
            name="eservices_dataset_upload",
        ),
    ]
