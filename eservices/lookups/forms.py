"""The staff form that uploads a dataset's rows from a CSV or XLSX file."""

import os

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from eservices.conf import settings

from .importer import EXTENSIONS, FILE_TYPES, ImportReport, _megabytes, import_dataset
from .models import Dataset


class DatasetUploadForm(forms.Form):
    """Replaces a dataset's rows with an uploaded file's; validating the form imports it.

    The import is all or nothing, so a valid form means the rows were replaced; an invalid one
    means nothing changed, and the file's errors are the ``file`` field's errors, one per line
    of the file. ``report`` holds the importer's report once the file was read.
    """

    file = forms.FileField(label=_("File"))

    def __init__(self, *args, dataset: Dataset, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dataset = dataset
        self.report: ImportReport | None = None
        field = self.fields["file"]
        field.help_text = _(
            "A %(types)s file of at most %(limit)s MB whose first line names the columns."
        ) % {"types": FILE_TYPES, "limit": _megabytes(settings.ESERVICES_DATASET_MAX_BYTES)}
        field.widget.attrs["accept"] = ",".join(EXTENSIONS)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = os.path.splitext(upload.name or "")[1].lower()
        if extension not in EXTENSIONS:
            raise ValidationError(
                _("Upload a %(types)s file.") % {"types": FILE_TYPES}, code="file_type"
            )
        limit = settings.ESERVICES_DATASET_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": _megabytes(limit)},
                code="file_size",
            )
        return upload

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload is None:
            return cleaned_data
        self.report = import_dataset(self.dataset, upload, upload.name)
        for line, message in self.report.errors:
            if line is None:
                self.add_error("file", message)
            else:
                self.add_error(
                    "file", _("line %(line)s: %(message)s") % {"line": line, "message": message}
                )
        hidden = self.report.error_count - len(self.report.errors)
        if hidden:
            self.add_error(
                "file",
                ngettext("… and %(count)s more error.", "… and %(count)s more errors.", hidden)
                % {"count": hidden},
            )
        return cleaned_data
