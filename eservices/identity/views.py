"""The gate's two steps as a django-formtools wizard (S6)."""

import logging

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import SessionWizardView

from eservices.conf import settings
from eservices.core import audit

from . import limits
from .forms import CodeStepForm, MobileStepForm
from .models import SmsChallengeDevice
from .session import SESSION_PENDING, set_identity
from .tasks import enqueue_code

logger = logging.getLogger("eservices.identity")


def gate_prefix(page) -> str:
    """The prefix of the gate's management data on ``page`` (``<prefix>-current_step``)."""
    return "eservices_gate_%s" % page.pk


def code_pending(request) -> bool:
    """Whether this session waits for a code that can still be accepted (sent, not expired,
    not used, tries left)."""
    pending = request.session.get(SESSION_PENDING)
    if not pending:
        return False
    return SmsChallengeDevice.objects.filter(
        challenge_id=pending.get("challenge", ""),
        used=False,
        attempts__lt=settings.ESERVICES_OTP_MAX_ATTEMPTS,
        valid_until__gt=timezone.now(),
    ).exists()


class CodeNotSent(Exception):
    pass


def send_code(device: SmsChallengeDevice, mobile: str, code: str) -> None:
    """Hand the code's SMS to the task queue (immediate by default). The queue holds the
    challenge's id and the code sealed, never the code; the worker makes the text
    (eservices/identity/tasks.py).

    With the immediate backend a provider failure comes back as a failed result, not an
    exception; either way the citizen is told to try again. With a queue the SMS goes out
    from the worker, tried again while the code is valid if the provider fails.
    """
    result = enqueue_code(device.challenge_id, mobile, code)
    if result.status == TaskResultStatus.FAILED:
        raise CodeNotSent


class IdentityGateWizard(SessionWizardView):
    """Step "mobile" sends a code after the captcha and the limits; step "code" checks it.

    The first step's form is never validated again (it spent its captcha and sent an SMS):
    its values come back as initial data when the citizen edits the number.

    Opening the page, or any POST the wizard cannot read (missing or garbled management data,
    an unknown step, a code step without a pending code, another form posted to a gated
    route), starts the gate afresh: step 2 while a code sent to this session is still valid,
    else step 1. Never a 400 or a 500.
    """

    form_list = [("mobile", MobileStepForm), ("code", CodeStepForm)]
    page = None
    base_context: dict = {}

    def get_template_names(self):
        """The gate is drawn inside the page's own template, wherever the page keeps it."""
        return self.page.get_template(self.request)

    def get_prefix(self, request, *args, **kwargs):
        return gate_prefix(self.page)

    def get(self, request, *args, **kwargs):
        return self.restart()

    def post(self, *args, **kwargs):
        steps = self.get_form_list()
        goto = self.request.POST.get("wizard_goto_step")
        management = ManagementForm(self.request.POST, prefix=self.prefix)
        if goto in steps:
            target = goto
        elif management.is_valid() and management.cleaned_data["current_step"] in steps:
            target = management.cleaned_data["current_step"]
        else:
            return self.restart()
        if target == "code" and not self.request.session.get(SESSION_PENDING):
            return self.restart()
        return super().post(*args, **kwargs)

    def restart(self):
        """The gate from its start: step 2 while a valid code is pending, else step 1."""
        self.storage.reset()
        self.storage.current_step = "code" if code_pending(self.request) else self.steps.first
        return self.render(self.get_form())

    def get_form_kwargs(self, step=None):
        return {"request": self.request}

    def get_form_initial(self, step):
        pending = self.request.session.get(SESSION_PENDING) or {}
        if step == "mobile":
            return {k: pending[k] for k in ("mobile", "national_code") if k in pending}
        return {}

    def get_form(self, step=None, data=None, files=None):
        step = step or self.steps.current
        if step == "mobile" and data is not None and data is not self.request.POST:
            data = files = None  # show kept values, with a fresh captcha, unvalidated
        return super().get_form(step, data, files)

    def process_step(self, form):
        if self.steps.current == "mobile":
            mobile = form.cleaned_data["mobile"]
            national_code = form.cleaned_data["national_code"]
            if not self.request.session.session_key:
                self.request.session.save()
            device, code = SmsChallengeDevice.issue(
                session_key=self.request.session.session_key,
                mobile=mobile,
                national_code=national_code,
            )
            total = limits.record_send(mobile)
            if total * 2 == settings.ESERVICES_SMS_DAILY_BUDGET:
                logger.warning("Half of the daily SMS budget is spent (%s SMS).", total)
            self.request.session[SESSION_PENDING] = {
                "challenge": device.challenge_id,
                "mobile": mobile,
                "national_code": national_code,
            }
            try:
                send_code(device, mobile, code)
            except Exception:
                # No traceback: its frames would hold the code.
                logger.error("Sending a one-time code failed.")
                audit.log_otp(device, audit.OTP_SEND, mobile, national_code, sent=False)
                messages.error(
                    self.request,
                    _("The code could not be sent just now. Please try again in a minute."),
                )
            else:
                audit.log_otp(device, audit.OTP_SEND, mobile, national_code, sent=True)
                messages.success(self.request, _("Code sent successfully"))
        return self.get_form_step_data(form)

    def render_next_step(self, form, **kwargs):
        """POST/redirect/GET after the SMS: reloading step 2 is a GET (no resubmitted
        captcha), and a GET resumes at step 2 while the code is valid."""
        return redirect(self.request.get_full_path())

    def render_done(self, form, **kwargs):
        response = self.done([form], **kwargs)
        self.storage.reset()
        return response

    def done(self, form_list, **kwargs):
        pending = self.request.session[SESSION_PENDING]
        set_identity(self.request, pending["mobile"], pending["national_code"])
        return redirect(self.request.get_full_path())

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        context.update(self.base_context)
        pending = self.request.session.get(SESSION_PENDING) or {}
        context["pending_mobile"] = pending.get("mobile", "")
        context["resend_wait"] = limits.resend_wait(pending["mobile"]) if pending else 0
        return context
