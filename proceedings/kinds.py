"""The kinds of contribution a volume lists, and every rule that differs between them, in one table.

A table of contents lists more than research papers: the editors' preface, invited talks
(keynotes: often an abstract only, sometimes a paper), extended abstracts, and other
front-matter items (a message from the chairs, a list of sponsors as a PDF). ``paper.yaml``
says which with ``kind``; the default is ``paper``. Each stage asks :data:`KINDS` what a kind
needs and how it is shown, and holds no rule of its own about kinds:

- ``check`` (``checks/metadata.py``): whether an abstract and a PDF are required;
- the volume (``load.py`` sorts, ``layout.py`` numbers): every contribution with a PDF goes
  into the body with Arabic page numbers, in its part; within a part the kinds come in
  ``rank`` order (preface and front matter first, then invited talks, then papers and
  extended abstracts), then by ``order``. The body, not the Roman front matter, because the
  published page ranges are the body's (PMLR numbers its prefaces 1-12, the papers from 13),
  and because our Roman front matter is what we typeset ourselves. A contribution without a
  PDF (an invited talk given as an abstract) is on the site only, like a non-archival paper;
- the exports: the BibTeX entry type and ``note``, the CSL type and ``genre``, the RIS type
  and ``N1``, and the dblp element (why these, see docs/file-formats.md);
- the site: the badge on the paper's page and in the lists, and the heading under which the
  home page lists contributions that are not research papers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["KINDS", "Kind", "KindRules", "kind_rules"]

Kind = Literal["paper", "extended-abstract", "invited", "preface", "frontmatter"]


@dataclass(frozen=True)
class KindRules:
    """What one kind of contribution needs, where it goes and how each output shows it."""

    label: str  # the badge on the site ("" for research papers: no badge)
    listed_as: str  # heading of the home page's list of this kind ("" for papers: not listed)
    needs_abstract: bool  # check: metadata.missing-abstract
    needs_authors: bool  # check: metadata.no-authors
    needs_pdf: bool  # check: metadata.no-pdf (``pdf: null`` allowed only when False)
    rank: int  # order within a part: lower first
    bibtex_type: str  # BibTeX entry type
    note: str  # BibTeX ``note``, CSL ``genre``, RIS ``N1`` ("" for papers: none)
    csl_type: str
    ris_type: str
    dblp_element: str


_IN_PROCEEDINGS = {
    "bibtex_type": "inproceedings",
    "csl_type": "paper-conference",
    "ris_type": "CPAPER",
    "dblp_element": "inproceedings",
}

KINDS: dict[str, KindRules] = {
    "paper": KindRules(
        label="", listed_as="", needs_abstract=True, needs_authors=True, needs_pdf=True,
        rank=3, note="", **_IN_PROCEEDINGS,
    ),
    "extended-abstract": KindRules(
        label="Extended abstract", listed_as="", needs_abstract=True, needs_authors=True,
        needs_pdf=True, rank=3, note="Extended abstract", **_IN_PROCEEDINGS,
    ),
    "invited": KindRules(
        label="Invited talk", listed_as="Invited talks", needs_abstract=False,
        needs_authors=True, needs_pdf=False, rank=2, note="Invited talk", **_IN_PROCEEDINGS,
    ),
    "preface": KindRules(
        label="Preface", listed_as="Preface", needs_abstract=False, needs_authors=False,
        needs_pdf=False, rank=0, note="Preface", **_IN_PROCEEDINGS,
    ),
    "frontmatter": KindRules(
        label="Front matter", listed_as="Front matter", needs_abstract=False,
        needs_authors=False, needs_pdf=False, rank=1, note="Front matter", **_IN_PROCEEDINGS,
    ),
}  # fmt: skip


def kind_rules(kind: str) -> KindRules:
    """The rules of ``kind`` (the model admits only the kinds of :data:`KINDS`)."""
    return KINDS[kind]
