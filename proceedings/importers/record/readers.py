"""A publisher's or an indexer's file -> the papers it says were published (:class:`Published`).

Each reader takes what the version of record needs from one format: the title and authors (to
find the paper) and the DOI, pages and URL (to record). The formats are parsed by the
importers' own parsers where there is one: BibTeX by pybtex through
:func:`~proceedings.importers.bibtex.parse_file` (LaTeX decoded as ``import bibtex`` decodes
it), the ACL Anthology's XML through :mod:`~proceedings.importers.anthology`. RIS and dblp XML
have no importer; their readers are here, and small.

Where each format keeps what:

- **BibTeX** (Springer's per-chapter or whole-book ``.bib``, dblp's, PMLR's): ``doi``; Springer
  writes none but keys each chapter by its DOI (``@InProceedings{10.1007/978-3-031-...``), so a
  key that is a DOI is one; ``url`` is the paper's page, unless it is a DOI link (dblp writes
  ``url = {https://doi.org/...}``), which gives the DOI; ``pages``.
- **RIS** (Springer's ``.ris``): ``TI``/``T1``, ``AU``/``A1``, ``DO`` (else an ``ID`` that is a
  DOI), ``UR`` (a DOI link gives the DOI), ``SP``/``EP``.
- **dblp XML**: ``title``, ``author`` (dblp's homonym numbers, ``Wei Wang 0001``, dropped),
  ``pages``, ``ee`` (a DOI link gives the DOI, another link the URL); dblp's own ``url`` (its
  table of contents) is not the publisher's and is not read. dblp's named character entities
  (``&ouml;``, from its DTD) are read without the DTD.
- **ACL Anthology XML**: each ``<paper>``'s ``title``, ``author``, ``doi``, ``pages``; its URL is
  the Anthology's page of the paper (``https://aclanthology.org/2021.louhi-1.3``).

The record of the volume itself (:class:`PublishedVolume`: its DOI, ISBN, URL at the publisher,
publisher, series and number in it) is read where the file has one:

- **BibTeX**: an ``@proceedings`` (``@book``, ``@collection``, ``@mvbook``) entry: ``doi`` (else
  a DOI link in ``url``, else a key that is a DOI), ``url``, ``isbn``, ``publisher``, ``series``
  and ``volume`` (the number in the series: PMLR's ``volume = {225}``, dblp's LNCS number).
- **RIS**: a ``TY  - BOOK`` (``EBOOK``, ``EDBOOK``, ``CONF``: a whole proceedings, ``JFULL``)
  reference: ``DO``, ``UR``, ``SN`` (when it is an ISBN, not a series' ISSN), ``PB``, ``T3``
  (else ``T2``) and ``SV`` (else ``VL``).
- **dblp XML**: the ``<proceedings>`` element: ``ee`` as for papers, each ``isbn`` (dblp lists
  the print and the electronic one), ``publisher``, ``series``, ``volume``.
- **ACL Anthology XML**: each ``<volume>``'s ``<meta>``: ``doi``, ``isbn``, ``publisher``; its URL
  is the Anthology's page of the volume (``https://aclanthology.org/volumes/2021.louhi-1/``).

A volume entry that names none of the DOI, ISBN, URL or series number has nothing to record and
is passed over; which of several to take (none: it is never guessed) is for
:func:`~proceedings.importers.record.run_record` to say.
"""

from __future__ import annotations

import html.entities
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pybtex.database import Entry

from proceedings.errors import ProceedingsError
from proceedings.identifiers import bare_doi, doi_problem, isbn_problem
from proceedings.importers.anthology import (
    ANTHOLOGY,
    paper_key,
    paper_lines,
    parse_file,
    parse_xml,
    read_people,
)
from proceedings.importers.anthology.text import all_text, read_title
from proceedings.importers.bibtex import parse_file as parse_bibtex
from proceedings.importers.bibtex.papers import raw_field, read_pages
from proceedings.importers.bibtex.papers import read_people as bibtex_people
from proceedings.importers.notes import Context
from proceedings.importers.pdfs import page_range
from proceedings.importers.sources import read_bytes, read_text
from proceedings.importers.text import clean_text

__all__ = ["FORMATS", "Published", "PublishedVolume", "RecordFile", "detect", "read_published"]


@dataclass(frozen=True)
class Published:
    """One paper as a record file gives it.

    ``where`` names the record for messages (``springer.bib:17: 10.1007/...``); ``authors`` are
    full names in Unicode, in order. ``doi``, ``pages`` and ``url`` are as the file gives them,
    not yet checked.
    """

    where: str
    title: str
    authors: tuple[str, ...]
    doi: str | None = None
    pages: tuple[int, int] | None = None
    url: str | None = None


@dataclass(frozen=True)
class PublishedVolume:
    """The volume itself as a record file gives it (its ``@proceedings``, ``TY  - BOOK``,
    ``<proceedings>`` or ``<meta>``).

    ``where`` names the entry for messages; every value is as the file gives it (text decoded
    from LaTeX or XML, one line), not yet checked. ``isbns`` holds each ISBN given, in order
    (dblp gives the print and the electronic one).
    """

    where: str
    title: str = ""
    doi: str | None = None
    url: str | None = None
    isbns: tuple[str, ...] = ()
    publisher: str | None = None
    series: str | None = None
    series_volume: str | None = None

    @property
    def recordable(self) -> bool:
        """Whether it says anything to record: a DOI, an ISBN, a URL or a series number."""
        return bool(self.doi or self.url or self.isbns or self.series_volume)


@dataclass(frozen=True)
class RecordFile:
    """What a record file says: its papers, in file order, and its entries of the volume."""

    papers: tuple[Published, ...]
    volumes: tuple[PublishedVolume, ...] = ()


_DOI_LINK = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)


def _doi_and_url(doi: str, links: list[str], key: str = "") -> tuple[str | None, str | None]:
    """The DOI (given, else from a DOI link, else a key that is a DOI) and the first link that
    is not a DOI's."""
    found = bare_doi(doi) if doi else ""
    url = None
    for link in links:
        if _DOI_LINK.match(link):
            found = found or bare_doi(link)
        elif url is None and link:
            url = link
    if not found and key and doi_problem(key) is None:
        found = key
    return found or None, url


def _full(person: dict[str, Any]) -> str:
    return " ".join(p for p in (person.get("given", ""), person.get("family", "")) if p)


# --- BibTeX ---------------------------------------------------------------------------------

_VOLUME_TYPES = frozenset({"proceedings", "book", "collection", "mvbook"})


def read_bibtex_records(path: Path) -> RecordFile:
    """Every entry of a ``.bib`` that describes a paper (any type but a volume's), and every
    volume's entry."""
    data, ctx, _ = parse_bibtex(path)
    found = []
    volumes = []
    for entry in data.entries.values():
        key = entry.key
        if entry.type.lower() in _VOLUME_TYPES:
            volumes.append(_bibtex_volume(entry, ctx))
            continue
        if not entry.fields.get("title", "").strip():
            continue
        title = ctx.decode(key, "title", entry.fields.get("title", ""))
        authors = tuple(_full(p) for p in bibtex_people(entry, "author", ctx, key))
        doi, url = _doi_and_url(raw_field(entry, "doi"), [raw_field(entry, "url")], key)
        pages = read_pages(entry.fields.get("pages"))
        found.append(Published(ctx.where(key), title, authors, doi, pages, url))
    return RecordFile(tuple(found), tuple(volumes))


def _bibtex_volume(entry: Entry, ctx: Context) -> PublishedVolume:
    key = entry.key

    def text(name: str) -> str | None:
        return clean_text(ctx.decode(key, name, entry.fields.get(name, ""))) or None

    doi, url = _doi_and_url(raw_field(entry, "doi"), [raw_field(entry, "url")], key)
    isbn = raw_field(entry, "isbn")
    return PublishedVolume(
        ctx.where(key),
        title=text("title") or "",
        doi=doi,
        url=url,
        isbns=(isbn,) if isbn else (),
        publisher=text("publisher"),
        series=text("series"),
        series_volume=raw_field(entry, "volume") or None,
    )


# --- RIS ------------------------------------------------------------------------------------

_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_RIS_VOLUME_TYPES = frozenset({"BOOK", "EBOOK", "EDBOOK", "CONF", "JFULL"})


def read_ris_records(path: Path) -> RecordFile:
    """Every reference of a ``.ris`` file (``TY`` ... ``ER``) that describes a paper, and
    every one of a whole volume."""
    display = str(path)
    text = read_text(path, display, not_utf8="save it as UTF-8 from the publisher's page")
    found: list[Published] = []
    volumes: list[PublishedVolume] = []
    tags: dict[str, list[str]] = {}
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        match = _RIS_LINE.match(line.rstrip())
        if not match:
            continue
        tag, value = match.group(1), clean_text(match.group(2) or "")
        if tag == "TY":
            tags, start = {"TY": [value]}, number
        elif tag == "ER":
            if tags.get("TY", [""])[0].upper() in _RIS_VOLUME_TYPES:
                volumes.append(_ris_volume(tags, f"{display}:{start}"))
            elif (record := _ris_record(tags, f"{display}:{start}")) is not None:
                found.append(record)
            tags = {}
        elif tags:
            tags.setdefault(tag, []).append(value)
    return RecordFile(tuple(found), tuple(volumes))


def _first(tags: dict[str, list[str]], *names: str) -> str:
    return next((v for n in names for v in tags.get(n, []) if v), "")


def _ris_record(tags: dict[str, list[str]], line: str) -> Published | None:
    title = _first(tags, "TI", "T1", "CT")
    if not title:
        return None
    ident = _first(tags, "ID")
    authors = tuple(_ris_name(a) for n in ("AU", "A1") for a in tags.get(n, []) if a)
    links = [v for n in ("UR", "L2") for v in tags.get(n, [])]
    doi, url = _doi_and_url(_first(tags, "DO"), links, ident)
    start, end = _first(tags, "SP"), _first(tags, "EP")
    pages = page_range(f"{start}-{end}" if start and end and "-" not in start else start)
    return Published(f"{line}: {ident}" if ident else line, title, authors, doi, pages, url)


def _ris_volume(tags: dict[str, list[str]], line: str) -> PublishedVolume:
    """A whole volume's reference; ``SN`` is an ISBN only when it is one (a series' ISSN is
    not the book's)."""
    ident = _first(tags, "ID")
    links = [v for n in ("UR", "L2") for v in tags.get(n, [])]
    doi, url = _doi_and_url(_first(tags, "DO"), links, ident)
    return PublishedVolume(
        f"{line}: {ident}" if ident else line,
        title=_first(tags, "TI", "T1", "BT", "CT"),
        doi=doi,
        url=url,
        isbns=tuple(v for v in tags.get("SN", []) if v and isbn_problem(v) is None),
        publisher=_first(tags, "PB") or None,
        series=_first(tags, "T3", "T2") or None,
        series_volume=_first(tags, "SV", "VL") or None,
    )


def _ris_name(name: str) -> str:
    """``Family, Given`` (RIS's form) as ``Given Family``."""
    family, comma, given = name.partition(",")
    return f"{given.strip()} {family.strip()}".strip() if comma else name


# --- dblp XML -------------------------------------------------------------------------------

_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_HOMONYM = re.compile(r"\s+\d{4}$")  # dblp tells homonyms apart: 'Wei Wang 0001'
_DBLP_PAPERS = frozenset({"inproceedings", "incollection", "article"})


def _numeric(match: re.Match[bytes]) -> bytes:
    """A named entity of dblp's DTD (``&ouml;``) as the character reference it stands for."""
    name = match.group(1).decode("ascii")
    if name in _XML_ENTITIES or name not in html.entities.name2codepoint:
        return match.group(0)
    return f"&#{html.entities.name2codepoint[name]};".encode("ascii")


def read_dblp_records(path: Path) -> RecordFile:
    """Every ``inproceedings`` (``incollection``, ``article``) record of a dblp XML file, and
    its ``proceedings`` records."""
    display = str(path)
    data = _ENTITY.sub(_numeric, read_bytes(path, display))
    root = parse_xml(data, display)
    text = data.decode("latin-1")  # only to find each record's line: offsets, not text
    found = []
    volumes = []
    for record in root:
        if record.tag not in _DBLP_PAPERS and record.tag != "proceedings":
            continue
        key = record.get("key", "")
        match = re.search(rf"\bkey=[\"']{re.escape(key)}[\"']", text) if key else None
        line = text.count("\n", 0, match.start()) + 1 if match else None
        where = f"{display}:{line}: {key}" if line else f"{display}: {key or record.tag}"
        links = [clean_text(all_text(e)) for e in record.findall("ee")]
        doi, url = _doi_and_url("", links)
        title = clean_text(all_text(record.find("title")))
        if record.tag == "proceedings":
            volumes.append(
                PublishedVolume(
                    where,
                    title=title,
                    doi=doi,
                    url=url,
                    isbns=tuple(i for e in record.findall("isbn") if (i := clean_text(e.text))),
                    publisher=clean_text(all_text(record.find("publisher"))) or None,
                    series=clean_text(all_text(record.find("series"))) or None,
                    series_volume=clean_text(record.findtext("volume")) or None,
                )
            )
            continue
        if not title:
            continue
        authors = tuple(_HOMONYM.sub("", clean_text(all_text(a))) for a in record.findall("author"))
        pages = page_range(clean_text(record.findtext("pages")))
        found.append(Published(where, title, authors, doi, pages, url))
    return RecordFile(tuple(found), tuple(volumes))


# --- ACL Anthology XML ----------------------------------------------------------------------


def read_anthology_records(path: Path) -> RecordFile:
    """Every ``<paper>`` of every volume of an Anthology XML file, and each volume's
    ``<meta>``."""
    display = str(path)
    root, text = parse_file(path, display)
    collection = root.get("id", "") if root.tag == "collection" else ""
    found = []
    volumes = []
    for volume in [root] if root.tag == "volume" else root.findall("volume"):
        volume_id = volume.get("id", "1")
        elements = volume.findall("paper")
        keys = {el.get("id", ""): paper_key(collection, volume_id, el) for el in elements}
        ctx = Context(display, paper_lines(text, volume_id, keys), [])
        meta = volume.find("meta")
        if meta is not None:
            volumes.append(_anthology_volume(meta, ctx, text, collection, volume_id))
        for element in elements:
            key = keys[element.get("id", "")]
            title = read_title(element.find("title"), ctx, key)
            if not title:
                continue
            authors = tuple(_full(p) for p in read_people(element, ctx, key, "author"))
            doi = bare_doi(clean_text(element.findtext("doi"))) or None
            pages = page_range(element.findtext("pages"))
            url = f"{ANTHOLOGY}{key}" if "://" not in key else key
            found.append(Published(ctx.where(key), title, authors, doi, pages, url))
    return RecordFile(tuple(found), tuple(volumes))


_ANTHOLOGY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _anthology_volume(
    meta: ET.Element, ctx: Context, text: str, collection: str, volume_id: str
) -> PublishedVolume:
    """A volume's ``<meta>``; its URL is the Anthology's page of the volume, named by the
    ``<url>`` of ``<meta>`` (the volume's id, ``2020.acl-main``) or made from the collection's
    and the volume's ids (none for a lone ``<volume>`` without ``<url>``). A ``<url>`` that is
    neither an id nor a link is passed on as it is, for the record to refuse with a note."""
    ident = clean_text(meta.findtext("url")) or (f"{collection}-{volume_id}" if collection else "")
    url = f"{ANTHOLOGY}volumes/{ident}/" if _ANTHOLOGY_ID.match(ident) else ident or None
    start = re.search(rf"<volume\b[^>]*\bid=[\"']{re.escape(volume_id)}[\"']", text)
    line = text.count("\n", 0, start.start()) + 1 if start else None
    name = ident or volume_id
    where = f"{ctx.display}:{line}: {name}" if line else f"{ctx.display}: {name}"
    isbn = clean_text(meta.findtext("isbn"))
    return PublishedVolume(
        where,
        title=read_title(meta.find("booktitle"), ctx, None),
        doi=bare_doi(clean_text(meta.findtext("doi"))) or None,
        url=url,
        isbns=(isbn,) if isbn else (),
        publisher=clean_text(meta.findtext("publisher")) or None,
    )


# --- which format ---------------------------------------------------------------------------

FORMATS: dict[str, Callable[[Path], RecordFile]] = {
    "bibtex": read_bibtex_records,
    "ris": read_ris_records,
    "dblp": read_dblp_records,
    "acl-anthology": read_anthology_records,
}
"""Each format of the version of record and its reader."""


def detect(path: Path) -> str:
    """The file's format, from its first bytes: XML (dblp's root ``<dblp>``, else the
    Anthology's), RIS (a ``TY  -`` line) or BibTeX (an ``@`` entry)."""
    head = read_bytes(path, str(path))[:65536].decode("utf-8", errors="replace").lstrip("\ufeff")
    if head.lstrip().startswith("<"):
        return "dblp" if re.search(r"<dblp[\s>]", head) else "acl-anthology"
    if re.search(r"^TY  -", head, re.MULTILINE):
        return "ris"
    if re.search(r"@\s*[A-Za-z]+\s*[{(]", head):
        return "bibtex"
    raise ProceedingsError(
        "is neither BibTeX, RIS, dblp XML nor an ACL Anthology XML; give the publisher's "
        "citation file (.bib or .ris), dblp's XML or the Anthology's volume XML",
        path=str(path),
    )


def read_published(path: Path, fmt: str | None = None) -> RecordFile:
    """The papers ``path`` says were published, in file order, and its entries of the volume
    that have something to record; ``fmt`` as detected if not given. Raises one error naming
    the file when it cannot be read or describes neither a paper nor the volume's DOI, ISBN,
    URL or series number."""
    fmt = fmt or detect(path)
    found = FORMATS[fmt](path)
    volumes = tuple(v for v in found.volumes if v.recordable)
    if not found.papers and not volumes:
        raise ProceedingsError(
            f"holds no paper's record, nor the volume's DOI, ISBN or URL (read as {fmt}); give "
            "the publisher's file of the book",
            path=str(path),
        )
    return RecordFile(found.papers, volumes)
