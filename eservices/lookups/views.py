"""Admin view: staff upload a dataset's rows (CSV or XLSX), all or nothing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from eservices.core.persian import localize_digits

from .forms import DatasetUploadForm
from .models import Dataset


def dataset_upload(request, dataset_id: int):
    if not request.user.has_perm("eservices.change_dataset"):
        raise PermissionDenied
    dataset = get_object_or_404(Dataset, pk=dataset_id)
    form = DatasetUploadForm(request.POST or None, request.FILES or None, dataset=dataset)
    if request.method == "POST" and form.is_valid():
        messages.success(
            request,
            _("%(count)s rows were imported into “%(name)s”.")
            % {"count": localize_digits(dataset.row_count), "name": dataset.name},
        )
        return redirect("wagtailsnippets_eservices_dataset:list")
    return TemplateResponse(
        request, "eservices/lookups/dataset_upload.html", {"form": form, "dataset": dataset}
    )
