"""Volume -> problems with the metadata of the volume and its papers (not people, not PDFs)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from proceedings.checks.codes import CODES, report
from proceedings.errors import Problem
from proceedings.identifiers import (
    doi_prefix_problem,
    doi_problem,
    isbn_problem,
    issn_problem,
    url_problem,
)
from proceedings.model import SLUG, Paper, Volume
from proceedings.names import fold, is_all_lower, is_shouting

_PLACEHOLDER = re.compile(
    r"^\W*(?:tbd|tba|todo|xxx+|n/?a|none|abstract|placeholder|to be (?:added|announced|done)"
    r"|lorem ipsum\b.*|abstract goes here.*|insert abstract.*)\W*$",
    re.IGNORECASE | re.DOTALL,
)
MIN_ABSTRACT_WORDS = 30
# Crossref's recommended pattern: what every DOI it registers matches. '<', '"' or '&' are in
# none of them and would need escaping in every output, so they are an error here.
_CROSSREF_DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Z0-9]+$", re.IGNORECASE)


def check_metadata(volume: Volume) -> Iterator[Problem]:
    """Every metadata problem of ``volume.yaml`` and the papers' ``paper.yaml`` files."""
    yield from _check_volume(volume)
    yield from _check_ids(volume)
    yield from _check_duplicates(volume)
    for paper in volume.papers:
        yield from _check_paper(volume, paper)
    yield from _check_no_keywords(volume)


def _check_no_keywords(volume: Volume) -> Iterator[Problem]:
    """One warning when no paper has keywords (a paper without them, among papers with them, is
    reported at the paper): sources such as PMLR and BibTeX never carry them, and a warning per
    paper would say one thing forty times."""
    papers = [paper for paper in volume.papers if paper.rules.needs_abstract]
    if not papers or any(paper.info.keywords for paper in papers):
        return
    if len(papers) == 1:
        yield report(
            papers[0].source,
            "metadata.missing-keywords",
            ("keywords",),
            "no keywords",
            paper=papers[0].id,
            hint="Add 2 to 6 keywords; indexers and the site use them.",
        )
        return
    yield report(
        volume.sources["volume"],
        "metadata.missing-keywords",
        (),
        f"none of the {len(papers)} papers has keywords",
        hint="Add 2 to 6 keywords to each paper (the source imported from does not carry "
        "them); indexers and the site use them.",
    )


def _check_volume(volume: Volume) -> Iterator[Problem]:
    doc, info = volume.sources["volume"], volume.info
    for i, code in enumerate(info.checks.ignore):
        if code not in CODES:
            close = difflib.get_close_matches(code, list(CODES), n=1)
            hint = f"Did you mean '{close[0]}'?" if close else "See the README's problem codes."
            yield report(
                doc,
                "metadata.unknown-code",
                ("checks", "ignore", i),
                f"'{code}' is not a problem code, so it silences nothing",
                hint=hint,
            )
    if not info.editors:
        yield report(
            doc,
            "metadata.no-editors",
            ("editors",),
            "the volume has no editors",
            hint="List the volume editors under 'editors'.",
        )
    seen: dict[str, int] = {}
    for i, part in enumerate(info.parts):
        if not SLUG.match(part.id):
            yield report(
                doc,
                "metadata.bad-id",
                ("parts", i, "id"),
                f"'{part.id}' is not a slug",
                hint="Use lower-case letters, digits, '-', '_' and '.'.",
            )
        if part.id in seen:
            yield report(
                doc,
                "metadata.duplicate-id",
                ("parts", i, "id"),
                f"part id '{part.id}' is used twice (also parts[{seen[part.id]}])",
                hint="Give each part its own id.",
            )
        seen.setdefault(part.id, i)
        # A part may look empty only because one of its papers failed to load.
        if not volume.papers_in(part) and not volume.unloaded:
            yield report(
                doc,
                "metadata.empty-part",
                ("parts", i),
                f"part '{part.id}' has no paper",
                hint="Remove the part or assign papers to it.",
            )
    identifiers = [
        (("isbn",), info.isbn, isbn_problem, "metadata.isbn"),
        (("ebook_isbn",), info.ebook_isbn, isbn_problem, "metadata.isbn"),
        (("series", "issn"), info.series and info.series.issn, issn_problem, "metadata.issn"),
        (("doi",), info.doi, crossref_doi_problem, "metadata.doi"),
        (("doi_prefix",), info.doi_prefix, doi_prefix_problem, "metadata.doi"),
        (("url",), info.url, url_problem, "metadata.url"),
    ]
    for loc, value, problem_of, code in identifiers:
        reason = problem_of(value) if value else None
        if reason:
            yield report(doc, code, loc, f"{value!r} {reason}")
    event = info.event
    if event.start and event.end and event.end < event.start:
        yield report(
            doc,
            "metadata.dates",
            ("event", "end"),
            f"the event ends ({event.end}) before it starts ({event.start})",
        )
    for i, page in enumerate(info.pages):
        path = volume.root / "source" / page
        if not path.is_file():
            # A folder, a FIFO or a device is never opened (a FIFO would hang the build).
            what = "is not a regular file" if path.exists() else "not found"
            yield report(
                doc,
                "metadata.missing-page",
                ("pages", i),
                f"source/{page} {what}",
                hint="Create the page or remove it from 'pages'.",
            )


def _check_ids(volume: Volume) -> Iterator[Problem]:
    by_key: dict[str, Paper] = {}
    for paper in volume.papers:
        if not SLUG.match(paper.id):
            yield report(
                paper.source,
                "metadata.bad-id",
                (),
                f"paper id '{paper.id}' is not a slug",
                paper=paper.id,
                hint="Rename the folder with lower-case letters, digits, '-', '_' and '.'; "
                "ids name files and URLs.",
            )
        key = paper.id.casefold()
        if key in by_key:
            yield report(
                paper.source,
                "metadata.duplicate-id",
                (),
                f"paper id '{paper.id}' collides with '{by_key[key].id}'",
                paper=paper.id,
                hint="Ids differing only in case become one file on macOS and Windows.",
            )
        by_key.setdefault(key, paper)


def _title_key(title: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(title)).split())


def _check_duplicates(volume: Volume) -> Iterator[Problem]:
    titles: dict[str, Paper] = {}
    dois: dict[str, Paper] = {}
    for paper in volume.papers:
        key = _title_key(paper.info.title)
        if key in titles:
            yield report(
                paper.source,
                "metadata.duplicate-title",
                ("title",),
                f"same title as paper {titles[key].id}",
                paper=paper.id,
                hint="Remove the duplicate submission or correct the title.",
            )
        titles.setdefault(key, paper)
        doi = (paper.info.doi or "").lower()
        if doi and doi in dois:
            yield report(
                paper.source,
                "metadata.duplicate-doi",
                ("doi",),
                f"same DOI as paper {dois[doi].id}",
                paper=paper.id,
            )
        if doi:
            dois.setdefault(doi, paper)


def _check_paper(volume: Volume, paper: Paper) -> Iterator[Problem]:
    info, doc, pid = paper.info, paper.source, paper.id
    parts = [part.id for part in volume.info.parts]
    if info.part not in parts:
        close = difflib.get_close_matches(info.part, parts, n=1)
        hint = f"Did you mean '{close[0]}'?" if close else f"Parts are: {', '.join(parts)}."
        yield report(
            doc,
            "metadata.unknown-part",
            ("part",),
            f"unknown part '{info.part}'",
            paper=pid,
            hint=hint,
        )
    if info.track is not None and info.track not in volume.info.tracks:
        tracks = ", ".join(volume.info.tracks) or "none"
        yield report(
            doc,
            "metadata.unknown-track",
            ("track",),
            f"unknown track '{info.track}'",
            paper=pid,
            hint=f"Tracks in volume.yaml: {tracks}.",
        )
    for field in ("title", "short_title"):
        text = getattr(info, field)
        if text and is_shouting(text):
            yield report(
                doc,
                "metadata.shouting",
                (field,),
                f"'{text}' is in ALL CAPS",
                paper=pid,
                hint="Write it in title case; capitals stay only on acronyms.",
            )
        elif text and is_all_lower(text):
            yield report(
                doc,
                "metadata.lowercase",
                (field,),
                f"'{text}' is all lower-case",
                paper=pid,
                hint="Write it in title case.",
            )
    yield from _check_abstract(paper)
    # A preface or an invited talk has no keywords either.
    if (
        paper.rules.needs_abstract
        and not info.keywords
        and any(other.info.keywords for other in volume.papers)
    ):
        yield report(
            doc,
            "metadata.missing-keywords",
            ("keywords",),
            "no keywords",
            paper=pid,
            hint="Add 2 to 6 keywords; indexers and the site use them.",
        )
    if info.pdf is None and paper.rules.needs_pdf:
        yield report(
            doc,
            "metadata.no-pdf",
            ("pdf",),
            f"a {info.kind} needs a PDF ('pdf: null' says it has none)",
            paper=pid,
            hint="Name the camera-ready PDF in 'pdf' (default: paper.pdf), or give the kind of "
            "contribution that may come without one (kind: invited, preface or frontmatter).",
        )
    if not info.authors and paper.rules.needs_authors:
        yield report(
            doc,
            "metadata.no-authors",
            ("authors",),
            "the paper has no authors",
            paper=pid,
            hint="List the authors in order under 'authors'.",
        )
    if info.doi:
        reason = crossref_doi_problem(info.doi)
        if reason:
            yield report(doc, "metadata.doi", ("doi",), f"{info.doi!r} {reason}", paper=pid)
        elif volume.info.doi_prefix and not info.doi.startswith(volume.info.doi_prefix + "/"):
            yield report(
                doc,
                "metadata.doi-prefix",
                ("doi",),
                f"'{info.doi}' is not under the volume's prefix {volume.info.doi_prefix}",
                paper=pid,
            )
    for name, url in info.links.model_dump(exclude_none=True).items():
        reason = url_problem(url)
        if reason:
            yield report(doc, "metadata.url", ("links", name), f"'{url}' {reason}", paper=pid)


def _check_abstract(paper: Paper) -> Iterator[Problem]:
    abstract, doc, pid = paper.info.abstract, paper.source, paper.id
    if not abstract.strip() and not paper.rules.needs_abstract:
        return
    if not abstract.strip():
        yield report(
            doc,
            "metadata.missing-abstract",
            ("abstract",),
            "the abstract is empty",
            paper=pid,
            hint="Paste the paper's abstract.",
        )
    elif _PLACEHOLDER.match(abstract.strip()):
        yield report(
            doc,
            "metadata.placeholder-abstract",
            ("abstract",),
            f"the abstract is a placeholder ('{abstract.strip()[:40]}')",
            paper=pid,
            hint="Paste the paper's abstract.",
        )
    elif len(abstract.split()) < MIN_ABSTRACT_WORDS:
        yield report(
            doc,
            "metadata.short-abstract",
            ("abstract",),
            f"the abstract has only {len(abstract.split())} words",
            paper=pid,
            hint="Check that the whole abstract was pasted.",
        )


def crossref_doi_problem(doi: str) -> str | None:
    """Why ``doi`` is no DOI, or has characters outside Crossref's recommended pattern."""
    reason = doi_problem(doi)
    if reason or _CROSSREF_DOI.match(doi):
        return reason
    bad = sorted({c for c in doi.partition("/")[2] if not re.match(r"[-._;()/:A-Za-z0-9]", c)})
    shown = ", ".join(repr(c) if c.isprintable() else f"U+{ord(c):04X}" for c in bad)
    return (
        f"has characters that Crossref does not accept in a DOI ({shown}); "
        "use letters, digits and - . _ ; ( ) / : only"
    )
