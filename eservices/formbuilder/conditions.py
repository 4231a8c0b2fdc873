"""Conditional fields: a field asked only when a choice field has a given answer.

A field's ``show_when`` is the key (``clean_name``) of a dropdown, radio buttons or checkboxes
field of the same form, ``show_when_value`` one of its stored values. Both are synchronised to
translations and never translated, so the condition holds in every language.

- The designer (``check_conditions``, called by the service page's admin form) accepts the
  other field's label or key, stores its key, and refuses a condition on the field itself, on
  a field that is not a choice field, on an unknown field or answer, and on a field with a
  role (the registrant's identity is always asked).
- The built form (``builder.ServiceForm``) decides from the posted answers which fields are
  hidden: a hidden field is not required and its posted value is dropped before cleaning, so
  a forged value never lands; the submission stores no answer for it. A condition naming a
  field that no longer exists, or is no longer a choice field, is ignored (the field is shown).
- The browser (``js/forms.js``) hides and shows the field's wrapper, which the template marks
  with ``data-show-when`` / ``data-show-answer``; without JavaScript every field is shown
  with a hint saying when it applies.
"""

from django.utils.translation import gettext_lazy as _

from eservices.core.persian import join_for_reader

from .choices import parse_choices

CHOICE_TYPES = ("dropdown", "multiselect", "radio", "checkboxes")
ROLE_TYPES = ("national_code", "mobile")


def _key(form) -> str:
    instance = form.instance
    return instance.clean_name or instance.get_field_clean_name()


def check_conditions(formset) -> None:
    """Checks each row's condition against the other rows of the designer's ``formset``
    (as posted, so a field added in the same edit can be named) and stores the key of the
    field named by its label. Errors are shown beside the row's condition."""
    if formset is None or not formset.is_valid():
        return
    rows = [
        form
        for form in formset.forms
        if form.cleaned_data and not formset._should_delete_form(form)
    ]
    by_key = {_key(form): form for form in rows}
    by_label = {}
    for form in rows:
        by_label.setdefault((form.cleaned_data.get("label") or "").strip(), form)
    for form in rows:
        wanted = (form.cleaned_data.get("show_when") or "").strip()
        answer = (form.cleaned_data.get("show_when_value") or "").strip()
        if not wanted:
            if answer:
                form.add_error("show_when", _("Name the field whose answer shows this one."))
            continue
        controller = by_key.get(wanted) or by_label.get(wanted)
        if controller is None:
            form.add_error("show_when", _("No field of this form has this label or key."))
        elif controller is form:
            form.add_error("show_when", _("A field cannot be shown by its own answer."))
        elif controller.cleaned_data.get("field_type") not in CHOICE_TYPES:
            form.add_error(
                "show_when",
                _("Only a dropdown, radio buttons or checkboxes can show another field."),
            )
        elif form.cleaned_data.get("role") and form.cleaned_data.get("field_type") in ROLE_TYPES:
            form.add_error(
                "show_when", _("A field with a role is always asked; remove the condition.")
            )
        else:
            values = [
                value for value, _label in parse_choices(controller.cleaned_data.get("choices"))
            ]
            if answer not in values:
                form.add_error(
                    "show_when_value",
                    _("Give one of the stored values of that field's choices: %(values)s")
                    % {"values": join_for_reader(values)},
                )
                continue
            form.instance.show_when = _key(controller)
            form.instance.show_when_value = answer


def show_condition_labels(formset) -> None:
    """Shows each saved condition in the designer by the other field's label, which the
    editor wrote, rather than its key (keys are unique, so are their labels in a form)."""
    if formset is None:
        return
    labels = {
        form.instance.clean_name: form.instance.label
        for form in formset.forms
        if form.instance.clean_name
    }
    for form in formset.forms:
        key = form.instance.show_when
        if not form.is_bound and key in labels:
            form.initial["show_when"] = labels[key]
