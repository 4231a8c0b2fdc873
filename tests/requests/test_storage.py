"""Attachments are stored outside MEDIA_ROOT and have no URL (R5)."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from eservices.core.files.storage import PrivateStorage, get_private_storage, private_storage
from eservices.core.files.uploads import UploadRules, clean_upload


def test_files_land_next_to_media_root_not_inside_it(settings, tmp_path):
    name = private_storage.save("requests/123/letter.pdf", ContentFile(b"%PDF-1.4"))

    path = Path(private_storage.path(name))
    assert path.read_bytes() == b"%PDF-1.4"
    assert path.is_relative_to(tmp_path / "private")
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))


def test_private_files_have_no_url():
    name = private_storage.save("a.pdf", ContentFile(b"%PDF-1.4"))

    with pytest.raises(NotImplementedError):
        private_storage.url(name)


def test_the_folder_follows_the_setting(settings, tmp_path):
    settings.ESERVICES_PRIVATE_MEDIA_ROOT = tmp_path / "vault"

    name = private_storage.save("a.pdf", ContentFile(b"x"))

    assert (tmp_path / "vault" / name).read_bytes() == b"x"


def test_a_folder_inside_media_root_is_refused(settings):
    settings.ESERVICES_PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "private"

    with pytest.raises(ImproperlyConfigured):
        private_storage.save("a.pdf", ContentFile(b"x"))


def test_a_cleaned_upload_can_be_saved(tmp_path):
    clean = clean_upload(SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n%%EOF"), UploadRules())

    name = private_storage.save("requests/%s" % clean.name, clean.as_file())
    clean.close()

    assert (tmp_path / "private" / name).read_bytes() == b"%PDF-1.7\n%%EOF"


def test_file_fields_deconstruct_without_paths():
    with_callable = models.FileField(storage=get_private_storage)
    with_instance = models.FileField(storage=private_storage)

    assert with_callable.storage is private_storage
    assert with_callable.deconstruct()[3]["storage"] is get_private_storage
    path, args, kwargs = with_instance.deconstruct()[3]["storage"].deconstruct()
    assert (path, args, kwargs) == ("eservices.core.files.storage.PrivateStorage", (), {})


def test_a_fixed_location_wins_over_settings(tmp_path):
    storage = PrivateStorage(location=tmp_path / "fixed")

    assert storage.location == str(tmp_path / "fixed")
