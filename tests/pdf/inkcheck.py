"""Judging stamped pages by what they show: rendered, compared with the page without our stamps.

Independent of :mod:`proceedings.room` and :mod:`proceedings.pdfink`: each paper page of a
built PDF is rendered twice with PDFium, as built and with the stamps that the stamping appended
taken off again (the ``Q q ... Do Q`` streams at the end of the page and as many ``q`` at its
start; a mask over the paper's own page number stays). What the first rendering shows and the
second does not is stamp ink; what the second shows is the paper's ink that remains. The checks:

* no stamp ink within ``distance`` mm of the paper's remaining ink;
* one visible page number a page, counted from the text layer: a number within the outer quarter
  of the page, visible (ink under it in the rendering), on one of the two first or last lines of
  visible text, and alone there or 5 mm apart from the line's other words (a head's number).
"""

from __future__ import annotations

import ctypes
import io
import re
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject, StreamObject

PX_PER_MM = 4.0
_SCALE = PX_PER_MM * 25.4 / 72
_STAMP = re.compile(rb"^\s*Q q [-0-9. ]+ cm /[^\s]+ Do Q\s*$")
_NUMBER = re.compile(r"\d{1,4}")


def strip_stamps(data: bytes) -> bytes:
    """The PDF with every page's appended stamp streams taken off (masks stay: what they hide
    is not the paper's ink any more)."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        if not isinstance(contents, ArrayObject):
            continue
        parts = list(contents)
        appended = 0
        while parts:
            last = parts[-1].get_object()
            if isinstance(last, StreamObject) and _STAMP.match(last.get_data()):
                parts.pop()
                appended += 1
            else:
                break
        for _ in range(appended):
            first = parts[0].get_object()
            assert isinstance(first, StreamObject)
            assert first.get_data().strip() == b"q"
            parts.pop(0)
        page[NameObject("/Contents")] = ArrayObject(parts)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class PageVerdict:
    """What one page shows: how close stamp ink comes to the paper's (mm; None: no stamp ink),
    the visible numbers at its edges that the stamps drew and that the paper shows, and its
    size."""

    index: int
    closest_mm: float | None
    numbers: tuple[str, ...]
    theirs: tuple[str, ...]
    size_mm: tuple[float, float]
    rotated: bool = False  # numbers are read on unrotated pages only


def running_numbers(verdicts: list[PageVerdict]) -> list[int]:
    """The pages (positions in ``verdicts``) whose visible paper numbers at the edges run on
    page by page (``n = position + d`` for one ``d`` on two pages or more, and on a third of
    the pages at least): a page number of the paper's own that is still visible. Figure ticks
    and table cells do not run like that (two of them may, by chance)."""
    runs: dict[int, list[int]] = {}
    for position, verdict in enumerate(verdicts):
        for d in {int(text) - position for text in verdict.theirs}:
            runs.setdefault(d, []).append(position)
    least = max(2, len(verdicts) / 3)
    return sorted(p for pages in runs.values() if len(pages) >= least for p in pages)


def _render(page: pdfium.PdfPage) -> np.ndarray:
    bitmap = page.render(scale=_SCALE, grayscale=True)
    pixels = bitmap.to_numpy()
    return pixels[:, :, 0] if pixels.ndim == 3 else pixels


def _closest(stamp: np.ndarray, paper: np.ndarray, limit_px: int) -> float | None:
    """The smallest distance (px) from a stamp pixel to a paper pixel, up to ``limit_px``."""
    if not stamp.any():
        return None
    ys, xs = np.nonzero(stamp)
    best = float(limit_px + 1)
    h, w = paper.shape
    y0, y1 = max(0, ys.min() - limit_px), min(h, ys.max() + limit_px + 1)
    x0, x1 = max(0, xs.min() - limit_px), min(w, xs.max() + limit_px + 1)
    near = np.argwhere(paper[y0:y1, x0:x1]) + np.array([y0, x0])
    if near.size == 0:
        return None if best > limit_px else best
    points = np.stack([ys, xs], axis=1)
    for chunk in np.array_split(points, max(1, len(points) // 2000)):
        d = np.sqrt(((chunk[:, None, :] - near[None, :, :]) ** 2).sum(axis=2))
        best = min(best, float(d.min()))
    return best


def _words(page: pdfium.PdfPage) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The words of a page's text layer in its outer quarters (user space boxes), in text order."""
    height = page.get_size()[1]
    bottom_edge = page.get_bbox()[1]
    textpage = page.get_textpage()
    handle = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    words: list[tuple[str, tuple[float, float, float, float]]] = []
    current, box = "", None
    for index in range(raw.FPDFText_CountChars(handle)):
        char = chr(raw.FPDFText_GetUnicode(handle, index))
        raw.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
        x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
        inner = 0.25 * height < y0 - bottom_edge and y1 - bottom_edge < 0.75 * height
        apart = box is not None and (x0 - box[2] > 3 or abs(y0 - box[1]) > 3)
        if char.isspace() or inner or apart:
            if current and box is not None:
                words.append((current, box))
            current, box = "", None
        if not char.isspace() and not inner:
            current += char
            box = (
                (x0, y0, x1, y1)
                if box is None
                else (min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1))
            )
    if current and box is not None:
        words.append((current, box))
    textpage.close()
    return words


def _numbers(
    page: pdfium.PdfPage, pixels: np.ndarray, bare: pdfium.PdfPage, bare_pixels: np.ndarray
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Visible page numbers at the page's first and last lines (see the module docstring).

    A word of the paper (one the page without stamps has too) is visible when the page without
    stamps shows ink under it: a stamp drawn where a masked number was does not make it show.
    """
    theirs = {(text, tuple(round(v) for v in box)) for text, box in _words(bare)}
    visible = []
    mine = set()
    for word in _words(page):
        text, box = word
        if (text, tuple(round(v) for v in box)) in theirs:
            if _shows(box, bare, bare_pixels):
                visible.append(word)
        elif _shows(box, page, pixels):
            visible.append(word)
            mine.add(id(word))
    lines: list[list[tuple[str, tuple[float, float, float, float]]]] = []

    def middle(word: tuple[str, tuple[float, float, float, float]]) -> float:
        return (word[1][1] + word[1][3]) / 2

    for word in sorted(visible, key=lambda w: (-middle(w), w[1][0])):
        if lines and abs(middle(lines[-1][0]) - middle(word)) <= 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    height = page.get_size()[1]
    bottom = page.get_bbox()[1]
    gap = 5 * 72 / 25.4
    found: tuple[list[str], list[str]] = ([], [])
    for number, line in enumerate(lines):
        line.sort(key=lambda w: w[1][0])
        edge = number in (0, 1, len(lines) - 2, len(lines) - 1)
        picks = []
        if not edge:
            continue
        if len(line) == 1:
            picks = [line[0]]
        else:
            if line[1][1][0] - line[0][1][2] >= gap:
                picks.append(line[0])
            if line[-1][1][0] - line[-2][1][2] >= gap:
                picks.append(line[-1])
        for word in picks:
            text, box = word
            v = box[1] - bottom
            if _NUMBER.fullmatch(text) and not 0.25 * height < v < 0.75 * height:
                found[0 if id(word) in mine else 1].append(text)
    return tuple(found[0]), tuple(found[1])


def _shows(
    box: tuple[float, float, float, float], page: pdfium.PdfPage, pixels: np.ndarray
) -> bool:
    """Whether the rendering has ink under the box (a masked word has none)."""
    x0, y0, x1, y1 = box
    bx0, _, _, by1 = page.get_bbox()
    r0, r1 = int((by1 - y1) * _SCALE), int((by1 - y0) * _SCALE) + 1
    c0, c1 = int((x0 - bx0) * _SCALE), int((x1 - bx0) * _SCALE) + 1
    return bool((pixels[max(0, r0) : r1, max(0, c0) : c1] < 128).any())


def judge(built: bytes, pages: range, distance_mm: float = 1.5) -> list[PageVerdict]:
    """Judge the pages (0-based indexes) of a built PDF (see the module docstring)."""
    bare = pdfium.PdfDocument(strip_stamps(built))
    full = pdfium.PdfDocument(built)
    limit = int(distance_mm * PX_PER_MM) + 2
    verdicts = []
    for index in pages:
        shown, without = full[index], bare[index]
        # Unrotated here: the checks use the text layer's user space, the same as the rendering's
        # only on unrotated pages; a rotated page is judged by its ink alone.
        s, u = _render(shown), _render(without)
        assert s.shape == u.shape
        stamp = (s < 200) & (u >= 245)
        paper = u < 245
        closest = _closest(stamp, paper, limit)
        numbers, theirs = _numbers(shown, s, without, u) if shown.get_rotation() == 0 else ((), ())
        width, height = shown.get_size()
        verdicts.append(
            PageVerdict(
                index,
                None if closest is None else closest / PX_PER_MM,
                numbers,
                theirs,
                (width * 25.4 / 72, height * 25.4 / 72),
                shown.get_rotation() != 0,
            )
        )
        shown.close()
        without.close()
    full.close()
    bare.close()
    return verdicts
