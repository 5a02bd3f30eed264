"""Read where each page of a PDF carries ink, and the words at its top and bottom edges.

Stamps (running heads, page numbers, footers, citation lines) must go where a page is empty,
and a paper's own page numbers and running heads must be found to be replaced. Both need to
know what is really drawn, whatever tool wrote the PDF: every page is rendered at low
resolution (1 mm) with PDFium (``pypdfium2``), so text, vector graphics, images and annotation
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

import contextlib
import ctypes
import json
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.filecache import FileCache, Identity, identity

if TYPE_CHECKING:
    from proceedings.pdfinfo import PdfFacts

Box = tuple[float, float, float, float]
Span = tuple[float, float]

PT_PER_MM = 72 / 25.4
PIXEL = 1.0 * PT_PER_MM
"""The side of a rendered pixel: a millimetre. A pixel with any ink counts whole, so the ink
measured can only be larger than the real one: a stamp kept 2 mm from it is at least 2 mm from
the paper's ink. Half a millimetre would cost a third more time for nothing a stamp needs."""
INK_LEVEL = 245
"""A grey level below this (0 black, 255 white) is ink: anti-aliased edges count, paper does not."""
SPAN_GAP = 3 * PT_PER_MM
"""Ink less than 3 mm apart on the same rows is one span (the words of a line)."""
BANDS = 4
"""Bands kept from each edge: a stamp only ever goes above the top ones or below the bottom ones."""
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

    def rects(self) -> list[Box]:
        """The ink as rectangles: each kept band's spans and, between the bands kept from
        each edge, the ink that was not kept, taken as solid across the ink's width."""
        found = [
            (a, band.y0, b, band.y1) for band in (*self.top, *self.bottom) for a, b in band.spans
        ]
        if self.box is not None and self.top and self.bottom:
            low, high = self.bottom[-1].y1, self.top[-1].y0
            if high > low:
                found.append((self.box[0], low, self.box[2], high))
        return found

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
    others are measured in worker processes when there are enough of them.
    """
    with InkQueue(paths, cache) as inks:
        return [inks.take(path) for path in paths]


@dataclass(frozen=True)
class Read:
    """What was read off one file: its facts and its ink, each when asked for (``measured``:
    the ink was, and ``ink`` None means that PDFium could not open the file), and the file's
    identity before it was read (None: it could not be had), which the caches keep them for."""

    facts: PdfFacts | None = None
    ink: PaperInk | None = None
    measured: bool = False
    read_at: Identity | None = None


class InkQueue:
    """:func:`measure_pdfs` started at once, its results taken file by file when needed.

    The work starts at once (in two worker processes when there is enough of it), so the
    caller does its own work meanwhile (typesets the front matter) and takes a file's ink
    (:meth:`take`) when it needs it. Closing
    the queue keeps in the cache whatever was measured, taken or not, and stops the workers.

    The check stage also wants the ``facts`` of its files (:mod:`proceedings.pdfinfo`): they
    are read in the same pass, so each file is opened by PDFium once and read on both cores,
    and kept in ``facts_cache``. ``nice`` runs the workers at a lower priority, for a caller
    whose own work is the critical path. A caller that has little else to do (the checks; the
    PDF stage, whose papers are stamped in worker processes) reads too: one worker goes from
    the first file on, and the caller, whenever it waits, reads the last file no worker has
    started (see :meth:`_wait`), so two processes read on two cores, and the second worker's
    start (a third of a second) is saved.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        cache: Path | None = None,
        *,
        facts: Sequence[Path] = (),
        facts_cache: Path | None = None,
        nice: bool = True,
    ) -> None:
        self._known = FileCache(cache, "pdf ink")
        self._known_facts = FileCache(facts_cache, "pdf facts")
        self._found: dict[Path, PaperInk | None] = {}
        # Cached ink, decoded when taken: a rebuild reuses most papers' stamped pages whole
        # and never asks for their ink. (Each file's ink is kept as JSON text inside the
        # cache's JSON, so reading the cache does not decode it: 1.8 MB for 2,400 pages.)
        self._stored: dict[Path, str] = {}
        self._facts: dict[Path, PdfFacts] = {}
        wanted: dict[Path, tuple[bool, bool]] = {}  # the same file for two papers: read once
        for path in facts:
            found = self._cached_facts(path)
            if found is None:
                wanted[path] = (True, False)
            else:
                self._facts[path] = found
        for path in paths:
            stored = self._known.get(path)
            if isinstance(stored, str) and stored.startswith('{"pages":['):
                self._stored[path] = stored
            else:  # never measured, or PDFium could not open it then: measure it again
                wanted[path] = (wanted.get(path, (False, False))[0], True)
        self._wanted = wanted
        self._helps = not nice
        self._pool = _pool(list(wanted), nice)
        self._futures: dict[Path, Future[Read]] = (
            {path: self._pool.submit(read_pdf, path, *what) for path, what in wanted.items()}
            if self._pool
            else {}
        )

    def _cached_facts(self, path: Path) -> PdfFacts | None:
        from proceedings.pdfinfo import PdfFacts

        stored = self._known_facts.get(path)
        try:
            return PdfFacts.from_json(path, stored) if isinstance(stored, dict) else None
        except (KeyError, TypeError):  # written by another layout of PdfFacts
            return None

    def __enter__(self) -> InkQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def take(self, path: Path) -> PaperInk | None:
        """The file's ink (waiting for it if a worker is still at it)."""
        stored = self._stored.pop(path, None)
        if stored is not None and path not in self._found:
            # Another layout of the ink is measured again, here, as a file no worker read is.
            with contextlib.suppress(KeyError, TypeError, ValueError, IndexError):
                self._found[path] = _paper_from_json(stored)
        if path not in self._found:
            self._wait(path, ink=True)
        return self._found[path]

    def facts(self, path: Path) -> PdfFacts:
        """The file's facts (waiting for them if a worker is still at it)."""
        if path not in self._facts:
            self._wait(path, facts=True)
        return self._facts[path]

    def page_counts(self) -> dict[Path, tuple[int, Identity]]:
        """The page count of each file whose facts were asked for and could be read, with the
        file's identity when they were (for :func:`~proceedings.layout.remember_page_counts`:
        a file replaced since is counted again)."""
        counts = {}
        for path, facts in self._facts.items():
            read_at = self._known_facts.read_at(path)
            if facts.error is None and read_at is not None:
                counts[path] = (facts.page_count, read_at)
        return counts

    def read_at(self, path: Path) -> Identity | None:
        """The file's identity when the ink :meth:`take` gives was measured (None: unknown),
        for a cache of what follows from it (:mod:`proceedings.checks.room`)."""
        return self._known.read_at(path)

    def _keep(self, path: Path, read: Read) -> None:
        """Keep what was read off a file, and in the caches under the file's identity before
        it was read (unknown: not cached; a file replaced meanwhile is read again next time)."""
        if read.facts is not None and path not in self._facts:
            self._facts[path] = read.facts
            # A file not read (refused by a limit, unreadable) is not remembered: raising the
            # limit or fixing the permission must take effect at once, and asking again is cheap.
            if read.facts.sha256 is not None and read.read_at is not None:
                self._known_facts.put(path, read.facts.as_json(), read.read_at)
        if read.measured and path not in self._found:
            if read.read_at is not None:
                self._known.put(path, _paper_json(read.ink), read.read_at)
            self._found[path] = read.ink

    def _wait(self, path: Path, *, facts: bool = False, ink: bool = False) -> None:
        """Keep the worker's result for the file, and read here what it did not give: all of
        it when there is no worker or it died (a script that starts a build without
        ``if __name__ == "__main__"`` makes every spawned worker run it again, which Python
        stops), or what the queue was not asked for.

        A caller that helps reads the file here if no worker has started it, and while a
        worker reads it, reads the last file that none has started: the worker takes them
        from the first, so the two meet without reading a file twice."""
        future = self._futures.pop(path, None)
        if future is not None and self._helps:
            while not future.done() and not future.cancel() and self._read_last():
                pass
            if future.cancelled():
                self._keep(path, read_pdf(path, *self._wanted[path]))
                future = None
        if future is not None:
            with contextlib.suppress(BrokenProcessPool):
                self._keep(path, future.result())
        facts = facts and path not in self._facts
        ink = ink and path not in self._found
        if facts or ink:
            self._keep(path, read_pdf(path, facts, ink))

    def _read_last(self) -> bool:
        """Read here the last file that no worker has started; False when every file has
        been started (workers start them in order: those not started are the last ones)."""
        for path in reversed(self._futures):
            if not self._futures[path].cancel():
                return False
            del self._futures[path]
            self._keep(path, read_pdf(path, *self._wanted[path]))
            return True
        return False

    def close(self) -> None:
        """Keep what the workers finished, save the caches and stop the workers (a build that
        stops early leaves nothing running)."""
        for path, future in self._futures.items():
            if future.done() and not future.cancelled() and future.exception() is None:
                self._keep(path, future.result())
        self._futures.clear()
        self._known.save()
        self._known_facts.save()
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _paper_json(paper: PaperInk | None) -> str:
    pages = None if paper is None else [None if p is None else p.as_json() for p in paper]
    return json.dumps({"pages": pages}, separators=(",", ":"), ensure_ascii=False)


def _paper_from_json(text: str) -> PaperInk | None:
    pages = json.loads(text)["pages"]
    if pages is None:
        return None
    return tuple(None if page is None else PageInk.from_json(page) for page in pages)


def _pool(paths: Sequence[Path], nice: bool) -> ProcessPoolExecutor | None:
    """Worker processes for two cores when the files are many and large enough to pay for
    them (PDFium is not thread-safe: threads would not help): two, or one beside a caller that
    reads too (not ``nice``: see :class:`InkQueue`). They are spawned, not forked: the caller
    may run threads (typst typesets in one), which a fork would copy in an unknown state."""
    cores = min(2, os.cpu_count() or 1)
    if cores < 2 or len(paths) < 2 or sum(_size(p) for p in paths) < PARALLEL_FROM * 50_000:
        return None
    return ProcessPoolExecutor(
        max_workers=cores if nice else cores - 1,
        mp_context=get_context("spawn"),
        initializer=_yield_to_the_build if nice else None,
    )


def _yield_to_the_build() -> None:
    """Run a worker at a lower priority: the main process, which stamps and assembles, is
    the build's critical path, and the workers only need to stay ahead of it."""
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: no os.nice (Windows)
        os.nice(10)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_pdf(path: Path, facts: bool, ink: bool) -> Read:
    """The file's facts (:func:`~proceedings.pdfinfo.inspect_pdf`) and its ink, each if asked
    for, read in one opening of the file by PDFium where the facts let it be, with the file's
    identity before it was read."""
    read_at = identity(path)
    if not facts:
        return Read(ink=measure_pdf(path), measured=True, read_at=read_at) if ink else Read()
    from proceedings.pdfinfo import inspect_pdf

    measured: list[PaperInk] = []
    found = inspect_pdf(
        path, (lambda document, first: measured.append(_measure(document, first))) if ink else None
    )
    if not ink:
        return Read(found, read_at=read_at)
    # PDFium was not reached when pypdf found the file damaged or locked: it may still open it.
    ink_read = measured[0] if measured else measure_pdf(path)
    return Read(found, ink_read, measured=True, read_at=read_at)


def measure_pdf(path: Path | bytes) -> PaperInk | None:
    """The ink of every page of one PDF (a path or its bytes); None if PDFium cannot open it."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
    except Exception:  # PDFium refuses damaged or password-protected files: ink unknown
        return None
    try:
        return _measure(document)
    finally:
        document.close()


def _measure(document: Any, first: tuple[Any, Any] | None = None) -> PaperInk:
    """The ink of every page of an open ``pypdfium2.PdfDocument``; ``first``, its first page
    and that page's text page (``PdfPage``, ``PdfTextPage``), when the caller has them open
    (the facts read its text): loading a page costs nearly as much as rendering it.

    PDFium's C functions are called directly: for a page that takes a millisecond to render,
    the Python wrappers' own work would be half as much again.
    """
    import pypdfium2.raw as raw

    pages: list[PageInk | None] = []
    for index in range(len(document)):
        held = index == 0 and first is not None  # open already, closed by the caller
        if held and first is not None:
            page, textpage = first[0].raw, first[1].raw
        else:
            page, textpage = raw.FPDF_LoadPage(document.raw, index), None
        if not page:  # one unreadable page: its ink unknown
            pages.append(None)
            continue
        try:
            pages.append(_measure_page(page, textpage))
        except Exception:  # a page PDFium cannot render: its ink unknown
            pages.append(None)
        finally:
            if not held:
                raw.FPDF_ClosePage(page)
    return tuple(pages)


def _measure_page(page: Any, textpage: Any = None) -> PageInk:
    """The ink of one loaded page (a raw ``FPDF_PAGE``); ``textpage``, its text page when one
    is open already (else one is loaded if words are wanted)."""
    import numpy as np
    import pypdfium2.raw as raw

    box_ = raw.FS_RECTF()
    raw.FPDF_GetPageBoundingBox(page, box_)
    x0, y0, x1, y1 = (
        float(box_.left),
        float(min(box_.bottom, box_.top)),
        float(box_.right),
        float(max(box_.bottom, box_.top)),
    )
    rotation = (int(raw.FPDFPage_GetRotation(page)) * 90) % 360
    width, height = float(raw.FPDF_GetPageWidthF(page)), float(raw.FPDF_GetPageHeightF(page))
    columns, rows_ = max(1, round(width / PIXEL)), max(1, round(height / PIXEL))
    bitmap = raw.FPDFBitmap_CreateEx(columns, rows_, raw.FPDFBitmap_Gray, None, 0)
    try:
        raw.FPDFBitmap_FillRect(bitmap, 0, 0, columns, rows_, 0xFFFFFFFF)
        flags = raw.FPDF_ANNOT | raw.FPDF_GRAYSCALE
        raw.FPDF_RenderPageBitmap(bitmap, page, 0, 0, columns, rows_, 0, flags)
        stride = int(raw.FPDFBitmap_GetStride(bitmap))
        buffer = ctypes.cast(raw.FPDFBitmap_GetBuffer(bitmap), ctypes.POINTER(ctypes.c_ubyte))
        pixels = np.ctypeslib.as_array(buffer, shape=(rows_, stride))[:, :columns]
        ink = pixels < INK_LEVEL  # a copy: the bitmap can go
    finally:
        raw.FPDFBitmap_Destroy(bitmap)
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
    top, bottom = _bands(ink, rows, step_x, step_y, height)
    # Text is read only where a page's own head or number can be: in a band apart.
    outer = outer_bands(top, bottom) if len(top) > 1 else []
    words = tuple(_words(page, frame, rotation, outer, textpage)) if outer else ()
    return PageInk(width, height, frame, rotation, box, top, bottom, words)


def _bands(
    ink: Any, rows: Any, step_x: float, step_y: float, height: float
) -> tuple[tuple[Band, ...], tuple[Band, ...]]:
    """The bands kept from the top and from the bottom edge (:data:`BANDS` each), given the
    rendered page's ink (rows by columns) and the indexes of its rows with ink.

    A band is a run of consecutive rows with ink; its spans are the runs of columns with ink
    in any of its rows, joined across gaps narrower than :data:`SPAN_GAP`. The spans of all
    the kept bands are found at once, not band by band: numpy's cost is in its calls. A band
    kept from both edges (a page of eight bands or fewer) is two equal objects, as when read
    from the cache (bands are told apart by identity: :func:`outer_bands`).
    """
    import numpy as np

    breaks = np.flatnonzero(np.diff(rows) > 1)
    firsts = np.concatenate((rows[:1], rows[breaks + 1])).tolist()
    lasts = np.concatenate((rows[breaks], rows[-1:])).tolist()
    count = len(firsts)
    kept = sorted({*range(min(BANDS, count)), *range(max(count - BANDS, 0), count)})
    # Each kept run's columns with ink, between a blank column on either side: a column run
    # starts where the ink goes from blank to ink and ends where it goes back.
    padded = np.zeros((len(kept), ink.shape[1] + 2), np.int8)
    for index, run in enumerate(kept):
        padded[index, 1:-1] = ink[firsts[run] : lasts[run] + 1].any(axis=0)
    edges = np.diff(padded, axis=1)
    band_of, starts = np.nonzero(edges == 1)
    ends = np.nonzero(edges == -1)[1]
    # Runs of one band less than the gap apart are one span.
    joined = (band_of[1:] == band_of[:-1]) & (starts[1:] - ends[:-1] + 1 <= SPAN_GAP / step_x)
    opens = np.concatenate(([True], ~joined))
    closes = np.concatenate((~joined, [True]))
    spans: list[list[Span]] = [[] for _ in kept]
    for row, a, b in zip(
        band_of[opens].tolist(), starts[opens].tolist(), ends[closes].tolist(), strict=True
    ):
        spans[row].append((round(a * step_x, 2), round(b * step_x, 2)))

    def band(run: int) -> Band:
        spanned = tuple(spans[kept.index(run)])
        return Band(height - (lasts[run] + 1) * step_y, height - firsts[run] * step_y, spanned)

    return (
        tuple(band(run) for run in range(min(BANDS, count))),
        tuple(band(run) for run in reversed(range(max(count - BANDS, 0), count))),
    )


def outer_bands(top: Sequence[Band], bottom: Sequence[Band]) -> list[Band]:
    """The outermost bands that stand apart from the text, where a paper's own running head
    or page number would be: further from the next band than lines of text are from each
    other (a code listing's line numbers are not page numbers). A thin rule right under a
    head (or over a footer), as LaTeX's fancyhdr and KOMA draw it, belongs to the head."""
    found = []
    for edge in (top, bottom):
        if not edge or (edge is bottom and top and bottom[0] is top[0]):
            continue
        nearest = 1
        if len(edge) > 2 and _rule(edge[1]) and _gap(edge[0], edge[1]) < _apart(edge[0]):
            nearest = 2
        if len(edge) <= nearest or _gap(edge[nearest - 1], edge[nearest]) >= _apart(edge[0]):
            found.append(edge[0])
    return found


def _gap(outer: Band, inner: Band) -> float:
    """The blank between two bands, whichever edge they come from."""
    return max(outer.y0 - inner.y1, inner.y0 - outer.y1)


def _rule(band: Band) -> bool:
    """A thin band of one wide span: a rule."""
    return (
        band.y1 - band.y0 <= 2 * PIXEL + 0.01
        and len(band.spans) == 1
        and band.spans[0][1] - band.spans[0][0] > 40 * PT_PER_MM
    )


def _apart(band: Band) -> float:
    return max(6.0, 0.8 * (band.y1 - band.y0))


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
    page: Any, frame: Box, rotation: int, bands: Sequence[Band], opened: Any = None
) -> Iterator[Word]:
    """The words of the text layer that lie in ``bands`` (the outermost ones), in text order;
    ``opened``, the page's text page if one is open already (it is not closed here).

    Only the text runs (PDFium's rectangles, about one a line) that meet a band are read
    character by character, so a page of body text costs little.
    """
    import pypdfium2.raw as raw

    m = to_displayed(frame, rotation)

    def shown(x0: float, y0: float, x1: float, y1: float) -> Box:
        xs = (m[0] * x0 + m[2] * y0 + m[4], m[0] * x1 + m[2] * y1 + m[4])
        ys = (m[1] * x0 + m[3] * y0 + m[5], m[1] * x1 + m[3] * y1 + m[5])
        return (min(xs), min(ys), max(xs), max(ys))

    def in_bands(box: Box) -> bool:
        middle = (box[1] + box[3]) / 2
        return any(band.y0 - PIXEL <= middle <= band.y1 + PIXEL for band in bands)

    textpage = opened or raw.FPDFText_LoadPage(page)
    if not textpage:
        return
    try:
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        # The character ranges of the text runs that meet a band.
        wanted: list[int] = []
        for index in range(raw.FPDFText_CountRects(textpage, 0, -1)):
            raw.FPDFText_GetRect(textpage, index, left, top, right, bottom)
            box = shown(left.value, bottom.value, right.value, top.value)
            if in_bands(box):
                # The run's first character (its middle may fall in a gap between words).
                wanted.append(_char_at(textpage, m, box[0] + 1.0, (box[1] + box[3]) / 2))
        chars: list[tuple[str, Box] | None] = []
        seen: set[int] = set()
        count = raw.FPDFText_CountChars(textpage)
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
                code = raw.FPDFText_GetUnicode(textpage, index)
                if 0xD800 <= code <= 0xDFFF:  # half of a UTF-16 pair: not a digit, kept as one
                    code = 0xFFFD
                if chr(code).isspace() or code in (0xFFFE, 0xFFFF, 0):
                    chars.append(None)
                elif raw.FPDFText_GetCharBox(textpage, index, left, right, bottom, top):
                    box = shown(left.value, bottom.value, right.value, top.value)
                    chars.append((chr(code), box) if in_bands(box) else None)
                index += 1
            chars.append(None)
    finally:
        if not opened:
            raw.FPDFText_ClosePage(textpage)
    yield from _group(chars)


def _char_at(textpage: Any, m: tuple[float, ...], x: float, y: float) -> int:
    """The index of the character nearest the displayed point (x, y), or -1."""
    import pypdfium2.raw as raw

    # Back to user space: the inverse of ``m`` (a rotation by quarter turns and a shift).
    a, b, c, d, e, f = m
    det = a * d - b * c
    ux = (d * (x - e) - c * (y - f)) / det
    uy = (-b * (x - e) + a * (y - f)) / det
    return int(raw.FPDFText_GetCharIndexAtPos(textpage, ux, uy, 4.0, 4.0))


def _breaks(textpage: Any, index: int) -> bool:
    """Whether the character ends a line of the text layer."""
    import pypdfium2.raw as raw

    return int(raw.FPDFText_GetUnicode(textpage, index)) in (0x0A, 0x0D)


def _group(chars: list[tuple[str, Box] | None]) -> Iterator[Word]:
    """Characters in text order into words: split at spaces, line breaks and wide gaps."""
    word: list[tuple[str, Box]] = []
    for char in chars:
        if word and char is not None:
            last = word[-1][1]
            size = max(last[3] - last[1], char[1][3] - char[1][1], 1.0)
            digits = word[-1][0].isdigit() and char[0].isdigit()
            least = max(min(last[3] - last[1], char[1][3] - char[1][1]), 0.1)
            overlap = min(last[3], char[1][3]) - max(last[1], char[1][1])
            gap = char[1][0] - last[2]
            # Digits' boxes are narrow ("1" most): a number's digits are set closer than a space.
            if overlap < least / 4 or gap > size * (0.6 if digits else 1 / 3) or gap < -size:
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
