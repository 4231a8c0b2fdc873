"""Keep staff who still owe an authenticator code out of the Wagtail admin."""

from django.http import HttpResponseRedirect
from django.urls import reverse

from .policy import missing_step
from .redirects import step_url

# Admin URLs a staff user may reach before the second step: the steps themselves, signing
# out, and what their pages load (the icon sprite, the JavaScript catalogue).
OPEN_URL_NAMES = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "eservices_totp_verify",
        "eservices_totp_enrol",
    }
)


class StaffTOTPMiddleware:
    """Redirect requests under the admin's URL prefix to the verify or enrol step.

    Must come after django-otp's ``OTPMiddleware``. It acts in ``process_view``, when the URL
    has been resolved, and only under the prefix of ``wagtailadmin_home``: public pages, the
    citizens' identity gate and anonymous visitors are never touched.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def __call__(self, request):
        return self.get_response(request)

    @property
    def admin_prefix(self) -> str:
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(self.admin_prefix):
            return None
        if request.resolver_match.url_name in OPEN_URL_NAMES:
            return None
        step = missing_step(request.user)
        if step is None:
            return None
        return HttpResponseRedirect(step_url(step, request.get_full_path()))
