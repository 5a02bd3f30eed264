"""Volume (+ page counts) -> problems of the version of record, ``source/record.yaml``.

The volume's own record (``volume:``) has its DOI, ISBN and URL checked as ``volume.yaml``'s are,
and each DOI, ISBN or series number that ``volume.yaml`` gives otherwise is a warning
(``record.volume-differs``): the record's DOI and ISBN are used, which the organizer must hear.

The record says what the publisher published: each paper's DOI, pages and URL. It names papers
by id, so an id the volume lacks (or a paper that is not in the volume) is an error; its DOIs
and URLs are checked as ``paper.yaml``'s are; a paper whose own ``doi:`` differs from the
record's is a warning (the record wins everywhere). And its pages must be the layout's: the
volume, its stamped pages and every export number the papers from the layout, so a record that
disagrees means either the layout or the record is wrong, and the outputs would cite pages the
published book does not have.
"""

from __future__ import annotations

from collections.abc import Mapping

from proceedings.checks.codes import report
from proceedings.checks.metadata import crossref_doi_problem
from proceedings.errors import Problem, ProceedingsError
from proceedings.identifiers import isbn_problem, url_problem
from proceedings.layout import Layout, compute_layout
from proceedings.model import Volume
from proceedings.yamlfile import YamlDocument

_FILE = "record"  # its key in Volume.sources


def check_record(volume: Volume, page_counts: Mapping[str, int] | None = None) -> list[Problem]:
    """Every problem of ``source/record.yaml``; its pages are compared with the layout when
    ``page_counts`` (each archival paper's page count) are given."""
    doc = volume.sources.get(_FILE)
    if doc is None or (not volume.record and volume.book_record is None):
        return []
    problems: list[Problem] = _volume(volume, doc)
    papers = {paper.id: paper for paper in volume.papers}
    dois: dict[str, str] = {}
    for paper_id, entry in volume.record.items():
        loc = ("papers", paper_id)
        paper = papers.get(paper_id)
        if paper is None and paper_id not in volume.unloaded:
            problems.append(
                report(
                    doc,
                    "record.unknown-paper",
                    loc,
                    f"no paper has the id '{paper_id}'",
                    hint="Name a folder of papers/, or run 'proceedings record' again.",
                )
            )
        elif paper is not None and not paper.in_volume:
            problems.append(
                report(
                    doc,
                    "record.unknown-paper",
                    loc,
                    f"paper {paper_id} is not in the volume (non-archival or without a PDF), "
                    "so it has no version of record",
                    hint="Remove its entry, or make the paper archival.",
                    paper=paper_id,
                )
            )
        if entry.doi:
            reason = crossref_doi_problem(entry.doi)
            if reason:
                problems.append(
                    report(doc, "metadata.doi", (*loc, "doi"), f"{entry.doi!r} {reason}")
                )
            elif entry.doi.lower() in dois:
                problems.append(
                    report(
                        doc,
                        "metadata.duplicate-doi",
                        (*loc, "doi"),
                        f"same DOI as paper {dois[entry.doi.lower()]}",
                        paper=paper_id,
                    )
                )
            else:
                dois[entry.doi.lower()] = paper_id
            own = paper.info.doi if paper is not None else None
            if paper is not None and own and own.lower() != entry.doi.lower():
                problems.append(
                    report(
                        doc,
                        "record.doi-differs",
                        (*loc, "doi"),
                        f"the record's DOI {entry.doi} differs from {own} in "
                        f"{paper.source.display}; the record's is used",
                        hint="Remove 'doi:' from paper.yaml, or correct the one that is wrong.",
                        paper=paper_id,
                    )
                )
        if entry.url and (reason := url_problem(entry.url)):
            problems.append(report(doc, "metadata.url", (*loc, "url"), f"{entry.url!r} {reason}"))
    if page_counts is not None:
        problems.extend(_pages(volume, page_counts))
    return problems


def _volume(volume: Volume, doc: YamlDocument) -> list[Problem]:
    """The problems of the volume's own record: an identifier that is none, and each DOI,
    ISBN or series number that ``volume.yaml`` gives otherwise (the record's DOI and ISBN are
    used, so the organizer hears of it)."""
    entry = volume.book_record
    if entry is None:
        return []
    problems = []
    identifiers = [
        ("doi", entry.doi, crossref_doi_problem, "metadata.doi"),
        ("isbn", entry.isbn, isbn_problem, "metadata.isbn"),
        ("url", entry.url, url_problem, "metadata.url"),
    ]
    for name, value, problem_of, code in identifiers:
        reason = problem_of(value) if value else None
        if reason:
            problems.append(report(doc, code, ("volume", name), f"{value!r} {reason}"))
    own_file = volume.sources["volume"].display
    for name, value, own in volume.book_differences():
        used = (
            "the record's is used in every output"
            if name != "series_volume"
            else "volume.yaml's is used, the record's shows on the site's 'Published as' line"
        )
        problems.append(
            report(
                doc,
                "record.volume-differs",
                ("volume", name),
                f"the record's {value} is not {own} in {own_file}; {used}",
                hint="Correct the one that is wrong, in volume.yaml or in record.yaml.",
            )
        )
    return problems


def _pages(volume: Volume, page_counts: Mapping[str, int]) -> list[Problem]:
    """The record's pages that are not the layout's, one problem per paper."""
    try:
        layout: Layout = compute_layout(volume, page_counts)
    except (ProceedingsError, KeyError):  # a PDF or a part that other checks report
        return []
    doc = volume.sources[_FILE]
    problems = []
    laid_out = {entry.paper: entry for entry in layout.papers}
    for paper_id, entry in volume.record.items():
        pages = laid_out.get(paper_id)
        if entry.pages is None or pages is None or entry.pages == (pages.first, pages.last):
            continue
        first, last = entry.pages
        problems.append(
            report(
                doc,
                "record.pages",
                ("papers", paper_id, "pages"),
                f"the published pages {first}-{last} are not the layout's {pages.first}-"
                f"{pages.last} ({pages.pages} pages in the PDF)",
                hint="Make the layout match (numbering, order, the final PDF) or correct the "
                "record; 'proceedings layout' shows the layout.",
                paper=paper_id,
            )
        )
    return problems
