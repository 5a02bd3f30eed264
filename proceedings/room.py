"""Where a paper's pages have room for the volume's stamps: :class:`PageInk` -> :class:`PaperPlan`.

The check stage asks it whether every page has room (and which pages print their own page
numbers); the PDF stage asks it where to draw. Both get the same answer because this module is
the one place that decides, from what :mod:`proceedings.pdfink` measured:

* **The paper's own furniture.** A page number of the paper's own is a number in the top or
  bottom band of ink that grows by one page by page (``n = page + d`` for one ``d`` on at least
  two pages); a running head is the same text in the top band of two or more of the pages after
  the first. Both are masked (a white box over exactly those words, never over other ink) and
  replaced by ours; the paper's running heads only with LNCS heads, which take their place.
* **Room for a stamp.** A stamp's ink keeps :data:`CLEARANCE` from the paper's remaining ink
  and :data:`EDGE` from the page's edges. The LNCS position (:func:`standard_baseline`) is used
  when it is free, so papers made for LNCS look as they do in a Springer book; otherwise the
  stamp goes above the paper's text (a head) or below it (a footer, a citation line), as close
  to where it would be in LNCS, or to the paper's own head or number it replaces, as the ink
  allows. A head with no room at the top goes to the foot, and the reverse.
* **No room at all.** Then the page's content is shrunk about its centre, by 1% steps down to
  :data:`MIN_SHRINK`, until there is room: what a production editor does to a page whose text
  runs into the margin. Below that the page is refused, naming paper and page.
* **One size for the book** (``volume_size: lncs-trim``): each paper page is cropped to
  155 x 235 mm around its centre when its text (all its pages' ink) fits the LNCS proportions,
  and otherwise scaled, never distorted, by one factor for the whole paper, so that its text
  fits the trimmed page with room for the heads.

Coordinates are points in the page as displayed (:mod:`proceedings.pdfink`).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from proceedings.pdfink import PT_PER_MM, Band, Box, PageInk, Word, outer_bands

BLOCK = (122 * PT_PER_MM, 193 * PT_PER_MM)
"""The LNCS text block."""
TRIM = (155 * PT_PER_MM, 235 * PT_PER_MM)
"""The printed LNCS book page."""
HEAD_RAISE = 16.0
"""A head's baseline above the LNCS block's top (pt)."""
FOOT_DROP = 30.0
"""A footer's baseline below the block's bottom (pt, LaTeX's ``\\footskip``)."""
CITATION_DROP = {"lncs": 22.0, "footer": 38.0}
"""The top of a citation paragraph below the block: where a footer would be, or under it."""
LINE_HEIGHT = 12.0
"""A head or footer stamp page is 12 pt high, with its baseline :data:`BASELINE` above its
bottom edge. Its ink is taken as the whole page (the Form XObject's BBox clips anything
outside it): :data:`ASCENT` above the baseline and :data:`DESCENT` below, which holds the
accents of capitals (Å reaches 8.7 pt) and the descenders."""
BASELINE = 3.0
ASCENT = LINE_HEIGHT - BASELINE
DESCENT = BASELINE
CLEARANCE = 2 * PT_PER_MM
"""A stamp keeps 2 mm from the paper's ink (the issue's test asks 1.5 mm of the result)."""
EDGE = 6 * PT_PER_MM
"""A stamp keeps 6 mm from the page's edges: inside what a printer can print and trim."""
HEAD_GAP = 4 * PT_PER_MM
"""Between a head we place and the text under it, as in LNCS (about 3.5 mm there)."""
MIN_SHRINK = 0.9
"""A page's content is shrunk at most to 90% to make room (LNCS 10 pt text stays above 9 pt);
beyond that it is refused."""
CITATION_ESTIMATE = 22.0
"""A citation paragraph's height before it is typeset (two lines of 8 pt), for the checks."""
MIN_SCALE = 0.5
"""Pages under half the LNCS trim (stamps under 4.5 pt) are left unstamped."""
TRIM_TEXT = (136 * PT_PER_MM, 190 * PT_PER_MM)
"""The most a scaled paper's text takes of the trimmed page: 9.5 mm side margins, 22.5 mm
above and below for a head, or a citation line and a footer."""
TRIM_CROP = (BLOCK[0] + 8 * PT_PER_MM, BLOCK[1] + 6 * PT_PER_MM)
"""A paper whose text fits this, centred on its page, is only cropped: the LNCS block and a
little more (glyphs and figures may stick out of the block a little)."""
_NUMBER = re.compile(r"\d{1,4}")

Where = Literal["head", "foot"]


@dataclass(frozen=True)
class Furniture:
    """What of a page is the paper's own page number or running head: the words to mask."""

    number: tuple[Word, ...] = ()
    head: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Transform:
    """How a paper's pages are put on the volume's pages: scaled by ``scale`` and moved by
    ``(dx, dy)``, in displayed coordinates, onto a page ``size`` (pt); ``crop``: only cut."""

    scale: float
    dx: float
    dy: float
    size: tuple[float, float]
    crop: bool = True

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (x * self.scale + self.dx, y * self.scale + self.dy)

    def box(self, box: Box) -> Box:
        x0, y0 = self.point(box[0], box[1])
        x1, y1 = self.point(box[2], box[3])
        return (x0, y0, x1, y1)


@dataclass(frozen=True)
class Line:
    """A head or footer line: its stamp page's lower-left corner (x, baseline - BASELINE * s)
    is placed at (``x``, ``y``), scaled by ``scale``; ``where`` it ended up."""

    x: float
    y: float
    scale: float
    where: Where

    @property
    def baseline(self) -> float:
        return self.y + BASELINE * self.scale

    def ink(self, width: float) -> Box:
        """The box the line's ink may take (the whole stamp width: a head runs across)."""
        b = self.baseline
        return (
            self.x,
            b - DESCENT * self.scale,
            self.x + width * self.scale,
            b + ASCENT * self.scale,
        )


@dataclass(frozen=True)
class Citation:
    """A citation paragraph: its stamp page's top-left corner at (``x``, ``top``)."""

    x: float
    top: float
    scale: float
    height: float

    def ink(self, width: float) -> Box:
        return (self.x, self.top - self.height * self.scale, self.x + width * self.scale, self.top)


@dataclass(frozen=True)
class PagePlan:
    """What happens to one page of a paper, in the output page's displayed coordinates.

    ``shrink`` < 1 scales the page's content about the output page's centre; ``masks`` are
    white boxes over the paper's own furniture, in the source page's displayed coordinates
    (they move with its content); ``line`` and ``citation`` are where the stamps go (None: not
    stamped, or no room: see ``problem``).
    """

    shrink: float = 1.0
    masks: tuple[Box, ...] = ()
    line: Line | None = None
    citation: Citation | None = None
    problem: str | None = None  # "small", "no-room", or "no-citation" (stamped without it)
    replaced: tuple[str, ...] = ()  # "number", "head": what of the paper's own was replaced


@dataclass(frozen=True)
class PaperPlan:
    """Every page's plan, the paper's transform onto the volume's pages (None: as they are)
    and the pages whose own numbers are replaced."""

    pages: tuple[PagePlan, ...]
    transform: Transform | None = None
    numbered: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class Wants:
    """What a paper's pages carry, by page index: a line stamp (head or foot) and where it
    prefers to go, and the citation paragraph's height on the pages that have one."""

    lines: tuple[Where | None, ...]
    citation: float | None  # the height of the first page's citation paragraph (None: none)
    style: str  # "lncs" or "footer"
    width: float  # the stamp pages' width (pt, before scaling)
    heads: bool  # whether the paper's own running heads are replaced (LNCS heads)
    trim: bool  # volume_size: lncs-trim


# --------------------------------------------------------------------------------------------
# the paper's own page numbers and running heads


def find_furniture(pages: Sequence[PageInk | None]) -> tuple[Furniture, ...]:
    """The paper's own page numbers and running heads on each page (see the module).

    A number counts only when it stands apart in its band (a footnote mark runs into its
    text); with two or more pages to compare, two must agree, and a paper of two pages may
    show its number on one page only (LNCS leaves the first bare).
    """
    candidates: list[list[Word]] = [[] for _ in pages]
    offsets: Counter[int] = Counter()
    for index, page in enumerate(pages):
        if page is None:
            continue
        seen = set()
        for word in page.words:
            if _NUMBER.fullmatch(word.text) and _apart(page, word):
                candidates[index].append(word)
                seen.add(int(word.text) - index)
        offsets.update(seen)
    offset, count = offsets.most_common(1)[0] if offsets else (0, 0)
    numbered = count >= 2 or (count == 1 and len(pages) <= 2 and len(offsets) == 1)
    numbers = [
        tuple(w for w in found if numbered and int(w.text) - index == offset)
        for index, found in enumerate(candidates)
    ]
    texts = [
        _head_text(page, numbers[index]) if page is not None and index > 0 else ""
        for index, page in enumerate(pages)
    ]
    heads = Counter(text for text in texts if text)
    later = sum(1 for page in pages[1:] if page is not None)
    repeated = {text for text, n in heads.items() if n >= 2 and n * 3 >= later}
    found = []
    for index, page in enumerate(pages):
        if page is None:
            found.append(Furniture())
            continue
        head: tuple[Word, ...] = ()
        # A head: text repeated at the top, or the text beside a page number at the top.
        beside = any(_in_band(page.top[0], w) for w in numbers[index]) if page.top else False
        if texts[index] and (texts[index] in repeated or beside):
            head = tuple(w for w in _top_words(page) if w not in numbers[index])
        found.append(Furniture(numbers[index], head))
    return tuple(found)


def _in_band(band: Band, word: Word) -> bool:
    return band.y0 - 1 <= (word.box[1] + word.box[3]) / 2 <= band.y1 + 1


def _separate(page: PageInk, band: Band) -> bool:
    """Whether an outermost band stands apart from the text (:func:`.pdfink.outer_bands`)."""
    return any(band is other for other in outer_bands(page.top, page.bottom))


def _apart(page: PageInk, word: Word) -> bool:
    """Whether a word lies alone in its span of the top or bottom band, and that band stands
    apart from the text."""
    for band in (*page.top[:1], *page.bottom[:1]):
        if not _in_band(band, word) or not _separate(page, band):
            continue
        for a, b in band.spans:
            # The span the word is drawn in (its box, with side bearings, may stick out).
            if word.box[0] < b and word.box[2] > a:
                inside = [
                    w for w in page.words if _in_band(band, w) and w.box[0] < b and w.box[2] > a
                ]
                return inside == [word]
    return False


def _top_words(page: PageInk) -> list[Word]:
    """The words of the top band, if it stands apart (where a running head would be)."""
    if not page.top or len(page.top) + len(page.bottom) < 2 or not _separate(page, page.top[0]):
        return []
    band = page.top[0]
    return [w for w in page.words if band.y0 - 1 <= (w.box[1] + w.box[3]) / 2 <= band.y1 + 1]


def _head_text(page: PageInk, numbers: Sequence[Word]) -> str:
    """The text of the top band without its page numbers (digits alone don't make a head)."""
    words = [w.text for w in _top_words(page) if w not in numbers and not _NUMBER.fullmatch(w.text)]
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# masks


def _masks(page: PageInk, words: Sequence[Word]) -> tuple[Box, ...] | None:
    """White boxes over ``words``, one per band they sit in; None when a box would cover any
    other ink (another word, or a band it does not own)."""
    if not words:
        return ()
    pad = 0.8
    boxes: list[Box] = []
    for band in (*page.top[:1], *page.bottom[:1]):
        mine = [w for w in words if band.y0 - 1 <= (w.box[1] + w.box[3]) / 2 <= band.y1 + 1]
        if not mine:
            continue
        # One box per run of neighbouring words (a head's words, a number apart from them).
        mine.sort(key=lambda w: w.box[0])
        groups: list[list[Word]] = [[mine[0]]]
        for word in mine[1:]:
            if word.box[0] - groups[-1][-1].box[2] < 3 * PT_PER_MM:
                groups[-1].append(word)
            else:
                groups.append([word])
        for group in groups:
            box = (
                min(w.box[0] for w in group) - pad,
                min(min(w.box[1] for w in group), band.y0) - pad,
                max(w.box[2] for w in group) + pad,
                max(max(w.box[3] for w in group), band.y1) + pad,
            )
            others = [w for w in page.words if w not in words]
            if any(_meets(box, w.box) for w in others):
                return None
            # The box may not reach another band, nor ink of its own band that no word
            # explains (a rule, a logo).
            for other in (*page.top, *page.bottom):
                if (
                    other != band
                    and other.y1 > box[1]
                    and other.y0 < box[3]
                    and any(a < box[2] and b > box[0] for a, b in other.spans)
                ):
                    return None
            boxes.append(box)
    return tuple(boxes)


def _meets(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _unmasked(page: PageInk, masks: Sequence[Box]) -> PageInk:
    """The page's ink with the masked parts taken out of its bands."""
    if not masks:
        return page

    def cut(band: Band) -> Band | None:
        spans = list(band.spans)
        for box in masks:
            if box[1] <= band.y0 + 1 and box[3] >= band.y1 - 1:
                spans = [
                    piece
                    for a, b in spans
                    for piece in ((a, min(b, box[0])), (max(a, box[2]), b))
                    if piece[1] - piece[0] > 0.75
                ]
        return Band(band.y0, band.y1, tuple(spans)) if spans else None

    top = tuple(b for b in (cut(band) for band in page.top) if b is not None)
    bottom = tuple(b for b in (cut(band) for band in page.bottom) if b is not None)
    return replace(page, top=top, bottom=bottom, words=())


# --------------------------------------------------------------------------------------------
# the standard (LNCS) positions


def block_of(size: tuple[float, float], scale: float) -> Box:
    """The (scaled) LNCS text block centred on a page of ``size``."""
    w, h = size
    bw, bh = BLOCK[0] * scale, BLOCK[1] * scale
    return ((w - bw) / 2, (h - bh) / 2, (w + bw) / 2, (h + bh) / 2)


def scale_of(size: tuple[float, float]) -> float:
    """1 on pages at least as large as the LNCS trim; smaller pages scale the geometry."""
    return min(1.0, size[0] / TRIM[0], size[1] / TRIM[1])


def standard_line(size: tuple[float, float], where: Where, x: float | None = None) -> Line:
    """Where LNCS puts a head (``head``) or a footer (``foot``) on a page of ``size`` (at
    ``x``, if given, instead of the block's left edge)."""
    s = scale_of(size)
    x0, y0, _, y1 = block_of(size, s)
    y = y1 + (HEAD_RAISE - BASELINE) * s if where == "head" else y0 - (FOOT_DROP + BASELINE) * s
    return Line(x0 if x is None else x, y, s, where)


def standard_citation(
    size: tuple[float, float], style: str, height: float, x: float | None = None
) -> Citation:
    """Where the LNCS geometry puts a citation paragraph of ``height``."""
    s = scale_of(size)
    x0, y0, _, _ = block_of(size, s)
    return Citation(x0 if x is None else x, y0 - CITATION_DROP[style] * s, s, height)


# --------------------------------------------------------------------------------------------
# room


@dataclass(frozen=True)
class _Ink:
    """A page's remaining ink as obstacles: (y0, y1, spans); the unmeasured middle is solid."""

    obstacles: tuple[tuple[float, float, tuple[tuple[float, float], ...]], ...]
    size: tuple[float, float]

    @property
    def edge(self) -> float:
        """:data:`EDGE`, scaled down with a page smaller than the LNCS trim, like the stamps."""
        return EDGE * scale_of(self.size)

    @classmethod
    def of(cls, page: PageInk, size: tuple[float, float], t: Transform | None) -> _Ink:
        def moved(
            y0: float, y1: float, spans: Sequence[tuple[float, float]]
        ) -> tuple[float, float, tuple[tuple[float, float], ...]]:
            if t is None:
                return (y0, y1, tuple(spans))
            a = t.point(0, y0)[1]
            b = t.point(0, y1)[1]
            return (a, b, tuple((t.point(x0, 0)[0], t.point(x1, 0)[0]) for x0, x1 in spans))

        found = [moved(b.y0, b.y1, b.spans) for b in (*page.top, *page.bottom)]
        if page.box is not None and len(page.top) >= 1 and len(page.bottom) >= 1:
            # Between the bands kept from each edge lies ink that was not kept: solid.
            low, high = page.bottom[-1].y1, page.top[-1].y0
            if high > low:
                found.append(moved(low, high, [(page.box[0], page.box[2])]))
        return cls(tuple(found), size)

    def shrunk(self, factor: float) -> _Ink:
        if factor == 1.0:
            return self
        cx, cy = self.size[0] / 2, self.size[1] / 2

        def at(v: float, c: float) -> float:
            return c + (v - c) * factor

        return _Ink(
            tuple(
                (at(y0, cy), at(y1, cy), tuple((at(a, cx), at(b, cx)) for a, b in spans))
                for y0, y1, spans in self.obstacles
            ),
            self.size,
        )

    def plus(self, box: Box) -> _Ink:
        return _Ink((*self.obstacles, (box[1], box[3], ((box[0], box[2]),))), self.size)

    def limits(self, x0: float, x1: float) -> tuple[float | None, float | None]:
        """The highest and the lowest ink within [x0, x1] widened by the clearance."""
        top = bottom = None
        for y0, y1, spans in self.obstacles:
            if any(a < x1 + CLEARANCE and b > x0 - CLEARANCE for a, b in spans):
                top = y1 if top is None else max(top, y1)
                bottom = y0 if bottom is None else min(bottom, y0)
        return top, bottom

    def clear(self, box: Box) -> bool:
        """Whether ``box`` keeps the clearance from all ink and the edge from the page's edges."""
        x0, y0, x1, y1 = box
        w, h = self.size
        if y0 < self.edge - 0.01 or y1 > h - self.edge + 0.01 or x0 < 0 or x1 > w:
            return False
        return not any(
            a0 < y1 + CLEARANCE
            and a1 > y0 - CLEARANCE
            and any(a < x1 + CLEARANCE and b > x0 - CLEARANCE for a, b in spans)
            for a0, a1, spans in self.obstacles
        )


def _room(ink: _Ink, where: Where, x: float, s: float, width: float) -> tuple[float, float]:
    """The baselines a line stamp at ``x`` may take: above all ink under it (``head``) or
    below all ink above it (``foot``), never between lines of the paper's text."""
    h = ink.size[1]
    top, bottom = ink.limits(x, x + width * s)
    asc, desc = ASCENT * s, DESCENT * s
    if where == "head":
        low = (top if top is not None else ink.edge) + CLEARANCE + desc
        high = h - ink.edge - asc
    else:
        low = ink.edge + desc
        high = (bottom if bottom is not None else h - ink.edge) - CLEARANCE - asc
    return low, high


def _place_line(
    ink: _Ink, where: Where, x: float, s: float, width: float, prefer: float | None
) -> Line | None:
    """A line stamp above all ink (``head``) or below it (``foot``) in [x, x + width], as
    near the preferred baseline as there is room; None if there is none."""
    low, high = _room(ink, where, x, s, width)
    if high < low:
        return None
    if prefer is None:
        prefer = low if where == "head" else high
    baseline = min(max(prefer, low), high)
    return Line(x, baseline - BASELINE * s, s, where)


def _place_citation(ink: _Ink, x: float, s: float, width: float, height: float) -> Citation | None:
    """A citation paragraph below all ink in [x, x + width], as high as the clearance lets."""
    _, bottom = ink.limits(x, x + width * s)
    top = (bottom if bottom is not None else ink.size[1] - ink.edge) - CLEARANCE
    if top - height * s < ink.edge:
        return None
    return Citation(x, top, s, height)


@dataclass(frozen=True)
class _Paper:
    """What a paper's pages of its usual ``size`` share: the stamps' x (by side) and
    preferred baselines. Pages of another size (a landscape table) use the LNCS geometry."""

    size: tuple[float, float]
    x: dict[str, float]
    prefer: dict[str, float | None]

    def on(self, size: tuple[float, float], width: float) -> _Paper:
        """The same for a page of ``size``; the x kept on the page."""
        if abs(size[0] - self.size[0]) > 1 or abs(size[1] - self.size[1]) > 1:
            x0 = block_of(size, scale_of(size))[0]
            return _Paper(size, {"left": x0, "right": x0}, {"head": None, "foot": None})
        limit = max(0.0, size[0] - width * scale_of(size))
        x = {side: min(max(v, 0.0), limit) for side, v in self.x.items()}
        return _Paper(size, x, self.prefer)


def plan_paper(
    pages: Sequence[PageInk | None],
    sizes: Sequence[tuple[float, float]],
    wants: Wants,
    sides: Sequence[str],
) -> PaperPlan:
    """Every page's plan (see the module docstring).

    ``pages`` are the measured pages (None: unmeasured, as the LNCS geometry says), ``sizes``
    the pages' displayed sizes as the PDF stage sees them, ``sides`` each page's number side
    (``left`` on versos, ``right`` on rectos).
    """
    furniture = find_furniture(pages)
    transform = _trim_transform(pages, sizes, furniture) if wants.trim else None
    outs = [transform.size if transform else size for size in sizes]
    plans = []
    masked_pages = []
    clean: list[PageInk | None] = []
    all_masks: list[tuple[Box, ...]] = []
    replaced: list[tuple[str, ...]] = []
    for index, page in enumerate(pages):
        if page is None:
            clean.append(None)
            all_masks.append(())
            replaced.append(())
            continue
        own = furniture[index]
        words = list(own.number) + (list(own.head) if wants.heads else [])
        masks = _masks(page, words)
        what: tuple[str, ...] = ()
        if masks is None:  # masking would cover other ink: keep it all
            masks = ()
        elif masks:
            what = tuple(k for k, w in (("number", own.number), ("head", own.head)) if w)
            if not wants.heads:
                what = tuple(k for k in what if k == "number")
            if own.number:
                masked_pages.append(index)
        clean.append(_unmasked(page, masks))
        all_masks.append(masks)
        replaced.append(what)
    common = _common(clean, outs, furniture, wants, transform)
    for index, page in enumerate(clean):
        plans.append(
            _plan_page(
                page,
                outs[index],
                wants,
                index,
                sides[index],
                common,
                transform,
                all_masks[index],
                replaced[index],
            )
        )
    return PaperPlan(tuple(plans), transform, tuple(masked_pages))


def _common(
    pages: Sequence[PageInk | None],
    sizes: Sequence[tuple[float, float]],
    furniture: Sequence[Furniture],
    wants: Wants,
    t: Transform | None,
) -> _Paper:
    """The paper's stamp x positions and preferred baselines, from its typical page."""
    measured = [(p, s) for p, s in zip(pages, sizes, strict=True) if p is not None and p.box]
    size = statistics.mode(sizes) if sizes else (595.0, 842.0)
    scale = scale_of(size)
    block = block_of(size, scale)
    width = wants.width * scale
    x = {"left": block[0], "right": block[0]}
    if measured:
        boxes = [t.box(p.box) if t else p.box for p, _ in measured if p.box is not None]
        left = statistics.median(b[0] for b in boxes)
        right = statistics.median(b[2] for b in boxes)
        lncs = abs(left - block[0]) < 4 * PT_PER_MM and abs(right - block[2]) < 4 * PT_PER_MM
        if not lncs:
            x = {"left": left, "right": right - width}
    prefer: dict[str, float | None] = {"head": None, "foot": None}
    # The paper's own heads and numbers: their baseline is where ours go.
    own_head = [w.box[1] for f in furniture for w in (*f.head, *f.number) if _is_top(w, pages)]
    own_foot = [w.box[1] for f in furniture for w in f.number if not _is_top(w, pages)]
    if own_head:
        prefer["head"] = _moved(statistics.median(own_head), t)
    if own_foot:
        prefer["foot"] = _moved(statistics.median(own_foot), t)
    if measured:
        tops = [_Ink.of(p, s, t).limits(x["left"], x["left"] + width)[0] for p, s in measured]
        bottoms = [_Ink.of(p, s, t).limits(x["left"], x["left"] + width)[1] for p, s in measured]
        typical_top = (
            statistics.median(v for v in tops if v is not None)
            if any(v is not None for v in tops)
            else None
        )
        typical_bottom = (
            statistics.median(v for v in bottoms if v is not None)
            if any(v is not None for v in bottoms)
            else None
        )
        head = standard_line(size, "head").baseline
        foot = standard_line(size, "foot").baseline
        if prefer["head"] is None and typical_top is not None:
            prefer["head"] = max(head, typical_top + HEAD_GAP + DESCENT * scale)
        if prefer["foot"] is None and typical_bottom is not None:
            prefer["foot"] = min(foot, typical_bottom - HEAD_GAP - ASCENT * scale)
    return _Paper(size, x, prefer)


def _moved(y: float, t: Transform | None) -> float:
    return y if t is None else t.point(0, y)[1]


def _is_top(word: Word, pages: Sequence[PageInk | None]) -> bool:
    return any(
        p is not None
        and p.top
        and p.top[0].y0 - 1 <= (word.box[1] + word.box[3]) / 2 <= p.top[0].y1 + 1
        for p in pages
    )


def _plan_page(
    page: PageInk | None,
    size: tuple[float, float],
    wants: Wants,
    index: int,
    side: str,
    common: _Paper,
    t: Transform | None,
    masks: tuple[Box, ...],
    replaced: tuple[str, ...],
) -> PagePlan:
    where = wants.lines[index]
    citation = wants.citation if index == 0 else None
    s = scale_of(size)
    if s < MIN_SCALE:
        return PagePlan(problem="small")
    if page is None:  # unmeasured: as the LNCS geometry says
        line = standard_line(size, where) if where else None
        cite = standard_citation(size, wants.style, citation) if citation is not None else None
        return PagePlan(line=line, citation=cite, replaced=replaced)
    base = _Ink.of(page, size, t)
    common = common.on(size, wants.width)
    # The page number comes first: a page with room for it but not for the citation too keeps
    # its number and goes without the citation (noted), rather than being refused.
    for cited in (citation, None) if citation is not None else (None,):
        factor = 1.0
        while factor >= MIN_SHRINK - 1e-9:
            ink = base.shrunk(factor)
            ask = _Ask(size, s, wants, common, where, side, cited)
            placed = _try(ink, ask, factor == 1.0)
            if placed is not None:
                line, cite = placed
                problem = "no-citation" if citation is not None and cited is None else None
                return PagePlan(factor, masks, line, cite, problem=problem, replaced=replaced)
            factor = round(factor - 0.01, 2)
    return PagePlan(1.0, masks, None, None, problem="no-room", replaced=replaced)


@dataclass(frozen=True)
class _Ask:
    """What one page asks for: its size and scale, the paper's wants and shared positions,
    its line stamp (if any) and side, and its citation's height (if any)."""

    size: tuple[float, float]
    scale: float
    wants: Wants
    common: _Paper
    where: Where | None
    side: str
    citation: float | None


def _try(ink: _Ink, ask: _Ask, standard: bool) -> tuple[Line | None, Citation | None] | None:
    """The stamps of one page on ``ink``, or None if one has no room.

    First the LNCS positions (a footer, and a citation under it), when all of them are free;
    otherwise the citation paragraph goes right under the text and a footer line under it,
    at the foot of the page, as in a book.
    """
    s, wants, common, where, side, citation = (
        ask.scale, ask.wants, ask.common, ask.where, ask.side, ask.citation
    )  # fmt: skip
    if standard:
        fixed = _standard(ink, ask)
        if fixed is not None:
            return fixed
    cite = None
    if citation is not None:
        cite = _place_citation(ink, common.x["left"], s, wants.width, citation)
        if cite is None or not ink.clear(cite.ink(wants.width)):
            return None
        ink = ink.plus(cite.ink(wants.width))
    line = None
    if where is not None:
        other: Where = "foot" if where == "head" else "head"
        x = common.x[side]
        candidates = [
            _place_line(ink, where, x, s, wants.width, common.prefer[where]),
            _place_line(ink, other, x, s, wants.width, common.prefer[other]),
        ]
        line = next(
            (c for c in candidates if c is not None and ink.clear(c.ink(wants.width))), None
        )
        if line is None:
            return None
    return line, cite


def _standard(ink: _Ink, ask: _Ask) -> tuple[Line | None, Citation | None] | None:
    """The page's stamps where LNCS puts them, if every one is free there."""
    size, s, wants, common, where, side, citation = (
        ask.size, ask.scale, ask.wants, ask.common, ask.where, ask.side, ask.citation
    )  # fmt: skip
    line = None
    if where is not None:
        line = standard_line(size, where, common.x[side])
        low, high = _room(ink, where, line.x, s, wants.width)
        if not (low <= line.baseline <= high and ink.clear(line.ink(wants.width))):
            return None
    cite = None
    if citation is not None:
        cite = standard_citation(size, wants.style, citation, common.x["left"])
        _, bottom = ink.limits(cite.x, cite.x + wants.width * s)
        if bottom is not None and cite.top > bottom - CLEARANCE:
            return None
        if not ink.clear(cite.ink(wants.width)):
            return None
        if line is not None and _meets(line.ink(wants.width), cite.ink(wants.width)):
            return None
    return line, cite


# --------------------------------------------------------------------------------------------
# one size for the book


def _trim_transform(
    pages: Sequence[PageInk | None],
    sizes: Sequence[tuple[float, float]],
    furniture: Sequence[Furniture],
) -> Transform:
    """Crop around the page centre when the paper's text fits the trim there; otherwise scale
    the text (one factor for the paper) into :data:`TRIM_TEXT`, centred on the trimmed page."""
    boxes = []
    for page, own in zip(pages, furniture, strict=True):
        if page is None or page.box is None:
            continue
        masked = _unmasked(page, _masks(page, [*own.number, *own.head]) or ())
        boxes.append(_body_box(masked))
    size = statistics.mode(sizes) if sizes else TRIM
    cx, cy = size[0] / 2, size[1] / 2
    if not boxes:
        return Transform(1.0, TRIM[0] / 2 - cx, TRIM[1] / 2 - cy, TRIM)
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y1 = max(b[3] for b in boxes)
    fits_centred = (
        max(cx - x0, x1 - cx) <= TRIM_CROP[0] / 2 and max(cy - y0, y1 - cy) <= TRIM_CROP[1] / 2
    )
    if fits_centred and size[0] >= TRIM[0] and size[1] >= TRIM[1]:
        return Transform(1.0, TRIM[0] / 2 - cx, TRIM[1] / 2 - cy, TRIM)
    scale = min(1.0, TRIM_TEXT[0] / (x1 - x0), TRIM_TEXT[1] / (y1 - y0))
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    return Transform(scale, TRIM[0] / 2 - mx * scale, TRIM[1] / 2 - my * scale, TRIM, crop=False)


def _body_box(page: PageInk) -> Box:
    """The box of a page's ink that remains (after masks)."""
    assert page.box is not None
    bands = [*page.top, *page.bottom]
    if not bands:
        return page.box
    ys = [b.y0 for b in bands] + [b.y1 for b in bands]
    xs = [x for b in bands for span in b.spans for x in span]
    inner_low, inner_high = (
        page.bottom[-1].y1 if page.bottom else 0,
        page.top[-1].y0 if page.top else 0,
    )
    if inner_high > inner_low:  # the unmeasured middle counts as the box's width
        xs += [page.box[0], page.box[2]]
    return (min(xs), min(ys), max(xs), max(ys))


def page_ranges(numbers: Sequence[int]) -> str:
    """``2, 3, 4, 7`` -> ``2-4, 7``: pages named in messages."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
