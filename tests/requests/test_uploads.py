"""Uploads are allowlisted, checked against their magic bytes, size-limited and re-encoded (R4)."""

import io
import resource
import struct
import tracemalloc
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation
from PIL import Image, ImageFile, PngImagePlugin

from eservices.core.files.uploads import (
    ALLOWED_TYPES,
    MAX_NAME_BYTES,
    MAX_NAME_LENGTH,
    CleanUpload,
    UploadRules,
    clean_upload,
    clean_uploads,
)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the messages' English source text."""
    with translation.override("en"):
        yield


MB = 1024 * 1024
MAKE = 0x010F  # EXIF tag "Make"
ORIENTATION = 0x0112


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def image_bytes(fmt: str, size=(16, 8), mode="RGB", color="red", **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def jpeg_with_exif(size=(16, 8), orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[MAKE] = "SpyCam Model X"
    if orientation:
        exif[ORIENTATION] = orientation
    return image_bytes("JPEG", size=size, exif=exif.tobytes())


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack("!I", len(data)) + kind + data + struct.pack("!I", zlib.crc32(kind + data))


def bilevel_png(width: int, height: int) -> bytes:
    """A valid all-black 1-bit PNG, compressed row block by row block, never held decoded."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b""
    block = 1000
    for start in range(0, height, block):
        idat += compressor.compress(row * min(block, height - start))
    idat += compressor.flush()
    header = struct.pack("!IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def read(clean: CleanUpload) -> bytes:
    data = clean.file.read()
    clean.file.seek(0)
    return data


def error_codes(excinfo) -> list[str]:
    return [error.code for error in excinfo.value.error_list]


def test_a_valid_pdf_is_accepted_and_copied_unchanged():
    clean = clean_upload(upload("Form.PDF", PDF, "text/html"), UploadRules())

    assert clean.name == "Form.pdf"
    assert clean.content_type == "application/pdf"  # from the content, not the client
    assert clean.size == len(PDF)
    assert clean.file.tell() == 0
    assert read(clean) == PDF


def test_the_cleaned_file_lives_on_disk():
    clean = clean_upload(upload("a.pdf", PDF), UploadRules())

    assert isinstance(clean.file.fileno(), int)


def test_a_jpeg_is_reencoded_without_its_exif():
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()[MAKE] == "SpyCam Model X"

    clean = clean_upload(upload("photo.JPEG", original), UploadRules())

    data = read(clean)
    assert clean.name == "photo.jpeg"
    assert clean.content_type == "image/jpeg"
    assert clean.size == len(data)
    assert data != original
    assert b"SpyCam" not in data
    assert b"Exif" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (16, 8)
        assert dict(image.getexif()) == {}


def test_the_exif_orientation_is_applied_before_the_tag_goes():
    clean = clean_upload(upload("p.jpg", jpeg_with_exif((20, 10), orientation=6)), UploadRules())

    with Image.open(clean.file) as image:
        assert image.size == (10, 20)
        assert ORIENTATION not in image.getexif()


def test_a_png_is_reencoded_without_its_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret location 35.7N 51.4E")
    original = image_bytes("PNG", pnginfo=info)

    clean = clean_upload(upload("scan.png", original), UploadRules())

    data = read(clean)
    assert clean.content_type == "image/png"
    assert b"secret location" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.getpixel((0, 0)) == (255, 0, 0)


def test_a_cmyk_jpeg_becomes_rgb():
    clean = clean_upload(
        upload("c.jpg", image_bytes("JPEG", mode="CMYK", color="cyan")), UploadRules()
    )

    with Image.open(clean.file) as image:
        assert image.mode == "RGB"


def test_a_palette_png_keeps_its_transparency():
    buffer = io.BytesIO()
    image = Image.new("P", (4, 4), 0)
    image.putpalette([255, 0, 0, 0, 255, 0])
    image.putpixel((1, 1), 1)
    image.save(buffer, "PNG", transparency=0)

    clean = clean_upload(upload("t.png", buffer.getvalue()), UploadRules())

    with Image.open(clean.file) as cleaned:
        rgba = cleaned.convert("RGBA")
        assert rgba.getpixel((0, 0))[3] == 0
        assert rgba.getpixel((1, 1)) == (0, 255, 0, 255)


def test_an_html_payload_after_the_png_end_is_dropped():
    polyglot = image_bytes("PNG") + b"<html><script>alert(1)</script></html>"

    clean = clean_upload(upload("cat.png", polyglot), UploadRules())

    data = read(clean)
    assert b"<script" not in data
    assert b"<html" not in data
    assert data.endswith(png_chunk(b"IEND", b""))


def test_an_exe_renamed_to_pdf_is_rejected():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100 + b"This program cannot be run"

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("invoice.pdf", exe), UploadRules())

    assert error_codes(excinfo) == ["file_content_mismatch"]
    assert "invoice.pdf" in excinfo.value.messages[0]


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'\xef\xbb\xbf  <?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        b"<!DOCTYPE html><html><script>alert(1)</script>",
        b"#!/bin/sh\nrm -rf /\n",
    ],
    ids=["svg", "xml-svg-with-bom", "html", "shell-script"],
)
@pytest.mark.parametrize("name", ["x.png", "x.jpg", "x.pdf"])
def test_markup_and_scripts_are_rejected_whatever_their_extension(content, name):
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload(name, content), UploadRules())

    assert error_codes(excinfo) == ["file_content_mismatch"]


def test_an_svg_named_svg_is_not_an_allowed_type():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>'

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("logo.svg", svg), UploadRules())

    assert error_codes(excinfo) == ["file_type_not_allowed"]
    assert excinfo.value.messages == [
        "The file logo.svg is not of an allowed type. "
        "Allowed types: \u2066jpeg, jpg, pdf, png\u2069."
    ]


@pytest.mark.parametrize("name", ["README", "archive.tar.gz", "page.html", "pdf"])
def test_other_extensions_are_not_allowed(name):
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload(name, PDF), UploadRules())

    assert error_codes(excinfo) == ["file_type_not_allowed"]


def test_a_png_named_jpg_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("photo.jpg", image_bytes("PNG")), UploadRules())

    assert error_codes(excinfo) == ["file_content_mismatch"]


def test_a_pdf_header_that_is_not_at_the_start_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("x.pdf", b"junk\n" + PDF), UploadRules())

    assert error_codes(excinfo) == ["file_content_mismatch"]


def test_an_empty_file_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("x.pdf", b""), UploadRules())

    assert error_codes(excinfo) == ["file_empty"]


def test_a_file_at_the_size_limit_is_accepted():
    content = PDF.ljust(1000, b"\n")

    clean = clean_upload(upload("a.pdf", content), UploadRules(max_file_size=1000))

    assert clean.size == 1000


def test_a_file_one_byte_over_the_limit_is_rejected_with_the_limit_in_mb():
    content = PDF.ljust(3 * MB + 1, b"\n")

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("big.pdf", content), UploadRules(max_file_size=3 * MB))

    assert error_codes(excinfo) == ["file_too_large"]
    assert excinfo.value.messages == ["The file big.pdf is larger than 3 MB."]


def test_a_client_that_understates_the_size_is_stopped_while_streaming():
    uploaded = upload("a.pdf", PDF.ljust(5000, b"\n"))
    uploaded.size = 10

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(uploaded, UploadRules(max_file_size=1000))

    assert error_codes(excinfo) == ["file_too_large"]


@pytest.fixture
def temporary_upload():
    made = []

    def make(name: str, size: int) -> TemporaryUploadedFile:
        uploaded = TemporaryUploadedFile(name, "application/pdf", size, None)
        uploaded.write(PDF)
        chunk = b"\n" * MB
        left = size - len(PDF)
        while left > 0:
            left -= uploaded.write(chunk[:left])
        uploaded.flush()
        uploaded.seek(0)
        made.append(uploaded)
        return uploaded

    yield make
    for uploaded in made:
        uploaded.close()


def test_the_default_limit_rejects_5_mb_and_one_byte_before_reading_it(temporary_upload):
    uploaded = temporary_upload("scan.pdf", 5 * MB + 1)

    def no_reading(*args, **kwargs):
        pytest.fail("an oversize file was read")

    uploaded.chunks = no_reading

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(uploaded, UploadRules())

    assert error_codes(excinfo) == ["file_too_large"]
    assert excinfo.value.messages == ["The file scan.pdf is larger than 5 MB."]


def test_a_5_mb_file_is_streamed_not_held_in_memory(temporary_upload):
    uploaded = temporary_upload("scan.pdf", 5 * MB)

    tracemalloc.start()
    try:
        clean = clean_upload(uploaded, UploadRules())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert clean.size == 5 * MB
    assert peak < MB
    assert clean.file.read(len(PDF)) == PDF


def test_the_size_setting_is_the_default_limit(settings):
    settings.ESERVICES_UPLOAD_MAX_FILE_SIZE = 100

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("a.pdf", PDF.ljust(101, b"\n")), UploadRules())

    assert error_codes(excinfo) == ["file_too_large"]


@pytest.mark.parametrize(
    "original, cleaned",
    [
        ("..\\..\\windows\\system32\\evil.PDF", "evil.pdf"),
        ("report\u202efdp.exe\x00\x07\x1b.pdf", "reportfdp.exe.pdf"),
        ("\u2067salary\u2069 \u202aslip\u202c.pdf", "salary slip.pdf"),
        (".pdf", "file.pdf"),
        ("...hidden.pdf", "hidden.pdf"),
        ("نامه اداری.pdf", "نامه اداری.pdf"),
        ("x" * 300 + ".pdf", "x" * 96 + ".pdf"),
        ("ن" * 5000 + ".PDF", "ن" * 96 + ".pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),
        ('<img src=x onerror="alert(1)">.pdf', "img src=x onerror=alert(1).pdf"),
        ("a:b|c?d*e.pdf", "abcde.pdf"),
        ("قبض\tبرق\n\r  ۱۴۰۳\u00a0\u2003مهر.pdf", "قبض برق ۱۴۰۳ مهر.pdf"),
        ("\u200fنامه\u200e\u061c\u200b\ufeff.pdf", "نامه.pdf"),
        ("می\u200cخواهم.pdf", "می\u200cخواهم.pdf"),
        ("نامه\u200c\u200c.pdf", "نامه.pdf"),
        ("cafe\u0301.pdf", "caf\u00e9.pdf"),
        ("\ue000\U000e0041x\u2028y.pdf", "x y.pdf"),
        ("\u202e\u202e\u202e.pdf", "file.pdf"),
        ("<>:.pdf", "file.pdf"),
    ],
    ids=[
        "windows-path",
        "bidi-override-and-controls",
        "bidi-isolates",
        "only-an-extension",
        "leading-dots",
        "persian",
        "300-latin",
        "5000-persian",
        "script-markup",
        "attribute-markup",
        "windows-reserved",
        "spaces-and-persian-digits",
        "rtl-marks-and-zero-width",
        "zwnj-kept",
        "zwnj-trailing",
        "nfc",
        "private-use-tag-line-separator",
        "nothing-left",
        "only-reserved",
    ],
)
def test_the_file_name_is_made_safe(original, cleaned):
    uploaded = upload("placeholder.pdf", PDF)
    uploaded.name = original

    assert clean_upload(uploaded, UploadRules()).name == cleaned


@pytest.mark.parametrize("character", ["中", "😀"])
def test_a_name_fits_the_file_system_in_bytes(character):
    """ext4 allows 255 bytes in a name; the storage may add 8 characters. Breaks (with an
    OSError, a 500, when the file is saved) if only characters are counted."""
    uploaded = upload("placeholder.pdf", PDF)
    uploaded.name = character * 250 + ".pdf"

    name = clean_upload(uploaded, UploadRules()).name

    assert name.endswith(".pdf")
    assert len(name) <= MAX_NAME_LENGTH
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert len(name.encode()) > MAX_NAME_BYTES - 4


def test_a_name_with_a_path_and_bidi_override_is_cleaned_in_error_messages_too():
    uploaded = upload("x.pdf", b"MZ" + b"\x00" * 50)
    uploaded.name = "C:\\temp\\\u202egpj.exe"

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(uploaded, UploadRules())

    assert excinfo.value.messages == [
        "The file gpj.exe is not of an allowed type. "
        "Allowed types: \u2066jpeg, jpg, pdf, png\u2069."
    ]


def test_a_decompression_bomb_is_rejected_without_being_decoded():
    bomb = bilevel_png(20_000, 20_000)  # 400 megapixels in about 60 kB
    assert len(bomb) < 200_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("bomb.png", bomb), UploadRules())

    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert error_codes(excinfo) == ["image_too_many_pixels"]
    assert grown_kb < 100 * 1024


def test_an_image_just_over_the_pixel_limit_is_rejected():
    side = int(UploadRules().max_pixels ** 0.5) + 1

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("big.png", bilevel_png(side, side)), UploadRules(max_file_size=MB))

    assert error_codes(excinfo) == ["image_too_many_pixels"]
    assert excinfo.value.messages == [
        "The image big.png is too large: at most 25 megapixels are allowed."
    ]


def gray_png(width: int, height: int) -> bytes:
    """A valid all-black 8-bit grayscale PNG: 36 megapixels fit in about 35 kB."""
    row = b"\x00" * (width + 1)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row * 500) for _ in range(height // 500))
    idat += compressor.compress(row * (height % 500)) + compressor.flush()
    header = struct.pack("!IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def test_a_36_megapixel_png_of_35_kb_is_refused_before_a_pixel_is_decoded(monkeypatch):
    """It cost 1.2-2.7 s of decoding and re-encoding inside the request when the limit was
    40 MP. Breaks if the default limit rises above 36 MP or the check moves after load()."""
    image = gray_png(6000, 6000)
    assert len(image) < 40_000

    def no_decoding(*args, **kwargs):
        pytest.fail("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("blank.png", image), UploadRules())

    assert error_codes(excinfo) == ["image_too_many_pixels"]


def test_the_pixel_setting_is_the_default_limit(settings):
    """Breaks if ESERVICES_UPLOAD_MAX_PIXELS is not read (or read once at import)."""
    settings.ESERVICES_UPLOAD_MAX_PIXELS = 1_500

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("a.png", image_bytes("PNG", size=(40, 40))), UploadRules())

    assert error_codes(excinfo) == ["image_too_many_pixels"]
    assert excinfo.value.messages == [
        "The image a.png is too large: at most 0.0015 megapixels are allowed."
    ]
    assert clean_upload(upload("b.png", image_bytes("PNG", size=(30, 50))), UploadRules())


def test_a_truncated_jpeg_is_rejected():
    noise = Image.effect_noise((200, 200), 80).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=95)
    truncated = buffer.getvalue()[: len(buffer.getvalue()) // 2]

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("cut.jpg", truncated), UploadRules())

    assert error_codes(excinfo) == ["image_unreadable"]
    assert excinfo.value.messages == ["The image cut.jpg is damaged or cannot be read."]


def test_a_jpeg_signature_followed_by_garbage_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("x.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4), UploadRules())

    assert error_codes(excinfo) == ["image_unreadable"]


def test_narrowed_extensions_refuse_the_rest():
    rules = UploadRules(allowed_extensions=frozenset({"PDF"}))

    assert rules.allowed_extensions == {"pdf"}
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload("a.png", image_bytes("PNG")), rules)
    assert error_codes(excinfo) == ["file_type_not_allowed"]
    assert "Allowed types: \u2066pdf\u2069." in excinfo.value.messages[0]


def test_extensions_cannot_be_widened_beyond_the_allowed_types():
    assert UploadRules(allowed_extensions=frozenset({"png", "exe", "svg"})).allowed_extensions == {
        "png"
    }
    # Only unknown extensions: the narrowing is ignored and the defaults apply.
    assert UploadRules(allowed_extensions=frozenset({"docx"})).allowed_extensions == set(
        ALLOWED_TYPES
    )


def test_the_extension_setting_cannot_widen_either(settings):
    settings.ESERVICES_UPLOAD_EXTENSIONS = ("pdf", "svg", "html")

    assert UploadRules().allowed_extensions == {"pdf"}


def test_several_valid_files_are_all_cleaned():
    cleaned = clean_uploads(
        [upload("a.pdf", PDF), upload("b.png", image_bytes("PNG"))], UploadRules()
    )

    assert [clean.name for clean in cleaned] == ["a.pdf", "b.png"]


def test_no_files_is_fine():
    assert clean_uploads([], UploadRules()) == []


def test_more_files_than_allowed_are_rejected():
    files = [upload("f%d.pdf" % i, PDF) for i in range(6)]

    with pytest.raises(ValidationError) as excinfo:
        clean_uploads(files, UploadRules())

    assert error_codes(excinfo) == ["too_many_files"]
    assert excinfo.value.messages == ["You can attach at most 5 files."]
    assert clean_uploads(files[:5], UploadRules())


def test_files_larger_in_total_than_allowed_are_rejected():
    content = PDF.ljust(MB, b"\n")
    rules = UploadRules(max_total_size=2 * MB)

    with pytest.raises(ValidationError) as excinfo:
        clean_uploads([upload("a.pdf", content), upload("b.pdf", content + b"\n")], rules)

    assert error_codes(excinfo) == ["files_too_large_in_total"]
    assert excinfo.value.messages == ["The files together are larger than 2 MB."]
    assert clean_uploads([upload("a.pdf", content), upload("b.pdf", content)], rules)


def test_count_and_total_are_both_reported():
    rules = UploadRules(max_files=1, max_total_size=len(PDF))

    with pytest.raises(ValidationError) as excinfo:
        clean_uploads([upload("a.pdf", PDF), upload("b.pdf", PDF)], rules)

    assert error_codes(excinfo) == ["too_many_files", "files_too_large_in_total"]
    assert excinfo.value.messages[0] == "You can attach at most 1 file."


def test_every_bad_file_of_a_submission_is_reported():
    files = [
        upload("good.pdf", PDF),
        upload("fake.pdf", b"MZ" + b"\x00" * 40),
        upload("logo.svg", b"<svg/>"),
    ]

    with pytest.raises(ValidationError) as excinfo:
        clean_uploads(files, UploadRules())

    assert error_codes(excinfo) == ["file_content_mismatch", "file_type_not_allowed"]
    assert "fake.pdf" in excinfo.value.messages[0]
    assert "logo.svg" in excinfo.value.messages[1]
