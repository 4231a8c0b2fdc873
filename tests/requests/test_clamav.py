"""Uploads against a real ClamAV daemon (docs/security.md R6).

clamd runs with a database these tests write (tests/requests/clamd.py): EICAR's MD5, and the
MD5s of a valid PDF and a valid PNG that stand in for malware that passes every other check.
Clean → "clean"; infected → a form error and nothing stored; daemon down → "pending", never
"clean".
"""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from eservices.core.files.antivirus import ScanResult, scan
from eservices.core.files.models import SERVABLE_STATES
from eservices.core.files.uploads import UploadRules, clean_upload
from eservices.requests.models import Attachment, RequestSubmission

from .clamd import EICAR, EICAR_SIGNATURE, UNOFFICIAL, Clamd
from .pdfs import classic_pdf, document
from .test_request_flow import fields_by_label, submit

CLEAN_PDF = classic_pdf(document())
# A valid PDF and PNG whose MD5s the test database lists: "malware" that passes the type,
# content and active-content checks, so only the scanner can refuse it.
BAD_PDF = classic_pdf(document(extra={4: b"(a dropper that passes every other check)"}))


def png(color: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, "PNG")
    return buffer.getvalue()


BAD_PNG = png("purple")

INFECTED_MESSAGE = (
    "The virus scanner found the file %(name)s infected; it was not accepted. "
    "Check your device for viruses and attach a clean copy."
)


@pytest.fixture(scope="module")
def daemon():
    clamd = Clamd({"Eservices-Test-Pdf": BAD_PDF, "Eservices-Test-Png": BAD_PNG})
    clamd.start()
    yield clamd
    clamd.close()


@pytest.fixture
def scanner(settings, daemon):
    """ESERVICES_CLAMD_SOCKET pointed at the running daemon's Unix socket."""
    settings.ESERVICES_CLAMD_SOCKET = str(daemon.socket_path)
    settings.ESERVICES_CLAMD_TIMEOUT = 10
    return daemon


@pytest.fixture
def stopped_scanner(settings):
    """A daemon that was configured and running, then stopped."""
    clamd = Clamd()
    clamd.start()
    settings.ESERVICES_CLAMD_SOCKET = str(clamd.socket_path)
    settings.ESERVICES_CLAMD_TIMEOUT = 2
    clamd.stop()
    yield clamd
    clamd.close()


def test_a_clean_file_is_clean(scanner):
    assert scan(io.BytesIO(CLEAN_PDF)) == (ScanResult.CLEAN, "")


def test_eicar_is_infected_and_named(scanner):
    """Breaks if clamd's FOUND reply is not parsed as INFECTED with the signature's name."""
    assert scan(io.BytesIO(EICAR)) == (ScanResult.INFECTED, EICAR_SIGNATURE + UNOFFICIAL)


def test_the_scanner_is_reached_over_tcp_too(settings, scanner):
    settings.ESERVICES_CLAMD_SOCKET = scanner.tcp_address

    assert scan(io.BytesIO(EICAR))[0] == ScanResult.INFECTED
    assert scan(io.BytesIO(CLEAN_PDF)) == (ScanResult.CLEAN, "")


def test_a_stopped_daemon_leaves_the_file_pending_never_clean(stopped_scanner):
    """Breaks if a scanner error is taken for a clean verdict."""
    result, detail = scan(io.BytesIO(EICAR))

    assert result == ScanResult.PENDING
    assert detail.startswith("scanner unavailable")


@pytest.mark.parametrize(
    "name, content, signature",
    [
        ("eicar.pdf", EICAR, EICAR_SIGNATURE),
        ("نامه.pdf", BAD_PDF, "Eservices-Test-Pdf"),
        ("photo.png", BAD_PNG, "Eservices-Test-Png"),
    ],
    ids=["eicar-named-pdf", "valid-pdf", "valid-png-before-re-encoding"],
)
def test_an_infected_upload_is_refused(scanner, caplog, name, content, signature):
    """The file as sent is scanned before any other check reads it (so EICAR gets the virus
    message, not "does not match its extension") and before an image is re-encoded."""
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        clean_upload(SimpleUploadedFile(name, content), UploadRules())

    assert [error.code for error in excinfo.value.error_list] == ["file_infected"]
    assert excinfo.value.messages == [gettext(INFECTED_MESSAGE) % {"name": name}]
    assert signature in caplog.text


def test_a_clean_upload_carries_the_verdict_to_storage(scanner):
    clean = clean_upload(SimpleUploadedFile("a.pdf", CLEAN_PDF), UploadRules())

    assert (clean.scan_result, clean.scan_detail) == (ScanResult.CLEAN, "")


# Through the request form ------------------------------------------------------------------


def stored_files(tmp_path) -> list:
    """What private storage holds (tests/conftest.py puts MEDIA_ROOT under tmp_path)."""
    return [path for path in (tmp_path / "private").rglob("*") if path.is_file()]


@pytest.mark.django_db
def test_the_form_refuses_eicar_beside_the_field_and_stores_nothing(
    scanner, client, complaint, tmp_path
):
    field = fields_by_label(complaint)["پیوست"]

    response = submit(client, complaint, files={field: SimpleUploadedFile("eicar.pdf", EICAR)})

    assert response.status_code == 200
    errors = re.findall(
        r'<p class="field-error" id="id_%s_error">([^<]+)</p>' % field, response.content.decode()
    )
    with translation.override("fa"):
        expected = gettext(INFECTED_MESSAGE) % {"name": "eicar.pdf"}
    assert errors == [expected]
    assert RequestSubmission.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert stored_files(tmp_path) == []


@pytest.mark.django_db
def test_the_form_stores_a_clean_file_as_clean(scanner, client, complaint, tmp_path):
    field = fields_by_label(complaint)["پیوست"]

    response = submit(client, complaint, files={field: SimpleUploadedFile("a.pdf", CLEAN_PDF)})

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.scan_state == "clean"
    assert attachment.scan_state in SERVABLE_STATES
    assert attachment.file.read() == CLEAN_PDF


@pytest.mark.django_db
def test_with_the_daemon_down_the_file_is_stored_pending_and_closed_to_staff(
    stopped_scanner, client, complaint
):
    """The citizen's request is not lost to an outage; staff cannot open the file until a
    scan clears it. Breaks if PENDING is stored as CLEAN or made servable."""
    field = fields_by_label(complaint)["پیوست"]

    response = submit(client, complaint, files={field: SimpleUploadedFile("a.pdf", CLEAN_PDF)})

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.scan_state == "pending"
    assert attachment.scan_detail.startswith("scanner unavailable")
    assert not attachment.is_servable
