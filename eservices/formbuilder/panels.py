"""Admin panels of the form designer: a field row shows only the options its type uses.

``FieldOptionPanel`` is a ``FieldPanel`` that names the field types using its option. The
server renders it ``hidden`` when the row's type (as posted, else as saved) is not one of
them, and the ``eservices-field-option`` Stimulus controller (``js/admin-editor.js``) shows or
hides it as the editor changes the type. The model empties an option its type does not use
(``AbstractServiceFormField.clean``), so a hidden value never reaches a form.
"""

import json

from wagtail.admin.panels import FieldPanel

CONTROLLER = "eservices-field-option"


class FieldOptionPanel(FieldPanel):
    def __init__(self, field_name, *args, field_types=(), **kwargs):
        self.field_types = tuple(field_types)
        kwargs["attrs"] = {
            "data-controller": CONTROLLER,
            f"data-{CONTROLLER}-types-value": json.dumps(list(self.field_types)),
            **(kwargs.get("attrs") or {}),
        }
        super().__init__(field_name, *args, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "field_types": self.field_types}

    class BoundPanel(FieldPanel.BoundPanel):
        @property
        def attrs(self):
            attrs = dict(super().attrs)
            form = self.form
            if (
                form is not None
                and "field_type" in form.fields
                and form["field_type"].value() not in self.panel.field_types
            ):
                attrs["hidden"] = ""
            return attrs
