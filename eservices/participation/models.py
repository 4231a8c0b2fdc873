"""Ideas sent through a service's participation box, and their files."""

from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from eservices.core import audit
from eservices.core.files.models import AbstractPrivateFile
from eservices.core.files.storage import private_storage
from eservices.core.numbers import save_with_unique_number


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


class IdeaAttachment(AbstractPrivateFile):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), storage=private_storage, upload_to=idea_file_path)

    class Meta:
        verbose_name = _("idea attachment")
        verbose_name_plural = _("idea attachments")


@receiver(pre_delete, sender=Idea)
def audit_deleted_idea(sender, instance, **kwargs) -> None:
    """Every deletion of an idea is in the audit log, whichever route deleted it; its files
    go with its ``IdeaAttachment`` rows."""
    audit.log_deletion(instance, "reference_number")
