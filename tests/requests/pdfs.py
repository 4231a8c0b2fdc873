"""Hand-built PDFs for the upload tests: classic cross-reference tables, compressed object
streams with a cross-reference stream, and deliberately broken files (docs/security.md R4)."""

import struct
import zlib

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def document(catalog: bytes = CATALOG, page: bytes = PAGE, extra: dict[int, bytes] | None = None):
    """The objects of a one-page document: 1 catalog, 2 page tree, 3 page, then ``extra``."""
    objects = {1: catalog, 2: PAGES, 3: page}
    objects.update(extra or {})
    return objects


def classic_pdf(objects: dict[int, bytes], version: bytes = b"1.4", trailer: bytes = b"") -> bytes:
    """A PDF with every object written out and a classic cross-reference table."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        trailer,
        xref,
    )
    return bytes(out)


def stream(data: bytes, dictionary: bytes = b"") -> bytes:
    """A stream object's text, with its /Length."""
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), dictionary, data)


def compressed_pdf(
    objects: dict[int, bytes],
    *,
    encode=zlib.compress,
    filters: bytes = b"/FlateDecode",
    keep_plain: tuple[int, ...] = (),
) -> bytes:
    """A PDF 1.5 whose objects (but those in ``keep_plain``) sit in one compressed object
    stream, found through a cross-reference stream: nothing of them shows in the raw bytes."""
    packed = [number for number in sorted(objects) if number not in keep_plain]
    body = b""
    index = []
    for number in packed:
        index.append(b"%d %d" % (number, len(body)))
        body += objects[number] + b"\n"
    head = b" ".join(index) + b"\n"
    object_stream_number = max(objects) + 1
    xref_number = object_stream_number + 1
    data = encode(head + body)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in keep_plain:
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    offsets[object_stream_number] = len(out)
    out += b"%d 0 obj\n%s\nendobj\n" % (
        object_stream_number,
        stream(
            data,
            b"/Type /ObjStm /N %d /First %d /Filter %s " % (len(packed), len(head), filters),
        ),
    )
    offsets[xref_number] = len(out)
    rows = [b"\x00" + struct.pack(">I", 0) + b"\xff\xff"]
    for number in range(1, xref_number + 1):
        if number in packed:
            rows.append(
                b"\x02"
                + struct.pack(">I", object_stream_number)
                + struct.pack(">H", packed.index(number))
            )
        elif number in offsets:
            rows.append(b"\x01" + struct.pack(">I", offsets[number]) + b"\x00\x00")
        else:
            rows.append(b"\x00" + struct.pack(">I", 0) + b"\xff\xff")
    out += b"%d 0 obj\n%s\nendobj\n" % (
        xref_number,
        stream(
            b"".join(rows),
            b"/Type /XRef /Size %d /W [1 4 2] /Root 1 0 R " % (xref_number + 1),
        ),
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def ascii_hex(data: bytes) -> bytes:
    return data.hex().encode() + b">"
