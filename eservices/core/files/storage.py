"""Private storage for attachments (docs/security.md R5).

Attachments never live under ``MEDIA_ROOT`` or behind ``MEDIA_URL``, and never in the Wagtail
documents library: the web server must not serve them, and they have no public URL. Staff and
their owners reach them only through a permission-checked view that streams the file.

The folder is ``ESERVICES_PRIVATE_MEDIA_ROOT``, or ``<parent of MEDIA_ROOT>/private`` when that
is None. It is worked out when first used and again whenever either setting changes, so tests
and host projects can move it.
"""

import os
from pathlib import Path

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

from eservices.conf import settings


def private_media_root() -> Path:
    """The folder of private storage, from ``ESERVICES_PRIVATE_MEDIA_ROOT`` or MEDIA_ROOT."""
    if settings.ESERVICES_PRIVATE_MEDIA_ROOT is not None:
        return Path(settings.ESERVICES_PRIVATE_MEDIA_ROOT)
    return Path(django_settings.MEDIA_ROOT).parent / "private"


@deconstructible(path="eservices.core.files.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """A file-system storage with no URL, outside MEDIA_ROOT.

    ``url()`` raises, so no template or API can hand out a link that bypasses the checked
    view. Subclass it to change the folder layout or permissions; pass ``location`` to pin the
    folder regardless of settings.
    """

    def __init__(self, location: str | os.PathLike | None = None, **kwargs) -> None:
        kwargs["base_url"] = None
        super().__init__(location=location, **kwargs)

    @cached_property
    def base_location(self) -> str:
        location = Path(self._location) if self._location is not None else private_media_root()
        media_root = django_settings.MEDIA_ROOT
        if media_root and location.resolve().is_relative_to(Path(media_root).resolve()):
            raise ImproperlyConfigured(
                "The private storage folder %s lies inside MEDIA_ROOT, where the web server "
                "would serve it; set ESERVICES_PRIVATE_MEDIA_ROOT elsewhere." % location
            )
        return str(location)

    def _clear_cached_properties(self, setting: str, **kwargs) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting in ("MEDIA_ROOT", "ESERVICES_PRIVATE_MEDIA_ROOT"):
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        raise NotImplementedError(
            "Private attachments have no URL; serve them through the permission-checked view."
        )


private_storage = PrivateStorage()
"""The storage attachments use: ``FileField(storage=private_storage)``."""


def get_private_storage() -> PrivateStorage:
    """``private_storage``, for ``FileField(storage=get_private_storage)``.

    A callable keeps migrations free of the storage's arguments; override it (by pointing the
    field at another callable) to keep attachments elsewhere, for example in object storage.
    """
    return private_storage
