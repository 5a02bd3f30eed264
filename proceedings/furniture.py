"""A paper's own page numbers and running heads, found on its measured pages, and the white
boxes that cover them.

A page number of the paper's own is a number that stands alone in the top or bottom band of
ink, where that band stands apart from the text, and that grows by one page by page
(``n = page + d`` for one ``d`` on at least two pages; a paper of two pages may show it on one);
a running head is the same text at the top of two or more of the pages after the first, or the
text beside such a number. The boxes that cover them (:func:`mask_boxes`) are refused when one
would touch any other word or band: nothing but those words is ever covered.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from proceedings.pdfink import PT_PER_MM, Band, Box, PageInk, Word, outer_bands

_NUMBER = re.compile(r"\d{1,4}")


@dataclass(frozen=True)
class Furniture:
    """What of a page is the paper's own page number or running head: the words to mask."""

    number: tuple[Word, ...] = ()
    head: tuple[Word, ...] = ()


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


def mask_boxes(page: PageInk, words: Sequence[Word]) -> tuple[Box, ...] | None:
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
            if any(meets(box, w.box) for w in others):
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


def meets(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def unmasked(page: PageInk, masks: Sequence[Box]) -> PageInk:
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
