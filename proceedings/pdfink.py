"""Read where each page of a PDF carries ink, and the words at its top and bottom edges.

Stamps (running heads, page numbers, footers, citation lines) must go where a page is empty,
and a paper's own page numbers and running heads must be found to be replaced. Both need to
know what is really drawn, whatever tool wrote the PDF: every page is rendered at low
resolution with PDFium (``pypdfium2``), so text, vector graphics, images and annotation
appearances all count, and white fills do not. A page is kept as a small summary
(:class:`PageInk`): the bounding box of its ink and the outermost horizontal bands of ink from
its top and from its bottom (a band is a run of rows with ink, with the horizontal spans it
covers), plus the words of the outermost bands, with their boxes, from PDFium's text layer.
That is all a stamp's placement needs, and it keeps a 26,000-page volume's facts to a few MB.

Coordinates are points in the page as displayed: the visible box (CropBox within MediaBox) with
its origin at the lower left, after ``/Rotate``. Measuring never raises: a page PDFium cannot
read comes back as ``None`` (its ink unknown), and the stamp goes where the LNCS geometry puts
it.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proceedings.filecache import FileCache

Box = tuple[float, float, float, float]
Span = tuple[float, float]

PT_PER_MM = 72 / 25.4
PIXEL = 0.5 * PT_PER_MM
"""The side of a rendered pixel: half a millimetre, finer than the 1.5 mm a stamp must keep."""
INK_LEVEL = 245
"""A grey level below this (0 black, 255 white) is ink: anti-aliased edges count, paper does not."""
SPAN_GAP = 3 * PT_PER_MM
"""Ink less than 3 mm apart on the same rows is one span (the words of a line)."""
BANDS = 4
"""Bands kept from each edge: a stamp only ever goes above the top ones or below the bottom ones."""
CACHE_NAME = "pdf-ink.json"
"""The ink cache's file name, in the build folder's ``.cache/``."""
PARALLEL_FROM = 24
"""Pages to measure from which a second process helps more than it costs to start."""


@dataclass(frozen=True)
class Band:
    """Rows ``y0`` to ``y1`` (``y0 < y1``) with ink, and the horizontal spans it covers."""

    y0: float
    y1: float
    spans: tuple[Span, ...]

    def as_json(self) -> list[Any]:
        return [self.y0, self.y1, [list(s) for s in self.spans]]

    @classmethod
    def from_json(cls, data: list[Any]) -> Band:
        return cls(float(data[0]), float(data[1]), tuple((float(a), float(b)) for a, b in data[2]))


@dataclass(frozen=True)
class Word:
    """A run of text in an outermost band: its characters and their box."""

    text: str
    box: Box

    def as_json(self) -> list[Any]:
        return [self.text, list(self.box)]

    @classmethod
    def from_json(cls, data: list[Any]) -> Word:
        x0, y0, x1, y1 = (float(v) for v in data[1])
        return cls(str(data[0]), (x0, y0, x1, y1))


@dataclass(frozen=True)
class PageInk:
    """Where one displayed page has ink (see the module docstring).

    ``frame`` is the visible box in user space and the rotation PDFium displayed, so that the
    code that stamps the page can tell whether it sees the same page; ``box`` is None for a
    blank page; ``top`` runs from the page's top edge down, ``bottom`` from its bottom edge up.
    """

    width: float
    height: float
    frame: Box
    rotation: int
    box: Box | None
    top: tuple[Band, ...]
    bottom: tuple[Band, ...]
    words: tuple[Word, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "size": [self.width, self.height],
            "frame": list(self.frame),
            "rotation": self.rotation,
            "box": None if self.box is None else list(self.box),
            "top": [band.as_json() for band in self.top],
            "bottom": [band.as_json() for band in self.bottom],
            "words": [word.as_json() for word in self.words],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageInk:
        box = data["box"]
        frame = data["frame"]
        return cls(
            float(data["size"][0]),
            float(data["size"][1]),
            (float(frame[0]), float(frame[1]), float(frame[2]), float(frame[3])),
            int(data["rotation"]),
            None if box is None else (float(box[0]), float(box[1]), float(box[2]), float(box[3])),
            tuple(Band.from_json(b) for b in data["top"]),
            tuple(Band.from_json(b) for b in data["bottom"]),
            tuple(Word.from_json(w) for w in data["words"]),
        )


PaperInk = tuple[PageInk | None, ...]


def measure_pdfs(paths: Sequence[Path], cache: Path | None = None) -> list[PaperInk | None]:
    """The ink of every page of each PDF (``None`` for a file PDFium cannot open).

    With ``cache``, a file unchanged since it was last measured is not rendered again; the
    others are measured in two processes when there are enough pages to pay for the second.
    """
    known = FileCache(cache, "pdf ink")
    found: dict[int, PaperInk | None] = {}
    todo: list[int] = []
    for index, path in enumerate(paths):
        stored = known.get(path)
        try:
            found[index] = _paper_from_json(stored) if isinstance(stored, dict) else None
        except (KeyError, TypeError, ValueError, IndexError):  # another layout of the facts
            found[index] = None
        if found[index] is None:
            todo.append(index)
    for index, measured in zip(todo, _measure_all([paths[i] for i in todo]), strict=True):
        found[index] = measured
        known.put(paths[index], _paper_json(measured))
    known.save()
    return [found[i] for i in range(len(paths))]


def _paper_json(paper: PaperInk | None) -> dict[str, Any]:
    if paper is None:
        return {"pages": None}
    return {"pages": [None if page is None else page.as_json() for page in paper]}


def _paper_from_json(data: dict[str, Any]) -> PaperInk | None:
    pages = data["pages"]
    if pages is None:
        return None
    return tuple(None if page is None else PageInk.from_json(page) for page in pages)


def _measure_all(paths: Sequence[Path]) -> list[PaperInk | None]:
    """Measure each file; in two worker processes when there is enough work (PDFium is not
    thread-safe, so threads would not help)."""
    if not paths:
        return []
    sizes = [_size(path) for path in paths]
    workers = min(2, os.cpu_count() or 1)
    if workers < 2 or len(paths) < 2 or sum(sizes) < PARALLEL_FROM * 50_000:
        return [measure_pdf(path) for path in paths]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(measure_pdf, paths, chunksize=max(1, len(paths) // 16)))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def measure_pdf(path: Path | bytes) -> PaperInk | None:
    """The ink of every page of one PDF (a path or its bytes); None if PDFium cannot open it."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        document = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
    except Exception:  # PDFium refuses damaged or password-protected files: ink unknown
        return None
    try:
        pages: list[PageInk | None] = []
        for index in range(len(document)):
            try:
                page = document[index]
            except Exception:  # one unreadable page: its ink unknown
                pages.append(None)
                continue
            try:
                pages.append(_measure_page(page))
            except Exception:  # PDFium's errors are all one type, PdfiumError; be safe anyway
                pages.append(None)
            finally:
                page.close()
        return tuple(pages)
    finally:
        document.close()


def _measure_page(page: Any) -> PageInk:
    import numpy as np

    x0, y0, x1, y1 = (float(v) for v in page.get_bbox())
    rotation = int(page.get_rotation()) % 360
    width, height = (y1 - y0, x1 - x0) if rotation in (90, 270) else (x1 - x0, y1 - y0)
    scale = 1 / PIXEL
    bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
    pixels = bitmap.to_numpy()
    if pixels.ndim == 3:
        pixels = pixels[:, :, 0]
    ink = pixels < INK_LEVEL
    bitmap.close()
    rows = np.flatnonzero(ink.any(axis=1))
    frame = (x0, y0, x1, y1)
    if rows.size == 0:
        return PageInk(width, height, frame, rotation, None, (), (), ())
    cols = np.flatnonzero(ink.any(axis=0))
    step_x, step_y = width / ink.shape[1], height / ink.shape[0]
    box = (
        float(cols[0]) * step_x,
        height - float(rows[-1] + 1) * step_y,
        float(cols[-1] + 1) * step_x,
        height - float(rows[0]) * step_y,
    )
    runs = _runs(rows)
    top = tuple(_band(ink, run, step_x, step_y, height) for run in runs[:BANDS])
    bottom = tuple(_band(ink, run, step_x, step_y, height) for run in reversed(runs[-BANDS:]))
    outer = [top[0], bottom[0]] if len(runs) > 1 else [top[0]]
    words = tuple(_words(page, frame, rotation, width, height, outer))
    return PageInk(width, height, frame, rotation, box, top, bottom, words)


def _runs(rows: Any) -> list[tuple[int, int]]:
    """Consecutive row indexes as (first, last) runs, top to bottom."""
    runs: list[tuple[int, int]] = []
    start = previous = int(rows[0])
    for row in rows[1:]:
        row = int(row)
        if row != previous + 1:
            runs.append((start, previous))
            start = row
        previous = row
    runs.append((start, previous))
    return runs


def _band(ink: Any, run: tuple[int, int], step_x: float, step_y: float, height: float) -> Band:
    import numpy as np

    first, last = run
    cols = np.flatnonzero(ink[first : last + 1].any(axis=0))
    spans: list[list[float]] = []
    for col in cols:
        left, right = float(col) * step_x, float(col + 1) * step_x
        if spans and left - spans[-1][1] < SPAN_GAP:
            spans[-1][1] = right
        else:
            spans.append([left, right])
    return Band(
        height - (last + 1) * step_y,
        height - first * step_y,
        tuple((round(a, 2), round(b, 2)) for a, b in spans),
    )


def to_displayed(frame: Box, rotation: int) -> tuple[float, float, float, float, float, float]:
    """The matrix from a page's user space to its displayed coordinates (see the module)."""
    x0, y0, x1, y1 = frame
    return {
        0: (1.0, 0.0, 0.0, 1.0, -x0, -y0),
        90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
        180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
        270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
    }[rotation]


def _words(
    page: Any, frame: Box, rotation: int, width: float, height: float, bands: Sequence[Band]
) -> Iterator[Word]:
    """The words of the text layer that lie in ``bands`` (the outermost ones), in text order.

    Only the text runs (PDFium's rectangles, about one a line) that meet a band are read
    character by character, so a page of body text costs little.
    """
    import pypdfium2.raw as raw  # type: ignore[import-untyped]

    m = to_displayed(frame, rotation)

    def shown(x0: float, y0: float, x1: float, y1: float) -> Box:
        xs = (m[0] * x0 + m[2] * y0 + m[4], m[0] * x1 + m[2] * y1 + m[4])
        ys = (m[1] * x0 + m[3] * y0 + m[5], m[1] * x1 + m[3] * y1 + m[5])
        return (min(xs), min(ys), max(xs), max(ys))

    def in_bands(box: Box) -> bool:
        middle = (box[1] + box[3]) / 2
        return any(band.y0 - PIXEL <= middle <= band.y1 + PIXEL for band in bands)

    textpage = page.get_textpage()
    try:
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        # The character ranges of the text runs that meet a band.
        wanted: list[int] = []
        for index in range(raw.FPDFText_CountRects(textpage.raw, 0, -1)):
            raw.FPDFText_GetRect(textpage.raw, index, left, top, right, bottom)
            box = shown(left.value, bottom.value, right.value, top.value)
            if in_bands(box):
                x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
                wanted.append(_char_at(textpage, m, x, y))
        chars: list[tuple[str, Box] | None] = []
        seen: set[int] = set()
        count = textpage.count_chars()
        for start in wanted:
            if start < 0:
                continue
            # Walk back to the run's start, then forward to its end: the run's characters.
            first = start
            while first > 0 and first - 1 not in seen and not _breaks(textpage, first - 1):
                first -= 1
            index = first
            while index < count and index not in seen:
                seen.add(index)
                if _breaks(textpage, index):
                    break
                code = raw.FPDFText_GetUnicode(textpage.raw, index)
                if 0xD800 <= code <= 0xDFFF:  # half of a UTF-16 pair: not a digit, kept as one
                    code = 0xFFFD
                if chr(code).isspace() or code in (0xFFFE, 0xFFFF, 0):
                    chars.append(None)
                elif raw.FPDFText_GetCharBox(textpage.raw, index, left, right, bottom, top):
                    box = shown(left.value, bottom.value, right.value, top.value)
                    chars.append((chr(code), box) if in_bands(box) else None)
                index += 1
            chars.append(None)
    finally:
        textpage.close()
    yield from _group(chars)


def _char_at(textpage: Any, m: tuple[float, ...], x: float, y: float) -> int:
    """The index of the character nearest the displayed point (x, y), or -1."""
    import pypdfium2.raw as raw

    # Back to user space: the inverse of ``m`` (a rotation by quarter turns and a shift).
    a, b, c, d, e, f = m
    det = a * d - b * c
    ux = (d * (x - e) - c * (y - f)) / det
    uy = (-b * (x - e) + a * (y - f)) / det
    return int(raw.FPDFText_GetCharIndexAtPos(textpage.raw, ux, uy, 4.0, 4.0))


def _breaks(textpage: Any, index: int) -> bool:
    """Whether the character ends a line of the text layer."""
    import pypdfium2.raw as raw

    return int(raw.FPDFText_GetUnicode(textpage.raw, index)) in (0x0A, 0x0D)


def _group(chars: list[tuple[str, Box] | None]) -> Iterator[Word]:
    """Characters in text order into words: split at spaces, line breaks and wide gaps."""
    word: list[tuple[str, Box]] = []
    for char in chars:
        if word and char is not None:
            last = word[-1][1]
            size = max(last[3] - last[1], char[1][3] - char[1][1], 1.0)
            least = max(min(last[3] - last[1], char[1][3] - char[1][1]), 0.1)
            overlap = min(last[3], char[1][3]) - max(last[1], char[1][1])
            gap = char[1][0] - last[2]
            if overlap < least / 4 or gap > size / 3 or gap < -size:
                yield _word(word)
                word = []
        if char is None:
            if word:
                yield _word(word)
            word = []
        else:
            word.append(char)
    if word:
        yield _word(word)


def _word(chars: list[tuple[str, Box]]) -> Word:
    boxes = [box for _, box in chars]
    return Word(
        "".join(text for text, _ in chars),
        (
            round(min(b[0] for b in boxes), 2),
            round(min(b[1] for b in boxes), 2),
            round(max(b[2] for b in boxes), 2),
            round(max(b[3] for b in boxes), 2),
        ),
    )
