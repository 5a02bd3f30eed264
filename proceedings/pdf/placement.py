"""Placing stamps on paper pages: where (from the CropBox and /Rotate) and how (Form XObjects).

A stamp page becomes a Form XObject drawn by an appended content stream
``Q q <cm> cm /StampN Do Q``; the paper's own content is wrapped in ``q ... Q`` first, so a page
that leaves its graphics state changed cannot move the stamp. Pages are never merged
(``merge_page`` re-parses and rewrites every content stream, slowly, and bloats the file): the
paper's streams are kept byte for byte.

Geometry, measured on Springer's llncs.cls (``shared/reference/lncs-frontmatter/frontmatter.pdf``,
the llncs sample paper and the demo papers): the text block is 122 x 193 mm, centred in the
page's visible box (CropBox within MediaBox); the running head's baseline is 16 pt above the
block's top (in llncs the first text baseline is 10 pt below the top, so head and first line
are 26 pt, about 9 mm, apart); the number sits at the block's outer edge. A footer's baseline is
30 pt below the block (LaTeX's ``\\footskip``). Coordinates are those of the page as displayed:
with ``/Rotate`` the matrix ends with the inverse rotation, so the stamp reads upright on screen.

Pages smaller than the LNCS trim (155 x 235 mm) get the whole geometry scaled down with the
page, so a stamp never falls off it; below half that size (a stamp under 4.5 pt, as on the
1.4 mm pages ImageMagick makes) the page is left unstamped, and the caller notes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast

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

from proceedings.pdf.stamp import BASELINE, PT_PER_MM

BLOCK = (122 * PT_PER_MM, 193 * PT_PER_MM)  # the LNCS text block
TRIM = (155 * PT_PER_MM, 235 * PT_PER_MM)  # the printed LNCS book page
HEAD_RAISE = 16.0  # head baseline above the block's top (pt)
FOOT_DROP = 30.0  # footer baseline below the block's bottom (pt)
# Top of a citation paragraph below the block: where a footer would be, or under the footer.
CITATION_DROP = {"lncs": 22.0, "footer": 38.0}
MIN_SCALE = 0.5

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
Where = Literal["head", "foot", "citation"]


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

    @property
    def scale(self) -> float:
        """1 on pages at least as large as the LNCS trim; smaller pages scale the geometry."""
        w, h = self.size
        return min(1.0, w / TRIM[0], h / TRIM[1])

    def to_user(self) -> Matrix:
        """From displayed coordinates (origin lower left, upright) to the page's user space."""
        x0, y0, x1, y1 = self.box
        return {
            0: (1.0, 0.0, 0.0, 1.0, x0, y0),
            90: (0.0, 1.0, -1.0, 0.0, x1, y0),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, -1.0, 1.0, 0.0, x0, y1),
        }[self.rotation]

    def block(self) -> Box:
        """The (scaled) text block in displayed coordinates."""
        w, h = self.size
        bw, bh = BLOCK[0] * self.scale, BLOCK[1] * self.scale
        return ((w - bw) / 2, (h - bh) / 2, (w + bw) / 2, (h + bh) / 2)

    def trim(self) -> Box | None:
        """The LNCS trim centred on the page, in user space; None when the page is smaller."""
        w, h = self.size
        if w < TRIM[0] - 0.5 or h < TRIM[1] - 0.5:
            return None
        u0, v0 = (w - TRIM[0]) / 2, (h - TRIM[1]) / 2
        corners = [apply(self.to_user(), u, v) for u, v in ((u0, v0), (w - u0, h - v0))]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return (min(xs), min(ys), max(xs), max(ys))


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


def placement(frame: Frame, where: Where, height: float, style: str) -> Matrix | None:
    """The ``cm`` matrix that puts a stamp page (``height`` pt high) on a page, or None when
    the page is too small to carry one.

    ``head`` and ``foot`` stamps are placed by their baseline, ``citation`` paragraphs by their
    top edge; all start at the text block's left edge.
    """
    s = frame.scale
    if s < MIN_SCALE:
        return None
    bx0, by0, _, by1 = frame.block()
    if where == "citation":
        y = by0 - (CITATION_DROP[style] + height) * s
    elif where == "head":
        y = by1 + (HEAD_RAISE - BASELINE) * s
    else:
        y = by0 - (FOOT_DROP + BASELINE) * s
    return multiply((s, 0.0, 0.0, s, bx0, y), frame.to_user())


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
        contents = page.get("/Contents")
        parts: list[Any] = []
        if contents is not None:
            inner = contents.get_object()
            parts = list(inner) if isinstance(inner, ArrayObject) else [contents]
        # A page stamped twice (a citation over a running head) gets two opening q's; each
        # closing stream pops one, so every stamp is drawn in the page's initial state.
        page[NameObject("/Contents")] = ArrayObject([self._open, *parts, close])
        return name


def set_trim(page: PageObject, frame: Frame) -> bool:
    """Crop a page to the LNCS trim around its centre (``volume_size: lncs-trim``).

    Returns False, leaving the page alone, when it is smaller than the trim.
    """
    trim = frame.trim()
    if trim is None:
        return False
    page[NameObject("/CropBox")] = RectangleObject(trim)
    page[NameObject("/TrimBox")] = RectangleObject(trim)
    return True
