"""Hand-built PDFs for tests: a few objects, a correct xref, nothing else."""

from __future__ import annotations


def stream(dictionary: bytes, data: bytes) -> bytes:
    """The body of a stream object with the given dictionary entries and data."""
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def pdf_bytes(objects: list[bytes]) -> bytes:
    """Assemble object bodies (numbered from 1; object 1 is the catalog) into a valid PDF."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def text_pdf(lines: list[str], pages: int = 1, size: tuple[int, int] = (595, 842)) -> bytes:
    """Pages showing ``lines`` (ASCII) in Helvetica, which is not embedded."""
    content = (
        b"BT /F1 12 Tf 72 760 Td 14 TL "
        + b"".join(b"(%s) '" % line.encode("ascii") for line in lines)
        + b" ET"
    )
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream(b"", content),
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>" % size
    ] * pages
    return pdf_bytes(objects)


def image_pdf() -> bytes:
    """One A4 page showing only a grey image: what a scan looks like."""
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
            stream(b"", b"q 500 0 0 700 48 70 cm /Im1 Do Q"),
            stream(
                b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8",
                b"\x80\x80\x80\x80",
            ),
        ]
    )
