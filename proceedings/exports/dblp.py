"""Volume + layout -> dblp XML records: the volume's ``proceedings`` and its ``inproceedings``.

The records follow the dblp XML format (``dblp.dtd``) and dblp's house style, so that dblp can take
the volume in without retyping it:

- **Keys.** The volume is ``conf/<venue>/<year>`` and each paper ``conf/<venue>/<citation key>``,
  where ``<venue>`` is the volume key without its year (``tml4h2025`` -> ``tml4h``) and the
  citation key is the one of every other export (``exports/keys.py``). Papers point to the volume
  with ``crossref``.
- **Names** are printed as in the volume's by-lines (``Name.full``): ``Jan van der Berg``,
  ``Robert T. Whitfield Jr.``, ``王小明``, ``Kartika``, with an ``orcid`` attribute when known.
- **Titles.** A paper's title ends with a period, as in every dblp record (``... Triage.``),
  unless it ends with ``.``, ``?`` or ``!`` already; the volume's title is ``<title> -
  <subtitle>``, as dblp titles proceedings. ``booktitle`` is the acronym without its year
  (``TML4H``), dblp's short venue name.
- **Links.** ``ee`` is the DOI as a ``https://doi.org/`` link (else the site's page), marked
  ``type="oa"`` when the volume has a Creative Commons licence; ``url`` is the table-of-contents
  page dblp would give the volume (``db/conf/tml4h/tml4h2025.html``, ``#<key>`` for a paper).
- **Pages** come from the layout: ``first-last`` (``first`` for a one-page paper).

No ``mdate`` is written, so the output does not depend on the day it is built. The XML is built
with ElementTree (escaping is its business, never string templates), written in UTF-8 with the
DOCTYPE of ``dblp.dtd``, and indented two spaces. Characters that XML 1.0 cannot carry (control
characters) are dropped, and white space runs, newlines included, become one space.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET

from proceedings.exports import ExportOptions
from proceedings.exports.keys import paper_keys
from proceedings.layout import Layout
from proceedings.model import Paper, Person, Volume

HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n'


def write_dblp(volume: Volume, layout: Layout, options: ExportOptions) -> str:
    """One ``<dblp>`` document: the ``proceedings`` record, then the papers in volume order."""
    root = ET.Element("dblp")
    root.append(proceedings_record(volume))
    keys = paper_keys(volume, options.keys)
    for paper in volume.archival_papers:
        root.append(inproceedings_record(volume, layout, paper, keys[paper.id]))
    ET.indent(root, space="  ")
    return HEADER + ET.tostring(root, encoding="unicode") + "\n"


def venue(volume: Volume) -> str:
    """dblp's stream name of the venue: the volume key without its year (``tml4h``)."""
    slug = volume.info.slug
    year = volume.info.year
    stem = re.sub(rf"[-_.]?{year}$", "", slug)
    if stem == slug:
        stem = re.sub(rf"(?<=[a-z])[-_.]?{year % 100:02d}$", "", slug)
    return stem or slug


def proceedings_key(volume: Volume) -> str:
    """``conf/<venue>/<year>``, the key papers' ``crossref`` points to."""
    return f"conf/{venue(volume)}/{volume.info.year}"


def proceedings_record(volume: Volume) -> ET.Element:
    """The volume's ``<proceedings>`` record: editors, title, venue, series, publisher, links."""
    info = volume.info
    record = ET.Element("proceedings", key=proceedings_key(volume))
    for person in info.editors:
        _person(record, "editor", person)
    title = f"{info.title} - {info.subtitle}" if info.subtitle else info.title
    _add(record, "title", title)
    _add(record, "booktitle", _booktitle(volume))
    if info.series:
        _add(record, "series", info.series.name)
        _add(record, "volume", info.series.volume)
    _add(record, "publisher", info.publisher.name if info.publisher else None)
    _add(record, "year", str(info.year))
    _add(record, "isbn", volume.book_isbn)
    doi = volume.book_doi
    _ee(record, volume, f"https://doi.org/{doi}" if doi else info.url)
    _add(record, "url", _toc(volume))
    return record


def inproceedings_record(volume: Volume, layout: Layout, paper: Paper, key: str) -> ET.Element:
    """One paper's ``<inproceedings>`` record, cited as ``conf/<venue>/<key>``.

    Raises ``KeyError`` for a non-archival paper, which has no pages in the layout.
    """
    pages = layout.of(paper.id)
    record = ET.Element(paper.rules.dblp_element, key=f"conf/{venue(volume)}/{key}")
    for person in paper.info.authors:
        _person(record, "author", person)
    _add(record, "title", _period(paper.info.title))
    first, last = pages.first, pages.last
    _add(record, "pages", str(first) if first == last else f"{first}-{last}")
    _add(record, "year", str(volume.info.year))
    _add(record, "booktitle", _booktitle(volume))
    doi = volume.doi_of(paper)
    _ee(record, volume, f"https://doi.org/{doi}" if doi else volume.paper_url(paper))
    _add(record, "crossref", proceedings_key(volume))
    _add(record, "url", f"{_toc(volume)}#{key}")
    return record


def _booktitle(volume: Volume) -> str:
    """The acronym without its year: ``TML4H 2025`` -> ``TML4H``."""
    acronym = volume.info.acronym
    year = volume.info.year
    stem = re.sub(rf"[\s'’-]*(?:{year}|{year % 100:02d})$", "", acronym).strip()
    return stem or acronym


def _toc(volume: Volume) -> str:
    """The table-of-contents page dblp gives a volume: ``db/conf/<venue>/<venue><year>.html``."""
    name = venue(volume)
    return f"db/conf/{name}/{name}{volume.info.year}.html"


def _period(title: str) -> str:
    """dblp ends every title with a period, unless it ends with ``.``, ``?`` or ``!``."""
    title = _text(title)
    return title if title.endswith((".", "?", "!")) else f"{title}."


def _person(record: ET.Element, tag: str, person: Person) -> None:
    element = _add(record, tag, person.name.full)
    if element is not None and person.orcid_id:
        element.set("orcid", _text(person.orcid_id))


def _ee(record: ET.Element, volume: Volume, link: str | None) -> None:
    element = _add(record, "ee", link)
    licence = volume.info.licence or ""
    if element is not None and licence.upper().startswith("CC"):
        element.set("type", "oa")


def _add(record: ET.Element, tag: str, value: str | None) -> ET.Element | None:
    """Append ``<tag>value</tag>`` unless the value is empty; return the new element."""
    text = _text(value or "")
    if not text:
        return None
    element = ET.SubElement(record, tag)
    element.text = text
    return element


def _text(text: str) -> str:
    """One line of text that XML 1.0 can carry: no control characters, no lone surrogates."""
    text = " ".join(text.split())
    return "".join(
        c for c in text if unicodedata.category(c) not in ("Cc", "Cs") and c not in "\ufffe\uffff"
    )
