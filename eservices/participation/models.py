"""Ideas sent through a service's participation box, and their files."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eservices.requests.models import ScanState
from eservices.requests.storage import private_storage
from eservices.requests.tracking import save_with_unique_number


def idea_file_path(instance: "IdeaAttachment", filename: str) -> str:
    return "ideas/%s/%s" % (instance.idea.reference_number, filename)


class Idea(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    reference_number = models.CharField(_("reference number"), max_length=13, unique=True)
    text = models.TextField(_("text"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    mobile = models.CharField(_("mobile"), max_length=11, blank=True)
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference_number

    def save_with_reference_number(self) -> None:
        save_with_unique_number(self, "reference_number")


class IdeaAttachment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), storage=private_storage, upload_to=idea_file_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    scan_state = models.CharField(
        _("virus scan"), max_length=16, choices=ScanState.choices, default=ScanState.PENDING
    )

    class Meta:
        verbose_name = _("idea attachment")
        verbose_name_plural = _("idea attachments")
