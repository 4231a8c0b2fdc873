"""PDFs with active content, a password or HTML in them are refused; plain PDFs pass (R4).

The PDFs are built by hand (tests/requests/pdfs.py) or by pypdf's writer: classic
cross-reference tables, compressed object streams, obfuscated names and broken files.
"""

import io
import os
import re
import tempfile
import time
import tracemalloc
import zlib

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from pypdf.actions import JavaScript

from eservices.core.files import pdf
from eservices.core.files.pdf import PdfRefused, inspect_pdf
from eservices.core.files.uploads import UploadRules, clean_upload
from eservices.requests.models import Attachment, RequestSubmission

from .pdfs import CATALOG, ascii_hex, classic_pdf, compressed_pdf, document, stream
from .test_request_flow import fields_by_label, submit

BUILDERS = {"classic": classic_pdf, "object-stream": compressed_pdf}


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def refusal(data: bytes) -> PdfRefused | None:
    with tempfile.TemporaryFile() as fileobj:
        fileobj.write(data)
        fileobj.seek(0)
        try:
            inspect_pdf(fileobj)
        except PdfRefused as refused:
            return refused
        assert fileobj.tell() == 0
    return None


def lexical(data: bytes) -> pdf._Lexical:
    seen = pdf._Lexical()
    seen.read(data)
    return seen


def without_startxref(data: bytes) -> bytes:
    """The file with its startxref line gone, which pypdf cannot recover from."""
    data = re.sub(rb"startxref\n\d+\n", b"", data)
    with pytest.raises(Exception):  # noqa: B017,PT011 - the premise: pypdf gives up
        pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"].get_object()
    return data


def catalog_with(entries: bytes) -> bytes:
    return CATALOG[:-2] + b" " + entries + b" >>"


def writer_pdf(**options) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    if "script" in options:
        writer.add_open_action(JavaScript(options["script"]))
    if "attachment" in options:
        writer.add_attachment("payload.exe", options["attachment"])
    if "user_password" in options:
        writer.encrypt(
            user_password=options["user_password"], owner_password="owner", algorithm="AES-256"
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# What passes ---------------------------------------------------------------------------------

PLAIN = {
    "one page": document(),
    "open at a destination": document(catalog=catalog_with(b"/OpenAction [3 0 R /Fit]")),
    "open with a GoTo action": document(
        catalog=catalog_with(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>")
    ),
    "a hyperlink the reader clicks": document(
        page=b"<< /Type /Page /Parent 2 0 R /Annots [4 0 R] >>",
        extra={4: b"<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://example.ir/) >> >>"},
    ),
    "names that merely start like active ones": document(
        extra={4: b"<< /JSX 1 /AAA 2 /EFX 3 /JavaScripts 4 /Launcher 5 >>"}
    ),
}


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize("objects", PLAIN.values(), ids=PLAIN)
def test_a_plain_pdf_passes(objects, builder):
    """Breaks if any harmless name or a /GoTo open action is mistaken for active content."""
    assert refusal(BUILDERS[builder](objects)) is None


def test_active_names_inside_stream_data_do_not_count():
    """Binary image data often holds bytes like "/JS "; breaks if stream data is read as names."""
    image = stream(b"\x00/JS /AA /Launch \xff" * 50, b"/Type /XObject /Subtype /Image ")
    assert refusal(classic_pdf(document(extra={4: image}))) is None


def test_a_pdf_encrypted_without_a_user_password_is_read_and_passes():
    """Owner-password-only PDFs (bank statements, e-services) open without a password;
    breaks if pypdf does not decrypt them with the empty password (AES needs cryptography)."""
    assert refusal(writer_pdf(user_password="")) is None


# What is refused -----------------------------------------------------------------------------

ACTIVE = {
    "document JavaScript": document(
        catalog=catalog_with(b"/Names << /JavaScript << /Names [(a) 4 0 R] >> >>"),
        extra={4: b"<< /S /JavaScript /JS (app.alert(1)) >>"},
    ),
    "JavaScript open action": document(
        catalog=catalog_with(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    ),
    "launch action": document(
        catalog=catalog_with(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
    ),
    "embedded files": document(
        catalog=catalog_with(b"/Names << /EmbeddedFiles << /Names [(a) 4 0 R] >> >>"),
        extra={4: b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>", 5: stream(b"MZ")},
    ),
    "page additional actions": document(
        page=b"<< /Type /Page /Parent 2 0 R /AA << /O << /S /GoTo /D [3 0 R /Fit] >> >> >>"
    ),
    "rich media": document(
        page=b"<< /Type /Page /Parent 2 0 R /Annots [4 0 R] >>",
        extra={4: b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>"},
    ),
    "XFA form": document(
        catalog=catalog_with(b"/AcroForm << /Fields [] /XFA 4 0 R >>"),
        extra={4: stream(b"<xdp:xdp/>")},
    ),
    "hex-escaped JavaScript": document(
        catalog=catalog_with(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>")
    ),
    "fully escaped launch": document(
        catalog=catalog_with(b"/OpenAction << /S /#4c#61#75#6e#63#68 >>")
    ),
}


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize("objects", ACTIVE.values(), ids=ACTIVE)
def test_active_content_is_refused(objects, builder):
    """Each kind of active content, written out or hidden in a compressed object stream;
    breaks if its name leaves ACTIVE_NAMES or names are compared before #xx decoding."""
    refused = refusal(BUILDERS[builder](objects))

    assert refused is not None
    assert refused.code == pdf.ACTIVE


def test_an_open_action_other_than_goto_is_refused():
    """An /OpenAction opening a web address phones home when staff open the file; breaks if
    only JavaScript open actions are refused."""
    objects = document(catalog=catalog_with(b"/OpenAction << /S /URI /URI (http://x.ir/) >>"))

    refused = refusal(classic_pdf(objects))

    assert refused is not None
    assert refused.detail == "/OpenAction /URI"


@pytest.mark.parametrize(
    "options",
    [{"script": "app.alert(1)"}, {"attachment": b"MZ payload"}],
    ids=["javascript", "attachment"],
)
def test_pdfs_made_by_a_pdf_library_with_scripts_or_attachments_are_refused(options):
    """What real tools write (pypdf's writer), not only hand-built files."""
    refused = refusal(writer_pdf(**options))

    assert refused is not None
    assert refused.code == pdf.ACTIVE


def test_a_pdf_that_needs_a_password_is_refused():
    """Staff could not open it and nothing can look inside; breaks if a failed decryption is
    taken as an empty document."""
    refused = refusal(writer_pdf(user_password="secret"))

    assert refused is not None
    assert refused.code == pdf.ENCRYPTED


@pytest.mark.parametrize(
    "polyglot",
    [
        classic_pdf(document()) + b"<html><script>alert(1)</script></html>",
        classic_pdf(document()).replace(b"%\xe2\xe3\xcf\xd3", b"%<SCRIPT>alert(1)</SCRIPT>"),
        classic_pdf(document(extra={4: stream(b"<!DOCTYPE html><body onload=x()>")})),
        classic_pdf(document(extra={4: b"(<iframe src=//x.ir>)"})),
        classic_pdf(document(extra={4: b"(<svg/onload=alert(1)>)"})),
    ],
    ids=["html-after-eof", "script-in-header-comment", "html-in-a-stream", "iframe", "svg"],
)
def test_html_and_script_in_a_pdf_are_refused(polyglot):
    """PDF/HTML polyglots: breaks if the markup check reads only the start of the file."""
    refused = refusal(polyglot)

    assert refused is not None
    assert refused.code == pdf.ACTIVE
    assert refused.detail.startswith("markup")


def test_hex_strings_are_not_markup():
    """``<68746d6c>`` is a PDF hex string, not a tag; breaks if any "<" followed by letters
    counts as markup."""
    assert refusal(classic_pdf(document(extra={4: b"<68746d6c3e> <FEFF0041>"}))) is None


# Each reading on its own -------------------------------------------------------------------


def test_the_lexical_pass_alone_finds_an_object_the_cross_reference_does_not_list():
    """A doctored xref hides object 4 from pypdf; a forgiving reader would still run it.
    Breaks if the lexical pass is dropped."""
    data = classic_pdf(document(catalog=catalog_with(b"/OpenAction 4 0 R")))
    hidden = b"4 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n"
    data = data.replace(b"xref\n", hidden + b"xref\n", 1)

    assert lexical(data).finding == "/JavaScript"
    refused = refusal(data)
    assert refused is not None and refused.code == pdf.ACTIVE


def test_the_lexical_pass_inflates_object_streams_of_a_file_pypdf_cannot_read():
    """No startxref: pypdf gives up, the lexical pass inflates the object stream and finds
    the script. Breaks if object streams are not inflated or an unreadable file passes."""
    objects = document(catalog=catalog_with(b"/OpenAction << /S /JavaScript /JS (x) >>"))
    data = without_startxref(compressed_pdf(objects))
    assert b"JavaScript" not in data

    refused = refusal(data)

    assert refused is not None
    assert refused.detail == "/JavaScript"


def test_pypdf_alone_finds_a_script_behind_filters_the_lexical_pass_cannot_undo():
    """An object stream encoded ASCIIHex then Flate: only pypdf decodes it. Breaks if the
    structural reading is dropped."""
    objects = document(catalog=catalog_with(b"/OpenAction << /S /JavaScript /JS (x) >>"))
    data = compressed_pdf(
        objects,
        encode=lambda data: ascii_hex(zlib.compress(data)),
        filters=b"[/ASCIIHexDecode /FlateDecode]",
    )
    seen = lexical(data)
    assert seen.finding is None and seen.opaque

    refused = refusal(data)

    assert refused is not None
    assert refused.detail == "/OpenAction /JavaScript"


def test_a_file_neither_reading_can_see_whole_is_refused_as_unreadable():
    """Broken cross-reference and an object stream the lexical pass cannot undo: nothing saw
    its objects, so it is refused even though no active name showed."""
    data = without_startxref(
        compressed_pdf(
            document(),
            encode=lambda data: ascii_hex(zlib.compress(data)),
            filters=b"[/ASCIIHexDecode /FlateDecode]",
        )
    )

    refused = refusal(data)

    assert refused is not None
    assert refused.code == pdf.UNREADABLE


def test_in_a_damaged_pdf_an_object_hidden_in_stream_data_counts():
    """A reader repairing a file scans for "N 0 obj" wherever it is, stream data included.
    Breaks if the names in stream data are skipped when pypdf could not read the file."""
    hidden = b"9 0 obj << /S /Launch /F (cmd.exe) >> endobj"
    data = without_startxref(classic_pdf(document(extra={4: stream(hidden)})))

    refused = refusal(data)

    assert refused is not None
    assert refused.detail == "/Launch (in a damaged file)"


def test_a_damaged_pdf_the_lexical_pass_saw_whole_passes():
    """Scanners and old tools write PDFs without a valid cross-reference; readers repair them.
    Breaks if every file pypdf cannot parse is refused."""
    assert refusal(without_startxref(classic_pdf(document()))) is None


def test_an_object_stream_inflating_past_the_budget_is_refused(monkeypatch):
    """A zip bomb in an object stream is not inflated without end."""
    monkeypatch.setattr(pdf, "MAX_OBJECT_STREAM_BYTES", 10_000)
    objects = document(extra={4: b"(" + b"A" * 20_000 + b")"})

    refused = refusal(compressed_pdf(objects))

    assert refused is not None
    assert refused.code == pdf.TOO_COMPLEX


def test_a_pdf_listing_too_many_objects_is_refused_quickly(monkeypatch):
    """Reading objects costs about 50 µs each; breaks if the count is not checked before the
    walk."""
    monkeypatch.setattr(pdf, "MAX_OBJECTS", 500)
    objects = document(extra={number: b"<< /N %d >>" % number for number in range(4, 600)})

    started = time.monotonic()
    refused = refusal(classic_pdf(objects))

    assert refused is not None
    assert refused.code == pdf.TOO_COMPLEX
    assert time.monotonic() - started < 1


def test_a_pdf_of_large_images_is_not_held_whole_in_memory():
    """pypdf keeps every object it reads; the walk drops stream data it has looked at. Breaks
    if the cache is kept (the peak is then the whole file, about 5 MB)."""
    images = {
        number: stream(os.urandom(400_000), b"/Type /XObject /Subtype /Image /Width 9 /Height 9 ")
        for number in range(4, 16)
    }
    names = b" ".join(b"/Im%d %d 0 R" % (number, number) for number in images)
    page = b"<< /Type /Page /Parent 2 0 R /Resources << /XObject << %s >> >> >>" % names
    data = classic_pdf(document(page=page, extra=images))
    assert len(data) > 4_500_000

    with tempfile.TemporaryFile() as fileobj:
        fileobj.write(data)
        fileobj.seek(0)
        tracemalloc.start()
        try:
            inspect_pdf(fileobj)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

    assert peak < 1_500_000


# Through the upload check --------------------------------------------------------------------


def upload_error(data: bytes, name: str = "letter.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(SimpleUploadedFile(name, data), UploadRules())
    return excinfo.value


ACTIVE_MESSAGE = (
    "The file %(name)s contains scripts, embedded files or automatic actions, which are not "
    "accepted. Save it again as a plain PDF (for example with \u201cPrint to PDF\u201d) or "
    "scan the paper, then attach it."
)


def test_the_upload_check_refuses_active_content_with_a_message_for_the_citizen():
    error = upload_error(classic_pdf(ACTIVE["JavaScript open action"]), "فرم.pdf")

    assert [e.code for e in error.error_list] == ["pdf_active_content"]
    assert error.messages == [ACTIVE_MESSAGE % {"name": "فرم.pdf"}]


def test_the_upload_check_refuses_a_password_protected_pdf():
    error = upload_error(writer_pdf(user_password="secret"))

    assert [e.code for e in error.error_list] == ["pdf_encrypted"]
    assert "password" in error.messages[0]


def test_the_upload_check_refuses_a_pdf_too_complex_to_check(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_OBJECTS", 50)
    objects = document(extra={number: b"<< /N %d >>" % number for number in range(4, 60)})

    error = upload_error(classic_pdf(objects))

    assert [e.code for e in error.error_list] == ["pdf_too_complex"]
    assert "too complex" in error.messages[0]


def test_the_upload_check_refuses_a_pdf_html_polyglot():
    error = upload_error(classic_pdf(document()) + b"\n<html><script>alert(1)</script>")

    assert [e.code for e in error.error_list] == ["pdf_active_content"]


def test_the_upload_check_keeps_a_plain_pdf_byte_for_byte():
    data = compressed_pdf(document())

    clean = clean_upload(SimpleUploadedFile("a.pdf", data), UploadRules())

    assert clean.file.read() == data


@pytest.mark.django_db
def test_the_request_form_says_why_beside_the_field_and_keeps_nothing(client, complaint):
    """The whole desk: a 200 with the message next to the file field, no request, no file."""
    field = fields_by_label(complaint)["پیوست"]
    script = classic_pdf(ACTIVE["JavaScript open action"])

    with translation.override("fa"):
        response = submit(client, complaint, files={field: SimpleUploadedFile("فرم.pdf", script)})
        expected = gettext(ACTIVE_MESSAGE) % {"name": "فرم.pdf"}

    assert response.status_code == 200
    errors = re.findall(
        r'<p class="field-error" id="id_%s_error">([^<]+)</p>' % field, response.content.decode()
    )
    assert errors == [escape(expected)]
    assert RequestSubmission.objects.count() == 0
    assert Attachment.objects.count() == 0
