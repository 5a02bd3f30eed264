"""Volume + layout -> CSL-JSON, the input format of citeproc (Zotero, pandoc, Mendeley).

One ``paper-conference`` item per archival paper, valid against the CSL 1.0.2 data schema (which
forbids unknown keys, so everything here is a CSL variable). The choices:

- **Names** keep their parts. A family name's leading lower-case words (``van der`` of ``van der
  Berg``, ``de`` of ``de Lhoneux``, ``von``) become the ``non-dropping-particle``: the volume prints
  and indexes the family name *with* its particles, and a non-dropping particle is the CSL way of
  saying so (a style may still demote it with ``demote-non-dropping-particle``). A mononym is
  ``{"family": "Kartika"}``, not ``{"literal": ...}``: ``literal`` is meant for institutions and
  unparsed names, whereas a family-only name stays a person's name to every style. A Latin-script
  name printed family-first (``family_first: true``, ``Nguyễn Văn An``) carries
  ``static-ordering: true`` so that styles print it as the volume does; CJK names (``王小明``) need
  nothing, since CSL processors print them family-first and unspaced by themselves. No
  ``given: ""`` is ever written (citeproc-php prints ``Homer, .``).
- **Pages** come from the layout only: ``page`` is ``first-last`` (``first`` for a one-page
  paper) and ``page-first`` is the first page, both strings like the schema's examples.
- **Dates**: ``issued`` is the volume's year (the model knows no finer publication date);
  ``event-date`` is the event's first day, or a two-date range when it lasts longer.
- **Text** is plain Unicode: titles and names have runs of white space (newlines included)
  collapsed to one space; the abstract keeps its line breaks, which JSON escapes.
- The volume's licence is left out: CSL 1.0.2 has no ``license`` variable and the schema rejects
  one.
"""

from __future__ import annotations

import json
from typing import Any

from proceedings.exports import ExportOptions
from proceedings.exports.keys import paper_keys
from proceedings.layout import Layout
from proceedings.model import Paper, Person, Volume
from proceedings.names import is_cjk


def write_csl_json(volume: Volume, layout: Layout, options: ExportOptions) -> str:
    """A JSON array of one item per archival paper, in volume order, ending with a newline.

    Keys are written in a fixed order (not sorted), so the output is byte-identical from one run
    to the next and reads naturally: id, type, title, people, container, pages, identifiers.
    """
    keys = paper_keys(volume, options.keys)
    items = [csl_item(volume, layout, paper, keys[paper.id]) for paper in volume.archival_papers]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def csl_item(volume: Volume, layout: Layout, paper: Paper, key: str) -> dict[str, Any]:
    """The CSL-JSON item of one archival paper, cited as ``key``.

    It depends on nothing but its arguments, so any stage can ask for one paper's item.
    A non-archival paper has no pages in the layout: asking for its item raises ``KeyError``,
    because an item without a place in the volume would pretend it is part of it.
    """
    info = volume.info
    meta = paper.info
    pages = layout.of(paper.id)
    item: dict[str, Any] = {"id": key, "type": paper.rules.csl_type, "title": _line(meta.title)}
    if paper.rules.note:  # CSL's "type, class, or subtype of the item": "Invited talk"
        item["genre"] = paper.rules.note
    if meta.short_title:
        item["title-short"] = _line(meta.short_title)
    item["author"] = [csl_name(person) for person in meta.authors]
    if info.editors:
        item["editor"] = [csl_name(person) for person in info.editors]
    item["container-title"] = _line(info.title)
    item["container-title-short"] = _line(info.acronym)
    if info.series:
        item["collection-title"] = _line(info.series.name)
        if info.series.volume:
            item["collection-number"] = info.series.volume
    item["event-title"] = _line(info.event.name)
    if info.event.place:
        item["event-place"] = _line(info.event.place)
    event_date = _event_date(volume)
    if event_date:
        item["event-date"] = event_date
    if info.publisher:
        item["publisher"] = _line(info.publisher.name)
        if info.publisher.place:
            item["publisher-place"] = _line(info.publisher.place)
    item["issued"] = {"date-parts": [[info.year]]}
    item["page"] = f"{pages.first}" if pages.first == pages.last else f"{pages.first}-{pages.last}"
    item["page-first"] = str(pages.first)
    doi = volume.doi_of(paper)
    if doi:
        item["DOI"] = doi
    url = volume.paper_url(paper)
    if url:
        item["URL"] = url
    isbn = volume.book_isbn
    if isbn:
        item["ISBN"] = isbn
    if info.series and info.series.issn:
        item["ISSN"] = info.series.issn
    if meta.abstract:
        item["abstract"] = meta.abstract
    if meta.keywords:
        item["keyword"] = ", ".join(_line(k) for k in meta.keywords)
    return item


def csl_name(person: Person) -> dict[str, Any]:
    """One person as a CSL name object: ``family``, ``given``, particle, suffix, ordering.

    ``Jan van der Berg`` -> ``{"family": "Berg", "given": "Jan", "non-dropping-particle": "van
    der"}``; a mononym or a person without a given name -> ``{"family": ...}`` alone.
    """
    name = person.name
    if person.mononym or not person.given:
        out: dict[str, Any] = {"family": _line(person.family)}
    else:
        out = {"family": _line(name.family_core), "given": _line(person.given)}
        if name.particle:
            out["non-dropping-particle"] = _line(name.particle)
    if person.suffix:
        out["suffix"] = _line(person.suffix)
    if person.given and person.family_first and not is_cjk(person.family + person.given):
        out["static-ordering"] = True
    return out


def _event_date(volume: Volume) -> dict[str, Any] | None:
    """``{"date-parts": [[y, m, d]]}`` for a one-day event, two date-parts for a longer one."""
    event = volume.info.event
    if not event.start:
        return None
    parts = [[event.start.year, event.start.month, event.start.day]]
    if event.end and event.end != event.start:
        parts.append([event.end.year, event.end.month, event.end.day])
    return {"date-parts": parts}


def _line(text: str) -> str:
    """One line of text: any run of white space (newlines, tabs, U+2028) becomes one space."""
    return " ".join(text.split())
