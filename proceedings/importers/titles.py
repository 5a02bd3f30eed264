"""Finding a paper's PDF by the title on its first page.

Sources name their PDFs loosely or not at all; what a camera-ready PDF always shows is the
paper's title near the top of its first page. :func:`title_score` says how well a page shows a
title and :func:`match_by_title` pairs papers with PDFs by it, refusing to guess between two
equally good candidates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

from proceedings.names import fold

__all__ = ["TITLE_RATIO", "match_by_title", "title_score"]

# A first-page passage this similar to a title (after folding) counts as that title; the same
# threshold as the pdf.title-mismatch check.
TITLE_RATIO = 0.85
_TITLE_LINES = 20
_TITLE_RUN = 4  # titles are set on one to four lines


def _normal(text: str) -> str:
    """Folded case and accents, punctuation as spaces, single spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def _runs(lines: Sequence[str]) -> list[str]:
    """The normalised texts of every run of one to four consecutive lines near the page top."""
    head = list(lines[:_TITLE_LINES])
    runs = []
    for start in range(len(head)):
        for length in range(1, _TITLE_RUN + 1):
            if start + length > len(head):
                break
            joined = " ".join(head[start : start + length])
            runs.append(_normal(re.sub(r"(\w)- (\w)", r"\1\2", joined)))
    return runs


def _best_ratio(want: str, runs: Sequence[str], floor: float = 0.0) -> float:
    """The best similarity of ``want`` to one of ``runs`` (the share of characters the two
    have in common, in order: 1 - the normalised insertion/deletion distance); scores below
    ``floor`` may be 0."""
    if not want:
        return 0.0
    best = process.extractOne(want, runs, scorer=fuzz.ratio, score_cutoff=floor * 100)
    return best[1] / 100 if best is not None else 0.0


def title_score(title: str, lines: Sequence[str]) -> float:
    """How well the first page's ``lines`` show ``title``: 1.0 for the title itself, else less.

    The title is compared with every run of one to four consecutive lines near the top of the
    page, after folding case, accents and punctuation and mending words hyphenated across
    lines. A run must match the whole title, not merely contain it: a short title such as
    ``Machine Learning for Health 2023`` would otherwise be found in every paper's running head.
    """
    return _best_ratio(_normal(title), _runs(lines))


def match_by_title(
    titles: Mapping[str, str], first_pages: Mapping[Path, Sequence[str]]
) -> dict[str, Path]:
    """Pair papers (id -> title) with PDFs (path -> first-page lines) by the title on the page.

    Pairs are taken best first; a pair counts only when its score reaches :data:`TITLE_RATIO`
    and the PDF does not show another unpaired paper's title just as well (a tie leaves both
    unpaired rather than guessing).
    """
    runs = {path: _runs(lines) for path, lines in first_pages.items()}
    scored: list[tuple[float, str, Path]] = []
    for paper_id, title in titles.items():
        want = _normal(title)
        for path, texts in runs.items():
            score = _best_ratio(want, texts, floor=TITLE_RATIO)
            if score >= TITLE_RATIO:
                scored.append((score, paper_id, path))
    scored.sort(key=lambda item: (-item[0], item[1], str(item[2])))
    pairs: dict[str, Path] = {}
    used: set[Path] = set()
    for score, paper_id, path in scored:
        if paper_id in pairs or path in used:
            continue
        rivals = [
            s
            for s, other, p in scored
            if (p == path and other != paper_id and other not in pairs)
            or (other == paper_id and p != path and p not in used)
        ]
        if rivals and max(rivals) >= score - 0.005:
            continue
        pairs[paper_id] = path
        used.add(path)
    return pairs
