"""Putting stamps on paper pages: the page's geometry (crop, scale, shrink) and Form XObjects.

Where each stamp goes is decided by :mod:`proceedings.room` from the ink measured on the page;
this module carries it out on a pypdf page. A page keeps its boxes and ``/Rotate`` when it is
only stamped or cropped (``volume_size: lncs-trim`` on a page whose text fits the trim): the
stamps are drawn through the page's displayed frame, so they read upright on screen. A page
that is scaled (to the trim) or shrunk (to make room) gets a new MediaBox in displayed
coordinates, its content drawn through one ``cm`` that also undoes ``/Rotate``, and its
annotations' rectangles moved with it.

A stamp page becomes a Form XObject drawn by an appended content stream
``Q q <cm> cm /StampN Do Q``; the paper's own content is wrapped in ``q ... Q`` first, so a page
that leaves its graphics state changed cannot move the stamp. Pages are never merged
(``merge_page`` re-parses and rewrites every content stream, slowly, and bloats the file): the
paper's streams are kept byte for byte. A mask (over the paper's own page number) is a white
rectangle drawn the same way, before the stamps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    RectangleObject,
    StreamObject,
)

from proceedings.lncs import Transform
from proceedings.pdfink import to_displayed

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Frame:
    """A page as displayed: its visible box in user space and its /Rotate."""

    box: Box
    rotation: int

    @property
    def size(self) -> tuple[float, float]:
        """Displayed width and height (a quarter turn swaps them)."""
        x0, y0, x1, y1 = self.box
        w, h = x1 - x0, y1 - y0
        return (h, w) if self.rotation in (90, 270) else (w, h)

    def to_user(self) -> Matrix:
        """From displayed coordinates (origin lower left, upright) to the page's user space."""
        x0, y0, x1, y1 = self.box
        return {
            0: (1.0, 0.0, 0.0, 1.0, x0, y0),
            90: (0.0, 1.0, -1.0, 0.0, x1, y0),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, -1.0, 1.0, 0.0, x0, y1),
        }[self.rotation]


def frame_of(page: PageObject) -> Frame:
    """The displayed frame of a page: CropBox clipped to MediaBox (as viewers do), /Rotate."""
    media = _bounds(page.mediabox)
    crop = _bounds(page.cropbox)
    box = (
        max(media[0], crop[0]),
        max(media[1], crop[1]),
        min(media[2], crop[2]),
        min(media[3], crop[3]),
    )
    if box[2] <= box[0] or box[3] <= box[1]:  # a CropBox outside the page is ignored
        box = media
    rotation = page.get("/Rotate", 0)
    rotation = rotation.get_object() if isinstance(rotation, IndirectObject) else rotation
    # Like pdf.js, a /Rotate that is not a multiple of 90 counts as 0.
    turn = int(rotation) % 360 if isinstance(rotation, int | float) and rotation % 90 == 0 else 0
    return Frame(box, turn)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n``: the matrix of ``m cm`` drawn inside ``n cm`` (PDF's row vectors)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """The point (x, y) transformed by ``m``."""
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _bounds(box: RectangleObject) -> Box:
    x1, y1, x2, y2 = (float(v) for v in box)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def pdf_number(value: float) -> str:
    """A PDF number: fixed point (PDF has no exponents), no trailing zeros, never ``-0``."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def page_height(page: PageObject) -> float:
    """The height of a (stamp) page; a citation's depends on its number of lines."""
    return float(page.mediabox[3]) - float(page.mediabox[1])


class Stamper:
    """Draws stamp pages on the pages of one writer, as Form XObjects.

    The ``q`` that opens every stamped page's content is one stream shared by the writer; each
    page gets its own closing stream, which holds its matrix. ``forms`` records which cloned
    sheet objects became this writer's Form XObjects: a segment keeps those and shares the
    sheet's other objects (fonts) with every paper (:mod:`.segments`).
    """

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self._open = self._stream(b"q\n")
        self.forms: set[int] = set()  # the writer's numbers of the stamps' content streams

    def _stream(self, data: bytes) -> IndirectObject:
        stream = StreamObject()
        stream.set_data(data)
        return self.writer._add_object(stream)

    def form(self, stamp_page: PageObject) -> IndirectObject:
        """The stamp page as a Form XObject of the writer (its fonts are cloned once)."""
        contents = stamp_page.raw_get("/Contents")
        resolved = contents.get_object()
        form: StreamObject
        if isinstance(contents, IndirectObject) and isinstance(resolved, StreamObject):
            ref = contents.clone(self.writer)  # the compressed bytes are kept as they are
            form = cast(StreamObject, ref.get_object())
        else:  # typst writes one indirect stream per page; be safe anyway
            form = StreamObject()
            form.set_data(b"\n".join(part.get_object().get_data() for part in resolved))
            ref = self.writer._add_object(form)
        self.forms.add(ref.idnum)
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        form[NameObject("/BBox")] = ArrayObject(
            FloatObject(v) for v in (0, 0, *(float(v) for v in stamp_page.mediabox[2:]))
        )
        form[NameObject("/Resources")] = stamp_page["/Resources"].clone(self.writer)
        return ref

    def draw(self, page: PageObject, stamp_page: PageObject, matrix: Matrix) -> str:
        """Draw ``stamp_page`` on the writer's ``page`` through ``matrix``; return its name."""
        form = self.form(stamp_page)
        resources = page.get("/Resources")
        resolved = resources.get_object() if resources is not None else None
        # The page's own copy: resource dictionaries shared with other pages stay intact.
        own = DictionaryObject(resolved if isinstance(resolved, DictionaryObject) else {})
        xobjects = own.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else None
        names = DictionaryObject(xobjects if isinstance(xobjects, DictionaryObject) else {})
        number = 0
        while f"/Stamp{number}" in names:
            number += 1
        name = f"/Stamp{number}"
        names[NameObject(name)] = form
        own[NameObject("/XObject")] = names
        page[NameObject("/Resources")] = own
        cm = " ".join(pdf_number(v) for v in matrix)
        close = self._stream(f"\nQ q {cm} cm {name} Do Q\n".encode())
        parts = _parts(page)
        # A page stamped twice (a citation over a running head) gets two opening q's; each
        # closing stream pops one, so every stamp is drawn in the page's initial state.
        page[NameObject("/Contents")] = ArrayObject([self._open, *parts, close])
        return name

    def cover(self, page: PageObject, boxes: list[Box], matrix: Matrix) -> None:
        """White boxes (in the coordinates ``matrix`` maps to the page's user space) over the
        paper's own page numbers or running heads, drawn over its content, under the stamps."""
        if not boxes:
            return
        cm = " ".join(pdf_number(v) for v in matrix)
        rects = " ".join(
            f"{pdf_number(x0)} {pdf_number(y0)} {pdf_number(x1 - x0)} {pdf_number(y1 - y0)} re"
            for x0, y0, x1, y1 in boxes
        )
        close = self._stream(f"\nQ q {cm} cm 1 g {rects} f Q\n".encode())
        page[NameObject("/Contents")] = ArrayObject([self._open, *_parts(page), close])

    def transform(self, page: PageObject, matrix: Matrix) -> None:
        """Draw the page's content through ``matrix`` (``q <matrix> cm ... Q``)."""
        cm = " ".join(pdf_number(v) for v in matrix)
        opening = self._stream(f"q {cm} cm\n".encode())
        page[NameObject("/Contents")] = ArrayObject(
            [opening, *_parts(page), self._stream(b"\nQ\n")]
        )


def _parts(page: PageObject) -> list[Any]:
    contents = page.get("/Contents")
    if contents is None:
        return []
    inner = contents.get_object()
    return list(inner) if isinstance(inner, ArrayObject) else [contents]


@dataclass(frozen=True)
class Geometry:
    """How a page of a paper became a page of the volume.

    ``source`` maps the paper page's displayed coordinates to the volume page's, ``to_user``
    the volume page's displayed coordinates to its user space (where stamps are drawn).
    """

    source: Matrix
    to_user: Matrix


_BOXES = ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox")


def arrange(
    page: PageObject, frame: Frame, transform: Transform | None, shrink: float, stamper: Stamper
) -> Geometry:
    """Crop, scale or shrink the page as its plan says; return its :class:`Geometry`.

    Cropped only: the CropBox and TrimBox become the trim, the content is untouched. Scaled
    or shrunk: the page gets a MediaBox ``[0 0 w h]`` in the new displayed coordinates and its
    content is drawn through one matrix (which undoes ``/Rotate`` too).
    """
    w, h = frame.size
    source: Matrix = IDENTITY
    size = (w, h)
    if transform is not None:
        source = (transform.scale, 0.0, 0.0, transform.scale, transform.dx, transform.dy)
        size = transform.size
    if shrink != 1.0:
        cx, cy = size[0] / 2, size[1] / 2
        source = multiply(source, (shrink, 0.0, 0.0, shrink, cx * (1 - shrink), cy * (1 - shrink)))
    if source == IDENTITY:
        return Geometry(IDENTITY, frame.to_user())
    if transform is not None and transform.crop and shrink == 1.0:
        # Only cut: the trim, found in displayed coordinates, set in user space.
        x0, y0 = -transform.dx, -transform.dy
        corners = [
            apply(frame.to_user(), u, v) for u, v in ((x0, y0), (x0 + size[0], y0 + size[1]))
        ]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        trim = RectangleObject((min(xs), min(ys), max(xs), max(ys)))
        page[NameObject("/CropBox")] = trim
        page[NameObject("/TrimBox")] = trim
        return Geometry(source, frame_of(page).to_user())
    content = multiply(to_displayed(frame.box, frame.rotation), source)
    stamper.transform(page, content)
    for key in _BOXES:
        if key in page:
            del page[key]
    box = RectangleObject((0, 0, size[0], size[1]))
    page[NameObject("/MediaBox")] = box
    page[NameObject("/CropBox")] = box
    page[NameObject("/TrimBox")] = box
    if "/Rotate" in page:
        del page[NameObject("/Rotate")]
    _move_annotations(page, content)
    return Geometry(source, IDENTITY)


def _move_annotations(page: PageObject, matrix: Matrix) -> None:
    """Move the page's annotations (links, notes, fields) with its content."""
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else None
    if not isinstance(annots, ArrayObject):
        return
    for item in annots:
        annot = item.get_object()
        if not isinstance(annot, DictionaryObject):
            continue
        rect = annot.get("/Rect")
        rect = rect.get_object() if rect is not None else None
        if isinstance(rect, ArrayObject) and len(rect) == 4:
            try:
                x0, y0, x1, y1 = (float(v) for v in rect)
            except (TypeError, ValueError):
                continue
            corners = [apply(matrix, x, y) for x, y in ((x0, y0), (x1, y1), (x0, y1), (x1, y0))]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            annot[NameObject("/Rect")] = RectangleObject((min(xs), min(ys), max(xs), max(ys)))
        quads = annot.get("/QuadPoints")
        quads = quads.get_object() if quads is not None else None
        if isinstance(quads, ArrayObject) and len(quads) % 2 == 0:
            try:
                values = [float(v) for v in quads]
            except (TypeError, ValueError):
                continue
            moved: list[float] = []
            for i in range(0, len(values), 2):
                moved.extend(apply(matrix, values[i], values[i + 1]))
            annot[NameObject("/QuadPoints")] = ArrayObject(FloatObject(v) for v in moved)
