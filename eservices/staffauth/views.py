"""Admin views of the second sign-in step: verify a code, enrol an app, turn it off.

They sit under the admin prefix (``admin_hooks``), so Wagtail already requires a signed-in user
with admin access and speaks the user's admin language. Every answer is never cached.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eservices.core.qr import qr_svg

from .devices import (
    confirm_device,
    confirmed_device,
    mark_verified,
    pending_device,
    readable_secret,
    remove_devices,
)
from .forms import TotpCodeForm
from .policy import ENROL, OFF, OPTIONAL, VERIFY, missing_step, totp_mode
from .redirects import safe_next, step_url


def _require_enabled() -> str:
    mode = totp_mode()
    if mode == OFF:
        raise Http404
    return mode


def _bound_data(request):
    return request.POST if request.method == "POST" else None


@never_cache
def verify(request):
    """The code of the user's enrolled app, once per session, after the password."""
    _require_enabled()
    next_url = safe_next(request)
    if request.user.is_verified():
        return redirect(next_url)
    device = confirmed_device(request.user)
    if device is None:
        if missing_step(request.user) == ENROL:
            return redirect(step_url(ENROL, next_url))
        return redirect(next_url)
    form = TotpCodeForm(_bound_data(request), user=request.user, device=device)
    if form.is_valid():
        mark_verified(request, form.device)
        return redirect(next_url)
    return TemplateResponse(
        request, "eservices/staffauth/verify.html", {"form": form, "next": next_url}
    )


@never_cache
def enrol(request):
    """Enrol an authenticator app (QR code and secret, confirmed by a first code).

    With a device already enrolled this is the account's two-step page: it says so and, in
    optional mode, offers to turn it off.
    """
    mode = _require_enabled()
    user = request.user
    device = confirmed_device(user)
    if device is not None:
        if not user.is_verified():
            return redirect(step_url(VERIFY, request.get_full_path()))
        return TemplateResponse(
            request,
            "eservices/staffauth/manage.html",
            {"device": device, "can_disable": mode == OPTIONAL},
        )
    next_url = safe_next(request, default=reverse("eservices_totp_enrol"))
    device = pending_device(user)
    form = TotpCodeForm(_bound_data(request), user=user, device=device)
    if form.is_valid():
        confirm_device(form.device)
        mark_verified(request, form.device)
        messages.success(request, _("Two-step verification is on for your account."))
        return redirect(next_url)
    return TemplateResponse(
        request,
        "eservices/staffauth/enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": qr_svg(device.config_url),
            "secret": readable_secret(device),
            "required": mode != OPTIONAL,
        },
    )


@never_cache
@require_POST
def disable(request):
    """Remove the user's own device; only in optional mode and from a verified session."""
    mode = _require_enabled()
    if not request.user.is_verified():
        return redirect(step_url(VERIFY, reverse("eservices_totp_enrol")))
    if mode != OPTIONAL:
        messages.error(request, _("Two-step verification is required on this site."))
    else:
        remove_devices(request)
        messages.success(request, _("Two-step verification is off for your account."))
    return redirect("eservices_totp_enrol")
