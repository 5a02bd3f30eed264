"""Every export read back by a parser of its format, and its page ranges compared with the layout.

Page numbers are decided once, by the layout; wrong page ranges are what indexers and readers
notice first. So a build does not trust its exports because the code that wrote them read the
layout: each export's text is parsed again (BibTeX with pybtex, CSL-JSON with ``json``, RIS by
its tags, Crossref and dblp XML with ElementTree), every archival paper is found in it by its
key or DOI, and its pages are compared with the layout. The PDF read-back
(:mod:`proceedings.pdf.verify`) compares the volume with the same layout, so exports and PDF
agree. A mismatch names the paper and the format.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from pybtex.database import parse_string

from proceedings.exports import ExportOptions
from proceedings.exports.crossref import deposited
from proceedings.exports.keys import paper_keys
from proceedings.layout import Layout
from proceedings.model import Volume

__all__ = ["check_exports", "pages_in"]

Pages = dict[str, tuple[int, int]]
_RANGE = re.compile(r"^\s*(\d+)\s*(?:(?:--?|–)\s*(\d+))?\s*$")


def _range(text: str | None) -> tuple[int, int] | None:
    match = _RANGE.match(text or "")
    if match is None:
        return None
    first = int(match.group(1))
    return first, int(match.group(2) or first)


def _bibtex(text: str, by_key: Mapping[str, str], by_doi: Mapping[str, str]) -> Pages:
    found: Pages = {}
    for key, entry in parse_string(text, "bibtex").entries.items():
        if entry.type.lower() == "inproceedings" and key in by_key:
            pages = _range(entry.fields.get("pages", "").replace("{", "").replace("}", ""))
            if pages:
                found[by_key[key]] = pages
    return found


def _csl(text: str, by_key: Mapping[str, str], by_doi: Mapping[str, str]) -> Pages:
    found: Pages = {}
    for item in json.loads(text):
        pages = _range(item.get("page"))
        if item.get("id") in by_key and pages:
            found[by_key[item["id"]]] = pages
    return found


def _ris(text: str, by_key: Mapping[str, str], by_doi: Mapping[str, str]) -> Pages:
    found: Pages = {}
    for record in text.split("\nER  -"):
        tags: dict[str, str] = {}
        for line in record.splitlines():
            if len(line) > 6 and line[2:6] == "  - ":
                tags.setdefault(line[:2], line[6:].strip())
        first, last = _range(tags.get("SP")), _range(tags.get("EP") or tags.get("SP"))
        if tags.get("ID") in by_key and first and last:
            found[by_key[tags["ID"]]] = (first[0], last[0])
    return found


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _crossref(text: str, by_key: Mapping[str, str], by_doi: Mapping[str, str]) -> Pages:
    found: Pages = {}
    for element in ET.fromstring(text).iter():
        if _local(element.tag) != "conference_paper":
            continue
        own = {_local(child.tag): child for child in element}  # the paper's, not its citations'
        doi = {_local(e.tag): (e.text or "").strip() for e in own.get("doi_data", ())}.get("doi")
        numbers = {_local(e.tag): (e.text or "").strip() for e in own.get("pages", ())}
        paper = by_doi.get((doi or "").lower())
        pages = _range(f"{numbers.get('first_page', '')}-{numbers.get('last_page', '')}")
        if paper and pages:
            found[paper] = pages
    return found


def _dblp(text: str, by_key: Mapping[str, str], by_doi: Mapping[str, str]) -> Pages:
    found: Pages = {}
    for element in ET.fromstring(text).iter("inproceedings"):
        key = element.get("key", "").rsplit("/", 1)[-1]
        pages = _range(element.findtext("pages"))
        if key in by_key and pages:
            found[by_key[key]] = pages
    return found


_READERS = {
    "bibtex": _bibtex,
    "csl-json": _csl,
    "ris": _ris,
    "crossref": _crossref,
    "dblp": _dblp,
}


def pages_in(fmt: str, text: str, volume: Volume, options: ExportOptions) -> Pages:
    """The page range each paper has in an export's text, by paper id, as a parser reads it."""
    keys = paper_keys(volume, options.keys)
    by_key = {key: paper_id for paper_id, key in keys.items()}
    by_doi = {
        doi.lower(): paper.id for paper in volume.archival_papers if (doi := volume.doi_of(paper))
    }
    return _READERS[fmt](text, by_key, by_doi)


def check_exports(
    volume: Volume,
    layout: Layout,
    rendered: Sequence[tuple[str, str, str]],
    options: ExportOptions,
) -> list[str]:
    """Every disagreement between the exports, as (format, file name, text), and the layout."""
    problems = []
    expected = {entry.paper: (entry.first, entry.last) for entry in layout.papers}
    # The Crossref deposit leaves the papers of record to their publisher (crossref.deposited).
    in_deposit = {paper.id for paper in deposited(volume)}
    for fmt, name, text in rendered:
        found = pages_in(fmt, text, volume, options)
        listed = {p: r for p, r in expected.items() if fmt != "crossref" or p in in_deposit}
        for paper, pages in listed.items():
            if paper not in found:
                problems.append(f"paper {paper}: {name} has no pages for it")
            elif found[paper] != pages:
                problems.append(
                    f"paper {paper}: {name} gives pages {found[paper][0]}-{found[paper][1]}, "
                    f"the layout {pages[0]}-{pages[1]}"
                )
        for paper in sorted(set(found) - set(listed)):
            problems.append(f"paper {paper}: {name} lists it, but it is not in the volume")
    return problems
