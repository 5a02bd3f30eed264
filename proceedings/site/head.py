"""Volume + layout -> what a page's ``<head>`` tells indexers: Scholar tags, JSON-LD, OpenGraph.

Google Scholar reads the Highwire ``citation_*`` tags of a paper's own page
(``shared/schemas/google-scholar/README.md``): the title, one ``citation_author`` per author in
byline order (written ``Family, Given``), the publication date (the model knows the year only,
which Scholar accepts), the conference title (the volume's title as BibTeX's ``booktitle``
prints it), the first and last page from the layout, and the absolute URL of the PDF, which sits
in the page's own folder. ``citation_doi`` and ``citation_isbn`` are optional extras Scholar
reads. Non-archival papers get none of them, nor JSON-LD: they are not published in the volume.

Once the paper is published (``source/record.yaml``), the tags describe the version of record:
``citation_doi`` is the publisher's DOI and ``citation_firstpage``/``citation_lastpage`` the
published pages (which ``check`` holds equal to the layout's). ``citation_pdf_url`` stays the
PDF beside the page, since Scholar takes only a PDF in the page's own folder; the page points at
the version of record with ``<link rel="cite-as">`` (RFC 8574: the identifier to cite, the
DOI's link, else the publisher's page) and JSON-LD ``sameAs``.

Once the volume itself is published (``record.yaml``'s ``volume``), the home page is its landing
page: ``<link rel="cite-as">`` to the book's DOI (else its page at the publisher) and a schema.org
``Book`` (:func:`published_book`) with its ISBN, its DOI as ``identifier`` and ``sameAs``; every
paper's ``isPartOf`` is that ``Book`` (:func:`book_jsonld`). No ``citation_*`` tag goes on the
home page: Scholar's tags describe the one paper of a page, and ``citation_doi`` is a paper's.
``citation_isbn`` of a paper is the book's ISBN of record.

The tags are data here (``(attribute, key, value)`` triples and a JSON-LD mapping); they become
HTML only in :func:`render_head`, which escapes every value.
"""

from __future__ import annotations

import datetime
import html
import json
from typing import Any

from proceedings.layout import Layout
from proceedings.model import Paper, Person, Volume
from proceedings.site.people import orcid_url
from proceedings.workshop import venue_time

Meta = tuple[str, str, str]  # ("name" or "property", key, value), or ("link", rel, href)


def scholar_tags(volume: Volume, layout: Layout, paper: Paper) -> list[Meta]:
    """The Google Scholar ``citation_*`` tags of one archival paper, in a stable order."""
    info, meta = volume.info, paper.info
    first, last = _pages(volume, layout, paper)
    tags: list[Meta] = [("name", "citation_title", _line(meta.title))]
    for author in meta.authors:  # each author followed by their institutions, as Scholar reads them
        tags.append(("name", "citation_author", _line(author.name.inverted)))
        tags += [
            ("name", "citation_author_institution", _line(a.text)) for a in author.affiliations
        ]
    tags += [
        ("name", "citation_publication_date", publication_date(volume)),
        ("name", "citation_conference_title", _line(volume.info.citation_title)),
        ("name", "citation_firstpage", str(first)),
        ("name", "citation_lastpage", str(last)),
    ]
    optional = [
        ("citation_pdf_url", volume.pdf_url(paper)),
        ("citation_abstract_html_url", volume.paper_url(paper)),
        ("citation_doi", volume.doi_of(paper)),
        ("citation_isbn", volume.book_isbn),
        ("citation_publisher", info.publisher.name if info.publisher else None),
        ("citation_language", "en"),
    ]
    tags += [("name", key, _line(value)) for key, value in optional if value]
    return tags


def publication_day(volume: Volume) -> datetime.date | None:
    """The day the volume is published, when known: the event's first day, when the volume
    appears in the event's year (proceedings are published for the workshop)."""
    start = volume.info.event.start
    return start if start is not None and start.year == volume.info.year else None


def publication_date(volume: Volume) -> str:
    """The volume's publication date as Scholar wants it: ``2025/07/18``, else the year."""
    day = publication_day(volume)
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}" if day else str(volume.info.year)


def record_link(volume: Volume, paper: Paper) -> list[Meta]:
    """``<link rel="cite-as">`` to the version of record: its DOI's link, else its page at the
    publisher; nothing before the paper is published."""
    record = volume.record_of(paper)
    if record is None:
        return []
    target = f"https://doi.org/{record.doi}" if record.doi else record.url
    return [("link", "cite-as", _line(target))] if target else []


def book_link(volume: Volume) -> list[Meta]:
    """``<link rel="cite-as">`` of the home page to the published volume: its DOI's link, else
    its page at the publisher; nothing before the volume has a record."""
    record = volume.book_record
    if record is None:
        return []
    target = f"https://doi.org/{record.doi}" if record.doi else record.url
    return [("link", "cite-as", _line(target))] if target else []


def book_jsonld(volume: Volume) -> dict[str, Any]:
    """The schema.org ``Book`` of the volume: title, ISBN, the site, editors and publisher, and
    once it is published (a record of the volume) its DOI and its pages elsewhere as
    ``identifier`` and ``sameAs``."""
    info = volume.info
    book: dict[str, Any] = {"@type": "Book", "name": _line(info.citation_title)}
    isbn = volume.book_isbn
    if isbn:
        book["isbn"] = isbn
    if info.url:
        book["url"] = info.url
    if info.editors:
        book["editor"] = [{"@type": "Person", "name": e.name.full} for e in info.editors]
    if info.publisher:
        book["publisher"] = {"@type": "Organization", "name": info.publisher.name}
    record = volume.book_record
    if record is not None:
        doi = volume.book_doi
        if doi:
            book["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": doi}
        same = [link for link in (doi and f"https://doi.org/{doi}", record.url) if link]
        if same:
            book["sameAs"] = same[0] if len(same) == 1 else same
    return book


def published_book(volume: Volume) -> dict[str, Any] | None:
    """The home page's own JSON-LD once the volume is published: its ``Book`` with the date;
    ``None`` before (the home page is then the workshop's, its ``Event``)."""
    if volume.book_record is None:
        return None
    day = publication_day(volume)
    return {
        "@context": "https://schema.org",
        **book_jsonld(volume),
        "datePublished": day.isoformat() if day else str(volume.info.year),
    }


def _pages(volume: Volume, layout: Layout, paper: Paper) -> tuple[int, int]:
    """The published pages once there is a record of them, else the layout's."""
    record = volume.record_of(paper)
    if record is not None and record.pages is not None:
        return record.pages
    pages = layout.of(paper.id)
    return pages.first, pages.last


def description(text: str, limit: int = 300) -> str:
    """Plain one-line text of at most ``limit`` characters, cut at a word, for ``description``."""
    text = _line(text.replace("$", ""))
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def opengraph(volume: Volume, title: str, text: str, url: str | None, kind: str) -> list[Meta]:
    """``description`` and the OpenGraph tags of any page of the site."""
    tags: list[Meta] = []
    summary = description(text) if text else ""
    if summary:
        tags.append(("name", "description", summary))
    tags += [
        ("property", "og:type", kind),
        ("property", "og:title", _line(title)),
        ("property", "og:site_name", _line(volume.info.citation_title)),
    ]
    if summary:
        tags.append(("property", "og:description", summary))
    if url:
        tags.append(("property", "og:url", url))
    return tags


def scholarly_article(volume: Volume, layout: Layout, paper: Paper) -> dict[str, Any]:
    """The schema.org ``ScholarlyArticle`` of one archival paper, for a JSON-LD script."""
    info, meta = volume.info, paper.info
    first, last = _pages(volume, layout, paper)
    day = publication_day(volume)
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": _line(meta.title),
        "name": _line(meta.title),
        "author": [_person(a) for a in meta.authors],
        "datePublished": day.isoformat() if day else str(info.year),
        "isPartOf": book_jsonld(volume),
        "pageStart": str(first),
        "pageEnd": str(last),
        "pagination": f"{first}-{last}",
    }
    if meta.abstract:
        article["abstract"] = meta.abstract
    if meta.keywords:
        article["keywords"] = list(meta.keywords)
    doi = volume.doi_of(paper)
    if doi:
        article["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": doi}
        article["sameAs"] = f"https://doi.org/{doi}"
    record_url = volume.record_url(paper)
    if record_url and record_url != article.get("sameAs"):
        article["sameAs"] = [article["sameAs"], record_url] if "sameAs" in article else record_url
    if volume.paper_url(paper):
        article["url"] = volume.paper_url(paper)
    if volume.pdf_url(paper):
        article["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": volume.pdf_url(paper),
            "encodingFormat": "application/pdf",
        }
    if info.licence:
        article["license"] = f"https://spdx.org/licenses/{info.licence}.html"
    return article


def event_jsonld(volume: Volume) -> dict[str, Any] | None:
    """The schema.org ``Event`` of the workshop, for the home page (Google's event results need
    ``name``, ``startDate`` and ``location``); ``None`` when the volume gives no start date.

    Times come from the program when it has them (in the venue's time zone, with its offset),
    else the event's days; the keynote speakers are its performers."""
    event = volume.info.event
    if event.start is None:
        return None
    workshop = volume.workshop
    starts = [s.start for s in volume.program if s.start]
    ends = [s.end or s.start for s in volume.program if s.end or s.start]
    start = venue_time(workshop, min(starts)).isoformat() if starts else event.start.isoformat()
    end_day = event.end or event.start
    end = (
        venue_time(workshop, max(e for e in ends if e)).isoformat() if ends else end_day.isoformat()
    )
    place = event.place or event.host or event.name
    address: dict[str, Any] = {"@type": "PostalAddress"}
    city, _, country = (event.place or "").rpartition(",")
    if country.strip():
        address["addressCountry"] = country.strip()
    if city.strip():
        address["addressLocality"] = city.strip()
    location: dict[str, Any] = {"@type": "Place", "name": _line(place)}
    if len(address) > 1:
        location["address"] = address
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": _line(event.name),
        "startDate": start,
        "endDate": end,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": location,
    }
    if workshop and workshop.about:
        out["description"] = description(workshop.about)
    if volume.info.url:
        out["url"] = volume.info.url
    organizer: dict[str, Any] = {"@type": "Organization", "name": _line(event.name)}
    if volume.info.url:
        organizer["url"] = volume.info.url
    out["organizer"] = organizer
    if event.host:
        out["superEvent"] = {"@type": "Event", "name": _line(event.host)}
    if workshop and workshop.keynotes:
        out["performer"] = [_person(k.speaker) for k in workshop.keynotes]
    return out


def _person(person: Person) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "Person", "name": person.name.full}
    if person.given and not person.mononym:
        out["givenName"] = person.given
    out["familyName"] = person.family
    if orcid_url(person):
        out["sameAs"] = orcid_url(person)
    if person.affiliations:
        out["affiliation"] = [
            {"@type": "Organization", "name": a.text} for a in person.affiliations
        ]
    return out


def render_head(
    meta: list[list[str]] | list[Meta],
    jsonld: dict[str, Any] | list[dict[str, Any]] | None,
) -> str:
    """The ``<meta>`` elements and a JSON-LD script for each object, every value escaped for
    HTML.

    JSON in a ``<script>`` element cannot be escaped as HTML; ``<``, ``>`` and ``&`` are written
    as JSON ``\\u`` escapes instead, so no value can close the element.
    """
    lines = [
        f'<link rel="{html.escape(key)}" href="{html.escape(value)}">'
        if attr == "link"
        else f'<meta {attr}="{html.escape(key)}" content="{html.escape(value)}">'
        for attr, key, value in meta
    ]
    for item in jsonld if isinstance(jsonld, list) else [jsonld] if jsonld else []:
        text = json.dumps(item, ensure_ascii=False, indent=1)
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        lines.append(f'<script type="application/ld+json">\n{text}\n</script>')
    return "\n".join(lines) + "\n"


def _line(text: str) -> str:
    return " ".join(text.split())
