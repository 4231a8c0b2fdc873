"""A file name of thousands of characters is cleaned and shortened, never a bare 400 (R4).

Django's multipart parser refused the whole request when one part's headers passed 1024 bytes,
which a name of 500 Persian characters does; ``eservices.core.files.multipart`` raises that
limit and ``clean_upload`` shortens and cleans the name.
"""

from urllib.parse import quote

import pytest
from django.http.multipartparser import MultiPartParserError
from django.test import RequestFactory
from django.test.client import BOUNDARY, encode_multipart

from eservices.core.files.multipart import MAX_PART_HEADER_SIZE
from eservices.core.files.uploads import UploadRules, clean_upload
from eservices.requests.models import Attachment, RequestSubmission

from .pdfs import classic_pdf, document
from .test_request_flow import fields_by_label, submit

PDF = classic_pdf(document())
# Spelt unlike the test client's MULTIPART_CONTENT, so that it sends the body as given.
RAW_MULTIPART = "multipart/form-data;boundary=%s" % BOUNDARY

# Markup, control characters, Persian digits, bidi and right-to-left marks, a path.
HOSTILE_NAME = (
    "C:\\\\fakepath\\\\\u200f<b>قبض</b>\u202e\x07 برق ۱۴۰۳\t"
    + "\u200fمهر\u061c" * 1250
    + "\u202c.PDF"
)


def file_part(field: str, name_parameter: bytes, content: bytes = PDF) -> bytes:
    """One multipart part carrying a file, its Content-Disposition written by hand."""
    return b"".join(
        [
            b"--" + BOUNDARY.encode() + b"\r\n",
            b'Content-Disposition: form-data; name="' + field.encode() + b'"; ',
            name_parameter + b"\r\n",
            b"Content-Type: application/pdf\r\n\r\n",
            content + b"\r\n",
        ]
    )


def parsed_files(name_parameter: bytes):
    body = file_part("attachment", name_parameter) + encode_multipart(BOUNDARY, {"x": "1"})
    request = RequestFactory().post("/", body, content_type=RAW_MULTIPART)
    return request.FILES


@pytest.mark.parametrize(
    "name_parameter",
    [
        b'filename="' + ("ن" * 5000 + ".pdf").encode() + b'"',
        b"filename*=UTF-8''" + quote("ن" * 5000 + ".pdf").encode(),
        b'filename="' + HOSTILE_NAME.encode() + b'"',
    ],
    ids=["5000-persian-raw", "5000-persian-percent-encoded", "hostile"],
)
def test_a_5000_character_name_is_parsed_and_shortened(name_parameter):
    """Breaks (MultiPartParserError, Django's bare 400) if the part-header limit is 1024 bytes
    again, or if the package stops raising it when imported."""
    assert len(name_parameter) > 10_000

    uploaded = parsed_files(name_parameter)["attachment"]
    clean = clean_upload(uploaded, UploadRules())

    assert clean.name.endswith(".pdf")
    assert 90 <= len(clean.name) <= 100
    assert clean.file.read() == PDF


def test_the_hostile_name_keeps_only_what_is_safe_to_show():
    """The path ends at the last slash (the one in ``</b>``); Django drops the tab and the bell;
    the marks and overrides go; the Persian words and digits stay."""
    uploaded = parsed_files(b'filename="' + HOSTILE_NAME.encode() + b'"')["attachment"]

    name = clean_upload(uploaded, UploadRules()).name

    assert name.startswith("b برق ۱۴۰۳مهرمهر")
    for character in "<>\\/:\x07\t\u200f\u202e\u202c\u061c":
        assert character not in name


def test_part_headers_stay_bounded():
    """Past MAX_PART_HEADER_SIZE the parser still refuses: the headers of a part are read into
    memory, so the limit is raised, not removed."""
    too_long = b'filename="' + b"x" * MAX_PART_HEADER_SIZE + b'.pdf"'

    with pytest.raises(MultiPartParserError):
        parsed_files(too_long)


class LongNameClient:
    """The test client, but every POST also carries ``content`` under ``field`` with a file
    name written raw into the part's headers (Django's test client cuts names to 255)."""

    def __init__(self, client, field: str, name: str, content: bytes = PDF):
        self.client = client
        self.part = file_part(field, b'filename="' + name.encode() + b'"', content)

    def __getattr__(self, attribute):
        return getattr(self.client, attribute)

    def post(self, path, data):
        body = self.part + encode_multipart(BOUNDARY, data)
        return self.client.post(path, body, content_type=RAW_MULTIPART)


@pytest.mark.django_db
def test_a_request_with_a_5000_character_file_name_is_accepted_with_the_name_cleaned(
    client, complaint
):
    """The whole desk: no 400, no 500; the attachment is stored under the cleaned name."""
    field = fields_by_label(complaint)["پیوست"]

    response = submit(LongNameClient(client, field, HOSTILE_NAME), complaint)

    assert response.status_code == 302
    attachment = Attachment.objects.get(submission=RequestSubmission.objects.get())
    assert attachment.original_name.endswith(".pdf")
    assert len(attachment.original_name) <= 100
    assert "<" not in attachment.original_name and "\u202e" not in attachment.original_name
    assert attachment.file.read() == PDF
