"""Objects copied as their bytes (:mod:`proceedings.pdf.rawcopy`): taken only when well formed,
read as pypdf reads them, and copied into the same PDF pypdf's own copy gives."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from conftest import require_shared
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfbuild import pdf_bytes, stream
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NumberObject,
    PdfObject,
    StreamObject,
    read_object,
)

from proceedings.pdf.rawcopy import RawObject, _raw, read_raw


@pytest.fixture(scope="module")
def reader() -> PdfReader:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = BytesIO()
    writer.write(out)
    return PdfReader(BytesIO(out.getvalue()))


def taken(reader: PdfReader, body: bytes, number: int = 7) -> RawObject | None:
    return _raw(reader, b"%d 0 obj" % number + body + b"endobj\n", number, 0)


def written(raw: RawObject) -> bytes:
    out = BytesIO()
    raw.write_to_stream(out)
    return out.getvalue()


def test_a_font_dictionary_is_cut_at_its_references(reader: PdfReader) -> None:
    body = (
        b"\n<< /Type /Font /F1 5 0 R /W [1 [500 600] 3 4 R] /Name (a 1 0 R (b\\) c)"
        b" /DescendantFonts [12 0 R] /Info <3a 0>\n/X 1. /Y -.5 /Z true >>\n"
    )
    body = body.replace(b"(a 1 0 R (b\\) c)", b"(a 1 0 R b\\) c)")
    raw = taken(reader, body)
    assert raw is not None
    assert [(r.idnum, r.generation) for r in raw.refs] == [(5, 0), (3, 4), (12, 0)]
    assert written(raw) == body  # the reference inside the string is text, kept as it was


@pytest.mark.parametrize(
    "body",
    [
        b"<< /A (x (nested) y) >>",  # a string with brackets inside
        b"<< /A 1 % a comment\n>>",
        b"<< /A#00B 1 >>",  # a NUL in a name
        b"<< /A #41 >>",
        b"<< /A 1 /A 2 >>",  # a key given twice
        b"<< /#41 1 >>",  # a key written with an escape
        b"<< /Length 4 0 R >>\nstream\nabc\nendstream\n",  # its length elsewhere
        b"<< /Length 2 >>\nstream\nabc\nendstream\n",  # a wrong length
        b"<< /Length 3 /Length 3 >>\nstream\nabc\nendstream\n",
        b"<< /A << /Length 3 >> >>\nstream\nabc\nendstream\n",
        b"[ 3 ]\nstream\nabc\nendstream\n",
        b"<< /Length 3 >>\nstream\rabc\nendstream\n",
        b"<< /A R >>",
        b"<< /A 12true >>",
        b"<< /A 1.2.3 >>",
        b"<< /A 1\x00 >>",
        b"<< /A 1 /B >>",  # a key without its value
        b"<< 1 2 >>",  # a key that is not a name
        b"<< /A [1 2 >> ]",
        b"<< /A 1 >> << /B 2 >>",  # two values
        b"",
        b"<< /A 12345678901 >>",  # a number qpdf would find out of range
        b"<< /A <4G> >>",
        b"<< /A \xc3\xa9 >>",
    ],
)
def test_what_is_not_plainly_pdf_is_left_to_pypdf(reader: PdfReader, body: bytes) -> None:
    assert taken(reader, b" " + body + b"\n") is None


def test_a_stream_is_cut_at_its_references_and_keeps_its_data(reader: PdfReader) -> None:
    data = b"\x00endobj endstream\xff"
    body = b"<< /Length %d /Filter /FlateDecode /Resources 9 0 R >>\nstream\r\n" % len(data)
    raw = taken(reader, b"\n" + body + data + b"\nendstream\n")
    assert raw is not None
    assert raw.data == data
    assert [(r.idnum, r.generation) for r in raw.refs] == [(9, 0)]
    assert written(raw) == b"\n" + body.replace(b"stream\r\n", b"stream\n") + data + (
        b"\nendstream"
    )


def test_an_object_not_where_the_table_says_is_left_to_pypdf(reader: PdfReader) -> None:
    data = b"8 0 obj << /A 1 >> endobj\n"
    assert _raw(reader, data, 7, 0) is None
    assert _raw(reader, data, 8, 0) is not None
    assert _raw(reader, data, 8, None) is None
    assert _raw(reader, data, 8, len(data) + 5) is None


_TOKENS = [
    b"<<",
    b">>",
    b"[",
    b"]",
    b"/A",
    b"/B",
    b"/Type",
    b"/F1",
    b"/A#20B",
    b"/A#00",
    b"/a\xc3\xa9",
    b"1",
    b"-2",
    b"3.5",
    b".5",
    b"1.",
    b"+7",
    b"5 0 R",
    b"12 3 R",
    b"R",
    b"0",
    b"true",
    b"null",
    b"(x)",
    b"(1 0 R)",
    b"(a\\)b)",
    b"(a(b)c)",
    b"<41>",
    b"<4 1>",
    b"<>",
    b"%c\n",
    b"\x00",
    b"{",
    b"stream",
    b"obj",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_TOKENS), st.sampled_from([b" ", b"", b"\n", b"\r\n", b"\t"])),
        max_size=14,
    )
)
def test_what_is_taken_reads_as_pypdf_reads_it(reader: PdfReader, tokens: list[Any]) -> None:
    """Any sequence of tokens, hostile ones among them: what is taken holds one value, which
    pypdf reads the same from the copy as from the file, references in the same order."""
    body = b" " + b"".join(token + space for token, space in tokens) + b" "
    raw = taken(reader, body)
    if raw is None:
        return
    original = read_object(BytesIO(body.strip() + b" "), reader)
    copied = read_object(BytesIO(written(raw).strip() + b" "), reader)
    assert copied == original
    assert [(r.idnum, r.generation) for r in raw.refs] == [
        (r.idnum, r.generation) for r in _references_in(original)
    ]


def _references_in(obj: Any) -> list[IndirectObject]:
    if isinstance(obj, IndirectObject):
        return [obj]
    if isinstance(obj, DictionaryObject):
        return [ref for value in obj.values() for ref in _references_in(value)]
    if isinstance(obj, ArrayObject):
        return [ref for item in obj for ref in _references_in(item)]
    return []


def _resolved(obj: Any, seen: dict[tuple[int, int], int] | None = None) -> Any:
    """A PDF value with every reference replaced by what it leads to, as plain data (a
    reference met again becomes the order it was first met in): two files hold the same
    objects when their pages resolve equal."""
    seen = {} if seen is None else seen
    if isinstance(obj, IndirectObject):
        key = (id(obj.pdf), obj.idnum)
        if key in seen:
            return ("seen", seen[key])
        seen[key] = len(seen)
        return _resolved(obj.get_object(), seen)
    if isinstance(obj, StreamObject):
        items = {k: _resolved(v, seen) for k, v in obj.items() if k not in ("/Length", "/Parent")}
        return ("stream", items, obj._data)
    if isinstance(obj, DictionaryObject):
        return {k: _resolved(v, seen) for k, v in obj.items() if k != "/Parent"}
    if isinstance(obj, ArrayObject):
        return [_resolved(item, seen) for item in obj]
    if isinstance(obj, (NumberObject, FloatObject)):
        # pypdf writes "1.0" as "1", and a real to five decimals: the bytes copied keep all.
        return ("number", round(float(obj), 4))
    if isinstance(obj, PdfObject):
        return (type(obj).__name__, str(obj))
    return obj


def _pages_copied(data: bytes, raw: bool) -> bytes:
    reader = PdfReader(BytesIO(data))
    if raw:
        read_raw(reader, data)
    writer = PdfWriter()
    writer.merge(None, reader, import_outline=False)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _check_copies(paths: list[Path]) -> None:
    """Each file's pages, copied as bytes, resolve to exactly what pypdf's own copy holds;
    some object of them at least was taken as bytes."""
    checked = taken_somewhere = 0
    for path in paths:
        data = path.read_bytes()
        try:
            plain = PdfReader(BytesIO(_pages_copied(data, raw=False)))
        except Exception:  # a file pypdf cannot copy (a password, damage): not ours to test
            continue
        probe = PdfReader(BytesIO(data))
        read_raw(probe, data)
        taken_somewhere += any(isinstance(o, RawObject) for o in probe.resolved_objects.values())
        fast = PdfReader(BytesIO(_pages_copied(data, raw=True)))
        for mine, theirs in zip(fast.pages, plain.pages, strict=True):
            assert _resolved(mine) == _resolved(theirs), path.name
        checked += 1
    assert checked
    assert taken_somewhere


def test_the_demo_papers_copied_as_bytes_hold_what_pypdf_copies() -> None:
    """The demo's papers (typst's PDFs: no object streams, every font taken as bytes)."""
    _check_copies(sorted((Path(__file__).parents[2] / "papers").glob("*/paper.pdf")))


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("folder", "pattern"),
    [("lncs-samplepaper", "*.pdf"), ("pdf-sample-files", "*/*.pdf")],
)
def test_real_pdfs_copied_as_bytes_hold_what_pypdf_copies(folder: str, pattern: str) -> None:
    """LNCS's documentation and the difficult PDFs (Type3 fonts, odd producers). (The PMLR,
    EasyChair and ACL papers keep their objects in object streams, which pypdf reads whole:
    nothing of them is taken as bytes.)"""
    _check_copies(sorted(require_shared(folder).glob(pattern)))


def test_an_encrypted_file_is_left_to_pypdf(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("", "owner")
    out = BytesIO()
    writer.write(out)
    data = out.getvalue()
    reader = PdfReader(BytesIO(data))
    reader.decrypt("")
    read_raw(reader, data)
    assert not any(isinstance(o, RawObject) for o in reader.resolved_objects.values())


def test_objects_that_refer_to_each_other_are_copied_once(reader: PdfReader) -> None:
    """A font and an object that refers back to it, and the page's content stream: each is
    taken, copied once, and the copy keeps the cycle; the file written reads back."""
    data = pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 6 0 R "
            b"/Resources << /Font << /F1 4 0 R /F2 4 0 R >> >> >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Loop 5 0 R >>",
            b"<< /Back 4 0 R /Widths [1 2 3] >>",
            stream(b"", b"BT /F1 9 Tf (Hi) Tj ET"),
        ]
    )
    source = PdfReader(BytesIO(data))
    read_raw(source, data)
    assert isinstance(source.resolved_objects[(0, 4)], RawObject)
    assert isinstance(source.resolved_objects[(0, 5)], RawObject)
    contents = source.resolved_objects[(0, 6)]
    assert isinstance(contents, RawObject)
    assert contents.data == b"BT /F1 9 Tf (Hi) Tj ET"
    writer = PdfWriter()
    writer.merge(None, source, import_outline=False)
    raws = [o for o in writer._objects if isinstance(o, RawObject)]
    assert len(raws) == 3
    _, font, loop = raws
    assert loop.refs[0].idnum == font.indirect_reference.idnum
    out = BytesIO()
    writer.write(out)
    back = PdfReader(BytesIO(out.getvalue()))
    fonts = back.pages[0]["/Resources"]["/Font"]
    assert fonts.raw_get("/F1").idnum == fonts.raw_get("/F2").idnum
    resolved = fonts["/F1"].get_object()
    assert resolved["/BaseFont"] == "/Helvetica"
    assert resolved["/Loop"].get_object().raw_get("/Back").idnum == fonts.raw_get("/F1").idnum
    assert back.pages[0].get_contents().get_data() == b"BT /F1 9 Tf (Hi) Tj ET"
