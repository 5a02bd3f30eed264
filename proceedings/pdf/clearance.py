"""Read a stamped page back and hold it against the ink measured on its source page.

The plan (:mod:`proceedings.room`) decides where stamps go; this module does not trust it. It
reads what was really written into each page: the ``cm`` that moves the paper's content (a
scaled or shrunk page), the white boxes drawn over the paper's own numbers, and each stamp's
Form XObject with the matrix it is drawn through. It then maps the ink measured on the source
page (:mod:`proceedings.pdfink`) to the page as built, takes away what the white boxes cover,
and fails when a stamp comes within :data:`DISTANCE` of the paper's remaining ink, or when a
page number of the paper's own is left uncovered beside ours.

A stamp's ink is taken as its line's envelope (the stamp page's width, from
:data:`~proceedings.lncs.DESCENT` below the baseline to :data:`~proceedings.lncs.ASCENT` above),
or a citation paragraph's whole box; the tests render the stamps to show that their ink stays
inside (``tests/pdf/test_clearance.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pypdf import PageObject
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from proceedings.lncs import ASCENT, BASELINE, DESCENT, LINE_HEIGHT
from proceedings.pdf.placement import Frame, Matrix, apply, frame_of, multiply
from proceedings.pdfink import PIXEL, PT_PER_MM, Box, PageInk, Word, to_displayed

DISTANCE = 1.5 * PT_PER_MM
"""The least room between a stamp's ink and the paper's (the issue's test; placement keeps 2 mm)."""

_NUMBER = rb"[-+]?(?:\d+\.?\d*|\.\d+)"
_MATRIX = rb"((?:" + _NUMBER + rb"\s+){6})cm"
_CONTENT = re.compile(rb"^\s*q\s+" + _MATRIX + rb"\s*$")
_MASK = re.compile(
    rb"^\s*Q\s+q\s+" + _MATRIX + rb"\s+1 g\s+((?:(?:" + _NUMBER + rb"\s+){4}re\s*)+)f\s+Q\s*$"
)
_STAMP = re.compile(rb"^\s*Q\s+q\s+" + _MATRIX + rb"\s+/(\S+)\s+Do\s+Q\s*$")


def check_paper(
    paper: str,
    pages: Sequence[PageObject],
    sources: Sequence[PageInk | None],
    numbers: Sequence[Sequence[Word]],
) -> list[str]:
    """What is wrong with a paper's stamped pages, as messages: ``sources`` is the ink
    measured on each source page (None: unmeasured, nothing to hold it against), ``numbers``
    the paper's own page numbers found on each."""
    problems: list[str] = []
    for index, (page, source) in enumerate(zip(pages, sources, strict=True)):
        if source is not None:
            own = numbers[index] if index < len(numbers) else ()
            problems += _check_page(paper, index + 1, page, source, own)
    return problems


def _check_page(
    paper: str, number: int, page: PageObject, source: PageInk, own: Sequence[Word]
) -> list[str]:
    content, masks, stamps = _read(page)
    out = frame_of(page)
    to_out = to_displayed(out.box, out.rotation)
    # Source page, as displayed -> its user space -> (our cm) -> the built page, as displayed.
    source_user = Frame(source.frame, source.rotation).to_user()
    moved = multiply(multiply(source_user, content), to_out)
    covered = [_box(m, to_out) for m in masks]
    grown = [(b[0] - PIXEL, b[1] - PIXEL, b[2] + PIXEL, b[3] + PIXEL) for b in covered]
    ink = [
        box
        for box in (_box(rect, moved) for rect in source.rects())
        if not any(_inside(box, mask) for mask in grown)
    ]
    problems = []
    for matrix, envelope, what in stamps:
        stamp = _box(envelope, multiply(matrix, to_out))
        near = min((_distance(stamp, box) for box in ink), default=None)
        if near is not None and near < DISTANCE:
            problems.append(
                f"paper {paper}, page {number}: the {what} comes within {near / PT_PER_MM:.1f} "
                "mm of the paper's own ink"
            )
    # A page number of the paper's own that no white box covers: two numbers on a page.
    exact = [(m[0] - 0.5, m[1] - 0.5, m[2] + 0.5, m[3] + 0.5) for m in covered]
    for word in own:
        if not any(_inside(_box(word.box, moved), mask) for mask in exact):
            problems.append(
                f"paper {paper}, page {number}: its own page number {word.text!r} is "
                "not covered and would show beside the volume's"
            )
    return problems


def _read(page: PageObject) -> tuple[Matrix, list[Box], list[tuple[Matrix, Box, str]]]:
    """Our streams on the page: the content's matrix, the white boxes (user space) and each
    stamp's matrix, ink envelope (in its form's space) and kind."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    parts = list(contents) if isinstance(contents, ArrayObject) else []
    content: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    masks: list[Box] = []
    stamps: list[tuple[Matrix, Box, str]] = []
    xobjects = _xobjects(page)
    for part in parts:
        stream = part.get_object()
        # Ours are short and never compressed: a paper's own (compressed) stream is not read.
        if not isinstance(stream, StreamObject) or "/Filter" in stream:
            continue
        data = stream.get_data()
        if len(data) > 2000:
            continue
        if found := _CONTENT.match(data):
            content = _matrix(found.group(1))
        elif found := _MASK.match(data):
            matrix = _matrix(found.group(1))
            numbers = [float(v) for v in found.group(2).replace(b"re", b" ").split()]
            for i in range(0, len(numbers), 4):
                x, y, w, h = numbers[i : i + 4]
                masks.append(_box((x, y, x + w, y + h), matrix))
        elif found := _STAMP.match(data):
            form = xobjects.get("/" + found.group(2).decode("latin-1"))
            if form is None:
                continue
            width, height = form
            if abs(height - LINE_HEIGHT) < 0.01:
                envelope = (0.0, BASELINE - DESCENT, width, BASELINE + ASCENT)
                what = "page number or running head"
            else:
                envelope, what = (0.0, 0.0, width, height), "citation line"
            stamps.append((_matrix(found.group(1)), envelope, what))
    return content, masks, stamps


def _xobjects(page: PageObject) -> dict[str, tuple[float, float]]:
    """The page's Form XObjects by name: each one's BBox width and height."""
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    found: dict[str, tuple[float, float]] = {}
    if not isinstance(resources, DictionaryObject):
        return found
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else None
    if not isinstance(xobjects, DictionaryObject):
        return found
    for name, ref in xobjects.items():
        form = ref.get_object()
        box = form.get("/BBox") if isinstance(form, StreamObject) else None
        if isinstance(box, ArrayObject) and len(box) == 4:
            x0, y0, x1, y1 = (float(v) for v in box)
            found[str(name)] = (x1 - x0, y1 - y0)
    return found


def _matrix(text: bytes) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in text.split())
    return (a, b, c, d, e, f)


def _box(box: Box, matrix: Matrix) -> Box:
    corners = [apply(matrix, x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return (min(xs), min(ys), max(xs), max(ys))


def _inside(box: Box, outer: Box) -> bool:
    return outer[0] <= box[0] and outer[1] <= box[1] and box[2] <= outer[2] and box[3] <= outer[3]


def _distance(a: Box, b: Box) -> float:
    dx = max(b[0] - a[2], a[0] - b[2], 0.0)
    dy = max(b[1] - a[3], a[1] - b[3], 0.0)
    return float((dx * dx + dy * dy) ** 0.5)
