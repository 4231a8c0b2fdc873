"""Filling a form again with answers posted earlier (kept across a lapse, or held for the
check-your-answers step)."""

from django.utils.datastructures import MultiValueDict


def refill(form, data: dict[str, list[str]]) -> None:
    """Give the unbound ``form`` the posted ``data`` (name → values, as ``QueryDict.lists()``)
    as its initial values, read by each widget as it would read a POST, so a Jalali date, a
    group of checkboxes or a Persian-digit number comes back exactly as typed. File inputs
    cannot be filled; callers say which files to choose again."""
    posted = MultiValueDict(data)
    for name, field in form.fields.items():
        if not field.widget.needs_multipart_form:
            form.initial[name] = field.widget.value_from_datadict(
                posted, MultiValueDict(), form.add_prefix(name)
            )
