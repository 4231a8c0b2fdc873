"""``RequestFormMixin``: the Register and Follow-up tabs of a request service (S7, S8)."""

import logging

from django.contrib import messages
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.choices import flatten_choices
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import FormMixin
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from eservices.conf import settings
from eservices.core import audit, captcha, ratelimit
from eservices.core.composition import PagePart
from eservices.core.files.models import removed_on_failure, store_uploads
from eservices.core.files.uploads import CleanUpload
from eservices.core.forms import refill
from eservices.core.numbers import NumberTaken
from eservices.core.qr import qr_svg
from eservices.core.servicelevels import due_moment
from eservices.formbuilder.models import FieldRole

from . import held as held_answers
from .forms import LookupForm, RequestFormBuilder
from .issued import holder_digest
from .models import Attachment, RequestStatus, RequestSubmission, SmsAttempt, StatusChange
from .workflow import queue_receipt_sms

logger = logging.getLogger(__name__)


class RequestFormMixin(PagePart, RoutablePageMixin, FormMixin, models.Model):
    """Turns a service page into a request form built by editors, with tracking.

    Routes: ``""`` (Register tab), ``check/`` (the check-your-answers step, when
    ``check_answers`` is on), ``follow-up/`` (Follow-up tab: this session's numbers and the
    status lookup, then what other parts add) and ``receipt/<tracking>/`` (the printable
    receipt, only for numbers issued to this session). ``RoutablePageMixin`` precedes
    ``FormMixin`` in this mixin's bases so that routes, not ``FormMixin.serve``, answer
    requests, and the Register tab replaces ``RoutablePageMixin.index_route``. Staff read the
    requests in the desk's inbox only: Wagtail's Forms menu does not list these pages.
    """

    check_answers = models.BooleanField(
        _("check-your-answers step"),
        default=False,
        help_text=_(
            "Before the request is sent, the citizen sees all their answers on one page, with "
            "a link to change each one."
        ),
    )

    form_builder = RequestFormBuilder

    service_panels = {
        "form": [
            FieldPanel("check_answers"),
            InlinePanel("form_fields", label=_("Form fields")),
        ]
    }
    gated_routes = ("index_route", "review_answers", "follow_up", "receipt")
    restorable_routes = ("index_route",)  # the gate keeps its answers across a lapse
    page_requires = (
        "form_fields",
        "response_time_amount",
        "response_time_unit",
        "is_web",
        "identity",
    )

    class Meta:
        abstract = True

    def get_submission_class(self):
        return RequestSubmission

    def accepts_requests(self) -> bool:
        """Whether the Register tab takes requests; override to close a service."""
        return True

    #: Relations a tab reads several times while it is served (whether the service takes
    #: requests, the form, the registrant's fields, the template): fetched once per request
    #: into Django's prefetch cache, which ``.all()`` then answers from. Pages add theirs.
    serve_prefetch = ("form_fields",)

    def prefetch_for_serve(self) -> None:
        prefetch_related_objects([self], *self.serve_prefetch)

    # Register tab ---------------------------------------------------------------------------

    @path("", name="register")
    def index_route(self, request, *args, **kwargs):
        self.prefetch_for_serve()
        if not self.accepts_requests():
            return self.serve_primary_tab(request)
        held = held_answers.get_held(request, self.pk) if self.check_answers else None
        if request.method == "POST":
            files = request.FILES
            if held:  # a held file stays unless its field is given a new one
                files, _missing = held.uploads()
                for name in request.FILES:
                    files.setlist(name, request.FILES.getlist(name))
            form = self.get_request_form(request, request.POST, files)
            valid = form.is_valid()
            if held:
                for upload in files.values():
                    upload.close()
            if valid and self.check_answers:
                posted = {
                    key: values
                    for key, values in request.POST.lists()
                    if key != "csrfmiddlewaretoken" and not key.startswith(captcha.FIELD_NAME)
                }
                typed_by = held_answers.who(self.identity(request))
                held_answers.hold(request, self.pk, posted, form, typed_by)
                return redirect(self.get_url(request) + self.reverse_subpage("check"))
            if valid:
                return self.submit(request, form)
        else:
            form = self.get_request_form(request)
            if held:
                refill(form, held.data)
        if held:
            self.mark_held_files(form, held)
        return self.render_tab(request, "register", form=form)

    def mark_held_files(self, form, held) -> None:
        """Say beside each file field which file is held: it is sent unless another is
        chosen, so the field need not be filled again."""
        form.held_files = {
            name: file_name for name, file_name in held.file_names().items() if name in form.fields
        }
        for name in form.held_files:
            form.fields[name].required = False

    def submit(self, request, form):
        """Store a valid request, issued to this session, and show its receipt. The request
        is stored with its issue to this session (``issued_to``, in the same INSERT): a
        request is never stored without its receipt being open to the session that sent it
        (docs/security.md D6)."""
        form.issued_to = holder_digest(request.session, create=True)
        submission = self.process_form_submission(form)
        return redirect(
            self.get_url(request)
            + self.reverse_subpage("receipt", args=[submission.tracking_number])
        )

    # Check your answers ---------------------------------------------------------------------

    ANSWERS_CHANGED = _(
        "Your answers were changed in another window. Check them again before you send them."
    )

    TYPED_BY_ANOTHER = _(
        "These answers were given before you verified, under another mobile number or "
        "national code. Check them before you send them."
    )
    HELD_FILE_LOST = _("This file could not be kept. Choose it again.")

    @path("check/", name="check")
    def review_answers(self, request):
        """The check-your-answers step (GOV.UK's pattern): every held answer with a link to
        change it, and the button that sends the request. Sending binds the form again from
        the held answers and validates it again; a second click, or a tab left open, never
        sends twice: nothing is held any more, and the newest receipt is shown."""
        if not self.accepts_requests() or not self.check_answers:
            raise Http404
        held = held_answers.get_held(request, self.pk)
        if held is None:
            issued = self.issued_tracking_numbers(request)
            if issued:
                return redirect(
                    self.get_url(request) + self.reverse_subpage("receipt", args=[issued[0]])
                )
            return redirect(self.get_url(request))
        if request.method == "POST":
            if request.POST.get("version") != held.version:
                messages.warning(request, self.ANSWERS_CHANGED)
                return redirect(self.get_url(request) + self.reverse_subpage("check"))
            typed_by = held_answers.who(self.identity(request))
            if typed_by != held.typed_by:
                # Held under another identity (signed out, verified again as someone else):
                # shown to the new person once more, never sent unseen in their name.
                held.typed_by, held.version = typed_by, held_answers.new_version()
                held_answers.save(request, self.pk, held)
                messages.warning(request, self.TYPED_BY_ANOTHER)
                return redirect(self.get_url(request) + self.reverse_subpage("check"))
            uploads, missing = held.uploads()
            form = self.get_request_form(request, MultiValueDict(held.data), uploads, guard=False)
            valid = form.is_valid()
            for upload in uploads.values():
                upload.close()
            for name in missing:  # never sent without a file the citizen chose
                form.add_error(name, self.HELD_FILE_LOST)
                valid = False
            if not valid:
                self.mark_held_files(form, held)
                return self.render_tab(request, "register", form=form)
            response = self.submit(request, form)
            held_answers.release(request, self.pk)
            return response
        form = self.get_request_form(request, guard=False)
        return self.render_tab(
            request, "check", answers=self.answers_to_check(form, held), held=held
        )

    def answers_to_check(self, form, held) -> list[dict]:
        """(label, shown value, id of the input to change it) for every visible field, read
        from the held answers as the form reads a POST; choices show their labels. A field
        hidden by its condition (formbuilder/conditions.py) is not listed: it is not stored."""
        posted = MultiValueDict(held.data)
        hidden = form.hidden_by_conditions(posted)
        rows = []
        for bound in form.visible_fields():
            if bound.name in hidden:
                continue
            field = bound.field
            if field.widget.needs_multipart_form:
                values = [held.files[bound.name]["name"]] if bound.name in held.files else []
            elif field.disabled:
                values = [bound.value()]
            else:
                value = field.widget.value_from_datadict(posted, MultiValueDict(), bound.html_name)
                values = value if isinstance(value, list | tuple) else [value]
                choices = dict(flatten_choices(getattr(field, "choices", None) or []))
                values = [choices.get(v, v) for v in values]
            values = [str(v) for v in values if v not in (None, "")]
            grouped = bound.widget_type in ("radioselect", "checkboxselectmultiple")
            rows.append(
                {
                    "label": bound.label,
                    "values": values,
                    "anchor": bound.auto_id + ("_0" if grouped else ""),
                    "changeable": not field.disabled,
                }
            )
        return rows

    def forget_answers_in_progress(self, request) -> None:
        """Answers held for checking go with "خروج": the next person must not find them."""
        super().forget_answers_in_progress(request)
        held_answers.release_all(request)

    def get_request_form(self, request, *args, guard=True, **kwargs):
        """The Register tab's form; override to adjust fields for the request at hand.

        Without a verified identity (a service without the gate) anyone may post it: it gets
        a captcha and a per-IP limit (O11); the gate already asked for a captcha. ``guard``
        is off where the form is not posted by the citizen: answers held for the
        check-your-answers step passed the guard when they were held."""
        form = self.get_form(*args, page=self, user=request.user, **kwargs)
        if guard and self.identity(request) is None:
            form.guard_open(request)
        return form

    def get_primary_tab(self) -> str | None:
        """The first tab's name: "register" here; pages with other kinds of service override."""
        return "register"

    def serve_primary_tab(self, request):
        """The first tab of a service that takes no requests; override to show another."""
        return self.render_tab(request, None)

    def render_tab(self, request, tab: str, **extra):
        context = self.get_context(request)
        context.update(tab=tab, **extra)
        return TemplateResponse(request, self.get_template(request), context)

    def field_with_role(self, role: str):
        return next((f for f in self.get_form_fields() if f.role == role), None)

    def registrant(self, form) -> tuple[str, str]:
        """The registrant's national code and mobile: the verified identity the gate handed
        to the form (``form.registrant_identity``), whatever fields the editor built; without
        one, the answers of the fields with the registrant roles."""
        identity = getattr(form, "registrant_identity", None)
        if identity:
            return identity["national_code"], identity["mobile"]
        code_field = self.field_with_role(FieldRole.REGISTRANT_NATIONAL_CODE)
        mobile_field = self.field_with_role(FieldRole.REGISTRANT_MOBILE)
        data = form.cleaned_data
        return (
            data.get(code_field.clean_name, "") if code_field else "",
            data.get(mobile_field.clean_name, "") if mobile_field else "",
        )

    def process_form_submission(self, form):
        """Store the submission, its history row and its files in one transaction.

        Nothing else happens before this commits, so a later failure never loses an accepted
        request; then the registrant is texted the tracking number through the task queue.
        ``form.issued_to``, when set (``submit``), marks the request as issued to a session.
        """
        answers = {}
        uploads = []
        for key, value in form.cleaned_data.items():
            if isinstance(value, CleanUpload):
                uploads.append((key, value))
                answers[key] = value.name
            else:
                answers[key] = value
        national_code, mobile = self.registrant(form)
        status = RequestStatus.initial()
        attempts = RequestSubmission.MAX_TRACKING_ATTEMPTS
        for attempt in range(attempts):
            try:
                with removed_on_failure() as written, transaction.atomic():
                    submission = self.get_submission_class()(
                        page=self,
                        form_data=answers,
                        registrant_national_code=national_code or "",
                        registrant_mobile=mobile or "",
                        issued_to=getattr(form, "issued_to", ""),
                        status=status,
                        due_at=due_moment(
                            timezone.now(), self.response_time_amount, self.response_time_unit
                        ),
                    )
                    # First in the transaction: a colliding number rolls back nothing else.
                    submission.insert_with_tracking_number()
                    StatusChange.objects.create(submission=submission, status=status)
                    store_uploads(
                        Attachment,
                        [
                            (upload, {"submission": submission, "field_key": key})
                            for key, upload in uploads
                        ],
                        written,
                    )
                    queue_receipt_sms(submission)
                return submission
            except NumberTaken as taken:
                if attempt == attempts - 1:
                    raise taken.__cause__ from None

    def issued_tracking_numbers(self, request) -> list[str]:
        """The tracking numbers issued to this session, newest first: at most
        ``ESERVICES_SESSION_ISSUED_MAX`` of them, older ones are no longer offered."""
        digest = holder_digest(request.session)
        if not digest:
            return []
        return list(
            RequestSubmission.objects.filter(issued_to=digest)
            .order_by("-submit_time", "-pk")
            .values_list("tracking_number", flat=True)[: settings.ESERVICES_SESSION_ISSUED_MAX]
        )

    def follow_up_url(self, request) -> str:
        return self.get_url(request) + self.reverse_subpage("follow_up")

    def issued_submissions(self, request):
        numbers = self.issued_tracking_numbers(request)
        if not numbers:
            return []
        # No ORDER BY: with the model's ``-submit_time`` SQLite walked the (page, time) index
        # over the whole service instead of the unique tracking-number index.
        found = {
            s.tracking_number: s
            for s in RequestSubmission.objects.filter(page=self, tracking_number__in=numbers)
            .select_related("status")
            .order_by()
        }
        return [found[n] for n in numbers if n in found]

    # Receipt --------------------------------------------------------------------------------

    @path("receipt/<str:tracking_number>/", name="receipt")
    def receipt(self, request, tracking_number: str):
        """The page after submitting, and its printable receipt (R3: only this session's)."""
        if not self.accepts_requests() or tracking_number not in self.issued_tracking_numbers(
            request
        ):
            raise Http404
        try:
            submission = RequestSubmission.objects.select_related("status").get(
                page=self, tracking_number=tracking_number
            )
        except RequestSubmission.DoesNotExist as error:
            raise Http404 from error
        return self.render_landing_page(request, submission)

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        context = self.get_context(request)
        context.update(
            form_submission=form_submission,
            tab="receipt",
            expected=self.expected_completion(form_submission) if form_submission else None,
            qr_code=qr_svg(form_submission.tracking_number) if form_submission else "",
            receipt_sms=self.receipt_sms(form_submission),
        )
        return TemplateResponse(request, self.get_landing_page_template(request), context)

    @staticmethod
    def receipt_sms(submission) -> str:
        """What the receipt says of its SMS: "sent", "failed", "pending" (queued, or being
        sent: a provider that is down or slow delays it, the number shown is valid now) or ""
        (no mobile, nothing to send)."""
        if submission is None:
            return ""
        attempt = (
            submission.sms_attempts.filter(kind=SmsAttempt.Kind.RECEIPT).order_by("-pk").first()
        )
        if attempt is None:
            return ""
        if attempt.outcome == SmsAttempt.Outcome.SENT:
            return "sent"
        if attempt.outcome in (SmsAttempt.Outcome.QUEUED, SmsAttempt.Outcome.SENDING):
            return "pending"
        if attempt.outcome in (SmsAttempt.Outcome.FAILED, SmsAttempt.Outcome.UNKNOWN):
            return "failed"
        return ""

    def expected_completion(self, submission):
        """The date the request is due, as stored when it was made (holidays added since
        do not move it), or from the response time for requests made before due times."""
        due = submission.due_at or due_moment(
            submission.submit_time, self.response_time_amount, self.response_time_unit
        )
        return timezone.localdate(due) if due else None

    # Follow-up tab --------------------------------------------------------------------------

    LOOKUP_NO_MATCH = _(
        "No request matches this tracking number and national code. Check both and try again."
    )
    LOOKUP_THROTTLED = _("Too many lookups. Please wait a few minutes and try again.")

    @path("follow-up/", name="follow_up")
    def follow_up(self, request):
        """The Follow-up tab: this session's tracking numbers and the status lookup (S8, R2)
        for request services, then what other mixins add (survey, participation).

        "Unknown number" and "wrong national code" give the same answer; lookups are counted
        per client IP and failures per tracking number.
        """
        if not self.is_web:
            raise Http404
        if request.method == "POST" and self.accepts_requests():
            return self.render_follow_up(request, **self.lookup(request))
        return self.render_follow_up(request)

    def follow_up_context(self, request) -> dict:
        """What the Follow-up tab shows; mixins extend it (call super)."""
        if not self.accepts_requests():
            return {}
        return {"lookup_form": LookupForm(), "issued": self.issued_submissions(request)}

    def render_follow_up(self, request, **overrides):
        context = self.follow_up_context(request)
        context.update(overrides)
        return self.render_tab(request, "follow_up", **context)

    def lookup(self, request) -> dict:
        result = None
        error = None
        form = LookupForm(request.POST)
        if form.is_valid():
            number = form.cleaned_data["tracking_number"]
            ip = ratelimit.client_ip(request)
            if ratelimit.hit(
                "lookup-ip",
                ip,
                settings.ESERVICES_LOOKUP_IP_LIMIT,
                settings.ESERVICES_LOOKUP_IP_WINDOW,
            ) or ratelimit.is_over("lookup-fail", number, settings.ESERVICES_LOOKUP_FAILURE_LIMIT):
                error = self.LOOKUP_THROTTLED
            else:
                # Unordered: the unique tracking-number index finds the row (``first()``
                # would order by ``-submit_time`` and tempt the planner to the time index).
                result = next(
                    iter(
                        RequestSubmission.objects.filter(
                            page=self,
                            tracking_number=number,
                            registrant_national_code=form.cleaned_data["national_code"],
                        )
                        .select_related("status")
                        .order_by()[:1]
                    ),
                    None,
                )
                audit.log_lookup(
                    RequestSubmission, number, form.cleaned_data["national_code"], result, ip
                )
                if result is None:
                    ratelimit.hit(
                        "lookup-fail",
                        number,
                        settings.ESERVICES_LOOKUP_FAILURE_LIMIT,
                        settings.ESERVICES_LOOKUP_FAILURE_WINDOW,
                    )
                    error = self.LOOKUP_NO_MATCH
        return {
            "lookup_form": form,
            "lookup_result": result,
            "lookup_history": list(result.history.select_related("status")) if result else [],
            "lookup_expected": self.expected_completion(result) if result else None,
            "lookup_error": error,
        }
