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
``Vol-NNNN/preface.pdf``       the preface: the editors' ``source/preface.md`` as the volume's
                               front matter prints it (its pages cut out of the built volume),
                               or a contribution of kind ``preface`` when there is one
``Vol-NNNN/invitedN.pdf``      invited talks (``frontmatterN.pdf``: other front-matter items)
``Vol-NNNN/AUTHOR-AGREEMENTS/``  the signed agreements the editors collected
                               (``AUTHOR-AGREEMENT-paperN.pdf``), sent with the volume, not linked
``toc.xml``, ``workshop.xml``  the same volume as ceur-make (github.com/ceurws/ceur-make) reads it,
                               beside ``Vol-NNNN/`` as ceur-make keeps them
=============================  ====================================================================

The preface is part of the volume, listed first (as CEUR-WS volumes list theirs, before the
sessions), and by the editors; the one from ``preface.md`` has no ``CEURPAGES``: its pages are
Roman, and CEUR's pages, like ceur-make's (``xsd:nonNegativeInteger``), are the papers' numbers.
When the volume has both, the contribution of kind ``preface`` is the preface CEUR-WS gets: the
editors gave it as one, and a volume page lists one preface.

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
from proceedings.packages.files import front_matter_chapter

if TYPE_CHECKING:
    from proceedings.packages import PackageSource

PLACEHOLDER = "XXX"
"""CEUR-WS's placeholder for a volume number it has not assigned yet (its template's)."""
AUX_PAGES = 5
"""CEUR-WS's minimum length of a regular paper: an invited talk shorter than this is AUX."""
AGREEMENTS = "AUTHOR-AGREEMENTS"
PREFACE_PAGE = "preface.md"
"""The hand-written page that is the volume's preface (``source/preface.md``)."""
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
_SERIES = ("ceur-ws", "ceur workshop proceedings")
_PROCEEDINGS_OF = re.compile(r"(?i)^proceedings of (the )?")


@dataclass(frozen=True)
class _Entry:
    """One entry of the table of contents: its file's stem, title, authors' names as printed,
    part (``None``: before the parts, as the front matter's preface), pages (``None``: none to
    give) and AUX or not; ``paper`` is the contribution it lists (``None``: a front-matter
    page of the volume)."""

    stem: str
    title: str
    authors: tuple[str, ...]
    part: str | None
    pages: tuple[int, int] | None
    aux: bool
    paper: Paper | None = None

    @classmethod
    def of(cls, paper: Paper, stem: str, first: int, last: int, aux: bool) -> _Entry:
        """The entry of a contribution, on its pages in the volume."""
        authors = tuple(person.name.full for person in paper.info.authors)
        return cls(stem, paper.info.title, authors, paper.info.part, (first, last), aux, paper)


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
    preface = _front_preface(source)
    if preface is not None:
        entry, pdf = preface
        entries.insert(0, entry)
        write_atomic(home / f"{entry.stem}.pdf", pdf)
        written.append(home / f"{entry.stem}.pdf")
    for entry in entries:
        if entry.paper is None:
            continue
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


def _front_preface(source: PackageSource) -> tuple[_Entry, bytes] | None:
    """The preface the editors wrote in ``source/preface.md`` (listed in volume.yaml's
    ``pages``), as the volume prints it in its front matter: its pages cut out of the built
    volume (by its outline entry and page labels), listed first as an AUX entry by the
    editors, without pages (its Roman numbers are no CEURPAGES). ``None`` when the volume has
    no such page, or has a contribution of kind ``preface``: that is the preface CEUR-WS gets
    then (``preface.pdf``), so the volume page lists one preface, not two."""
    volume = source.volume
    name = next((n for n in volume.info.pages if Path(n).name.lower() == PREFACE_PAGE), None)
    if name is None or any(p.info.kind == "preface" for p in volume.archival_papers):
        return None
    title = source.page_titles[name]
    pdf, _ = front_matter_chapter(source.build.volume_pdf(volume.info.slug), title)
    editors = tuple(person.name.full for person in volume.info.editors)
    return _Entry("preface", title, editors, None, None, True), pdf


def _read(path: Path, paper: Paper) -> bytes:
    try:
        return read_regular(path, "pdf_bytes")
    except (RefusedFile, OSError) as exc:  # check reports agreement.missing before this
        reason = exc.reason if isinstance(exc, RefusedFile) else exc.strerror
        raise ProceedingsError(
            f"the signed agreement cannot be read: {reason}", path=str(path), field="agreement"
        ) from None


def _entries(source: PackageSource) -> list[_Entry]:
    """The volume's contributions in order, with their CEUR file names: ``paper<N>`` for papers,
    ``invited<N>``, ``preface`` (``preface<N>`` when several), ``frontmatter<N>``."""
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
        entries.append(_Entry.of(paper, name, pages.first, pages.last, aux))
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
    pages = (
        f'\n<span class="CEURPAGES">{entry.pages[0]}-{entry.pages[1]}</span>' if entry.pages else ""
    )
    return (
        f'<li id="{entry.stem}"{aux}><a href="{entry.stem}.pdf">'
        f'<span class="CEURTITLE">{_h(entry.title)}</span></a>{pages}<br>\n'
        f"{authors}\n</li>"
    )


def _toc(volume: Volume, entries: list[_Entry]) -> list[str]:
    """The table of contents: one list, or one session per part when there are several; the
    entries before the parts (the front matter's preface) head the one list, or come before
    the sessions in a list of their own."""
    groups: list[tuple[str | None, list[_Entry]]] = [
        (part.title, [e for e in entries if e.part == part.id])
        for part in volume.info.parts
        if any(e.part == part.id for e in entries)
    ]
    front = [e for e in entries if e.part is None]
    if len(groups) == 1:
        groups = [(None, front + groups[0][1])]
    elif front:
        groups.insert(0, (None, front))
    lines = []
    for session, listed in groups:
        if session is not None:
            lines.append(f'<h3><span class="CEURSESSION">{_h(session)}</span></h3>')
        lines += ["<ul>", *(_li(e) for e in listed), "</ul>"]
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
    in ``<session>`` elements when the volume has more than one part; an entry before the
    parts (the front matter's preface) comes first, outside any session, without pages
    (ceur-make's pages are whole numbers: ``xsd:nonNegativeInteger``)."""
    root = ET.Element("toc")
    parts = [p for p in volume.info.parts if any(e.part == p.id for e in entries)]
    for entry in (e for e in entries if e.part is None):
        _toc_paper(root, entry)
    for part in parts:
        parent = root
        if len(parts) > 1:
            parent = ET.SubElement(root, "session")
            _text(parent, "title", part.title)
        for entry in (e for e in entries if e.part == part.id):
            _toc_paper(parent, entry)
    return _xml(root)


def _toc_paper(parent: ET.Element, entry: _Entry) -> None:
    paper = ET.SubElement(parent, "paper", id=entry.stem)
    _text(paper, "title", entry.title)
    if entry.pages:
        ET.SubElement(paper, "pages", {"from": str(entry.pages[0]), "to": str(entry.pages[1])})
    authors = ET.SubElement(paper, "authors")
    for name in entry.authors:
        _text(authors, "author", name)


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
