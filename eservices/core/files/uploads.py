"""Checking and cleaning the files the public attaches to a request (docs/security.md R4).

A file is accepted only when its extension is on the allowlist, its content's magic bytes agree
with that extension, it is within the size limits and the virus scanner, when there is one, does
not find it infected. Images are checked for their pixel count before they are decoded, then
decoded and re-encoded, which drops EXIF and other metadata and anything smuggled after the
image data. PDFs are copied as they are, once ``pdf.inspect_pdf`` has found no active content in
them (scripts, embedded files, automatic actions, HTML). Everything is streamed to temporary
files on disk, never held whole in memory. The client's file name is cleaned and shortened,
never a reason to refuse the file.
"""

import contextlib
import logging
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

import filetype
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from PIL import Image, ImageOps

from eservices.conf import settings
from eservices.core.persian import localize_digits

from .antivirus import ScanResult, scan
from .describe import file_types_text, megabytes_text
from .pdf import ACTIVE, ENCRYPTED, TOO_COMPLEX, PdfRefused, inspect_pdf

logger = logging.getLogger(__name__)

# Extension → (MIME type, kind). The allowlist can only be narrowed: nothing outside this mapping
# is ever accepted, whatever an editor or operator asks for.
ALLOWED_TYPES: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", "document"),
    "jpg": ("image/jpeg", "image"),
    "jpeg": ("image/jpeg", "image"),
    "png": ("image/png", "image"),
}

# The longest file name kept, extension included, in characters and in UTF-8 bytes. File
# systems allow 255 bytes in a name; the storage may add "_" and seven characters to make a name
# unique.
MAX_NAME_LENGTH = 100
MAX_NAME_BYTES = 200

# How much of the start of a file ``filetype`` needs to recognise it.
_HEAD_SIZE = 262


# What ``filetype`` reports for content an allowed extension may carry. An animated PNG is
# still a PNG: only its first frame survives re-encoding.
_DETECTED_MIME = {
    "application/pdf": "application/pdf",
    "image/jpeg": "image/jpeg",
    "image/png": "image/png",
    "image/apng": "image/png",
}

# Pillow's name for the format of each image MIME type; decoding is limited to that format.
_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}

# Modes Pillow can write to each format without conversion.
_JPEG_MODES = {"L", "RGB"}
_PNG_MODES = {"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"}

_PATH_SEPARATORS = str.maketrans({"\\": "/"})

# Characters Windows refuses in file names; markup's angle brackets are among them.
_NOT_IN_NAMES = frozenset('<>:"|?*')
# Unicode categories a file name loses: controls, format characters (bidi marks, embeddings,
# overrides and isolates, zero-width spaces), surrogates, private-use and unassigned code points,
# line and paragraph separators. The zero-width non-joiner (U+200C), which Persian needs, stays.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_ZWNJ = "\u200c"


def _default_extensions() -> frozenset[str]:
    return _known_extensions(settings.ESERVICES_UPLOAD_EXTENSIONS)


def _known_extensions(extensions: Iterable[str]) -> frozenset[str]:
    return frozenset(ext.lower().lstrip(".") for ext in extensions) & ALLOWED_TYPES.keys()


@dataclass(frozen=True)
class UploadRules:
    """The limits one upload field, or one whole submission, applies.

    Defaults come from the ``ESERVICES_UPLOAD_*`` settings when an instance is created, so an
    override in settings takes effect without a restart of anything that holds no instance.
    ``allowed_extensions`` can only narrow ``ALLOWED_TYPES``: unknown extensions are dropped,
    and a set with none left falls back to the default set. Build one per file field from what
    the editor chose; subclassing is not needed.
    """

    allowed_extensions: frozenset[str] = field(default_factory=_default_extensions)
    max_file_size: int = field(default_factory=lambda: settings.ESERVICES_UPLOAD_MAX_FILE_SIZE)
    max_files: int = field(default_factory=lambda: settings.ESERVICES_UPLOAD_MAX_FILES)
    max_total_size: int = field(default_factory=lambda: settings.ESERVICES_UPLOAD_MAX_TOTAL_SIZE)
    max_pixels: int = field(default_factory=lambda: settings.ESERVICES_UPLOAD_MAX_PIXELS)

    def __post_init__(self) -> None:
        allowed = _known_extensions(self.allowed_extensions) or _default_extensions()
        object.__setattr__(self, "allowed_extensions", allowed)


@dataclass
class CleanUpload:
    """A checked upload, ready for storage: a safe name and a temporary file on disk.

    ``file`` is positioned at its start and is deleted when closed; hand ``as_file()`` to a
    ``FileField`` or a storage's ``save()``, then call ``close()``. ``scan_result`` is what the
    virus scanner said of the file as sent (never INFECTED: that is refused), or None when it
    has not been scanned yet.
    """

    name: str
    content_type: str
    size: int
    file: IO[bytes]
    scan_result: ScanResult | None = None
    scan_detail: str = ""

    def as_file(self) -> File:
        """The content as a Django ``File`` named ``name``, for ``FieldFile.save()``."""
        self.file.seek(0)
        return File(self.file, name=self.name)

    def close(self) -> None:
        self.file.close()


def clean_upload(uploaded: UploadedFile, rules: UploadRules) -> CleanUpload:
    """Check one uploaded file against ``rules`` and return its cleaned copy.

    Raises ``ValidationError`` (with a ``code`` and the file's safe name) when the file is too
    large, of a type not allowed, found infected by the virus scanner, not what its extension
    says, a PDF with active content or a password, or an image that cannot be decoded or has
    too many pixels. A scanner that cannot answer leaves the file PENDING, never refused.
    """
    stem, extension = _split_name(uploaded.name or "")
    display_name = "%s.%s" % (stem, extension) if extension else stem
    params = {"name": display_name}

    if uploaded.size is not None and uploaded.size > rules.max_file_size:
        raise _too_large(display_name, rules.max_file_size)
    if extension not in rules.allowed_extensions:
        raise ValidationError(
            _("The file %(name)s is not of an allowed type. Allowed types: %(types)s."),
            code="file_type_not_allowed",
            params={**params, "types": file_types_text(rules.allowed_extensions)},
        )

    mime_type, kind = ALLOWED_TYPES[extension]
    raw, head = _stream_to_disk(uploaded, rules.max_file_size, display_name)
    try:
        if not head:
            raise ValidationError(
                _("The file %(name)s is empty."), code="file_empty", params=params
            )
        # The file as sent is scanned before anything else reads it.
        scan_result, scan_detail = scan(raw)
        if scan_result == ScanResult.INFECTED:
            logger.warning("Refused an infected upload %r: %s", display_name, scan_detail)
            raise ValidationError(
                _(
                    "The virus scanner found the file %(name)s infected; it was not accepted. "
                    "Check your device for viruses and attach a clean copy."
                ),
                code="file_infected",
                params=params,
            )
        if _detect(head) != mime_type:
            raise ValidationError(
                _("The content of the file %(name)s does not match its extension."),
                code="file_content_mismatch",
                params=params,
            )
        if kind == "image":
            cleaned = _reencode_image(raw, mime_type, display_name, rules.max_pixels)
            raw.close()
        else:
            _check_pdf(raw, display_name)
            cleaned = raw
    except BaseException:
        raw.close()
        raise

    size = cleaned.seek(0, 2)
    cleaned.seek(0)
    name = "%s.%s" % (stem, extension)
    return CleanUpload(
        name=name,
        content_type=mime_type,
        size=size,
        file=cleaned,
        scan_result=scan_result,
        scan_detail=scan_detail,
    )


def clean_uploads(files: Iterable[UploadedFile], rules: UploadRules) -> list[CleanUpload]:
    """Check the files of one submission together (count, total size), then each one.

    Raises one ``ValidationError`` listing every problem found, so the citizen can fix them all
    at once; nothing is left open when it does.
    """
    files = list(files)
    errors: list[ValidationError] = []
    if len(files) > rules.max_files:
        errors.append(
            ValidationError(
                ngettext_lazy(
                    "You can attach at most %(limit)s file.",
                    "You can attach at most %(limit)s files.",
                    "count",
                ),
                code="too_many_files",
                params={"count": rules.max_files, "limit": localize_digits(rules.max_files)},
            )
        )
    if sum(uploaded.size or 0 for uploaded in files) > rules.max_total_size:
        errors.append(
            ValidationError(
                _("The files together are larger than %(limit)s MB."),
                code="files_too_large_in_total",
                params={"limit": megabytes_text(rules.max_total_size)},
            )
        )
    if errors:
        raise ValidationError(errors)

    cleaned: list[CleanUpload] = []
    for uploaded in files:
        try:
            cleaned.append(clean_upload(uploaded, rules))
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        for upload in cleaned:
            upload.close()
        raise ValidationError(errors)
    return cleaned


def _split_name(original: str) -> tuple[str, str]:
    """A safe stem and the lower-cased extension of a name the client sent.

    Only the last path component is kept; control, bidi and other invisible characters and the
    characters Windows refuses (``<>:"|?*``) are dropped; runs of spaces become one; a leading
    dot cannot hide the file; and the whole name fits ``MAX_NAME_LENGTH`` characters and
    ``MAX_NAME_BYTES`` bytes. Persian letters and digits and the zero-width non-joiner stay.
    """
    name = _visible_characters(original).translate(_PATH_SEPARATORS)
    name = name.rsplit("/", 1)[-1].strip()
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    extension = extension.strip().lower()[:10]
    stem = stem.strip().lstrip(".").strip()
    suffix = ".%s" % extension if extension else ""
    stem = stem[: MAX_NAME_LENGTH - len(suffix)]
    while len((stem + suffix).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return stem.rstrip(" ." + _ZWNJ) or "file", extension


def _visible_characters(name: str) -> str:
    """``name`` in NFC with the characters a file name should not carry dropped and every
    kind of space (tabs and line breaks included) made one plain space."""
    kept = []
    for character in unicodedata.normalize("NFC", name):
        if character.isspace():
            kept.append(" ")
        elif character == _ZWNJ or not (
            character in _NOT_IN_NAMES or unicodedata.category(character) in _DROPPED_CATEGORIES
        ):
            kept.append(character)
    return " ".join("".join(kept).split())


def _too_large(name: str, limit: int) -> ValidationError:
    return ValidationError(
        _("The file %(name)s is larger than %(limit)s MB."),
        code="file_too_large",
        params={"name": name, "limit": megabytes_text(limit)},
    )


def _temporary_file() -> IO[bytes]:
    return tempfile.TemporaryFile(dir=django_settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115


def _stream_to_disk(uploaded: UploadedFile, limit: int, name: str) -> tuple[IO[bytes], bytes]:
    """Copy the upload to a temporary file in chunks; return it and its first bytes.

    The size is counted again while copying, so a client that lies about it is still stopped.
    """
    out = _temporary_file()
    head = b""
    written = 0
    try:
        for chunk in uploaded.chunks():
            written += len(chunk)
            if written > limit:
                raise _too_large(name, limit)
            if len(head) < _HEAD_SIZE:
                head += chunk[: _HEAD_SIZE - len(head)]
            out.write(chunk)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out, head


def _looks_like_markup(head: bytes) -> bool:
    """HTML, SVG, XML or a script, which a browser or shell might run whatever it is called."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n\f\v\x00")
    return start.startswith((b"<", b"#!"))


def _detect(head: bytes) -> str | None:
    """The MIME type the content's magic bytes show, among the allowed ones, else None."""
    if _looks_like_markup(head):
        return None
    guess = filetype.guess(head)
    mime = _DETECTED_MIME.get(guess.mime) if guess else None
    if mime == "application/pdf" and not head.startswith(b"%PDF-"):
        return None
    return mime


def _check_pdf(raw: IO[bytes], name: str) -> None:
    """Refuse a PDF with active content or a password, or one that cannot be read (R4)."""
    try:
        inspect_pdf(raw)
    except PdfRefused as refused:
        logger.info("Refused the PDF %r: %s", name, refused)
        if refused.code == ACTIVE:
            message = _(
                "The file %(name)s contains scripts, embedded files or automatic actions, "
                "which are not accepted. Save it again as a plain PDF (for example with "
                "“Print to PDF”) or scan the paper, then attach it."
            )
        elif refused.code == ENCRYPTED:
            message = _(
                "The file %(name)s is protected by a password. Remove the password, then attach "
                "it again."
            )
        elif refused.code == TOO_COMPLEX:
            message = _(
                "The file %(name)s is too complex to be checked. Save it again as a plain PDF "
                "(for example with “Print to PDF”) or split it into smaller files, then "
                "attach it."
            )
        else:
            message = _("The file %(name)s is damaged or cannot be read as a PDF.")
        raise ValidationError(message, code=refused.code, params={"name": name}) from None


def _reencode_image(raw: IO[bytes], mime_type: str, name: str, max_pixels: int) -> IO[bytes]:
    """Decode the image and write its pixels, and nothing else, to a new temporary file.

    The pixel count is read from the header and checked against ``max_pixels`` before a single
    pixel is decoded: decoding and re-encoding cost time and memory in proportion to it, and a
    tiny file can declare a huge, blank image.
    """
    pillow_format = _PILLOW_FORMATS[mime_type]
    unreadable = ValidationError(
        _("The image %(name)s is damaged or cannot be read."),
        code="image_unreadable",
        params={"name": name},
    )
    too_many_pixels = ValidationError(
        _("The image %(name)s is too large: at most %(limit)s megapixels are allowed."),
        code="image_too_many_pixels",
        params={"name": name, "limit": localize_digits("%g" % (max_pixels / 1_000_000))},
    )
    out = _temporary_file()
    try:
        # Image.open reads only the header; the pixel count is checked before decoding. Pillow's
        # own bomb check (error above about 179 megapixels) can fire inside open already.
        with Image.open(raw, formats=[pillow_format]) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise too_many_pixels
            image.load()
            _turn_upright(image)
            if "transparency" in image.info:
                image = image.convert("RGBA")
            if pillow_format == "JPEG" and image.mode not in _JPEG_MODES:
                image = image.convert("RGB")
            elif pillow_format == "PNG" and image.mode not in _PNG_MODES:
                image = image.convert("RGBA")
            # No EXIF, XMP, ICC profile or text chunk is carried into the new file.
            image.info = {}
            if pillow_format == "JPEG":
                image.save(out, "JPEG", quality=90)
            else:
                image.save(out, "PNG", optimize=True)
    except ValidationError:
        out.close()
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        out.close()
        raise too_many_pixels from None
    except Exception:
        # Hostile input makes Pillow raise nearly anything (OSError, SyntaxError, ValueError,
        # struct.error ...); each means the file is not a usable image.
        out.close()
        raise unreadable from None
    out.seek(0)
    return out


def _turn_upright(image: Image.Image) -> None:
    """Apply the EXIF orientation to the pixels, since the tag itself is about to go."""
    # A broken EXIF block is no reason to refuse a photo; it is dropped anyway.
    with contextlib.suppress(Exception):
        ImageOps.exif_transpose(image, in_place=True)
