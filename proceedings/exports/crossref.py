"""Crossref deposit XML (schema 5.3.1): the DOIs of the volume and of every archival paper.

One ``<doi_batch>`` with one ``<conference>``: the volume editors as its contributors, the
event, the proceedings, then one ``<conference_paper>`` per archival paper, in volume order,
with its authors, title, abstract, pages (from the layout) and DOI. The XML is built with
:mod:`xml.etree.ElementTree` (never from string templates), pretty-printed with two spaces, in
UTF-8, and validates against ``crossref5.3.1.xsd`` (the tests check it offline).

Choices:

- **Deterministic output.** The same input gives byte-identical output. The ``timestamp``
  (Crossref's version number of a record, ``YYYYMMDDHHMMSS`` in UTC) is taken from
  ``SOURCE_DATE_EPOCH`` when it is set, else it is midnight of the event's last day (its first
  day, else 1 January of the volume's year). Crossref rejects a re-deposit whose timestamp is not
  greater than the previous one, so to correct a deposit already made, set
  ``SOURCE_DATE_EPOCH`` to a later time, e.g. ``SOURCE_DATE_EPOCH=$(date +%s)``. The
  ``doi_batch_id`` is ``<volume key>-<timestamp>-<8 hex digits of the SHA-256 of the body>``:
  two different deposits get different ids even with the same timestamp.
- **Depositor and registrant.** The model has no depositor fields: the depositor is the first
  volume editor with an e-mail address (Crossref sends the deposit report there), the
  registrant is the publisher's name.
- **Papers of record.** A paper whose version of record has a DOI (``source/record.yaml``) is
  left out: its publisher registered that DOI for its own page. With every paper so, the
  deposit has nothing to register and is left out. So is the volume's own DOI once the volume's
  record has one (its publisher registered the book); its ISBN is the record's.
- **Missing requirements** raise one :class:`ProceedingsError` naming ``source/volume.yaml`` and
  every missing field: a paper without a DOI while the volume has no ``doi_prefix``; no editor
  with an ``email``; no ``url`` (the DOIs' landing pages); no ``publisher``.
  :func:`missing_fields` lists the same without raising, for callers that would rather skip the
  deposit.
- **Series.** With a series that has an ISSN, the volume is ``proceedings_series_metadata``
  (series title, ISSN, and the series ``volume`` number); Crossref's ``series_metadata`` needs an
  ISSN, so a series without one is left out and the volume is ``proceedings_metadata``.
- **ISBN.** ``isbn`` when the volume has one, else ``noisbn`` with reason ``simple_series`` (in
  a series) or ``monograph``.
- **Dates.** Only the year of publication is known; ``publication_date`` is ``media_type=
  "online"`` since the DOIs resolve to the proceedings site. ``conference_date`` carries the
  parsed start and end as attributes and an English text (``July 7-13, 2025``).
- **Names.** ``given_name``, ``surname`` (the whole family name with its particles:
  ``van der Berg``), ``suffix``. A mononym (or anyone without a given name) is a ``surname``
  alone, since Crossref requires one. Family-first names (``王小明``, ``Nguyễn Văn An``) get
  ``name-style="eastern"``. Non-Latin names are written as they are, in UTF-8. ORCID iDs are
  ``https://orcid.org/`` URLs; affiliations give the institution, its ROR iD (as a URL), its
  place (``city, country``) and department.
- **Abstracts** are Markdown with ``$math$``: each paragraph (separated by a blank line) becomes
  one ``jats:p`` of plain text, whitespace collapsed, the TeX and any Markdown markup kept as
  written.
- **Titles** are plain text: ``<`` and ``&`` are escaped, never read as face markup (``<b>``).
- Not written, for want of data in the model: ``proceedings_subject``, ``conference_number``,
  the paper's language, licence (``ai:program``) and references (``citation_list``).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import xml.etree.ElementTree as ET

from proceedings.errors import ProceedingsError
from proceedings.exports import ExportOptions
from proceedings.layout import Layout
from proceedings.load import VOLUME_FILE
from proceedings.model import Affiliation, Paper, Person, Volume
from proceedings.names import is_cjk
from proceedings.output import source_date
from proceedings.text import plural
from proceedings.yamlfile import YamlDocument

SCHEMA_VERSION = "5.3.1"
CROSSREF = "http://www.crossref.org/schema/5.3.1"
JATS = "http://www.ncbi.nlm.nih.gov/JATS1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{CROSSREF} https://www.crossref.org/schemas/crossref{SCHEMA_VERSION}.xsd"

# ElementTree cannot write a default namespace when attributes are unqualified (``version``,
# ``sequence``), and ``register_namespace`` is global: so elements get plain names and the root
# declares the namespaces itself.
_NAMESPACES = {"xmlns": CROSSREF, "xmlns:jats": JATS, "xmlns:xsi": XSI}

# Characters that XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_crossref(volume: Volume, layout: Layout, options: ExportOptions) -> str:
    """The volume's Crossref deposit (schema 5.3.1), as UTF-8 XML text."""
    del options  # no option applies to Crossref
    _require(volume)
    timestamp = _timestamp(volume)

    body = _el("body")
    conference = _sub(body, "conference")
    if volume.info.editors:
        _contributors(conference, volume.info.editors, "editor")
    _event(conference, volume)
    _proceedings(conference, volume)
    for paper in deposited(volume):
        _paper(conference, volume, layout, paper)

    digest = hashlib.sha256(ET.tostring(body, encoding="utf-8")).hexdigest()[:8]
    root = _el(
        "doi_batch",
        {**_NAMESPACES, "version": SCHEMA_VERSION, "xsi:schemaLocation": SCHEMA_LOCATION},
    )
    head = _sub(root, "head")
    _sub(head, "doi_batch_id", f"{volume.info.slug[:60]}-{timestamp}-{digest}")
    _sub(head, "timestamp", timestamp)
    depositor = _sub(head, "depositor")
    editor = _depositor(volume)
    _sub(depositor, "depositor_name", editor.name.full)
    _sub(depositor, "email_address", editor.email or "")
    _sub(head, "registrant", volume.info.publisher.name if volume.info.publisher else "")
    root.append(body)

    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n'


# --- what Crossref requires --------------------------------------------------------------------


def missing_fields(volume: Volume) -> list[tuple[str, str]]:
    """What Crossref needs and ``volume.yaml`` lacks, as ``(field, message)`` pairs.

    Empty when the deposit can be written. A caller that writes every export may skip Crossref
    (and say why) when this is not empty, as it does for a volume without DOIs.
    """
    info = volume.info
    missing: list[tuple[str, str]] = []
    if volume.archival_papers and not deposited(volume):
        missing.append(
            (
                "doi_prefix",
                "every paper's DOI was registered by its publisher (source/record.yaml), so "
                "there is no DOI left for this deposit to register; the publisher keeps them",
            )
        )
    no_doi = [p.id for p in deposited(volume) if not volume.doi_of(p)]
    if no_doi:
        which = _list(no_doi)
        missing.append(
            (
                "doi_prefix",
                f"{which} no DOI and the volume has no DOI prefix, so the Crossref deposit cannot "
                'be written. Set doi_prefix (e.g. doi_prefix: "10.5555", your Crossref prefix) '
                "or give each paper a doi in its paper.yaml",
            )
        )
    if not any(editor.email for editor in info.editors):
        missing.append(
            (
                "editors[0].email",
                "no editor has an e-mail address; the Crossref depositor is the first editor "
                "with one, and Crossref sends the deposit report there. Add the email of an "
                "editor",
            )
        )
    if not info.url:
        missing.append(
            (
                "url",
                "the volume has no url; Crossref needs the page each DOI resolves to (papers "
                "resolve to <url>papers/<id>/). Set url to the proceedings site",
            )
        )
    if info.publisher is None:
        missing.append(
            (
                "publisher.name",
                "the volume has no publisher; Crossref requires the publisher's name (it is "
                "also the deposit's registrant). Add publisher: {name: ..., place: ...}",
            )
        )
    return missing


def deposited(volume: Volume) -> list[Paper]:
    """The archival papers whose DOIs this deposit registers: not those whose version of record
    has a DOI (``source/record.yaml``), which their publisher registered and points at its own
    page; depositing them again would take them over for this site."""
    return [
        paper
        for paper in volume.archival_papers
        if not ((record := volume.record_of(paper)) and record.doi)
    ]


def missing_errors(volume: Volume) -> list[ProceedingsError]:
    """An error for each field that Crossref needs and ``volume.yaml`` lacks, at its line."""
    display = VOLUME_FILE.as_posix()
    doc = volume.sources.get("volume")
    return [
        ProceedingsError(message, path=display, line=_line(doc, field), field=field)
        for field, message in missing_fields(volume)
    ]


def _require(volume: Volume) -> None:
    """Raise one error naming every field that Crossref needs and ``volume.yaml`` lacks."""
    errors = missing_errors(volume)
    if not errors:
        return
    if len(errors) == 1:
        raise errors[0]
    lines = [error.format_message() for error in errors]
    lines.append(f"cannot write the Crossref deposit: {plural(len(errors), 'missing field')}")
    raise ProceedingsError("\n".join(lines))


def _line(doc: YamlDocument | None, field: str) -> int | None:
    """The line of ``field`` (``editors[0].email``) or of the nearest part of it the file has;
    None when the file lacks it altogether, to name the file alone."""
    if doc is None:
        return None
    loc = [int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", field)]
    return doc.line(loc, root=False)


def _list(ids: list[str]) -> str:
    """``paper 001 has`` / ``papers 001, 002 have`` (at most ten ids named)."""
    shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
    return f"paper {shown} has" if len(ids) == 1 else f"papers {shown} have"


def _depositor(volume: Volume) -> Person:
    return next(editor for editor in volume.info.editors if editor.email)


def _timestamp(volume: Volume) -> str:
    """``YYYYMMDDHHMMSS`` (UTC) of ``SOURCE_DATE_EPOCH``, else of the event's last day."""
    moment = source_date()
    if moment is not None:
        return moment.strftime("%Y%m%d%H%M%S")
    event = volume.info.event
    day = event.end or event.start or datetime.date(volume.info.year, 1, 1)
    return f"{day:%Y%m%d}000000"


# --- the volume ------------------------------------------------------------------------------


def _event(conference: ET.Element, volume: Volume) -> None:
    info = volume.info
    event = _sub(conference, "event_metadata")
    _sub(event, "conference_name", info.event.name)
    _sub(event, "conference_acronym", info.event.short_name or info.acronym)
    if info.event.place:
        _sub(event, "conference_location", info.event.place)
    start, end = info.event.start, info.event.end or info.event.start
    if start and end:
        attrs = {
            "start_day": f"{start:%d}",
            "start_month": f"{start:%m}",
            "start_year": f"{start:%Y}",
            "end_day": f"{end:%d}",
            "end_month": f"{end:%m}",
            "end_year": f"{end:%Y}",
        }
        _sub(event, "conference_date", info.event.dates, attrs)


def _proceedings(conference: ET.Element, volume: Volume) -> None:
    info = volume.info
    series = info.series if info.series and info.series.issn else None
    if series:
        meta = _sub(conference, "proceedings_series_metadata")
        series_meta = _sub(meta, "series_metadata")
        _sub(_sub(series_meta, "titles"), "title", series.name)
        _sub(series_meta, "issn", series.issn)
        _sub(meta, "proceedings_title", info.title)
        if series.volume:
            _sub(meta, "volume", series.volume)
    else:
        meta = _sub(conference, "proceedings_metadata")
        _sub(meta, "proceedings_title", info.title)
    assert info.publisher is not None  # checked by _require
    publisher = _sub(meta, "publisher")
    _sub(publisher, "publisher_name", info.publisher.name)
    if info.publisher.place:
        _sub(publisher, "publisher_place", info.publisher.place)
    _publication_date(meta, info.year)
    isbn = volume.book_isbn
    if isbn:
        _sub(meta, "isbn", isbn)
    else:
        _sub(meta, "noisbn", attrs={"reason": "simple_series" if series else "monograph"})
    if info.doi and not (volume.book_record and volume.book_record.doi):
        assert info.url is not None  # checked by _require
        _doi_data(meta, info.doi, info.url)


# --- the papers ------------------------------------------------------------------------------


def _paper(conference: ET.Element, volume: Volume, layout: Layout, paper: Paper) -> None:
    info = paper.info
    element = _sub(conference, "conference_paper")
    if info.authors:
        _contributors(element, info.authors, "author")
    _sub(_sub(element, "titles"), "title", info.title)
    paragraphs = _paragraphs(info.abstract)
    if paragraphs:
        abstract = _sub(element, "jats:abstract")
        for paragraph in paragraphs:
            _sub(abstract, "jats:p", paragraph)
    _publication_date(element, volume.info.year)
    pages = layout.of(paper.id)
    numbers = _sub(element, "pages")
    _sub(numbers, "first_page", str(pages.first))
    _sub(numbers, "last_page", str(pages.last))
    doi, url = volume.doi_of(paper), volume.paper_url(paper)
    assert doi is not None  # checked by _require
    assert url is not None
    _doi_data(element, doi, url)


def _paragraphs(markdown: str) -> list[str]:
    """The abstract's paragraphs (separated by blank lines), each on one line."""
    return [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", markdown) if p.strip()]


# --- shared pieces ---------------------------------------------------------------------------


def _contributors(parent: ET.Element, people: tuple[Person, ...], role: str) -> None:
    contributors = _sub(parent, "contributors")
    for number, person in enumerate(people):
        attrs = {"sequence": "first" if number == 0 else "additional", "contributor_role": role}
        if person.given and _family_first(person):
            attrs["name-style"] = "eastern"  # family name first: 王小明, Nguyễn Văn An
        element = _sub(contributors, "person_name", attrs=attrs)
        if person.given:
            _sub(element, "given_name", person.given)
        _sub(element, "surname", person.family)  # particles included; a mononym is a surname
        if person.suffix:
            _sub(element, "suffix", person.suffix)
        if person.affiliations:
            affiliations = _sub(element, "affiliations")
            for affiliation in person.affiliations:
                _institution(affiliations, affiliation)
        if person.orcid_id:
            _sub(element, "ORCID", f"https://orcid.org/{person.orcid_id}")


def _family_first(person: Person) -> bool:
    """Whether the name is printed family first (``family_first``, default: CJK script)."""
    if person.family_first is not None:
        return person.family_first
    return is_cjk(person.family + person.given)


def _institution(parent: ET.Element, affiliation: Affiliation) -> None:
    institution = _sub(parent, "institution")
    _sub(institution, "institution_name", affiliation.institution)
    if affiliation.ror:
        ror = re.sub(r"^(?:https?://)?(?:www\.)?ror\.org/", "", affiliation.ror).strip("/")
        _sub(institution, "institution_id", f"https://ror.org/{ror}", {"type": "ror"})
    place = ", ".join(p for p in (affiliation.city, affiliation.country) if p)
    if place:
        _sub(institution, "institution_place", place)
    if affiliation.department:
        _sub(institution, "institution_department", affiliation.department)


def _publication_date(parent: ET.Element, year: int) -> None:
    _sub(_sub(parent, "publication_date", attrs={"media_type": "online"}), "year", str(year))


def _doi_data(parent: ET.Element, doi: str, url: str) -> None:
    data = _sub(parent, "doi_data")
    _sub(data, "doi", doi)
    _sub(data, "resource", url)


def _el(tag: str, attrs: dict[str, str] | None = None) -> ET.Element:
    """An element: ``tag`` is in the Crossref namespace, ``jats:tag`` in JATS."""
    return ET.Element(tag, attrs or {})


def _sub(
    parent: ET.Element,
    tag: str,
    text: str | None = None,
    attrs: dict[str, str] | None = None,
) -> ET.Element:
    """A child of ``parent``; its text is on one line, without what XML 1.0 cannot hold."""
    element = _el(tag, attrs)
    if text is not None:
        element.text = " ".join(_NOT_XML.sub("", text).split())
    parent.append(element)
    return element
