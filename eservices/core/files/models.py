"""``AbstractPrivateFile``: a file the public sent, in private storage, with its scan state.

Capabilities subclass it with a foreign key to what the file belongs to (a request, an idea).
``store_uploads`` writes checked uploads as rows of such a subclass and removes what it wrote
if the transaction around it fails; deleting a row removes its file once the deletion has
committed (the ``post_delete`` receiver below), whichever route deleted it.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import models, transaction
from django.db.models.signals import class_prepared, post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .antivirus import scan
from .storage import private_storage
from .uploads import CleanUpload


class ScanState(models.TextChoices):
    CLEAN = "clean", _("Clean")
    INFECTED = "infected", _("Infected")
    PENDING = "pending", _("Waiting for the virus scanner")
    UNSCANNED = "unscanned", _("Not scanned (no scanner configured)")


# States in which staff may open a file: scanned clean, or no scanner configured at all.
SERVABLE_STATES = frozenset({ScanState.CLEAN, ScanState.UNSCANNED})


class AbstractPrivateFile(models.Model):
    """One stored file: its safe name, type, size and virus-scan state.

    Subclasses add the owner (a ``ForeignKey``) and give ``file`` an ``upload_to`` by
    overriding the field, as ``wagtail.contrib.forms`` lets a site define its form fields.
    """

    file = models.FileField(_("file"), storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    scan_state = models.CharField(
        _("virus scan"), max_length=16, choices=ScanState.choices, default=ScanState.PENDING
    )
    scan_detail = models.CharField(_("scan detail"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_servable(self) -> bool:
        return self.scan_state in SERVABLE_STATES


@contextmanager
def removed_on_failure() -> Iterator[list[AbstractPrivateFile]]:
    """Collects the rows ``store_uploads`` writes; if the block raises, their files go.

    Enter it outside the block's ``transaction.atomic()``, so that the rollback has happened
    by the time the files are deleted::

        with removed_on_failure() as written, transaction.atomic():
            store_uploads(Attachment, uploads, written)
    """
    written: list[AbstractPrivateFile] = []
    try:
        yield written
    except BaseException:
        for row in written:
            row.file.storage.delete(row.file.name)
        raise


def store_uploads(
    model: type[AbstractPrivateFile],
    uploads: Iterable[tuple[CleanUpload, dict]],
    written: list[AbstractPrivateFile],
) -> None:
    """Save each ``(upload, fields)`` as a ``model`` row, appending it to ``written``.

    ``fields`` are the row's other values (its owner, a field key). The scan result is the one
    ``clean_upload`` got (which refused infected files); an upload not scanned yet is scanned
    here. Call it inside ``removed_on_failure()`` so that a failure anywhere in the submission
    removes the files.
    """
    for upload, fields in uploads:
        if upload.scan_result is None:
            result, detail = scan(upload.file)
        else:
            result, detail = upload.scan_result, upload.scan_detail
        row = model(
            original_name=upload.name,
            content_type=upload.content_type,
            size=upload.size,
            scan_state=ScanState(result.value),
            scan_detail=detail[:255],
            **fields,
        )
        written.append(row)
        row.file.save(upload.name, upload.as_file(), save=True)


def delete_stored_file(sender, instance, **kwargs) -> None:
    """A deleted private-file row takes its file with it, once the deletion has committed."""
    if not instance.file.name:
        return
    storage, name = instance.file.storage, instance.file.name
    transaction.on_commit(lambda: storage.delete(name))


@receiver(class_prepared)
def _remove_files_of_deleted_rows(sender, **kwargs) -> None:
    # Connected per concrete model, so that other models keep Django's fast bulk delete.
    if issubclass(sender, AbstractPrivateFile) and not sender._meta.abstract:
        post_delete.connect(delete_stored_file, sender=sender, weak=False)
