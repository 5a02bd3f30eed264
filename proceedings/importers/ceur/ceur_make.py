"""ceur-make's ``workshop.xml`` and ``toc.xml`` -> a :class:`~.volume.CeurVolume`.

ceur-make (https://github.com/ceurws/ceur-make) builds a CEUR-WS volume from two files the
organizer writes: ``workshop.xml`` (the volume: ``<title>`` with ``<acronym>``, ``<volume>``
and ``<full>``, ``<number>``, ``<location>``, ``<date>`` or ``<date><from/><to/></date>``,
``<pubyear>``, ``<conference>``, ``<editors>``) and ``toc.xml`` (``<paper>`` elements with
``<title>``, ``<pages from to>`` and ``<authors><author>``, directly under ``<toc>`` or in
``<session>``). Its template says which CEUR class each element becomes, so both files are
read into the same record as the volume page (:mod:`~proceedings.importers.ceur.index_page`).

Files are parsed with expat into an ElementTree, recording each element's line so that
messages can point at it; comments, of which ceur-make's template has many (a commented-out
``<pubyear>`` among them), never reach the tree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from proceedings.errors import ProceedingsError
from proceedings.importers.ceur.volume import (
    CeurEditor,
    CeurPaper,
    CeurVolume,
    Found,
    iso_date,
    read_ceur_file,
)
from proceedings.importers.text import clean_text
from proceedings.text import plural

__all__ = ["XML_TERMS", "XmlFile", "expect_root", "parse_xml", "read_ceur_make"]

# What ceur-make's files call each value, for messages ("no <title><acronym>: give --acronym").
XML_TERMS: Mapping[str, str] = {
    "title": "<title><full> in workshop.xml",
    "acronym": "<title><acronym> in workshop.xml",
    "event": "<title><volume> in workshop.xml",
    "year": "<date> or <pubyear> in workshop.xml",
    "editors": "<editors><editor> in workshop.xml",
    "papers": "<paper><title> in toc.xml",
}
# workshop.xml elements that are read; any other is listed in a note as not imported.
_WORKSHOP_READ = frozenset({"title", "number", "location", "date", "pubyear", "conference"})
_XML_HINTS = {
    "undefined entity": " (XML knows only &amp; &lt; &gt; &quot; &apos;: write the character "
    "itself, or &#233;)",
    "mismatched tag": " (an element is closed with another element's name)",
    "not well-formed (invalid token)": " (a bare & or <? write &amp; or &lt;)",
    "no element found": " (is the file cut short?)",
}


@dataclass
class XmlFile:
    """A parsed XML file and the line each element starts on (ElementTree keeps none)."""

    display: str
    root: ET.Element
    lines: dict[int, int]

    def line(self, element: ET.Element | None) -> int | None:
        """The line ``element`` starts on."""
        return self.lines.get(id(element)) if element is not None else None

    def text(self, element: ET.Element | None) -> str:
        """The element's text, clean; ``""`` for a missing element."""
        return clean_text("".join(element.itertext())) if element is not None else ""

    def found(self, element: ET.Element | None) -> Found | None:
        """The element's text and where it is; ``None`` when it is missing or empty."""
        text = self.text(element)
        return Found(text, self.line(element), self.display) if text else None

    def at(self, element: ET.Element | None) -> Found:
        """Where ``element`` is, for a note (the file alone for ``None``)."""
        return Found("", self.line(element), self.display)


def parse_xml(path: Path, display: str) -> XmlFile:
    """Parse with expat into an ElementTree, noting each element's line for messages."""
    data = read_ceur_file(path, display)
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    lines: dict[int, int] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        lines[id(builder.start(tag, attrs))] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        reason = expat.errors.messages[exc.code]
        raise ProceedingsError(
            f"{display}:{exc.lineno}: not well-formed XML, column {exc.offset + 1}: "
            f"{reason}{_XML_HINTS.get(reason, '')}"
        ) from None
    return XmlFile(display, builder.close(), lines)


def expect_root(xml: XmlFile, tag: str) -> XmlFile:
    """``xml`` if its root is ``<tag>``; else an error naming the root it has."""
    if xml.root.tag != tag:
        raise ProceedingsError(
            f"{xml.display}:{xml.line(xml.root)}: the root element is <{xml.root.tag}>, not "
            f"ceur-make's <{tag}>; give ceur-make's toc.xml (<toc>) or workshop.xml (<workshop>)"
        )
    return xml


def _read_workshop(xml: XmlFile, volume: CeurVolume) -> None:
    """workshop.xml's values; comments (the template's, and a commented-out ``<pubyear>``)
    never reach the tree."""
    root = xml.root
    title = root.find("title")
    if title is not None:
        volume.title = xml.found(title.find("full"))  # "Proceedings of the" comes later
        volume.acronym = xml.found(title.find("acronym"))
        volume.event = xml.found(title.find("volume"))
    volume.number = xml.found(root.find("number"))
    volume.place = xml.text(root.find("location"))
    date = root.find("date")
    if date is not None:
        first = date.find("from")
        days = [xml.text(first), xml.text(date.find("to"))] if first is not None else []
        days = days or [xml.text(date)] * 2
        start, end = iso_date(days[0]), iso_date(days[1] or days[0])
        if start and end and end >= start:
            volume.start, volume.end = start, end
        else:
            shown = " to ".join(d for d in dict.fromkeys(days) if d)
            volume.dates = Found(shown, xml.line(date), xml.display)
    pubyear = xml.found(root.find("pubyear"))
    start = volume.start
    volume.year = pubyear or (
        Found(str(start.year), xml.line(date), xml.display) if start else None
    )
    conference = root.find("conference")
    if conference is not None:
        volume.host = xml.text(conference.find("acronym")) or xml.text(conference.find("full"))
    for element in root.iterfind("editors/editor"):
        name = xml.found(element.find("name"))
        if name is None:
            volume.note(xml.at(element), "an <editor> without a <name>; not imported")
            continue
        affiliation, country = (xml.text(element.find(n)) for n in ("affiliation", "country"))
        volume.editors.append(CeurEditor(name, affiliation, country))
    unread = [f"<{e.tag}>" for e in root if e.tag not in _WORKSHOP_READ | {"editors"}]
    if title is not None and title.find("id") is not None:
        unread.append("<title><id>")
    unread += sorted(
        {f"<editors><{e.tag}>" for e in root.iterfind("editors/*")} - {"<editors><editor>"}
    )
    if root.find("editors/editor/homepage") is not None:
        unread.append("the editors' <homepage>")
    if unread:
        listed = ", ".join(unread)
        volume.note(xml.at(None), f"not imported (volume.yaml has no place for them): {listed}")


def _read_toc(xml: XmlFile, volume: CeurVolume) -> None:
    """toc.xml's papers in document order, as ceur-make numbers them: a ``<paper>`` without
    ``id`` is the PDF ``paper-NN.pdf``, NN its position among all papers."""
    entries: list[tuple[ET.Element, Found | None]] = []
    sessions = 0
    for child in xml.root:
        if child.tag == "paper":
            entries.append((child, None))
        elif child.tag == "session":
            sessions += 1
            name = xml.found(child.find("title"))
            named = name or Found(f"Session {sessions}", xml.line(child), xml.display)
            entries.extend((paper, named) for paper in child.iterfind("paper"))
        else:
            volume.note(xml.line(child), f"<{child.tag}> is neither <paper> nor <session>; ignored")
    if not entries:
        raise ProceedingsError(
            f"{xml.display}: no <paper> element; ceur-make's toc.xml lists each paper as "
            "<paper> with <title>, <pages> and <authors>, directly under <toc> or in a <session>"
        )
    with_pdf, numbered = 0, 0
    for position, (element, session) in enumerate(entries, start=1):
        ident = (element.get("id") or "").strip()
        if ident.lower().endswith(".pdf"):
            with_pdf += 1
            file = ident
        elif ident:
            file = f"{ident}.pdf"
        else:
            numbered += 1
            file = f"paper-{position:02d}.pdf"
        pages = element.find("pages")
        bounds = (pages.get("from"), pages.get("to")) if pages is not None else ()
        span = "-".join(p for p in bounds if p)
        title = element.find("title")
        volume.papers.append(
            CeurPaper(
                Found(xml.text(title), xml.line(title) or xml.line(element)),
                [xml.text(a) for a in element.iterfind("authors/author")],
                span,
                file,
                session,
            )
        )
    if with_pdf:
        volume.note(
            None,
            f"{plural(with_pdf, '<paper> id')} end in .pdf, which ceur-make appends itself; "
            "read as the PDFs' file names",
        )
    if numbered:
        volume.note(
            None,
            f"{plural(numbered, '<paper>')} without an id: their PDFs are ceur-make's "
            "paper-NN.pdf, NN the position in toc.xml",
        )


def read_ceur_make(toc: XmlFile, workshop: XmlFile | None) -> CeurVolume:
    """toc.xml (and workshop.xml, when there is one) as a :class:`CeurVolume`."""
    volume = CeurVolume(toc.display, XML_TERMS)
    if workshop is not None:
        _read_workshop(workshop, volume)
    _read_toc(toc, volume)
    return volume
