"""Volume + the build -> what the ACL Anthology ingests: aclpub2's output and the Anthology XML.

A workshop of the ACL sends its publication chairs the ``output`` folder of aclpub2
(https://github.com/acl-org/aclpub2, README "Expected output"), from which the Anthology's
ingestion makes the volume's XML file (``data/xml/<year>.<venue>.xml``) and its files named by
Anthology id. The package holds both::

    proceedings.pdf             the whole volume
    watermarked_pdfs/0.pdf      the front matter alone (aclpub2: "MUST contain" it)
    watermarked_pdfs/<id>.pdf   each archival paper, stamped, by its aclpub2 id
    attachments/<id>/<file>     the papers' supplementary files
    inputs/                     the metadata: conference_details.yml, papers.yml (with each
                                paper's start_page, end_page, num_pages, as aclpub2 rewrites
                                it), organizing_committee.yml, and papers/<id>.pdf (the
                                camera-ready PDFs, as aclpub2 keeps them)
    anthology/<year>.<venue>.xml      the volume as the Anthology's data/xml holds it
    anthology/pdf/<year>.<venue>-1.pdf     the volume; ...-1.0.pdf the front matter;
                                           ...-1.<n>.pdf paper n
    anthology/bib/<year>.<venue>-1.<n>.bib paper n's BibTeX

The Anthology numbers the papers 1, 2, ... in volume order (0 is the front matter). Its venue
id is the volume's acronym without the year, lower-cased (``LOUHI 2021`` -> ``louhi``), and
the volume is ``1``. Titles mark with ``<fixed-case>`` the words whose capitals a bibliography
style must keep (:func:`proceedings.latex.needs_protection`, the rule our BibTeX braces by);
abstracts carry ``<tex-math>``, ``<i>`` and ``<b>`` for the Markdown's math and emphasis. A
``<url>``'s ``hash`` is the CRC-32 of its PDF, as the Anthology computes it. A paper's
``<doi>`` is the one every export gives it (its own, or one minted from ``doi_prefix``); none
when the volume has neither (the Anthology then assigns its own).
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

import yaml

from proceedings.identifiers import unique_name
from proceedings.latex import escape, escape_with_math, needs_protection
from proceedings.model import Attachment, Paper, Person, Volume
from proceedings.names import fold
from proceedings.output import source_date
from proceedings.packages import PackageSource
from proceedings.packages.files import copy_file, front_matter_pdf, one_line, write_file

ANTHOLOGY_VOLUME = "1"
"""The volume's id within its Anthology collection: a workshop's proceedings are one volume."""
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
# Our kinds of attachment as aclpub2's types (its importer reads them back).
_TYPES = {
    "supplement": "supplementary",
    "code": "software",
    "data": "dataset",
    "slides": "presentation",
    "poster": "poster",
    "video": "video",
    "other": "other",
}
# Words a bibkey skips (with numbers): "louhi-2021-international" for "Proceedings of the 12th
# International Workshop...", as the Anthology's own keys read.
_SKIPPED = frozenset(
    {"a", "an", "the", "of", "on", "in", "for", "and", "to", "with", "proceedings"}
)
_INLINE = re.compile(r"\$([^$]+)\$|\*\*(.+?)\*\*|\*(.+?)\*")
_WORD = re.compile(r"^([\W_]*)(.*?)([\W_]*)$", re.DOTALL)


def anthology_venue(volume: Volume) -> str:
    """The Anthology's venue id: the acronym without its year (``LOUHI 2021``, ``ACL-2021``),
    lower-case letters and digits."""
    venue = re.sub(r"[^a-z0-9]+", "", fold(_without_year(volume)))
    return venue or volume.info.slug


def _without_year(volume: Volume) -> str:
    """The acronym without the volume's year and what joins it (``LOUHI``, ``ACL``)."""
    name = re.sub(rf"[\s_-]*\b{volume.info.year}\b", "", volume.info.acronym).strip()
    return name or volume.info.acronym


def _aclpub2_ids(volume: Volume) -> dict[str, int | str]:
    """Each paper's aclpub2 id: a number when its id is one (``007`` -> 7, as aclpub2's own
    files have them), else the id; the id itself when two would give one number."""
    numbers = [int(p.id) for p in volume.papers if p.id.isdigit()]
    return {
        p.id: int(p.id) if p.id.isdigit() and numbers.count(int(p.id)) == 1 else p.id
        for p in volume.papers
    }


def write_acl(source: PackageSource, folder: Path) -> list[Path]:
    """Write the ACL package of the volume into ``folder``; return the files written."""
    volume = source.volume
    venue = anthology_venue(volume)
    collection = f"{volume.info.year}.{venue}"
    volume_id = f"{collection}-{ANTHOLOGY_VOLUME}"
    numbers = {paper.id: n for n, paper in enumerate(volume.archival_papers, 1)}
    front = front_matter_pdf(source.build.volume_pdf(volume.info.slug))
    written = [
        copy_file(source.build.volume_pdf(volume.info.slug), folder / "proceedings.pdf"),
        write_file(folder / "watermarked_pdfs" / "0.pdf", front),
        write_file(folder / "anthology" / "pdf" / f"{volume_id}.0.pdf", front),
        copy_file(
            source.build.volume_pdf(volume.info.slug),
            folder / "anthology" / "pdf" / f"{volume_id}.pdf",
        ),
    ]
    keys = _bibkeys(volume)
    ids = _aclpub2_ids(volume)
    for paper in volume.archival_papers:
        stamped = source.build.paper_pdf(paper.id)
        anthology_id = f"{volume_id}.{numbers[paper.id]}"
        written.append(copy_file(stamped, folder / "watermarked_pdfs" / f"{ids[paper.id]}.pdf"))
        written.append(copy_file(stamped, folder / "anthology" / "pdf" / f"{anthology_id}.pdf"))
        entry = _rekey(source.bibtex[paper.id], keys[paper.id])
        written.append(write_file(folder / "anthology" / "bib" / f"{anthology_id}.bib", entry))
    written += _inputs(source, ids, folder / "inputs", folder / "attachments")
    xml = anthology_xml(source, venue, front, keys)
    written.append(write_file(folder / "anthology" / f"{collection}.xml", xml))
    return sorted(written)


# --- aclpub2's output -------------------------------------------------------------------------


def _inputs(
    source: PackageSource, ids: dict[str, int | str], folder: Path, attachments: Path
) -> list[Path]:
    """aclpub2's ``inputs/``: the YAML files it reads and the camera-ready PDFs, the papers
    named by their aclpub2 ``ids``."""
    volume, layout = source.volume, source.layout
    written = [write_file(folder / "conference_details.yml", _yaml(_conference(volume)))]
    if volume.committees:
        committees = [
            {"role": c.role, "members": [_person(p) for p in c.people]} for c in volume.committees
        ]
        written.append(write_file(folder / "organizing_committee.yml", _yaml(committees)))
    papers = []
    for paper in volume.papers:
        if not paper.has_pdf:
            continue  # aclpub2 knows no paper without a PDF: an invited talk's abstract
        entry: dict[str, Any] = {
            "id": ids[paper.id],
            "title": escape(one_line(paper.info.title)),
            "authors": [_person(a, author=True) for a in paper.info.authors],
            "abstract": escape_with_math(paper.info.abstract),
            "file": f"{ids[paper.id]}.pdf",
            "archival": paper.in_volume,
        }
        if paper.info.track:
            entry["attributes"] = {"paper_type": paper.info.track}
        files = []
        for attachment in paper.info.attachments:
            item, path = _attachment(paper, attachment, ids[paper.id])
            files.append(item)
            if path is not None:
                written.append(copy_file(path, attachments / item["file"]))
        if files:
            entry["attachments"] = files
        if paper.in_volume:  # what aclpub2 adds when it rewrites papers.yml into its output
            pages = layout.of(paper.id)
            entry["start_page"] = int(pages.first)
            entry["end_page"] = int(pages.last)
            entry["num_pages"] = int(pages.pages)
        papers.append(entry)
        written.append(copy_file(paper.pdf_path, folder / "papers" / entry["file"]))
    written.append(write_file(folder / "papers.yml", _yaml(papers)))
    return written


def _conference(volume: Volume) -> dict[str, Any]:
    """``conference_details.yml`` in aclpub2's current schema."""
    info, event = volume.info, volume.info.event
    details: dict[str, Any] = {
        "book_title": one_line(info.title),
        "event_name": one_line(event.name),
        "anthology_venue_id": _without_year(volume),
    }
    if event.start:
        details["start_date"] = event.start.isoformat()
        details["end_date"] = (event.end or event.start).isoformat()
    else:
        details["year"] = info.year
    if info.isbn:
        details["isbn"] = info.isbn
    if event.place:
        details["location"] = event.place
    details["editors"] = [_person(e) for e in info.editors]
    if info.publisher:
        details["publisher"] = info.publisher.name
    return details


def _person(person: Person, *, author: bool = False) -> dict[str, Any]:
    """A person as aclpub2 writes one: first and last name, institution (and for authors the
    e-mail and ORCID iD)."""
    out: dict[str, Any] = {"first_name": "" if person.mononym else person.given}
    out["last_name"] = person.family
    if person.affiliations:
        out["institution"] = "; ".join(a.text for a in person.affiliations)
    if author and person.email:
        out["email"] = person.email
    if author and person.orcid_id:
        out["orcid"] = person.orcid_id
    return out


def _attachment(
    paper: Paper, attachment: Attachment, aclpub2_id: int | str
) -> tuple[dict[str, str], Path | None]:
    """One attachment as ``papers.yml`` lists it, and the file to copy under ``attachments/``."""
    item = {"type": _TYPES[attachment.what]}
    path = paper.attachment_path(attachment)
    if path is None or attachment.name is None:
        item["url"] = attachment.url or ""
        return item, None
    item["file"] = f"{aclpub2_id}/{attachment.name}"
    return item, path


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


# --- the Anthology ----------------------------------------------------------------------------


def anthology_xml(source: PackageSource, venue: str, front: bytes, keys: dict[str, str]) -> bytes:
    """The volume's ``<collection>`` as the Anthology's ``data/xml`` holds it."""
    volume, layout = source.volume, source.layout
    info, event = volume.info, volume.info.event
    collection = ET.Element("collection", id=f"{info.year}.{venue}")
    volume_id = f"{info.year}.{venue}-{ANTHOLOGY_VOLUME}"
    node = ET.SubElement(
        collection,
        "volume",
        {"id": ANTHOLOGY_VOLUME, "ingest-date": _ingest_date(volume), "type": "proceedings"},
    )
    meta = ET.SubElement(node, "meta")
    _text(meta, "booktitle", one_line(info.title))
    for editor in info.editors:
        _name(ET.SubElement(meta, "editor"), editor)
    if info.publisher:
        _text(meta, "publisher", info.publisher.name)
    if event.place:
        _text(meta, "address", event.place)
    if event.start:
        _text(meta, "month", _MONTHS[event.start.month - 1])
    _text(meta, "year", str(info.year))
    if info.isbn:
        _text(meta, "isbn", info.isbn)
    _text(meta, "venue", venue)
    frontmatter = ET.SubElement(node, "frontmatter")
    _text(frontmatter, "url", f"{volume_id}.0", hash=_hash(front))
    _text(frontmatter, "bibkey", f"{venue}-{info.year}-{_first_word(info.title)}")
    for number, paper in enumerate(volume.archival_papers, 1):
        element = ET.SubElement(node, "paper", id=str(number))
        _marked_title(ET.SubElement(element, "title"), one_line(paper.info.title))
        for author in paper.info.authors:
            _name(ET.SubElement(element, "author"), author)
        pages = layout.of(paper.id)
        _text(element, "pages", f"{pages.first}–{pages.last}")
        if paper.info.abstract.strip():
            _inline(ET.SubElement(element, "abstract"), one_line(paper.info.abstract))
        pdf = source.build.paper_pdf(paper.id).read_bytes()
        _text(element, "url", f"{volume_id}.{number}", hash=_hash(pdf))
        doi = volume.doi_of(paper)
        if doi:
            _text(element, "doi", doi)
        _text(element, "bibkey", keys[paper.id])
    ET.indent(collection, space="  ")
    for name in collection.iter():  # names on one line, as the Anthology's files write them
        if name.tag in ("editor", "author"):
            name.text = None
            for part in name:
                part.tail = None
    text: bytes = ET.tostring(collection, encoding="UTF-8", xml_declaration=True)
    return text + b"\n"


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _name(element: ET.Element, person: Person) -> None:
    """``<first>`` (none for a mononym) and ``<last>``, as the Anthology writes names."""
    if person.given and not person.mononym:
        _text(element, "first", person.given)
    _text(element, "last", person.family)


def _marked_title(element: ET.Element, title: str) -> None:
    """The title with each word whose capitals must stay in ``<fixed-case>``."""
    last: ET.Element | None = None
    pending = ""
    for index, word in enumerate(title.split(" ")):
        lead, core, trail = _WORD.match(word).groups()  # type: ignore[union-attr]
        space = " " if index else ""
        if core and needs_protection(core):
            _append(element, last, pending + space + lead)
            last = ET.SubElement(element, "fixed-case")
            last.text = core
            pending = trail
        else:
            pending += space + word
    _append(element, last, pending)


def _inline(element: ET.Element, text: str) -> None:
    """Markdown text with ``$math$``, ``**bold**`` and ``*italics*`` as Anthology markup."""
    last: ET.Element | None = None
    position = 0
    for match in _INLINE.finditer(text):
        _append(element, last, text[position : match.start()])
        math, bold, italic = match.groups()
        tag = "tex-math" if math is not None else "b" if bold is not None else "i"
        last = ET.SubElement(element, tag)
        last.text = math if math is not None else bold if bold is not None else italic
        position = match.end()
    _append(element, last, text[position:])


def _append(element: ET.Element, last: ET.Element | None, text: str) -> None:
    """Add text after the last child of ``element`` (or as its text, before any child)."""
    if not text:
        return
    if last is None:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _hash(data: bytes) -> str:
    """The Anthology's checksum of a file: its CRC-32 in eight hex digits."""
    return f"{zlib.crc32(data) & 0xFFFFFFFF:08x}"


def _ingest_date(volume: Volume) -> str:
    """``SOURCE_DATE_EPOCH``'s day, else the event's last day, else the year's first: the same
    inputs always give the same file."""
    when = source_date()
    if when is not None:
        return when.date().isoformat()
    event = volume.info.event
    day = event.end or event.start or datetime.date(volume.info.year, 1, 1)
    return day.isoformat()


def _bibkeys(volume: Volume) -> dict[str, str]:
    """The Anthology's bibkeys: family names (one, two, or the first and ``etal``), the year
    and the title's first significant word, folded to ASCII (``andy-etal-2021-understanding``)."""
    taken: set[str] = set()
    keys = {}
    for paper in volume.archival_papers:
        families = [_ascii(a.family) for a in paper.info.authors] or ["anonymous"]
        names = families if len(families) <= 2 else [families[0], "etal"]
        base = "-".join([*names, str(volume.info.year), _first_word(paper.info.title)])
        keys[paper.id] = unique_name(base, taken)
    return keys


def _first_word(title: str) -> str:
    """The title's first word that says something, in ASCII (``Proceedings of the 12th
    International Workshop...`` -> ``international``)."""
    words = [_ascii(w) for w in title.split()]
    significant = [w for w in words if w and w not in _SKIPPED and not w[0].isdigit()]
    return (significant or [w for w in words if w] or ["untitled"])[0]


def _ascii(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(text))


def _rekey(entry: str, key: str) -> str:
    """A BibTeX entry with its citation key replaced (``@inproceedings{old,`` -> ``{key,``)."""
    return re.sub(r"^(@\w+\{)[^,]*,", lambda m: f"{m.group(1)}{key},", entry, count=1)
