"""Panels of the service editor that apply to one kind of service (request or view).

``for_kinds(panel, kinds)`` returns a copy of ``panel`` that the server renders ``hidden``
while the page's kind (as posted, else as saved) is not in ``kinds``, and that the
``eservices-service-kind`` Stimulus controller (``js/admin-editor.js``) shows or hides as the
editor changes the kind. Hidden panels keep their fields in the form, so switching the kind
back and forth loses nothing.
"""

import functools
import json

CONTROLLER = "eservices-service-kind"


@functools.cache
def _kind_panel_class(base: type, kinds: tuple[str, ...]) -> type:
    class BoundPanel(base.BoundPanel):
        @property
        def attrs(self):
            attrs = dict(super().attrs)
            form = self.form
            if form is not None and "kind" in form.fields and form["kind"].value() not in kinds:
                attrs["hidden"] = ""
            return attrs

    return type(base.__name__, (base,), {"BoundPanel": BoundPanel, "service_kinds": kinds})


def for_kinds(panel, kinds):
    kinds = tuple(kinds)
    kwargs = panel.clone_kwargs()
    kwargs["attrs"] = {
        **(kwargs.get("attrs") or {}),
        "data-controller": CONTROLLER,
        f"data-{CONTROLLER}-kinds-value": json.dumps(list(kinds)),
    }
    return _kind_panel_class(type(panel), kinds)(**kwargs)


def field_names(panel) -> set[str]:
    """The model fields ``panel`` edits, its children's included."""
    names = {panel.field_name} if getattr(panel, "field_name", None) else set()
    for child in getattr(panel, "children", ()):
        names |= field_names(child)
    return names
