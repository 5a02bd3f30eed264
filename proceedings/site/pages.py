"""Volume + layout -> the generated pages of the site, each as a small MyST document.

Every generated page is a MyST file of three parts: its title as a heading (every ASCII
punctuation character backslash-escaped, so a title is text and never markup), one directive
whose body is the page's data as one line of JSON, and a toctree where the page has children.
The page's HTML is a function of that file alone: when a paper's metadata, a page count or a
neighbour's title changes, exactly the files whose data changed get new bytes, and Sphinx's own
change detection rebuilds those pages and no others.

Document names (``papers/<id>/index`` and so on) make the HTML builder write
``papers/<id>/index.html``, so a page's URL is the folder ``papers/<id>/`` that
:meth:`Volume.paper_url` promises, with the PDF beside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from proceedings.layout import Layout
from proceedings.model import Paper, Session, Volume
from proceedings.site.data import Citation
from proceedings.site.head import (
    book_link,
    event_jsonld,
    opengraph,
    published_book,
    record_link,
    scholar_tags,
    scholarly_article,
)
from proceedings.site.people import (
    IndexEntry,
    author_anchors,
    author_index,
    byline_key,
    person_data,
)
from proceedings.workshop import ZoneLabel, paper_award, venue_time

HOME = "index"
AUTHORS = "authors/index"
ORGANIZATION = "organization/index"
PROGRAM = "program/index"
SPONSORS = "sponsors/index"
CALL = "call/index"
DATES = "dates/index"
KEYNOTES = "keynotes/index"
AWARDS = "awards/index"
HISTORY = "history/index"
_NAV_ORDER = (CALL, DATES, KEYNOTES, PROGRAM, AWARDS, ORGANIZATION, SPONSORS, HISTORY)
"""The pages about the workshop, in the order of the home page's contents."""

LINK_LABELS = {
    "code": "Code",
    "data": "Data",
    "video": "Video",
    "slides": "Slides",
    "poster": "Poster",
    "openreview": "OpenReview",
}


def paper_doc(paper_id: str) -> str:
    """The document name of a paper's page."""
    return f"papers/{paper_id}/index"


def part_doc(part_id: str, listing: int = 0) -> str:
    """The document name of a part's page, or of its ``listing``-th continuation (counted from
    0, the part's page itself): ``parts/<id>/2/index`` lists the second hundred papers."""
    return f"parts/{part_id}/index" if listing == 0 else f"parts/{part_id}/{listing + 1}/index"


LISTING_SIZE = 100
"""Papers a part's page lists; a longer part continues on further pages of as many.

A hundred entries (title, authors, pages) is about the weight of one paper's page (50 kB) and a
few screens to scan, the size arXiv's and DBLP's long listings settle on; the 2,600 papers of an
ICML volume's single part make 26 pages, each a link away from the others.
"""


_LINE_BREAKS = "\x85\u2028\u2029"
"""Line breaks to docutils that JSON does not escape."""


@dataclass(frozen=True)
class Page:
    """One generated page: its document name, title, directive and data, and its children."""

    docname: str
    title: str
    directive: str
    data: dict[str, Any]
    toctree: tuple[str, ...] = ()
    toctree_hidden: bool = True
    orphan: bool = False  # in no toctree: a part's continued listing, linked from its pages

    def myst(self) -> str:
        """The page as a MyST document."""
        body = json.dumps(self.data, ensure_ascii=False, sort_keys=True)
        # docutils splits a directive's body at every line break str.splitlines() knows; JSON
        # leaves U+0085, U+2028 and U+2029 raw, so one in an abstract would break the JSON.
        for char in _LINE_BREAKS:
            body = body.replace(char, f"\\u{ord(char):04x}")
        text = f"# {escape_markdown(self.title)}\n\n```{{{self.directive}}}\n{body}\n```\n"
        if self.orphan:  # Sphinx warns of a page that no toctree includes, unless told
            text = f"---\norphan: true\n---\n{text}"
        if self.toctree:
            options = [":maxdepth: 2"]
            if self.toctree_hidden:
                options.append(":hidden:")
            entries = "\n".join(f"/{doc}" for doc in self.toctree)
            text += f"\n```{{toctree}}\n{chr(10).join(options)}\n\n{entries}\n```\n"
        return text


_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown on one line: every ASCII punctuation character escaped."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


@dataclass(frozen=True)
class WorkshopPages:
    """The pages about the workshop (made from ``event.yaml`` by :mod:`.event`) and what the
    home page leads with; a page named like one of ours (the organization) replaces it."""

    pages: tuple[Page, ...] = ()
    lead: dict[str, Any] | None = None


@dataclass(frozen=True)
class SiteFiles:
    """Files that the site links to, which the build copies or writes into the output."""

    volume_pdf: bool  # _build/pdf/<slug>.pdf exists
    paper_pdfs: frozenset[str]  # the papers that have a PDF to publish, by id


def site_pages(
    volume: Volume,
    layout: Layout,
    files: SiteFiles,
    user_docs: Iterable[str],
    citations: Mapping[str, Citation],
    workshop: WorkshopPages | None = None,
) -> list[Page]:
    """Every generated page, home first, also those whose name a hand-written page has (which
    is left to it: its data can still be placed there, see :mod:`.directives`); with the
    workshop's pages when ``event.yaml`` gives them."""
    workshop = workshop or WorkshopPages()
    user = set(user_docs)
    index = author_index(volume)
    anchors = author_anchors(index)
    listed = {
        paper.id: part_doc(part.id, position // LISTING_SIZE)
        for part in volume.info.parts
        for position, paper in enumerate(volume.papers_in(part))
    }
    papers = [
        _paper_page(volume, layout, files, anchors, i, citations.get(volume.papers[i].id), listed)
        for i in range(len(volume.papers))
    ]
    parts = [page for part in volume.info.parts for page in _part_pages(volume, layout, part.id)]
    pages = [*papers, *parts, _authors_page(volume, layout, index)]
    if volume.committees:
        pages.append(_organization_page(volume))
    if volume.program:
        pages.append(program_page(volume))
    if volume.sponsors:
        pages.append(_sponsors_page(volume))
    theirs = {page.docname for page in workshop.pages}
    pages = [page for page in pages if page.docname not in theirs] + list(workshop.pages)
    listed_docs = [p.docname for p in pages if not p.orphan]
    home = _home_page(volume, files, _front_docs(volume, user), listed_docs, workshop.lead)
    return [home, *pages]


def _front_docs(volume: Volume, user: set[str]) -> list[str]:
    """Hand-written pages in navigation order: volume.yaml's ``pages`` first, then the rest."""
    listed = [re.sub(r"\.(md|rst)$", "", name) for name in volume.info.pages]
    first = [doc for doc in listed if doc in user]
    return first + sorted(user - set(first) - {HOME})


def _home_page(
    volume: Volume,
    files: SiteFiles,
    front: list[str],
    generated: list[str],
    lead: dict[str, Any] | None = None,
) -> Page:
    info = volume.info
    event = info.event
    downloads = []
    if files.volume_pdf:
        downloads.append({"label": "The volume (PDF)", "file": f"{info.slug}.pdf"})
    downloads.append({"label": "BibTeX of all papers", "file": f"{info.slug}.bib"})
    data = {
        "subtitle": info.subtitle,
        "event": event.name,
        "host": event.host,
        "place": event.place,
        "dates": volume.info.event.dates,
        "series": _series(volume),
        "published": _published(volume),
        "isbn": volume.book_isbn,
        "doi": None if volume.book_record and volume.book_record.doi else info.doi,
        "publisher": info.publisher.name if info.publisher else None,
        "licence": info.licence,
        "editors": [person_data(e) for e in info.editors],
        "downloads": downloads,
        "apart": _apart(volume),
        "parts": _listed_parts(volume, files),
        "workshop": lead,
        "head": {
            "meta": opengraph(volume, info.title, info.subtitle or event.name, info.url, "website")
            + book_link(volume),
            "jsonld": [j for j in (event_jsonld(volume), published_book(volume)) if j],
        },
    }
    nav = [d for d in _NAV_ORDER if d in generated]
    nav += [d for d in generated if d.startswith("parts/")]
    nav += [d for d in generated if d == AUTHORS]
    toc = [*front, *[d for d in nav if d not in front]]
    return Page(HOME, info.title, "proceedings-home", data, tuple(toc), toctree_hidden=False)


def _apart(volume: Volume) -> list[dict[str, Any]]:
    """The contributions the home page lists apart from the papers, by kind (the preface,
    invited talks, front matter), each with its heading: what a reader looks for first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for paper in volume.papers:
        if paper.rules.listed_as:
            groups.setdefault(paper.rules.listed_as, []).append(
                {
                    "doc": paper_doc(paper.id),
                    "title": " ".join(paper.info.title.split()),
                    "authors": [a.name.full for a in paper.info.authors],
                }
            )
    return [{"heading": heading, "items": items} for heading, items in groups.items()]


def _listed_parts(volume: Volume, files: SiteFiles) -> list[dict[str, Any]]:
    """Every part with its papers (title, authors, PDF, BibTeX), as the volume pages of PMLR
    and the ACL Anthology list them; the contributions listed apart are left to their heading.

    A part longer than :data:`LISTING_SIZE` shows its first hundred papers, as its own page
    does, and links to its next listing page: the home page then weighs at most a listing page
    per part, whatever the volume's size, and every paper is a link or two away."""
    out = []
    for part in volume.info.parts:
        papers = [p for p in volume.papers_in(part) if not p.rules.listed_as]
        if not papers:
            continue
        entries = [
            {
                "doc": paper_doc(p.id),
                "title": " ".join(p.info.title.split()),
                "authors": [a.name.full for a in p.info.authors],
                "pdf": f"papers/{p.id}/{volume.pdf_name(p)}" if p.id in files.paper_pdfs else None,
                "bibtex": p.in_volume,  # the paper's page has its BibTeX
            }
            for p in papers[:LISTING_SIZE]
        ]
        more = part_doc(part.id, 1) if len(papers) > LISTING_SIZE else None
        out.append(
            {
                "title": part.title,
                "doc": part_doc(part.id),
                "papers": entries,
                "total": len(papers),
                "more": more,
            }
        )
    return out


def _published(volume: Volume) -> dict[str, Any] | None:
    """The home page's "Published as" line once the volume has a record: the book's title as
    the publisher gives it, linked to its page there (else its DOI's), its series and number
    and publisher as printed, and its DOI of record; ``None`` before."""
    record = volume.book_record
    if record is None:
        return None
    series = " ".join(x for x in (record.series, record.series_volume) if x)
    return {
        "title": " ".join((record.title or volume.info.citation_title).split()),
        "link": volume.book_url,
        "details": ", ".join(x for x in (series, record.publisher) if x),
        "doi": record.doi,
    }


def _series(volume: Volume) -> str | None:
    series = volume.info.series
    if not series:
        return None
    text = series.name
    if series.volume:
        text += f", volume {series.volume}"
    if series.issn:
        text += f" (ISSN {series.issn})"
    return text


def part_listings(pages: Iterable[Page]) -> dict[str, tuple[str, ...]]:
    """Every part's listing pages in order (its own page first), by the part's page: where the
    sidebar sends a reader for the papers of a long part it leaves out (see :mod:`.nav`)."""
    return {
        page.docname: tuple(doc for doc, _, _ in page.data["listing"]["pages"])
        if page.data.get("listing")
        else (page.docname,)
        for page in pages
        if page.directive == "proceedings-part" and not page.orphan
    }


def _part_pages(volume: Volume, layout: Layout, part_id: str) -> list[Page]:
    """A part's page, listing its first :data:`LISTING_SIZE` papers, and the pages that
    continue the listing (none for a part of a hundred papers or fewer); none for an empty part.

    The part's page holds the toctree of all its papers, so the navigation (the sidebar, the
    previous and next links) runs through the part's papers in order; the continued listings
    are outside every toctree and link to each other."""
    part = next(p for p in volume.info.parts if p.id == part_id)
    papers = volume.papers_in(part)
    if not papers:
        return []
    entries = [
        {
            "doc": paper_doc(p.id),
            "title": " ".join(p.info.title.split()),
            "authors": [a.name.full for a in p.info.authors],
            "pages": _pages(layout, p),
            "award": paper_award(p, volume.workshop),
            "kind": p.rules.label,
            "archival": p.in_volume,
        }
        for p in papers
    ]
    count = -(-len(entries) // LISTING_SIZE)
    spans = [
        (part_doc(part.id, i), i * LISTING_SIZE + 1, min((i + 1) * LISTING_SIZE, len(entries)))
        for i in range(count)
    ]
    pages = []
    for i, (doc, first, last) in enumerate(spans):
        title = part.title if i == 0 else f"{part.title}, papers {first:,}–{last:,}"
        data = {
            "number": layout.part_number(part.id),
            "papers": entries[first - 1 : last],
            "head": website_head(volume, title, doc),
        }
        if count > 1:
            data["listing"] = {"pages": spans, "current": i, "total": len(entries)}
        toctree = tuple(paper_doc(p.id) for p in papers) if i == 0 else ()
        pages.append(Page(doc, title, "proceedings-part", data, toctree, orphan=i > 0))
    return pages


def _pages(layout: Layout, paper: Paper) -> list[int] | None:
    if not paper.in_volume:
        return None
    entry = layout.of(paper.id)
    return [entry.first, entry.last]


def _paper_page(
    volume: Volume,
    layout: Layout,
    files: SiteFiles,
    anchors: dict[tuple[str, str], str],
    position: int,
    citation: Citation | None,
    listed: Mapping[str, str],
) -> Page:
    paper = volume.papers[position]
    meta = paper.info
    part = next(p for p in volume.info.parts if p.id == meta.part)
    archival = paper.in_volume
    neighbours = [
        _neighbour(volume, position - 1) if position > 0 else None,
        _neighbour(volume, position + 1) if position + 1 < len(volume.papers) else None,
    ]
    tags = scholar_tags(volume, layout, paper) + record_link(volume, paper) if archival else []
    tags += opengraph(volume, meta.title, meta.abstract, volume.paper_url(paper), "article")
    data = {
        "id": paper.id,
        "archival": archival,
        "kind": paper.rules.label,
        "award": paper_award(paper, volume.workshop),
        "authors": [person_data(a, anchors.get(byline_key(paper, a))) for a in meta.authors],
        "abstract": meta.abstract,
        "keywords": list(meta.keywords),
        "part": {"doc": listed[paper.id], "title": part.title},  # the listing that holds it
        "booktitle": volume.info.citation_title,
        "pages": _pages(layout, paper),
        "doi": volume.doi_of(paper) if archival else meta.doi,
        "record": volume.record_url(paper) if archival else None,
        "pdf": volume.pdf_name(paper) if paper.id in files.paper_pdfs else None,
        "links": [[LINK_LABELS[k], v] for k, v in meta.links.model_dump().items() if v],
        "attachments": attachment_data(paper),
        "bibtex": citation.bibtex if archival and citation else None,
        "ris": citation.ris if archival and citation else None,
        "reference": citation.text if archival and citation else None,
        "previous": neighbours[0],
        "next": neighbours[1],
        "head": {
            "meta": tags,
            "jsonld": scholarly_article(volume, layout, paper) if archival else None,
        },
    }
    return Page(paper_doc(paper.id), meta.title, "proceedings-paper", data)


def attachment_data(paper: Paper) -> list[dict[str, Any]]:
    """The paper's attachments as its page shows them: a link's label and URL; a file's label,
    published name, type and size. A file that is not there (``check`` reports it) is left out."""
    out: list[dict[str, Any]] = []
    for attachment in paper.info.attachments:
        path = paper.attachment_path(attachment)
        if path is None:
            out.append({"label": attachment.title, "url": attachment.url})
        elif path.is_file():
            details = [attachment.type_name, size_text(path.stat().st_size)]
            out.append(
                {
                    "label": attachment.title,
                    "file": attachment.name,
                    "details": ", ".join(d for d in details if d),
                }
            )
    return out


def size_text(size: int) -> str:
    """A file's size as a reader reads it: ``812 bytes``, ``40 kB``, ``1.2 MB``."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


def _neighbour(volume: Volume, position: int) -> dict[str, str]:
    paper = volume.papers[position]
    return {"doc": paper_doc(paper.id), "title": " ".join(paper.info.title.split())}


def _authors_page(volume: Volume, layout: Layout, index: Sequence[IndexEntry]) -> Page:
    entries = []
    for entry in index:
        entries.append(
            {
                "letter": entry.letter,
                "name": entry.person.name.inverted,
                "full": entry.person.name.full,  # as a screen reader says it: "ORCID of ..."
                "orcid": entry.person.orcid_id,
                "anchor": entry.anchor,
                "papers": [
                    {
                        "doc": paper_doc(p.id),
                        "title": " ".join(p.info.title.split()),
                        "pages": _pages(layout, p),
                    }
                    for p in entry.papers
                ],
            }
        )
    data = {
        "entries": entries,
        "head": website_head(volume, "Author Index", AUTHORS),
    }
    return Page(AUTHORS, "Author Index", "proceedings-authors", data)


def _organization_page(volume: Volume) -> Page:
    committees = [
        {"role": c.role, "people": [person_data(p) for p in c.people]} for c in volume.committees
    ]
    data = {
        "committees": committees,
        "head": website_head(volume, "Organization", ORGANIZATION),
    }
    return Page(ORGANIZATION, "Organization", "proceedings-organization", data)


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def program_page(volume: Volume) -> Page:
    """The program: its items grouped by day (in English, as every output prints dates), each
    with its times, room, chair, papers (linked to their pages) and sub-sessions."""
    titles = {p.id: " ".join(p.info.title.split()) for p in volume.papers}
    workshop = volume.workshop
    keynotes = {
        k.id: {"title": k.title, "speaker": k.speaker.name.full}
        for k in (workshop.keynotes if workshop else ())
    }
    days: list[dict[str, Any]] = []
    for session in volume.program:
        day = session.start.date() if session.start else None
        label = (
            f"{_DAYS[day.weekday()]}, {_MONTHS[day.month - 1]} {day.day}, {day.year}"
            if day
            else None
        )
        if not days or (label is not None and days[-1]["day"] != label):
            days.append({"day": label, "sessions": []})
        days[-1]["sessions"].append(_session_data(session, titles, keynotes))
    first = next((s.start for s in volume.program if s.start), None)
    zone = None
    if first is not None and workshop is not None:
        zone = str(ZoneLabel.of(workshop.timezone, venue_time(workshop, first)))
    data = {
        "days": days,
        "zone": zone,
        "calendar": f"{volume.info.slug}.ics",
        "head": website_head(volume, "Program", PROGRAM),
    }
    return Page(PROGRAM, "Program", "proceedings-program", data)


def _times(start: Any, end: Any) -> str | None:
    if start is None:
        return None
    return f"{start:%H:%M}–{end:%H:%M}" if end is not None else f"{start:%H:%M}"


def _session_data(
    session: Session, titles: Mapping[str, str], keynotes: Mapping[str, dict[str, Any]]
) -> dict[str, Any]:
    keynote = keynotes.get(session.keynote) if session.keynote else None
    return {
        "title": session.title,
        "kind": session.kind,
        "keynote": {"doc": KEYNOTES, "anchor": f"keynote-{session.keynote}", **keynote}
        if keynote
        else None,
        "time": _times(session.start, session.end),
        "room": session.room,
        "chair": session.chair,
        "papers": [
            {
                "doc": paper_doc(p.id) if p.id in titles else None,
                "title": titles.get(p.id, p.id),
                "time": _times(p.start, p.end),
            }
            for p in session.papers
        ],
        "sessions": [_session_data(inner, titles, keynotes) for inner in session.sessions],
    }


def _sponsors_page(volume: Volume) -> Page:
    """The sponsors by level, in the order given, with their links and logos."""
    levels: list[dict[str, Any]] = []
    for sponsor in volume.sponsors:
        if not levels or levels[-1]["level"] != sponsor.level:
            levels.append({"level": sponsor.level, "sponsors": []})
        levels[-1]["sponsors"].append(
            {
                "name": sponsor.name,
                "url": sponsor.url,
                # From the source folder's root, as Sphinx reads an image path starting with /.
                "logo": "/" + sponsor.logo.lstrip("/") if sponsor.logo else None,
            }
        )
    data = {
        "levels": levels,
        "head": website_head(volume, "Sponsors", SPONSORS),
    }
    return Page(SPONSORS, "Sponsors", "proceedings-sponsors", data)


def website_head(volume: Volume, title: str, docname: str, text: str = "") -> dict[str, Any]:
    """The head tags of a page that is not a paper's: OpenGraph as a website (``text`` its
    description), no JSON-LD."""
    return {
        "meta": opengraph(volume, title, text, _url(volume, docname), "website"),
        "jsonld": None,
    }


def _url(volume: Volume, docname: str) -> str | None:
    """The page's public URL: ``<url>authors/`` for ``authors/index``."""
    if not volume.info.url:
        return None
    base = volume.info.url if volume.info.url.endswith("/") else volume.info.url + "/"
    return base + docname.removesuffix("index")
