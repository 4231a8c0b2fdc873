"""The form staff use on a request's page: move it on, answer, note, assign."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.utils import get_user_display_name

from eservices.core.persian.text import clean_user_text
from eservices.requests.models import RequestStatus
from eservices.requests.workflow import allowed_next_statuses

from .filters import staff_members
from .permissions import can_see_service


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return get_user_display_name(obj)


class StatusChoiceField(forms.ModelChoiceField):
    """The workflow's statuses, named in the staff member's language (``shown``: each status's
    row in that language by pk, from ``RequestStatus.objects.localized_by_pk``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown = {}

    def label_from_instance(self, obj):
        return self.shown.get(obj.pk, obj).name


class StatusChangeForm(forms.Form):
    status = StatusChoiceField(
        label=_("New status"),
        queryset=RequestStatus.objects.none(),
        required=False,
        empty_label=_("Keep the current status"),
    )
    public_reply = forms.CharField(
        label=_("Reply to the citizen"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the citizen who looks the request up; leave empty to keep the last."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by staff only."),
    )
    assignee = StaffChoiceField(
        label=_("Assigned to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody"),
    )
    notify = forms.BooleanField(
        label=_("Text the citizen the status's SMS"), required=False, initial=True
    )

    def __init__(self, *args, submission, **kwargs):
        kwargs.setdefault("initial", {"assignee": submission.assignee_id, "notify": True})
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.fields["status"].queryset = allowed_next_statuses(submission)
        self.fields["status"].shown = RequestStatus.objects.localized_by_pk()
        self.fields["assignee"].queryset = staff_members()
        if not submission.registrant_mobile:
            # Nothing to text: the box cannot be ticked, and a forged tick is ignored.
            notify = self.fields["notify"]
            notify.disabled = True
            notify.initial = False
            self.initial["notify"] = False
            notify.help_text = _("No mobile number is known for this request: no SMS can be sent.")

    def clean_public_reply(self):
        return clean_user_text(self.cleaned_data["public_reply"]).strip()

    def clean_internal_note(self):
        return clean_user_text(self.cleaned_data["internal_note"]).strip()

    def clean_assignee(self):
        assignee = self.cleaned_data["assignee"]
        if assignee is not None and not can_see_service(assignee, self.submission.page_id):
            raise forms.ValidationError(_("This person cannot see this service's requests."))
        return assignee

    def clean(self):
        data = super().clean()
        nothing = not (data.get("status") or data.get("public_reply") or data.get("internal_note"))
        if nothing and data.get("assignee") == self.submission.assignee and not self.errors:
            raise forms.ValidationError(_("Choose a new status, write something or reassign."))
        return data

    def change_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "status": data["status"],
            "public_reply": data["public_reply"],
            "internal_note": data["internal_note"],
            "assignee": data["assignee"],
            "notify": data["notify"] and bool(self.submission.registrant_mobile),
        }
