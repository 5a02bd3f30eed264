"""Volume -> problems a publisher's rules find: CEUR-WS's licence clause, the signed agreements.

These are the rules a package (``proceedings package NAME``) is checked against before it is
made (:attr:`~proceedings.packages.Package.requires` names the codes that stop it):

- ``ceur.no-cc-by``: CEUR-WS publishes under CC BY 4.0 and asks every paper to print, on its
  first page, "Copyright © YEAR for this paper by its authors. Use permitted under Creative
  Commons License Attribution 4.0 International (CC BY 4.0)." (CEUR-WS's HOWTOSUBMIT, and its
  ``ceurart`` template's ``\\copyrightclause``). The first page's text, as the PDF checks read
  it (:attr:`~proceedings.pdfinfo.PdfFacts.first_page_text`), must hold its three phrases,
  compared without case, spaces, punctuation or hyphenation, so that a clause broken over
  lines still counts and the year may stand anywhere. It is checked for volumes in CEUR-WS's
  series and whenever the CEUR package is made: other volumes have no such rule.
- ``agreement.none``: ``agreements: true`` in ``volume.yaml`` says the editors collect a signed
  agreement for every paper (CEUR-WS's author agreement, PMLR's permission form); a paper in
  the volume that names none in ``agreement`` is reported. ``agreement.missing``: a paper names
  a file that is not there.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from pathlib import Path

from proceedings.checks.attachments import wrong_type
from proceedings.checks.codes import report
from proceedings.errors import Problem
from proceedings.limits import RefusedFile, require_regular
from proceedings.model import Paper, Volume
from proceedings.pdfink import InkQueue

CEUR = "ceur"
CEUR_CLAUSE = (
    "Copyright © YEAR for this paper by its authors. Use permitted under Creative Commons "
    "License Attribution 4.0 International (CC BY 4.0)."
)
# The clause's phrases, compacted as _compact compacts the page: all three must be there.
_CLAUSE_PARTS = ("forthispaperbyitsauthors", "attribution40international", "ccby40")
_NOT_LETTERS = re.compile(r"[\W_]+")
_CEUR_SERIES = ("ceur-ws", "ceur workshop proceedings")


def check_publishers(
    volume: Volume, pdfs: InkQueue | None, *, publishers: Collection[str] = ()
) -> list[Problem]:
    """The problems of the publishers' rules that apply: those of the volume's own series, and
    those of the ``publishers`` whose package is being made; the PDFs' rules from what ``pdfs``
    read off them (``None``: the PDFs are not checked)."""
    problems = list(_check_agreements(volume))
    if pdfs is not None and (CEUR in publishers or _in_ceur_series(volume)):
        problems.extend(_check_clause(volume, pdfs))
    return problems


def _in_ceur_series(volume: Volume) -> bool:
    series = volume.info.series
    names = (series.name, series.short_name or "") if series else ()
    return any(name.strip().lower() in _CEUR_SERIES for name in names)


def _compact(text: str) -> str:
    return _NOT_LETTERS.sub("", text.casefold())


def has_ceur_clause(text: str) -> bool:
    """Whether a page's text holds CEUR-WS's CC BY 4.0 clause (a year and layout aside)."""
    compact = _compact(text)
    return all(part in compact for part in _CLAUSE_PARTS)


def _check_clause(volume: Volume, pdfs: InkQueue) -> Iterator[Problem]:
    for paper in (p for p in volume.archival_papers if p.pdf_path.is_file()):
        facts = pdfs.facts(paper.pdf_path)
        if facts.error or not facts.text_chars:  # pdf.damaged, pdf.no-text say why
            continue
        if has_ceur_clause(facts.first_page_text):
            continue
        yield report(
            paper.source,
            "ceur.no-cc-by",
            ("pdf",),
            f"the first page of {paper.display_pdf} lacks CEUR-WS's licence clause",
            paper=paper.id,
            hint=f"Ask the authors to print, on the first page: '{CEUR_CLAUSE}' (CEUR-WS's "
            "ceurart template does).",
        )


def _check_agreements(volume: Volume) -> Iterator[Problem]:
    for paper in volume.archival_papers:
        if paper.info.agreement is not None:
            yield from _check_agreement_file(paper, paper.info.agreement)
        elif volume.info.agreements:
            yield report(
                paper.source,
                "agreement.none",
                ("agreement",),
                "no signed agreement, and volume.yaml says the editors collect one for every "
                "paper (agreements: true)",
                paper=paper.id,
                hint="Put the signed form in the paper's folder and name it, e.g. "
                "'agreement: agreement.pdf'.",
            )


def _check_agreement_file(paper: Paper, name: str) -> Iterator[Problem]:
    shown = str(Path(paper.source.display).parent / name)
    try:
        require_regular(paper.folder / name)
    except FileNotFoundError:
        reason = "not found"
    except IsADirectoryError:
        reason = "is a folder, not the signed form"
    except RefusedFile as exc:
        reason = exc.reason
    else:
        mismatch = wrong_type(paper.folder / name)  # a .pdf that is no PDF
        if mismatch is None:
            return
        reason = mismatch
    yield report(
        paper.source,
        "agreement.missing",
        ("agreement",),
        f"{shown} {reason}",
        paper=paper.id,
        hint=f"Put the signed form at {shown}.",
    )
