"""Volume + layout -> BibTeX: one ``@proceedings`` for the volume, one ``@inproceedings`` a paper.

Written with pybtex's BibTeX writer, never with string templates; the text of every field is
escaped here first (:mod:`.latex`), in the UTF-8 flavour for biber or the ASCII flavour for
classic bibtex. Names are written ``von Last, Jr, First`` from the model's parts, so particles
and suffixes land where BibTeX looks for them. With ``crossref`` (the default) each paper points
to the volume entry, which comes last in the file because bibtex only inherits fields from an
entry it has not read yet.

Once the volume is published (``record.yaml``'s ``volume``), the ``@proceedings`` entry gives
its DOI, ISBN and URL of record (the publisher's page of the book, over the site's): what a
reader citing the book should find.
"""

from __future__ import annotations

import re

from pybtex.bibtex.exceptions import BibTeXError
from pybtex.database import BibliographyData, Entry
from pybtex.database import Person as BibPerson
from pybtex.database.output.bibtex import Writer

from proceedings.exports import ExportOptions
from proceedings.exports.keys import paper_keys, volume_key
from proceedings.latex import escape, escape_with_math, protect_title
from proceedings.layout import Layout
from proceedings.model import Paper, Person, Volume

_BRACES = re.compile(r"\\.|[{}]", re.DOTALL)


class _Writer(Writer):  # type: ignore[misc]
    """pybtex's writer, told that field values are LaTeX already and always braced.

    pybtex would escape every value again (``\\&`` -> ``\\\\&``); our values come escaped from
    :mod:`.latex`, which alone knows about protected capitals and math.
    """

    def _encode(self, text: str) -> str:
        return text

    def quote(self, s: str) -> str:
        self.check_braces(s)
        return f"{{{s}}}"

    def check_braces(self, s: str) -> None:
        """Refuse a value whose braces do not balance (``\\{`` and ``\\}`` do not count).

        The same promise as pybtex's own check, whose scanner is the slowest step of writing a
        volume's BibTeX; here one pass over the braces does it.
        """
        depth = 0
        for brace in _BRACES.findall(s):
            if brace in ("{", "}"):
                depth += 1 if brace == "{" else -1
                if depth < 0:
                    break
        if depth:
            raise BibTeXError(f"String has unmatched braces: {s}")


def write_bibtex(volume: Volume, layout: Layout, options: ExportOptions) -> str:
    """The volume's BibTeX: every archival paper, then the volume entry they cross-reference."""
    keys = paper_keys(volume, options.keys)
    data = BibliographyData()
    for paper in volume.archival_papers:
        data.entries[keys[paper.id]] = _paper_entry(volume, layout, paper, options)
    data.entries[volume_key(volume)] = _volume_entry(volume, options)
    return str(_Writer().to_string(data))


def bibtex_entry(
    volume: Volume, layout: Layout, paper: Paper, options: ExportOptions, key: str | None = None
) -> str:
    """One paper's self-contained entry (no ``crossref``), for its page on the site.

    ``key`` saves working out every paper's key again when the caller has them already.
    """
    key = key or paper_keys(volume, options.keys)[paper.id]
    entry = _paper_entry(volume, layout, paper, ExportOptions(options.keys, False, options.ascii))
    return str(_Writer().to_string(BibliographyData(entries={key: entry})))


def _paper_entry(volume: Volume, layout: Layout, paper: Paper, options: ExportOptions) -> Entry:
    ascii, info = options.ascii, paper.info
    pages = layout.of(paper.id)
    fields: list[tuple[str, str]] = [
        ("title", protect_title(info.title, ascii=ascii)),
        ("booktitle", protect_title(volume.info.citation_title, ascii=ascii)),
    ]
    if not options.crossref:
        fields += _volume_fields(volume, ascii)
    else:
        fields.append(("year", str(volume.info.year)))
    fields.append(("pages", f"{pages.first}--{pages.last}"))
    doi = volume.doi_of(paper)
    if doi:
        fields.append(("doi", escape(doi)))
    url = volume.paper_url(paper)
    if url:
        fields.append(("url", escape(url)))
    if info.abstract.strip():
        fields.append(("abstract", escape_with_math(info.abstract, ascii=ascii)))
    if info.keywords:
        fields.append(("keywords", escape(", ".join(info.keywords), ascii=ascii)))
    if paper.rules.note:  # "Invited talk", "Preface": what a reader sees in the reference list
        fields.append(("note", escape(paper.rules.note, ascii=ascii)))
    if options.crossref:
        fields.append(("crossref", volume_key(volume)))
    persons: dict[str, list[BibPerson]] = {"author": [_person(a, ascii) for a in info.authors]}
    if not options.crossref and volume.info.editors:
        persons["editor"] = [_person(e, ascii) for e in volume.info.editors]
    return Entry(paper.rules.bibtex_type, fields=fields, persons=persons)


def _volume_entry(volume: Volume, options: ExportOptions) -> Entry:
    """The ``@proceedings`` entry, shaped for its flavour's reader.

    Classic bibtex (ASCII) gets ``booktitle`` and ``issn`` as dblp writes them; biblatex's data
    model (UTF-8) has neither for ``@proceedings`` and gets the event fields it knows instead.
    """
    ascii, info = options.ascii, volume.info
    fields = [("title", protect_title(volume.info.citation_title, ascii=ascii))]
    if info.subtitle:
        fields.append(("subtitle", protect_title(info.subtitle, ascii=ascii)))
    fields += _volume_fields(volume, ascii, booktitle=ascii)
    if ascii and info.series and info.series.issn:
        fields.append(("issn", escape(info.series.issn)))
    if not ascii:
        fields.append(("eventtitle", protect_title(info.event.name)))
        if info.event.place:
            fields.append(("venue", escape(info.event.place)))
        if info.event.start:
            end = info.event.end
            span = f"/{end.isoformat()}" if end and end != info.event.start else ""
            fields.append(("eventdate", f"{info.event.start.isoformat()}{span}"))
    record = volume.book_record  # once published, the book's DOI and page are its record's
    doi, url = volume.book_doi, (record.url if record else None) or info.url
    if doi:
        fields.append(("doi", escape(doi)))
    if url:
        fields.append(("url", escape(url)))
    persons = {"editor": [_person(e, ascii) for e in info.editors]} if info.editors else {}
    return Entry("proceedings", fields=fields, persons=persons)


def _volume_fields(volume: Volume, ascii: bool, booktitle: bool = False) -> list[tuple[str, str]]:
    """What a paper inherits from the volume: series, publisher, place and date of the event."""
    info, fields = volume.info, []
    if booktitle:
        fields.append(("booktitle", protect_title(volume.info.citation_title, ascii=ascii)))
    if info.series:
        fields.append(("series", protect_title(info.series.name, ascii=ascii)))
        if info.series.volume:
            fields.append(("volume", escape(info.series.volume)))
    if info.publisher:
        fields.append(("publisher", escape(info.publisher.name, ascii=ascii)))
        if info.publisher.place:
            fields.append(("address", escape(info.publisher.place, ascii=ascii)))
    fields.append(("year", str(info.year)))
    isbn = volume.book_isbn
    if isbn:
        fields.append(("isbn", escape(isbn)))
    return fields


def _person(person: Person, ascii: bool) -> BibPerson:
    """A pybtex person from the model's name parts, each escaped for BibTeX."""
    name = person.name
    if not name.given:
        return BibPerson(last=_braced(_name_part(name.family, ascii)))
    core = _name_part(name.family_core, ascii)
    if any(word[:1].islower() for word in re.split(r"[\s-]+", name.family_core)):
        # bibtex splits names at spaces and hyphens and takes lower-case words for particles:
        # 'al-Hassan' would print as 'al~Hassan', 'Ortega y Gasset' would lose its 'y'.
        core = f"{{{core}}}"
    return BibPerson(
        first=_name_part(name.given, ascii),
        prelast=_name_part(name.particle, ascii),
        last=core,
        lineage=_name_part(name.suffix, ascii),
    )


_AND = re.compile(r"\band\b", re.IGNORECASE)


def _name_part(text: str, ascii: bool) -> str:
    """Escape one part of a name; hide the commas and 'and' that would split it."""
    return _AND.sub("{\\g<0>}", escape(text, ascii=ascii).replace(",", "{,}"))


def _braced(text: str) -> str:
    """One BibTeX token: a multi-word family name without a given name stays whole."""
    return f"{{{text}}}" if " " in text else text
