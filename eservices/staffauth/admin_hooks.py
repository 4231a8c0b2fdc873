"""Wagtail wiring of the second sign-in step; imported by ``eservices/wagtail_hooks.py``."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import views
from .policy import OFF, totp_mode


@hooks.register("register_admin_urls")
def register_totp_urls():
    return [
        path("eservices/totp/verify/", views.verify, name="eservices_totp_verify"),
        path("eservices/totp/enrol/", views.enrol, name="eservices_totp_enrol"),
        path("eservices/totp/disable/", views.disable, name="eservices_totp_disable"),
    ]


@hooks.register("register_account_menu_item")
def totp_account_menu_item(request):
    if totp_mode() == OFF:
        return None
    return {
        "url": reverse("eservices_totp_enrol"),
        "label": _("Two-step verification"),
        "help_text": _("Ask for a code from an authenticator app on your phone at sign-in."),
    }
