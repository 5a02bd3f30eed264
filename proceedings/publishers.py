"""What publishers' own schemes say of a volume: which contributions are a Springer book's
chapters, the DOI Springer will give each of them, and the rules a Springer package needs.

Shared by the Springer check (:mod:`proceedings.checks.springer`) and the Springer package
(:mod:`proceedings.packages.springer`), which must agree on the chapters and their numbers.
"""

from __future__ import annotations

import re

from proceedings.model import Paper, Volume

SPRINGER_DOI_PREFIX = "10.1007"
SPRINGER_RULES = frozenset(
    {
        "springer.no-sources",
        "springer.no-licence-form",
        "agreement.missing",
        "springer.no-corresponding",
        "springer.abstract-length",
        "pdf.page-limit",
    }
)
"""The check codes of what a Springer package needs (:mod:`proceedings.checks.springer`, and
the tracks' page limits, the signed form named but missing): warnings for ``check``, errors for
``package springer``."""
_HYPHENATED_ISBN = re.compile(r"^97[89]-\d{1,5}-\d{1,7}-\d{1,6}-[\dX]$")


def springer_chapters(volume: Volume) -> tuple[Paper, ...]:
    """The contributions that are chapters of a Springer book, in volume order: every archival
    one but the preface and other front-matter items, which Springer sets in the front matter
    (its Roman pages), outside the numbered chapters. Invited papers are chapters."""
    return tuple(p for p in volume.archival_papers if p.info.kind not in ("preface", "frontmatter"))


def expected_springer_dois(volume: Volume) -> dict[str, str]:
    """The DOI Springer gives each chapter, by paper id: ``10.1007/<eBook ISBN>_<chapter>``
    (``10.1007/978-3-031-12345-6_3`` for the third), the chapters numbered from 1 in volume
    order, front matter not counted.

    Only when ``ebook_isbn`` is given hyphenated as Springer prints it (the DOI carries the
    hyphens, which cannot be placed from the digits alone), and never for a paper that has a
    DOI of its own or of record (``proceedings record``: Springer registered it). These are
    expectations until then: no export or page may present them as the paper's DOI.
    """
    isbn = volume.info.ebook_isbn
    if not isbn or not _HYPHENATED_ISBN.match(isbn):
        return {}
    return {
        paper.id: f"{SPRINGER_DOI_PREFIX}/{isbn}_{number}"
        for number, paper in enumerate(springer_chapters(volume), 1)
        if not registered_doi(volume, paper)
    }


def registered_doi(volume: Volume, paper: Paper) -> str | None:
    """The DOI the paper is known to have: its version of record's, else its own (never one
    minted from the volume's prefix or expected from a publisher's scheme)."""
    record = volume.record_of(paper)
    return (record.doi if record else None) or paper.info.doi
