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
  and :data:`EDGE` from the page's edges. The LNCS position (:func:`standard_line`) is used
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

Coordinates are points in the page as displayed (:mod:`proceedings.pdfink`). The paper's
own furniture is found by :mod:`proceedings.furniture`; the LNCS positions and the constants
are :mod:`proceedings.lncs`.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from proceedings.furniture import Furniture, find_furniture, mask_boxes, meets, unmasked
from proceedings.lncs import (
    ASCENT,
    BASELINE,
    BLOCK,
    CLEARANCE,
    DESCENT,
    EDGE,
    HEAD_GAP,
    MIN_SCALE,
    MIN_SHRINK,
    TRIM,
    TRIM_CROP,
    TRIM_TEXT,
    Citation,
    Line,
    Transform,
    Where,
    block_of,
    scale_of,
    standard_citation,
    standard_line,
)
from proceedings.model import PdfOptions
from proceedings.pdfink import PT_PER_MM, Box, PageInk, Word


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
    """Every page's plan, the paper's transform onto the volume's pages (None: as they are),
    the pages whose own numbers are replaced, and the paper's own numbers as found on each
    page (which the read-back checks are covered)."""

    pages: tuple[PagePlan, ...]
    transform: Transform | None = None
    numbered: tuple[int, ...] = field(default=())
    numbers: tuple[tuple[Word, ...], ...] = field(default=())


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

    @classmethod
    def of(cls, options: PdfOptions, stamped: Sequence[bool], citation: float | None) -> Wants:
        """What the volume's ``pdf:`` options ask of a paper whose pages get a head or footer
        where ``stamped`` says, and a citation paragraph of that height on its first page."""
        where: Where = "foot" if options.stamp == "footer" else "head"
        return cls(
            lines=tuple(where if line else None for line in stamped),
            citation=citation,
            style=options.stamp,
            width=BLOCK[0],
            heads=options.stamp == "lncs" and options.running_heads,
            trim=options.volume_size == "lncs-trim",
        )


# --------------------------------------------------------------------------------------------
# room


@dataclass(frozen=True)
class _Ink:
    """A page's remaining ink as rectangles (:meth:`.PageInk.rects`), on a page of ``size``."""

    obstacles: tuple[Box, ...]
    size: tuple[float, float]

    @property
    def edge(self) -> float:
        """:data:`EDGE`, scaled down with a page smaller than the LNCS trim, like the stamps."""
        return EDGE * scale_of(self.size)

    @classmethod
    def of(cls, page: PageInk, size: tuple[float, float], t: Transform | None) -> _Ink:
        rects = page.rects()
        return cls(tuple(rects if t is None else (t.box(r) for r in rects)), size)

    def shrunk(self, factor: float) -> _Ink:
        if factor == 1.0:
            return self
        cx, cy = self.size[0] / 2, self.size[1] / 2

        def at(box: Box) -> Box:
            x0, y0, x1, y1 = box
            return (
                cx + (x0 - cx) * factor,
                cy + (y0 - cy) * factor,
                cx + (x1 - cx) * factor,
                cy + (y1 - cy) * factor,
            )

        return _Ink(tuple(at(box) for box in self.obstacles), self.size)

    def plus(self, box: Box) -> _Ink:
        return _Ink((*self.obstacles, box), self.size)

    def limits(self, x0: float, x1: float) -> tuple[float | None, float | None]:
        """The highest and the lowest ink within [x0, x1] widened by the clearance."""
        near = [
            (b0, b1)
            for a0, b0, a1, b1 in self.obstacles
            if a0 < x1 + CLEARANCE and a1 > x0 - CLEARANCE
        ]
        if not near:
            return None, None
        return max(b1 for _, b1 in near), min(b0 for b0, _ in near)

    def clear(self, box: Box) -> bool:
        """Whether ``box`` keeps the clearance from all ink and the edge from the page's edges."""
        x0, y0, x1, y1 = box
        w, h = self.size
        if y0 < self.edge - 0.01 or y1 > h - self.edge + 0.01 or x0 < 0 or x1 > w:
            return False
        return not any(
            b0 < y1 + CLEARANCE
            and b1 > y0 - CLEARANCE
            and a0 < x1 + CLEARANCE
            and a1 > x0 - CLEARANCE
            for a0, b0, a1, b1 in self.obstacles
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
    first: int,
) -> PaperPlan:
    """Every page's plan (see the module docstring).

    ``pages`` are the measured pages (None: unmeasured, as the LNCS geometry says), ``sizes``
    the pages' displayed sizes as the PDF stage sees them, ``first`` the paper's first page
    number (even numbers are versos: their number goes left).
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
        masks = mask_boxes(page, words)
        what: tuple[str, ...] = ()
        if masks is None:  # masking would cover other ink: keep it all
            masks = ()
        elif masks:
            what = tuple(k for k, w in (("number", own.number), ("head", own.head)) if w)
            if not wants.heads:
                what = tuple(k for k in what if k == "number")
            if own.number:
                masked_pages.append(index)
        clean.append(unmasked(page, masks))
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
                "left" if (first + index) % 2 == 0 else "right",
                common,
                transform,
                all_masks[index],
                replaced[index],
            )
        )
    numbers = tuple(own.number for own in furniture)
    return PaperPlan(tuple(plans), transform, tuple(masked_pages), numbers)


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
        if line is not None and meets(line.ink(wants.width), cite.ink(wants.width)):
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
        masked = unmasked(page, mask_boxes(page, [*own.number, *own.head]) or ())
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
    rects = page.rects()
    if not rects:
        return page.box
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )
