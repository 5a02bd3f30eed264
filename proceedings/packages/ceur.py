"""Volume + layout + the stamped PDFs -> the folder CEUR-WS.org publishes, and ceur-make's files.

CEUR-WS publishes a volume as one flat folder, ``Vol-NNNN/``: an ``index.html`` that lists the
volume and its table of contents marked up with CEUR's classes (CEUR-WS's template,
``ceur-ws.org/Vol-XXX/``: ``CEURVOLNR``, ``CEURURN``, ``CEURPUBYEAR``, ``CEURVOLACRONYM``,
``CEURVOLTITLE``, ``CEURFULLTITLE``, ``CEURCOLOCATED``, ``CEURLOCTIME``, ``CEURVOLEDITOR``,
``CEURTOC``, ``CEURSESSION``, ``CEURTITLE``, ``CEURPAGES``, ``CEURAUTHOR``, ``CEURLANG``), and
the papers beside it with short file names. The package is:

=============================  ====================================================================
``Vol-NNNN/index.html``        the volume page (``Vol-XXX`` until CEUR-WS assigns the number:
                               the template's placeholder, which CEUR-WS replaces)
``Vol-NNNN/paperN.pdf``        the papers in volume order, as stamped by the build
``Vol-NNNN/invitedN.pdf``      invited talks; ``preface.pdf`` the preface (``frontmatterN.pdf``)
``Vol-NNNN/AUTHOR-AGREEMENTS/``  the signed agreements the editors collected
                               (``AUTHOR-AGREEMENT-paperN.pdf``), sent with the volume, not linked
``toc.xml``, ``workshop.xml``  the same volume as ceur-make (github.com/ceurws/ceur-make) reads it,
                               beside ``Vol-NNNN/`` as ceur-make keeps them
=============================  ====================================================================

Entries that are no papers to index are "AUX" entries (ceur-make's README: "not to be indexed in
publication databases"): the preface and other front matter always, and an invited talk shorter
than CEUR-WS's five pages for a regular paper (HOWTOSUBMIT: invited papers may be shorter; a
keynote's abstract is no paper). They keep their CEUR marks and get the ``AUX`` class on their
entry. ceur-make has no AUX marking (its README leaves it to the editor), so ``toc.xml`` lists
them as entries. Parts become sessions (``CEURSESSION``) when the volume has more than one.
Every text is escaped for HTML or XML: titles and names are written by strangers. The page is
valid HTML5 (CEUR-WS links each volume page to the W3C checker): where the template steps from
``h1`` to ``h3``, which the Nu HTML Checker refuses, the header uses ``h2``.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from proceedings.errors import ProceedingsError
from proceedings.limits import RefusedFile, read_regular
from proceedings.model import Paper, Person, Volume
from proceedings.output import source_date, write_atomic

if TYPE_CHECKING:
    from proceedings.packages import PackageSource

PLACEHOLDER = "XXX"
"""CEUR-WS's placeholder for a volume number it has not assigned yet (its template's)."""
AUX_PAGES = 5
"""CEUR-WS's minimum length of a regular paper: an invited talk shorter than this is AUX."""
AGREEMENTS = "AUTHOR-AGREEMENTS"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
_SERIES = ("ceur-ws", "ceur workshop proceedings")
_PROCEEDINGS_OF = re.compile(r"(?i)^proceedings of (the )?")


@dataclass(frozen=True)
class _Entry:
    """One entry of the table of contents: the paper, its file's stem, pages, and AUX or not."""

    paper: Paper
    stem: str
    first: int
    last: int
    aux: bool

    @property
    def authors(self) -> list[str]:
        return [person.name.full for person in self.paper.info.authors]


def volume_number(volume: Volume) -> str:
    """The CEUR-WS volume number from ``series.volume`` when the series is CEUR-WS's, else
    the template's ``XXX``."""
    series = volume.info.series
    if series is None or not series.volume or not series.volume.isdigit():
        return PLACEHOLDER
    names = (series.name, series.short_name or "")
    return series.volume if any(n.strip().lower() in _SERIES for n in names) else PLACEHOLDER


def write_ceur(source: PackageSource, folder: Path) -> list[Path]:
    """Write the CEUR-WS package of the volume into ``folder``; the files written."""
    volume = source.volume
    if volume.info.event.start is None:
        raise ProceedingsError(
            "event.start: CEUR-WS's volume page gives the event's date (CEURLOCTIME) and "
            "ceur-make needs it; set event.start (and event.end) in volume.yaml",
            path="source/volume.yaml",
        )
    entries = _entries(source)
    number = volume_number(volume)
    home = folder / f"Vol-{number}"
    written: list[Path] = []
    for entry in entries:
        target = home / f"{entry.stem}.pdf"
        write_atomic(target, source.build.paper_pdf(entry.paper.id).read_bytes())
        written.append(target)
        if entry.paper.info.agreement is not None:
            signed = entry.paper.folder / entry.paper.info.agreement
            suffix = Path(entry.paper.info.agreement).suffix.lower() or ".pdf"
            target = home / AGREEMENTS / f"AUTHOR-AGREEMENT-{entry.stem}{suffix}"
            write_atomic(target, _read(signed, entry.paper))
            written.append(target)
    page = home / "index.html"
    write_atomic(page, index_html(volume, entries, number))
    toc, workshop = folder / "toc.xml", folder / "workshop.xml"
    write_atomic(toc, toc_xml(volume, entries))
    write_atomic(workshop, workshop_xml(volume, number))
    return [page, *written, toc, workshop]


def _read(path: Path, paper: Paper) -> bytes:
    try:
        return read_regular(path, "pdf_bytes")
    except (RefusedFile, OSError) as exc:  # check reports agreement.missing before this
        reason = exc.reason if isinstance(exc, RefusedFile) else exc.strerror
        raise ProceedingsError(
            f"the signed agreement cannot be read: {reason}", path=str(path), field="agreement"
        ) from None


def _entries(source: PackageSource) -> list[_Entry]:
    """The volume's contributions in order, with their CEUR file names: ``paperN`` for papers,
    ``invitedN``, ``preface`` (``prefaceN`` when several), ``frontmatterN``."""
    counts: dict[str, int] = {}
    kinds = [p.info.kind for p in source.volume.archival_papers]
    entries = []
    for paper in source.volume.archival_papers:
        pages = source.layout.of(paper.id)
        kind = paper.info.kind
        stem = {"extended-abstract": "paper"}.get(kind, kind)
        counts[stem] = counts.get(stem, 0) + 1
        single = kind == "preface" and kinds.count(kind) == 1
        aux = kind in ("preface", "frontmatter") or (kind == "invited" and pages.pages < AUX_PAGES)
        name = stem if single else f"{stem}{counts[stem]}"
        entries.append(_Entry(paper, name, pages.first, pages.last, aux))
    return entries


# --- index.html -----------------------------------------------------------------------------


def _h(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


def _acronym(volume: Volume) -> str:
    """CEURVOLACRONYM: the acronym with the workshop's year (``TML4H 2025``)."""
    info = volume.info
    year = str(info.event.start.year if info.event.start else info.year)
    return info.acronym if year in info.acronym else f"{info.acronym} {year}"


def full_title(volume: Volume) -> str:
    """CEURFULLTITLE: ``Proceedings of the ...``: the title when it says so, else the event's."""
    title = volume.info.title
    return title if _PROCEEDINGS_OF.match(title) else f"Proceedings of the {volume.info.event.name}"


def _editor(person: Person) -> str:
    where = person.affiliations[0] if person.affiliations else None
    parts = [where.institution, where.country or ""] if where else []
    rest = "".join(f", {_h(p)}" for p in parts if p)
    return f'<span class="CEURVOLEDITOR">{_h(person.name.full)}</span>{rest}<br>'


def _li(entry: _Entry) -> str:
    aux = ' class="AUX"' if entry.aux else ""
    authors = ",\n".join(f'<span class="CEURAUTHOR">{_h(a)}</span>' for a in entry.authors)
    return (
        f'<li id="{entry.stem}"{aux}><a href="{entry.stem}.pdf">'
        f'<span class="CEURTITLE">{_h(entry.paper.info.title)}</span></a>\n'
        f'<span class="CEURPAGES">{entry.first}-{entry.last}</span><br>\n'
        f"{authors}\n</li>"
    )


def _toc(volume: Volume, entries: list[_Entry]) -> list[str]:
    """The table of contents: one list, or one session per part when there are several."""
    parts = [p for p in volume.info.parts if any(e.paper.info.part == p.id for e in entries)]
    lines = []
    for part in parts:
        if len(parts) > 1:
            lines.append(f'<h3><span class="CEURSESSION">{_h(part.title)}</span></h3>')
        lines.append("<ul>")
        lines += [_li(e) for e in entries if e.paper.info.part == part.id]
        lines.append("</ul>")
    return lines


def index_html(volume: Volume, entries: list[_Entry], number: str) -> str:
    """The volume page in the form of CEUR-WS's template, every field with its CEUR class."""
    info, event = volume.info, volume.info.event
    year = str(info.year)
    url = f' href="{_h(info.url)}"' if info.url else ""
    colocated = (
        f'co-located with <span class="CEURCOLOCATED">{_h(event.host)}</span>'
        if event.host
        else '<!-- co-located with <span class="CEURCOLOCATED">NONE</span> -->'
    )
    where = ", ".join(_h(p) for p in (event.place or "", event.dates or "") if p)
    submitter = _h(info.editors[0].name.full) if info.editors else ""
    date = source_date()
    submitted = date.date().isoformat() if date else "yyyy-mm-dd"
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        '<link rel="stylesheet" type="text/css" href="../ceur-ws.css">',
        f"<title>CEUR-WS.org/Vol-{number} - {_h(full_title(volume))} ({_h(_acronym(volume))})"
        "</title>",
        "</head>",
        "<!--CEURLANG=eng -->",
        "<body>",
        '<table style="border: 0; border-spacing: 0; border-collapse: collapse; width: 95%">',
        "<tbody><tr>",
        '<td style="text-align: left; vertical-align: middle">',
        '<a href="https://ceur-ws.org/"><div id="CEURWSLOGO"></div></a>',
        "</td>",
        '<td style="text-align: right; vertical-align: middle">',
        f'<span class="CEURVOLNR">Vol-{number}</span><br>',
        f'<span class="CEURURN">urn:nbn:de:0074-{number}-C</span>',
        '<p class="unobtrusive copyright" style="text-align: justify">Copyright &copy; '
        f'<span class="CEURPUBYEAR">{year}</span> for the individual papers by the papers\' '
        f'authors. Copyright &copy; <span class="CEURPUBYEAR">{year}</span> for the volume as '
        "a collection by its editors. This volume and its papers are published under the "
        f'Creative Commons License Attribution 4.0 International (<a href="{CC_BY}">CC BY 4.0'
        "</a>).</p>",
        "</td>",
        "</tr></tbody>",
        "</table>",
        "<hr>",
        f'<h1><a{url}><span class="CEURVOLACRONYM">{_h(_acronym(volume))}</span></a><br>',
        f'<span class="CEURVOLTITLE">{_h(event.name)}</span></h1>',
        "<h2>",
        f'<span class="CEURFULLTITLE">{_h(full_title(volume))}</span><br>',
        colocated,
        "</h2>",
        f'<h2><span class="CEURLOCTIME">{where}</span>.</h2>',
        "<b> Edited by </b>",
        "<h2>",
        *(_editor(person) for person in info.editors),
        "</h2>",
        "<hr>",
        '<div class="CEURTOC">',
        "<h2> Table of Contents </h2>",
        *_toc(volume, entries),
        "</div>",
        "<hr>",
        f'<span class="unobtrusive">{submitted}: submitted by {submitter}, metadata incl. '
        f'bibliographic data published under <a href="{CC0}">Creative Commons CC0</a><br>',
        '<span class="CEURPUBDATE">yyyy-mm-dd</span>: published on CEUR-WS.org</span>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(lines)


# --- ceur-make's toc.xml and workshop.xml ---------------------------------------------------


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = " ".join(text.split())
    return element


def _xml(root: ET.Element) -> str:
    ET.indent(root, space="    ")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def toc_xml(volume: Volume, entries: list[_Entry]) -> str:
    """ceur-make's ``toc.xml``: ``<paper id>`` (the PDF's stem) with title, pages and authors,
    in ``<session>`` elements when the volume has more than one part."""
    root = ET.Element("toc")
    parts = [p for p in volume.info.parts if any(e.paper.info.part == p.id for e in entries)]
    for part in parts:
        parent = root
        if len(parts) > 1:
            parent = ET.SubElement(root, "session")
            _text(parent, "title", part.title)
        for entry in (e for e in entries if e.paper.info.part == part.id):
            paper = ET.SubElement(parent, "paper", id=entry.stem)
            _text(paper, "title", entry.paper.info.title)
            ET.SubElement(paper, "pages", {"from": str(entry.first), "to": str(entry.last)})
            authors = ET.SubElement(paper, "authors")
            for name in entry.authors:
                _text(authors, "author", name)
    return _xml(root)


def workshop_xml(volume: Volume, number: str) -> str:
    """ceur-make's ``workshop.xml``: the volume's title, number, place, dates and editors."""
    info, event = volume.info, volume.info.event
    assert event.start is not None  # write_ceur refuses a volume without it
    root = ET.Element("workshop")
    title = ET.SubElement(root, "title")
    year = str(event.start.year)
    acronym = re.sub(rf"[\s-]*{year}$", "", info.acronym).strip() or info.acronym
    _text(title, "id", re.sub(r"[^A-Za-z0-9]+", "", acronym) or info.slug)
    _text(title, "acronym", acronym)
    _text(title, "volume", event.name)
    _text(title, "full", _PROCEEDINGS_OF.sub("", full_title(volume)))
    _text(root, "number", number)
    if info.url:
        _text(root, "homepage", info.url)
    _text(root, "language", "eng")
    _text(root, "location", event.place or "")
    end = event.end or event.start
    if end == event.start:
        _text(root, "date", event.start.isoformat())
    else:
        date = ET.SubElement(root, "date")
        _text(date, "from", event.start.isoformat())
        _text(date, "to", end.isoformat())
    if info.year != event.start.year:
        _text(root, "pubyear", str(info.year))
    if event.host:
        conference = ET.SubElement(root, "conference")
        _text(conference, "acronym", event.host)
    editors = ET.SubElement(root, "editors")
    for index, person in enumerate(info.editors):
        editor = ET.SubElement(editors, "editor", {"submitting": "true"} if index == 0 else {})
        _text(editor, "name", person.name.full)
        if person.affiliations:
            _text(editor, "affiliation", person.affiliations[0].institution)
            _text(editor, "country", person.affiliations[0].country or "")
    return _xml(root)
