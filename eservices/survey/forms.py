"""The survey form: one single-choice field per question, and an optional comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eservices.core.persian import clean_user_text
from eservices.formbuilder.fields import NationalCodeField
from eservices.requests.forms import TrackingNumberField


class SurveyForm(forms.Form):
    def __init__(self, *args, questions, ask_tracking: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        if ask_tracking:
            self.fields["tracking_number"] = TrackingNumberField()
            self.fields["national_code"] = NationalCodeField(label=_("Registrant's national code"))
        for question in self.questions:
            self.fields["q%d" % question.pk] = forms.TypedChoiceField(
                label=question.text,
                choices=list(enumerate(question.option_list)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )
            if question.allow_comment:
                self.fields["c%d" % question.pk] = forms.CharField(
                    label=_("Comment"),
                    required=False,
                    max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def answers(self):
        """(question, index, label, comment) for every question."""
        for question in self.questions:
            index = self.cleaned_data["q%d" % question.pk]
            comment = clean_user_text(self.cleaned_data.get("c%d" % question.pk, "") or "")
            yield question, index, question.option_list[index], comment
