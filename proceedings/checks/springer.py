"""Volume -> what a Springer package (LNCS, CCIS and their sister series) would lack.

Springer's volume editors send, for every paper, its final PDF, its source files and the
licence-to-publish form the authors signed, and a list of the corresponding authors with their
e-mails (Springer's instructions for authors and guidelines for volume editors of its computer
science proceedings: see the README, "Publishers' packages"). The LNCS author guidelines ask
for an abstract of 70 to 150 words. Each missing piece is a warning here and an error for
``proceedings package springer`` (:attr:`proceedings.packages.Package.requires`).

These rules are Springer's, not every volume's: they are checked for a volume whose publisher
is Springer, and for any volume when its Springer package is made (``asked``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from proceedings.checks.attachments import wrong_type
from proceedings.checks.codes import report
from proceedings.errors import Problem
from proceedings.limits import RefusedFile, require_regular
from proceedings.model import Paper, Volume
from proceedings.publishers import springer_chapters

ABSTRACT_WORDS = (70, 150)
"""The bounds of an abstract in words, as the LNCS author guidelines give them."""

_SOURCES_HINT = (
    "Ask the authors for their LaTeX files (with figures and the .bib) or Word file as one ZIP, "
    "put it in the paper's folder and name it in 'sources:'."
)


def for_springer(volume: Volume) -> bool:
    """Whether the volume says Springer publishes it (``publisher.name``)."""
    publisher = volume.info.publisher
    return publisher is not None and "springer" in publisher.name.lower()


def check_springer(volume: Volume, *, asked: bool = False) -> list[Problem]:
    """What each chapter lacks for Springer; nothing unless Springer publishes the volume or
    its Springer package is being made (``asked``)."""
    if not (asked or for_springer(volume)):
        return []
    problems: list[Problem] = []
    for paper in springer_chapters(volume):
        problems.extend(_files(paper))
        problems.extend(_corresponding(paper))
        problems.extend(_abstract(paper))
    return problems


def _files(paper: Paper) -> Iterator[Problem]:
    """The paper's source archive (named, and there as a regular file of its type) and its
    signed licence form, named (whether that file is there is every volume's check:
    ``agreement.missing``, :mod:`.publishers`)."""
    doc, pid = paper.source, paper.id
    if paper.info.agreement is None:
        yield report(
            doc,
            "springer.no-licence-form",
            ("agreement",),
            f"paper {pid} has no signed licence-to-publish form ('agreement:')",
            hint="Ask the corresponding author for the signed form, put it in the paper's folder "
            "and name it in 'agreement:'.",
            paper=pid,
        )
    name, code = paper.info.sources, "springer.no-sources"
    path = paper.file_path(name)
    if path is None or name is None:
        message = f"paper {pid} has no source files ('sources:')"
        yield report(doc, code, ("sources",), message, hint=_SOURCES_HINT, paper=pid)
        return
    shown = str(Path(doc.display).parent / name)
    try:
        require_regular(path)
    except FileNotFoundError:
        yield report(doc, code, ("sources",), f"{shown} not found", hint=_SOURCES_HINT, paper=pid)
        return
    except (RefusedFile, OSError):
        message = f"{shown} is not a regular file"
        yield report(doc, code, ("sources",), message, hint=_SOURCES_HINT, paper=pid)
        return
    mismatch = wrong_type(path)  # a .zip that is no ZIP: Springer could not open it
    if mismatch:
        yield report(doc, code, ("sources",), f"{shown} {mismatch}", hint=_SOURCES_HINT, paper=pid)


def _corresponding(paper: Paper) -> Iterator[Problem]:
    """A corresponding author with an e-mail: Springer sends the proofs there."""
    if any(a.corresponding and a.email for a in paper.info.authors):
        return
    marked = [i for i, a in enumerate(paper.info.authors) if a.corresponding]
    loc: tuple[str | int, ...] = ("authors", marked[0], "email") if marked else ("authors",)
    message = (
        f"the corresponding author of paper {paper.id} has no e-mail"
        if marked
        else f"paper {paper.id} has no corresponding author"
    )
    yield report(
        paper.source,
        "springer.no-corresponding",
        loc,
        message,
        hint="Mark one author 'corresponding: true' and give their 'email:'; Springer sends the "
        "proofs there.",
        paper=paper.id,
    )


def _abstract(paper: Paper) -> Iterator[Problem]:
    """An abstract of 70 to 150 words (an empty one is ``metadata.missing-abstract``'s)."""
    words = len(paper.info.abstract.split())
    low, high = ABSTRACT_WORDS
    if words and not low <= words <= high:
        yield report(
            paper.source,
            "springer.abstract-length",
            ("abstract",),
            f"the abstract of paper {paper.id} has {words} words; LNCS asks for {low} to {high}",
            hint="Ask the authors for an abstract of that length (as on the paper's first page).",
            paper=paper.id,
        )
