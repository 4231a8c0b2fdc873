"""Finding active content in an uploaded PDF before it is kept (docs/security.md R4).

Staff open attachments in a desktop PDF reader, which runs what a PDF asks it to run. A PDF is
therefore refused, not rewritten, when it carries anything that runs, opens or plays by itself,
or another file inside it:

* JavaScript anywhere (``/JS``, ``/JavaScript``: document scripts, actions, name trees),
* ``/Launch`` actions (start a program or open another file),
* embedded files (``/EmbeddedFile``, ``/EmbeddedFiles``, ``/EF``, ``/FileAttachment``,
  ``/GoToE``),
* additional actions (``/AA``: run on opening a page, focusing a field, closing ...),
* an ``/OpenAction`` that is an action other than ``/GoTo`` (a destination to show is fine),
* ``/RichMedia`` (Flash, video, 3D players) and ``/XFA`` forms (XML forms with scripts),
* HTML or script markup anywhere in the bytes (``<html``, ``<script`` ...), which makes the
  file a PDF/HTML polyglot a browser could render.

Two independent readings look for them, and either is enough to refuse:

1. pypdf reads the document as a PDF reader does: cross-reference tables and streams,
   compressed object streams whatever their filters, and encryption with an empty user
   password. Every object the cross-reference lists and every object reachable from the
   trailer is inspected; names are compared after their ``#xx`` escapes are decoded
   (``/J#61vaScript`` is ``/JavaScript``).
2. A lexical pass over the raw bytes finds every name outside stream data, ``#xx`` decoded,
   and every name inside object streams that are plain or Flate-compressed. It catches objects
   that a damaged or doctored cross-reference hides from pypdf but that a forgiving reader
   would still find.

A PDF that needs a password to open is refused too (staff could not read it, and it cannot be
inspected). One that pypdf cannot read is left to the lexical pass when that pass saw all of it
(and then names inside stream data count too, since a reader repairing the file may find objects
there), and refused as unreadable when it did not (an encrypted file, an object stream with
another filter). One that lists more than ``MAX_OBJECTS`` objects is refused as too complex:
reading it would cost the request seconds.
"""

import mmap
import re
import zlib
from typing import IO

import pypdf
from pypdf import PasswordType
from pypdf.errors import LimitReachedError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

# Names that make a PDF active wherever they appear, as a dictionary key or as a value.
ACTIVE_NAMES = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",
        "/FileAttachment",
        "/GoToE",
        "/AA",
        "/RichMedia",
        "/XFA",
    }
)

# The one kind of action an /OpenAction may be: show a place in the document.
_HARMLESS_OPEN_ACTIONS = frozenset({"/GoTo"})

# Markup a browser would render or run, anywhere in the file (case-insensitive).
_MARKUP = re.compile(rb"<(?:html|script|body|iframe|svg|!doctype)[\s>/]", re.IGNORECASE)

# PDF names: a solidus and the regular characters after it (ISO 32000-1, 7.2.2 and 7.3.5).
_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_NAMES = re.compile(rb"/[^" + _DELIMITERS + rb"]*")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# The names worth a closer look: an active one or /Encrypt as written, or any name with a #xx
# escape in it (decoded before it is compared). Others are passed over without a Python step.
_CANDIDATES = re.compile(
    rb"/(?:"
    + b"|".join(re.escape(name[1:].encode()) for name in sorted(ACTIVE_NAMES | {"/Encrypt"}))
    + rb"|[^"
    + _DELIMITERS
    + rb"#]*#[^"
    + _DELIMITERS
    + rb"]*)(?![^"
    + _DELIMITERS
    + rb"])"
)
_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_ENDSTREAM = re.compile(rb"endstream")
# The standard stream filters, by full and abbreviated name.
_FILTERS = frozenset(
    {
        "/FlateDecode",
        "/Fl",
        "/ASCIIHexDecode",
        "/AHx",
        "/ASCII85Decode",
        "/A85",
        "/LZWDecode",
        "/LZW",
        "/RunLengthDecode",
        "/RL",
        "/BrotliDecode",
        "/Crypt",
    }
)

# The most decompressed object-stream data the lexical pass inspects in one file; a 5 MB PDF
# honestly made never comes near it. Past it the file is refused as too complex to inspect.
MAX_OBJECT_STREAM_BYTES = 20 * 1024 * 1024
# The most objects a PDF may list. pypdf reads about 20,000 objects a second here, so this
# bounds the time one upload costs to about half a second; a 100-page letter or report made by
# a word processor lists a few thousand.
MAX_OBJECTS = 10_000

# pypdf's own limits on one stream's decoded size (75 MB by default), lowered for a web request.
_PYPDF_LIMITS = {
    "maximum_declared_stream_length": 20_000_000,
    "array_based_stream_maximum_output_length": 20_000_000,
    "lzw_maximum_output_length": 20_000_000,
    "run_length_maximum_output_length": 20_000_000,
    "zlib_maximum_output_length": 20_000_000,
    "jbig2_maximum_output_length": 20_000_000,
    "brotli_maximum_output_length": 20_000_000,
    "stream_decoding_work_maximum_length": 60_000_000,
    # Never run an outside program on uploaded data.
    "jbig2dec_binary": None,
}


class PdfRefused(Exception):
    """The PDF may not be kept; ``code`` says why and ``detail`` what was found (for logs)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__("%s: %s" % (code, detail))
        self.code = code
        self.detail = detail


ACTIVE = "pdf_active_content"
ENCRYPTED = "pdf_encrypted"
TOO_COMPLEX = "pdf_too_complex"
UNREADABLE = "pdf_unreadable"


def inspect_pdf(fileobj: IO[bytes]) -> None:
    """Raise ``PdfRefused`` when the PDF in ``fileobj`` (a real file on disk) is not inert.

    The file is read through a memory map and from its start by pypdf; it is left at its start.
    """
    fileobj.seek(0)
    if fileobj.seek(0, 2) == 0:
        raise PdfRefused(UNREADABLE, "empty")
    with mmap.mmap(fileobj.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if match := _MARKUP.search(data):
            raise PdfRefused(ACTIVE, "markup %r" % bytes(match.group()).strip())
        lexical = _Lexical()
        lexical.read(data)
        if lexical.finding:
            raise PdfRefused(ACTIVE, lexical.finding)
        if lexical.too_large:
            raise PdfRefused(
                TOO_COMPLEX, "object streams inflate past %d bytes" % MAX_OBJECT_STREAM_BYTES
            )
        try:
            readable = _structural_check(fileobj, lexical)
        finally:
            fileobj.seek(0)
        if not readable:
            # A reader repairing the file might find objects anywhere, stream data included:
            # every name in the file counts (at worst a rare false alarm on a damaged file).
            whole = _Lexical()
            whole.read_names(data, 0, len(data))
            if whole.finding:
                raise PdfRefused(ACTIVE, "%s (in a damaged file)" % whole.finding)


def decode_name(raw: bytes) -> str:
    """A name token as its characters, ``#xx`` decoded: ``/J#61vaScript`` is ``/JavaScript``."""
    return _HEX_ESCAPE.sub(lambda m: bytes.fromhex(m.group(1).decode()), raw).decode("latin-1")


class _Lexical:
    """What the lexical pass saw: the first active name, and whether anything stayed hidden
    from it (an encrypted file, an object stream it could not inflate)."""

    def __init__(self) -> None:
        self.finding: str | None = None
        self.encrypted = False
        self.opaque = False
        self.too_large = False
        self.budget = MAX_OBJECT_STREAM_BYTES

    def read(self, data) -> None:
        """Look at the names outside stream data, and inside object streams."""
        position = 0
        while not (self.finding or self.too_large):
            match = _STREAM.search(data, position)
            if match is None:
                self.read_names(data, position, len(data))
                return
            self.read_names(data, position, match.start())
            start = match.end()
            end_match = _ENDSTREAM.search(data, start)
            if end_match is None:
                # No end: the rest is read as names, so nothing hides behind a lone keyword.
                self.read_names(data, start, len(data))
                return
            # The stream's dictionary lies between its object's "obj" keyword and "stream".
            header_start = max(data.rfind(b"obj", position, match.start()), position)
            header = {decode_name(name) for name in _NAMES.findall(data, header_start, start)}
            # /First is a key of object streams alone: it counts even when /Type is indirect.
            if "/ObjStm" in header or "/First" in header:
                self.read_object_stream(data[start : end_match.start()], header)
            position = end_match.end()

    def read_names(self, data, start: int, end: int) -> None:
        for match in _CANDIDATES.finditer(data, start, end):
            self.see(decode_name(match.group()))
            if self.finding:
                return

    def see(self, name: str) -> None:
        if name in ACTIVE_NAMES:
            self.finding = name
        elif name == "/Encrypt":
            self.encrypted = True

    def read_object_stream(self, raw: bytes, header: set[str]) -> None:
        """Inspect the objects a stream holds when it has no filter or FlateDecode alone. Any
        other filter, an indirect one or decoding parameters (predictors) leave it to pypdf and
        mark the file as not fully seen here."""
        filters = header & _FILTERS
        if (
            filters - {"/FlateDecode", "/Fl"}
            or ("/Filter" in header and not filters)
            or header & {"/DecodeParms", "/DP"}
        ):
            self.opaque = True
            return
        text = raw
        if filters:
            inflater = zlib.decompressobj()
            try:
                text = inflater.decompress(raw, self.budget + 1)
            except zlib.error:
                self.opaque = True
                return
            if len(text) > self.budget:
                self.too_large = True
                return
        self.budget -= len(text)
        self.read_names(text, 0, len(text))


def _structural_check(fileobj: IO[bytes], lexical: _Lexical) -> bool:
    """Read the PDF with pypdf and inspect every object it lists or reaches; False when pypdf
    cannot read it.

    A file pypdf cannot read is left to the lexical pass, which has seen all of it, unless it is
    encrypted or holds an object stream the lexical pass could not inflate: then nothing has
    seen all of it, and it is refused as unreadable.
    """
    with pypdf.apply_configuration(**_PYPDF_LIMITS):
        try:
            reader = pypdf.PdfReader(
                fileobj, strict=False, xref_stream_maximum_entries=MAX_OBJECTS + 1
            )
            if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise PdfRefused(ENCRYPTED, "needs a password")
            listed = sum(len(entries) for entries in reader.xref.values())
            if listed + len(reader.xref_objStm) > MAX_OBJECTS:
                raise PdfRefused(TOO_COMPLEX, "%d objects" % (listed + len(reader.xref_objStm)))
            found = _walk(reader)
        except PdfRefused:
            raise
        except LimitReachedError as error:
            raise PdfRefused(TOO_COMPLEX, repr(error)[:200]) from None
        except Exception as error:
            # Hostile input makes a parser raise nearly anything, RecursionError included.
            if lexical.encrypted or lexical.opaque:
                raise PdfRefused(UNREADABLE, repr(error)[:200]) from None
            return False
    if found:
        raise PdfRefused(ACTIVE, found)
    return True


def _listed_objects(reader: pypdf.PdfReader):
    """Every object the cross-reference lists, compressed ones included."""
    for generation, entries in list(reader.xref.items()):
        for number in list(entries):
            yield IndirectObject(number, generation, reader)
    for number in list(reader.xref_objStm):
        yield IndirectObject(number, 0, reader)


def _walk(reader: pypdf.PdfReader) -> str | None:
    """The first active content in the objects reachable from the trailer or listed in the
    cross-reference, else None."""
    root = reader.trailer.get("/Root")
    root = root.get_object() if root is not None else None
    if not isinstance(root, DictionaryObject):
        raise ValueError("no document catalog")
    open_action = root.get("/OpenAction")
    open_action = open_action.get_object() if open_action is not None else None
    if isinstance(open_action, DictionaryObject):
        kind = open_action.get("/S")
        if kind not in _HARMLESS_OPEN_ACTIONS:
            return "/OpenAction %s" % kind

    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    listed = _listed_objects(reader)
    visited = 0
    while True:
        if not stack:
            reference = next(listed, None)
            if reference is None:
                return None
            stack.append(reference)
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            visited += 1
            if visited > 2 * MAX_OBJECTS:
                raise PdfRefused(TOO_COMPLEX, "over %d objects reached" % (2 * MAX_OBJECTS))
            try:
                item = item.get_object()
            except Exception:
                # One object pypdf cannot parse; the lexical pass has seen its bytes.
                continue
            if isinstance(item, StreamObject) and item.get("/Type") != "/ObjStm":
                # Its dictionary is all that matters: drop its data from pypdf's cache, so
                # that a PDF of large images is not held whole in memory. Object streams stay
                # cached, since pypdf reads the objects they hold from them.
                reader.resolved_objects.pop((key[1], key[0]), None)
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in ACTIVE_NAMES:
                    return str(key)
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject) and item in ACTIVE_NAMES:
            return str(item)
