"""An ACL Anthology volume XML -> an imported volume.

``proceedings import acl-anthology FILE.xml [--pdfs DIR]`` reads one file of the Anthology's
``data/xml`` folder (``2021.louhi.xml``): a ``<collection>`` of ``<volume>``s, of which the first
is imported (the others are named in a note).

- ``<meta>`` gives the volume: ``booktitle`` (the title; the event's name is the title without
  ``Proceedings of``), the editors, ``publisher``, ``address`` (the event's place), ``year``,
  ``isbn`` and ``doi``; the acronym is guessed from ``<venue>`` (``louhi`` -> ``LOUHI 2021``,
  noted; ``--acronym`` gives the real one). ``<month>`` has no day, so the event gets no date.
- Each ``<paper>`` becomes a paper, in file order, in one part (``papers``); its id is the
  Anthology's paper number zero-padded (``3`` -> ``003``). ``title``, the authors
  (``first``/``last``, the Anthology's person ``id`` linking one person's papers, ``orcid``,
  ``affiliation``), ``abstract`` (inline markup as Markdown: ``<i>`` -> ``*...*``, ``<b>`` ->
  ``**...**``, ``<tex-math>`` -> ``$...$``, ``<url>`` -> the URL), ``doi``, ``award``;
  ``pwccode``, ``attachment`` elements with a known type and ``video`` become links. ``pages`` is
  kept aside to compare with the PDFs and the layout.
- ``<frontmatter>`` (the volume's title pages, preface and committees as one PDF) becomes a
  contribution of kind ``frontmatter``, titled "Front matter", first in the part, with id
  ``000`` (the Anthology numbers it 0): with its PDF when ``--pdfs`` holds it
  (``2021.louhi-1.0.pdf``), else with ``pdf: null`` (on the site only).
- ``<fixed-case>`` marks capitals that bibliography styles must keep: the text is kept as
  written and the BibTeX export protects capitals by its own rules; a word it would not protect
  (``Reddit``) is noted.
- With ``--pdfs``, each paper's PDF is found by its Anthology file name
  (``2021.louhi-1.3.pdf``) or its id, else by the title on its first page.

The Anthology's own URLs (``https://aclanthology.org/2021.louhi-1.3``) are not the pages of the
proceedings site being built, so they are not kept (noted). This module reads the file, the
people, the volume and the papers; the inline markup of titles and abstracts is read by
:mod:`~proceedings.importers.anthology.text`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.identifiers import (
    bare_doi,
    bare_orcid,
    doi_problem,
    isbn_problem,
    orcid_problem,
)
from proceedings.importers.anthology.text import all_text, read_abstract, read_title
from proceedings.importers.imported import DEFAULT_PART, ImportedVolume, PaperDraft
from proceedings.importers.notes import Context
from proceedings.importers.pdfs import compare_pages, find_pdfs, note_missing_pdfs, page_range
from proceedings.importers.people import PROFILE
from proceedings.importers.skips import Skips
from proceedings.importers.sources import (
    apply_overrides,
    drop_bad_links,
    keep_valid,
    make_id,
    order_volume,
    read_bytes,
    zero_padded,
)
from proceedings.importers.text import clean_text, cut_short
from proceedings.names import is_cjk
from proceedings.text import plural

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions

__all__ = [
    "ANTHOLOGY",
    "paper_key",
    "paper_lines",
    "parse_file",
    "read",
    "read_anthology",
    "read_people",
]

ANTHOLOGY = "https://aclanthology.org/"

_LINKED = {"software": "code", "code": "code", "dataset": "data", "data": "data",
           "poster": "poster", "presentation": "slides", "slides": "slides"}  # fmt: skip
# Paper elements that are read (the others are listed in a note).
_READ = frozenset(
    {"title", "author", "abstract", "pages", "doi", "url", "pwccode", "attachment", "video",
     "award", "revision", "erratum"}
)  # fmt: skip


# --- people ---------------------------------------------------------------------------------


def read_people(
    parent: ET.Element, ctx: Context, key: str | None, role: str
) -> list[dict[str, Any]]:
    """The ``role`` people (``author``, ``editor``) of ``parent``; one without a name is noted."""
    people = []
    for number, element in enumerate(parent.findall(role), start=1):
        person = _person(element, ctx, key, role)
        if person is None:
            ctx.note(key, f"{role} {number} has no name; skipped")
        else:
            people.append(person)
    return people


def _person(element: ET.Element, ctx: Context, key: str | None, role: str) -> dict[str, Any] | None:
    """An ``<author>`` or ``<editor>``: ``first``/``last``, ``orcid``, ``affiliation``; an
    author's Anthology ``id`` as its ``_profile``. ``None`` without a name."""
    given = clean_text(all_text(element.find("first")))
    family = clean_text(all_text(element.find("last")))
    if not family:
        given, family = "", given
    if not family:
        return None
    person: dict[str, Any] = {"given": given, "family": family} if given else {"family": family}
    if not given and not is_cjk(family):
        person["mononym"] = True
        ctx.note(key, f"{role} '{family}' has a single name; imported as a mononym")
    affiliations = [clean_text(all_text(a)) for a in element.findall("affiliation")]
    if any(affiliations):
        person["affiliations"] = [a for a in affiliations if a]
    orcid = bare_orcid(element.get("orcid", "").strip())
    if orcid:
        reason = orcid_problem(orcid.upper())
        if reason:
            ctx.note(key, f"{role} '{given} {family}': ORCID '{orcid}' {reason}; not imported")
        else:
            person["orcid"] = orcid.upper()
    if role == "author" and element.get("id"):
        person[PROFILE] = f"anthology:{element.get('id')}"
    return person


# --- the file -------------------------------------------------------------------------------


def parse_file(path: Path, display: str) -> tuple[ET.Element, str]:
    """The root element and the text of the file; one error naming the line otherwise."""
    data = read_bytes(path, display)
    if not data.strip():
        raise ProceedingsError(
            "the file is empty; give a volume XML of the Anthology's data/xml folder",
            path=display,
        )
    return parse_xml(data, display), data.decode("utf-8", errors="replace")


def parse_xml(data: bytes, display: str) -> ET.Element:
    """The root element of an XML file's bytes; one error naming its line otherwise."""
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        reason = re.sub(r": line \d+, column \d+$", "", str(exc))
        raise ProceedingsError(
            f"{display}:{line}: the XML does not parse: {reason} (column {column + 1})"
        ) from None


def paper_lines(text: str, volume_id: str, keys: dict[str, str]) -> dict[str, int]:
    """Line of each paper (by lower-cased key), from the ``<paper id=...>`` tags of the volume."""
    start = re.search(rf"<volume\b[^>]*\bid=[\"']{re.escape(volume_id)}[\"']", text)
    offset = start.start() if start else 0
    lines: dict[str, int] = {}
    for match in re.finditer(r"<paper\b[^>]*\bid=[\"']([^\"']+)[\"']", text[offset:]):
        key = keys.get(match.group(1))
        if key and key.lower() not in lines:
            lines[key.lower()] = text.count("\n", 0, offset + match.start()) + 1
    return lines


def paper_key(collection: str, volume_id: str, paper: ET.Element) -> str:
    """The paper's Anthology id (``2021.louhi-1.3``; ``W19-5001`` for old ids)."""
    url = (paper.findtext("url") or "").strip()
    if url and "://" not in url:
        return url
    return f"{collection}-{volume_id}.{paper.get('id', '')}"


# --- the volume -----------------------------------------------------------------------------


def _volume(meta: ET.Element, ctx: Context, options: ImportOptions) -> dict[str, Any]:
    """``volume.yaml`` from ``<meta>`` and the options; one error for what is still missing."""
    volume: dict[str, Any] = {}
    title = read_title(meta.find("booktitle"), ctx, None)
    if title:
        volume["title"] = title
    year_text = (meta.findtext("year") or "").strip()
    if year_text.isdigit():
        volume["year"] = int(year_text)
    event: dict[str, Any] = {}
    if title:
        event["name"] = re.sub(r"^Proceedings of (?:the )?", "", title).strip() or title
        event["name"] = event["name"][:1].upper() + event["name"][1:]
    place = clean_text(meta.findtext("address"))
    if place:
        if place == place.lower():
            place = place[:1].upper() + place[1:]
            ctx.note(None, f"address '{meta.findtext('address')}' read as the place '{place}'")
        event["place"] = place
    volume["event"] = event
    publisher = clean_text(meta.findtext("publisher"))
    if publisher:
        volume["publisher"] = {"name": publisher}
    for name, check in (("isbn", isbn_problem), ("doi", doi_problem)):
        value = clean_text(meta.findtext(name))
        value = bare_doi(value) if name == "doi" else value
        keep_valid(volume, name, value, check, lambda m: ctx.note(None, m))
    volume["editors"] = read_people(meta, ctx, None, "editor")
    if not volume["editors"]:
        ctx.note(None, "no editors; check will report metadata.no-editors")
    month = clean_text(meta.findtext("month"))
    if month:
        ctx.note(None, f"month '{month}' not imported: event.start and event.end need the days")
    apply_overrides(volume, options.overrides)
    venues = [clean_text(v.text) for v in meta.findall("venue") if clean_text(v.text)]
    if not volume.get("acronym") and venues and volume.get("year"):
        volume["acronym"] = f"{venues[0].upper()} {volume['year']}"
        ctx.note(
            None,
            f"acronym '{volume['acronym']}' guessed from the venue id '{venues[0]}' (pass "
            "--acronym to give the real one)",
        )
    if volume.get("acronym"):
        event["short_name"] = volume["acronym"]
    if not volume.get("url"):
        ctx.note(
            None,
            "the Anthology's pages are not the proceedings site: url not set (pass --url with "
            "the site's address)",
        )
    missing = []
    if not title:
        missing.append(f"{ctx.display}: <meta> has no <booktitle>; add the volume's title there")
    if not volume.get("year"):
        missing.append(f"{ctx.display}: <meta> has no <year>: pass --year, e.g. --year 2025")
    if not volume.get("acronym"):
        missing.append(
            f"{ctx.display}: <meta> has no <venue> for the acronym: pass --acronym, e.g. "
            "--acronym 'WXYZ 2025'"
        )
    if missing:
        raise ProceedingsError("\n".join(missing))
    volume["parts"] = [dict(DEFAULT_PART)]
    order_volume(volume)
    return volume


# --- papers ---------------------------------------------------------------------------------


def _links(paper: ET.Element, ctx: Context, key: str) -> dict[str, str]:
    """``pwccode``, typed ``attachment`` elements and ``video`` as links; others noted."""
    links: dict[str, str] = {}
    code = paper.find("pwccode")
    if code is not None and code.get("url"):
        links["code"] = code.get("url", "")
    for attachment in paper.findall("attachment"):
        kind = attachment.get("type", "").lower()
        name = (attachment.text or "").strip()
        url = name if "://" in name else f"{ANTHOLOGY}attachments/{name}"
        if kind in _LINKED and _LINKED[kind] not in links:
            links[_LINKED[kind]] = url
        else:
            ctx.note(key, f"attachment '{name}' ({kind or 'no type'}) not kept: no link for it")
    video = paper.find("video")
    if video is not None and video.get("href"):
        links["video"] = video.get("href", "")
    drop_bad_links(links, lambda message: ctx.note(key, message))
    return links


def _paper(element: ET.Element, key: str, order: int, ctx: Context) -> dict[str, Any]:
    """The ``paper.yaml`` mapping of one ``<paper>``."""
    data: dict[str, Any] = {"title": read_title(element.find("title"), ctx, key)}
    data["authors"] = read_people(element, ctx, key, "author")
    if not data["authors"]:
        ctx.note(key, "no authors; check will report metadata.no-authors")
    abstract = read_abstract(element.find("abstract"), ctx, key)
    if abstract:
        data["abstract"] = abstract
        if remark := cut_short(abstract):
            ctx.note(key, remark)
    else:
        ctx.note(key, "no abstract; check will report metadata.missing-abstract")
    data["part"] = DEFAULT_PART["id"]
    data["order"] = order
    awards = [clean_text(a.text) for a in element.findall("award") if clean_text(a.text)]
    if awards:
        data["award"] = "; ".join(awards)
    doi = bare_doi(element.findtext("doi") or "")
    keep_valid(data, "doi", doi, doi_problem, lambda m: ctx.note(key, m))
    links = _links(element, ctx, key)
    if links:
        data["links"] = links
    revisions = element.findall("revision") + element.findall("erratum")
    if revisions:
        ctx.note(key, "revised in the Anthology (a revision or erratum): use the latest PDF")
    return data


def _frontmatter(element: ET.Element | None, fallback: str, ctx: Context) -> PaperDraft | None:
    """``<frontmatter>`` as a contribution of kind ``frontmatter`` (its PDF is found later)."""
    if element is None:
        return None
    key = (element.findtext("url") or "").strip()
    key = key if key and "://" not in key else fallback
    data: dict[str, Any] = {
        "kind": "frontmatter",
        "title": "Front matter",
        "authors": [],
        "part": DEFAULT_PART["id"],
        "order": 0,
    }
    ctx.note(key, "the front matter imported as kind frontmatter, titled 'Front matter'")
    return PaperDraft(key, "000", data)


# --- the importer ---------------------------------------------------------------------------


def read_anthology(path: Path, options: ImportOptions) -> ImportedVolume:
    """Read an Anthology volume XML (and optionally its PDFs) into an :class:`ImportedVolume`.

    Raises one :class:`ProceedingsError` for a file that is missing, empty or does not parse
    (with its line), that holds no volume or no paper, that has only papers without a title
    (every such paper listed; with ``--strict`` any such paper, else it is skipped with a
    note), or that lacks a required volume value (with the option to pass).
    """
    display = str(path)
    root, text = parse_file(path, display)
    volumes = [root] if root.tag == "volume" else root.findall("volume")
    if root.tag not in ("collection", "volume") or not volumes:
        raise ProceedingsError(
            f"not an ACL Anthology volume XML (the root is <{root.tag}> with no <volume>); give "
            "a file of the Anthology's data/xml folder",
            path=display,
        )
    volume_el = volumes[0]
    collection = root.get("id", "") if root.tag == "collection" else ""
    volume_id = volume_el.get("id", "1")
    elements = volume_el.findall("paper")
    if not elements:
        raise ProceedingsError(
            f"volume {volume_id} has no <paper>; there is nothing to import", path=display
        )
    keys = {el.get("id", ""): paper_key(collection, volume_id, el) for el in elements}
    ctx = Context(display, paper_lines(text, volume_id, keys), [])
    untitled = [keys[el.get("id", "")] for el in elements if not all_text(el.find("title"))]
    skips = Skips(options.strict, "paper")
    for key in untitled:
        skips.add(ctx.where(key), [f"{ctx.where(key)}: the paper has no <title>; add it"])
    elements = [el for el in elements if keys[el.get("id", "")] not in untitled]
    skips.settle(
        ctx.notes,
        kept=len(elements),
        summary=f"{display}: {plural(len(untitled), 'paper')} without a title",
    )
    if len(volumes) > 1:
        others = ", ".join(v.get("id", "?") for v in volumes[1:])
        ctx.note(
            None,
            f"{plural(len(volumes), 'volume')} in the file; imported volume {volume_id}, not "
            f"{others} (each volume is a project of its own)",
        )
    meta = volume_el.find("meta")
    volume = _volume(meta if meta is not None else ET.Element("meta"), ctx, options)
    taken: set[str] = set()
    papers: list[PaperDraft] = []
    front = _frontmatter(volume_el.find("frontmatter"), f"{collection}-{volume_id}.0", ctx)
    if front is not None:
        front.id = make_id(front.id, taken)
        papers.append(front)
    ignored: Counter[str] = Counter()
    for order, element in enumerate(elements, start=1):
        number = element.get("id", "")
        key = keys[number]
        paper_id = make_id(zero_padded(number) if number.isdigit() else key, taken)
        written, pages = element.findtext("pages"), page_range(element.findtext("pages"))
        if written and pages is None:
            ctx.note(key, f"pages '{written}' is not a page range; not compared")
        papers.append(PaperDraft(key, paper_id, _paper(element, key, order, ctx), pages))
        ignored.update(child.tag for child in element if child.tag not in _READ)
    ctx.note(
        None,
        f"the papers' Anthology pages ({ANTHOLOGY}{papers[0].key}...) are not kept: the "
        "proceedings site gives each paper its own",
    )
    if ignored:
        listed = ", ".join(f"{tag} ({n})" for tag, n in sorted(ignored.items()))
        ctx.note(None, f"paper elements not imported: {listed}")
    if options.pdfs is not None:
        find_pdfs(papers, options.pdfs, ctx.note)
    if front is not None and front.pdf is None:
        front.data["pdf"] = None
    if options.pdfs is not None:
        note_missing_pdfs([p for p in papers if p is not front], ctx.note)
    compare_pages(papers, ctx.note)
    return ImportedVolume(
        volume=volume,
        papers=[p.imported(ctx.origin(p.key)) for p in papers],
        notes=ctx.notes,
        origin=display,
    )


def read(source: Path, options: ImportOptions) -> ImportedVolume:
    """The ``acl-anthology`` import format: an Anthology volume XML, PDFs from ``--pdfs``."""
    return read_anthology(source, options)
