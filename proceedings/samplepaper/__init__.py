"""Typeset realistic fictional papers in the style of Springer LNCS camera-ready PDFs.

The demo volume and the tests need paper PDFs that look like what authors really upload (an A4
page with the llncs text block, Computer Modern type, a figure, a table, references) without
shipping anybody's real paper. This package generates such a paper from a little metadata and a
seed: the body prose is drawn deterministically from a phrase bank (:mod:`.prose`), laid out as
sections, floats and references (:mod:`.content`), and its amount is tuned here until the paper
has exactly the requested number of pages with a well-filled last page.

The layout lives in ``template.typ``; the data goes to it as JSON through ``sys.inputs``, so no
text is ever escaped by hand (inline math is converted by :mod:`proceedings.text.latexmath`).
Output is byte-reproducible: the document carries no date, and only typst's embedded fonts (plus a
CJK font, when a name needs one) are used.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import typst

from proceedings.fonts import Fonts, fonts_for
from proceedings.model import PaperInfo
from proceedings.samplepaper.content import Builder

__all__ = ["SamplePaper", "render_sample_paper"]

_TEMPLATE = Path(__file__).with_name("template.typ")

# Geometry of the template (llncs text block 122 x 193 mm centred on A4); used to turn the
# end marker's position into a fill ratio of the last page.
_MM = 72 / 25.4
_TOP_PT = 52 * _MM
_BLOCK_PT = 193 * _MM

# Where the last page should end, as a fraction of the text block: full but not cramped.
_FILL_TARGET = 0.86
_FILL_OK = (0.74, 0.97)


@dataclass(frozen=True)
class SamplePaper:
    """What the first page of a fictional paper shows, plus its length and prose seed."""

    title: str
    authors: tuple[tuple[str, tuple[int, ...]], ...]  # (display name, 1-based institute numbers)
    institutes: tuple[str, ...]
    abstract: str  # Markdown-ish: $...$ is LaTeX-style inline math, *italic*, **bold**
    keywords: tuple[str, ...]
    pages: int  # exact number of pages wanted
    seed: str  # deterministic source of the generated body text

    @classmethod
    def of(cls, paper: PaperInfo, *, pages: int, seed: str) -> SamplePaper:
        """The first page a paper's metadata describes; institutes numbered as they appear."""
        institutes: list[str] = []
        authors = []
        for person in paper.authors:
            for affiliation in person.affiliations:
                if affiliation.text not in institutes:
                    institutes.append(affiliation.text)
            numbers = tuple(institutes.index(a.text) + 1 for a in person.affiliations)
            authors.append((person.name.full, numbers))
        return cls(
            title=" ".join(paper.title.split()),
            authors=tuple(authors),
            institutes=tuple(institutes),
            abstract=" ".join(paper.abstract.split()),
            keywords=paper.keywords,
            pages=pages,
            seed=seed,
        )


def render_sample_paper(paper: SamplePaper) -> bytes:
    """Typeset the paper and return PDF bytes with exactly `paper.pages` pages.

    Raises ValueError when the fixed matter (title block, abstract, figures, references) alone
    needs more pages, and RuntimeError when a name needs a CJK font that is not installed.

    The body length is searched: each candidate is laid out (a typst query, no PDF export) and
    the position of an end marker tells how full the last page is, so a secant step usually
    lands within two or three layouts.
    """
    if paper.pages < 1:
        raise ValueError(f"pages must be at least 1, not {paper.pages}")
    for number, (name, insts) in enumerate(paper.authors, 1):
        bad = [i for i in insts if not 1 <= i <= len(paper.institutes)]
        if bad:
            raise ValueError(f"author {number} ({name}) refers to unknown institute(s) {bad}")
    names = [name for name, _ in paper.authors]
    text = " ".join([paper.title, paper.abstract, *paper.keywords, *paper.institutes, *names])
    fonts = fonts_for(text, "this paper")
    builder = Builder(paper, fonts.families)
    search = _Search(paper.pages, lambda amount: _measure(builder.data(amount), fonts))
    amount = search.run(builder.min_amount, builder.estimate())
    pdf = _compile(builder.data(amount), fonts)
    count = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    if count != paper.pages:  # the layout query and the export disagreed: never expected
        raise RuntimeError(f"typeset {count} pages instead of {paper.pages}")
    return pdf


# --------------------------------------------------------------------------------------------
# typst calls


def _inputs(data: dict[str, Any]) -> dict[str, str]:
    return {"data": json.dumps(data, ensure_ascii=False, sort_keys=True)}


def _measure(data: dict[str, Any], fonts: Fonts) -> tuple[int, float]:
    """Lay out a candidate; return (page count, fill) where fill counts pages, e.g. 6.8."""
    raw = typst.query(
        str(_TEMPLATE),
        "<samplepaper-end>",
        field="value",
        one=True,
        root=str(_TEMPLATE.parent),
        font_paths=list(fonts.paths),
        ignore_system_fonts=True,
        sys_inputs=_inputs(data),
    )
    end = json.loads(raw)
    fill = int(end["page"]) - 1 + (float(end["y"]) - _TOP_PT) / _BLOCK_PT
    return int(end["pages"]), fill


def _compile(data: dict[str, Any], fonts: Fonts) -> bytes:
    pdf = typst.compile(
        str(_TEMPLATE),
        format="pdf",
        root=str(_TEMPLATE.parent),
        font_paths=list(fonts.paths),
        ignore_system_fonts=True,
        sys_inputs=_inputs(data),
        pdf_tags=False,  # tags nearly double the size; pdflatex's papers are untagged too
    )
    assert isinstance(pdf, bytes)
    return pdf


class _Search:
    """Find a body length whose layout has exactly `pages` pages and a well-filled last page."""

    def __init__(self, pages: int, measure: Callable[[int], tuple[int, float]]) -> None:
        self.pages = pages
        self.measure = measure
        self.seen: dict[int, tuple[int, float]] = {}

    def _at(self, amount: int) -> tuple[int, float]:
        if amount not in self.seen:
            self.seen[amount] = self.measure(amount)
        return self.seen[amount]

    def _good(self, amount: int) -> bool:
        count, fill = self._at(amount)
        last = fill - (self.pages - 1)
        return count == self.pages and _FILL_OK[0] <= last <= _FILL_OK[1]

    def run(self, low: int, guess: int) -> int:
        target = self.pages - 1 + _FILL_TARGET
        # Secant steps on the fill, which grows almost linearly with the amount of text; the
        # first step assumes about 22 sentences a page (text, floats and all).
        a, fa = -1, 0.0
        b = max(guess, low)
        for _ in range(8):
            count, fb = self._at(b)
            if self._good(b):
                return b
            if b == low and count > self.pages:
                raise ValueError(f"the title, abstract and references alone need {count} pages")
            slope = (fb - fa) / (b - a) if a >= 0 and b != a and fb != fa else 1 / 22
            slope = min(max(slope, 1 / 200), 1 / 5)
            nxt = max(low, round(b + (target - fb) / slope))
            if nxt in self.seen:
                break
            a, fa, b = b, fb, nxt
        return self._fallback(low)

    def _fallback(self, low: int) -> int:
        """Bisect for the longest body that still has exactly `pages` pages."""
        count = self._at(low)[0]
        if count > self.pages:
            raise ValueError(f"the title, abstract and references alone need {count} pages")
        fits = [n for n, (count, _) in self.seen.items() if count <= self.pages]
        over = [n for n, (count, _) in self.seen.items() if count > self.pages]
        lo = max(fits, default=low)
        hi = min((n for n in over if n > lo), default=None)
        if hi is None:
            hi = lo + 64
            while self._at(hi)[0] <= self.pages:
                lo, hi = hi, hi * 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self._at(mid)[0] <= self.pages:
                lo = mid
            else:
                hi = mid
        if self._at(lo)[0] != self.pages:
            raise ValueError(f"no body length gives exactly {self.pages} pages")
        return lo
