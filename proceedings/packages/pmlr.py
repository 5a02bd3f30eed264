"""Volume + layout + the built BibTeX and PDFs -> what PMLR's editors ask a volume's editors for.

PMLR's Proceedings Specification (proceedings.mlr.press/spec.html) and its template repository
(github.com/mlresearch/proceedings-template) ask for one folder holding:

- one BibTeX file (``<slug>.bib``) with a single ``@Proceedings`` entry (``booktitle``, ``name``,
  ``shortname`` without the year, ``year``, ``editor`` as "Lastname, Firstnames", ``volume``,
  ``start`` and ``end`` as YYYY-MM-DD, ``address``, ``conference_url``) and one
  ``@InProceedings`` per paper (``title``, ``author``, ``pages``, ``abstract``; ``software``,
  ``video``, ``openreview`` and, for a volume in sections, ``section``), LaTeX commands rather
  than Unicode in titles and names, keys ``lastnameYY`` in ASCII (``reid12a``, ``reid12b``
  when two would collide);
- each paper's PDF named by its key (``reid12a.pdf``), its supplementary files beside it named
  ``<key>-supp.<ext>`` (videos are links, never files);
- the authors' signed permission forms, ``<key>Permission.pdf`` in ``v<volume>permissions/``.

The entries are the build's own ASCII BibTeX export (``export/<slug>.ascii.bib``: names and
titles escaped and protected as every export is), read back with pybtex and rewritten in PMLR's
dialect; the PDFs are the build's stamped ones, so their page numbers are the ``pages`` given.
``published`` is left out: PMLR sets it when it publishes the volume (its checker accepts a
submission without it). A volume number not known yet is PMLR's ``XXX`` until it is assigned.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from pybtex.database import BibliographyData, Entry, parse_string

from proceedings.errors import ProceedingsError
from proceedings.latex import escape, protect_title
from proceedings.limits import RefusedFile, read_regular
from proceedings.model import Paper, Volume
from proceedings.names import fold
from proceedings.output import write_atomic
from proceedings.text import letters

if TYPE_CHECKING:
    from proceedings.packages import PackageSource

PLACEHOLDER = "XXX"
_SERIES = ("pmlr", "proceedings of machine learning research")
_NOT_KEY = re.compile(r"[^a-z0-9]+")


def write_pmlr(source: PackageSource, folder: Path) -> list[Path]:
    """Write the PMLR submission of the volume into ``folder``; the files written."""
    volume = source.volume
    papers = volume.archival_papers
    entries = _exported_entries(source, len(papers))
    keys = paper_keys(volume)
    number = volume_number(volume)
    written: list[Path] = []
    blocks = [_proceedings(volume, entries[-1], number)]
    for paper, entry in zip(papers, entries[:-1], strict=True):
        key = keys[paper.id]
        blocks.append(_inproceedings(volume, source, paper, entry, key))
        pdf = folder / f"{key}.pdf"
        write_atomic(pdf, source.build.paper_pdf(paper.id).read_bytes())
        written.append(pdf)
        written += _supplements(paper, key, folder)
        if paper.info.agreement is not None:
            suffix = Path(paper.info.agreement).suffix.lower() or ".pdf"
            form = folder / f"v{number}permissions" / f"{key}Permission{suffix}"
            write_atomic(form, _read(paper.folder / paper.info.agreement, "pdf_bytes"))
            written.append(form)
    bib = folder / f"{volume.info.slug}.bib"
    write_atomic(bib, "\n".join(blocks))
    return [bib, *written]


def volume_number(volume: Volume) -> str:
    """The PMLR volume number from ``series.volume`` when the series is PMLR, else ``XXX``."""
    series = volume.info.series
    if series is None or not series.volume or not series.volume.isdigit():
        return PLACEHOLDER
    names = (series.name, series.short_name or "")
    return series.volume if any(n.strip().lower() in _SERIES for n in names) else PLACEHOLDER


def paper_keys(volume: Volume) -> dict[str, str]:
    """PMLR's identifiers, ``lastnameYY``: the first author's family name (the first editor's
    for a contribution without authors) folded to ASCII lower case, the event's year; ``a``,
    ``b``... appended to every key two papers would share. A family name with no Latin letter
    (``王``) has no ASCII form to guess: the next author's is taken, else ``paper<id>``."""
    info = volume.info
    year = f"{(info.event.start.year if info.event.start else info.year) % 100:02d}"
    bases = {}
    for paper in volume.archival_papers:
        people = paper.info.authors or info.editors
        folded = (_NOT_KEY.sub("", fold(person.family)) for person in people)
        family = next((name for name in folded if name), "") or f"paper{_NOT_KEY.sub('', paper.id)}"
        bases[paper.id] = f"{family}{year}"
    counts = Counter(bases.values())
    seen: Counter[str] = Counter()
    keys = {}
    for paper_id, base in bases.items():
        if counts[base] > 1:
            keys[paper_id] = base + letters(seen[base])
            seen[base] += 1
        else:
            keys[paper_id] = base
    return keys


def _exported_entries(source: PackageSource, papers: int) -> list[Entry]:
    """The build's ASCII BibTeX: one entry per archival paper in volume order, then the volume."""
    path = source.build.export / f"{source.volume.info.slug}.ascii.bib"
    data: BibliographyData = parse_string(path.read_text(encoding="utf-8"), "bibtex")
    entries = list(data.entries.values())
    if len(entries) != papers + 1 or entries[-1].type != "proceedings":
        raise ProceedingsError(  # a bug: the export writes every archival paper, then the volume
            f"holds {len(entries)} entries for {papers} papers and the volume", path=str(path)
        )
    return entries


def _url(url: str) -> str:
    """A URL as a BibTeX value: ``%`` escaped, as PMLR's checker asks."""
    return re.sub(r"(?<!\\)%", r"\\%", url)


def _field(name: str, value: str) -> str:
    return f"  {name} = {{{value}}},"


def _shortname(volume: Volume) -> str:
    """The acronym without its year: PMLR's ``shortname`` (``ICML``)."""
    info = volume.info
    year = str(info.event.start.year if info.event.start else info.year)
    return re.sub(rf"[\s'-]*{year}$", "", info.acronym).strip() or info.acronym


def _sections(volume: Volume) -> list[str]:
    """The parts' titles, when the volume has more than one part with papers (PMLR sections)."""
    used = {p.info.part for p in volume.archival_papers}
    titles = [p.title.replace("|", "/") for p in volume.info.parts if p.id in used]
    return titles if len(titles) > 1 else []


def _proceedings(volume: Volume, exported: Entry, number: str) -> str:
    info, event = volume.info, volume.info.event
    year = str(event.start.year if event.start else info.year)
    editors = " and ".join(str(person) for person in exported.persons.get("editor", ()))
    fields = [
        ("booktitle", protect_title(info.title, ascii=True)),
        ("name", escape(event.name, ascii=True)),
        ("shortname", escape(_shortname(volume), ascii=True)),
        ("year", year),
        ("editor", editors),
        ("volume", number),
        ("start", event.start.isoformat() if event.start else ""),
        ("end", (event.end or event.start).isoformat() if event.start else ""),
        ("address", escape(event.place or "", ascii=True)),
        ("conference_url", _url(info.url or "")),
        ("sections", "|".join(escape(t, ascii=True) for t in _sections(volume))),
    ]
    key = re.sub(r"[^A-Za-z0-9-]+", "", _shortname(volume)) + year
    lines = [f"@Proceedings{{{key},", *(_field(n, v) for n, v in fields if v), "}", ""]
    return "\n".join(lines)


def _inproceedings(
    volume: Volume, source: PackageSource, paper: Paper, exported: Entry, key: str
) -> str:
    pages = source.layout.of(paper.id)
    links = paper.info.links
    openreview = ""
    if links.openreview:
        query = parse_qs(urlsplit(links.openreview).query).get("id", [""])
        openreview = _NOT_OPENREVIEW.sub("", query[0])
    sections = _sections(volume)
    part = next(p for p in volume.info.parts if p.id == paper.info.part)
    fields = [
        ("title", exported.fields.get("title", "")),
        ("author", " and ".join(str(person) for person in exported.persons.get("author", ()))),
        ("pages", f"{pages.first}--{pages.last}"),
        ("abstract", exported.fields.get("abstract", "")),
        ("software", _url(links.code or "")),
        ("video", _url(links.video or "")),
        ("openreview", openreview),
        ("section", escape(part.title.replace("|", "/"), ascii=True) if sections else ""),
    ]
    lines = [f"@InProceedings{{{key},", *(_field(n, v) for n, v in fields if v), "}", ""]
    return "\n".join(lines)


_NOT_OPENREVIEW = re.compile(r"[^A-Za-z0-9_-]+")


def _extension(name: str) -> str:
    lower = name.lower()
    for double in (".tar.gz", ".tar.bz2", ".tar.xz"):
        if lower.endswith(double):
            return double
    return Path(lower).suffix


def _supplements(paper: Paper, key: str, folder: Path) -> list[Path]:
    """The paper's attached files as ``<key>-supp.<ext>`` (``<key>-2-supp.<ext>`` for a second
    of the same type); videos are links (the ``video`` field), never files."""
    written = []
    count: Counter[str] = Counter()
    for attachment in paper.info.attachments:
        path = paper.attachment_path(attachment)
        if path is None or attachment.what == "video":
            continue
        ext = _extension(attachment.file or "")
        count[ext] += 1
        infix = f"-{count[ext]}" if count[ext] > 1 else ""
        target = folder / f"{key}{infix}-supp{ext}"
        write_atomic(target, _read(path, "attachment_bytes"))
        written.append(target)
    return written


def _read(path: Path, limit: str) -> bytes:
    try:
        return read_regular(path, limit)
    except (RefusedFile, OSError) as exc:  # check reports a missing file before this
        reason = exc.reason if isinstance(exc, RefusedFile) else exc.strerror
        raise ProceedingsError(f"cannot be read: {reason}", path=str(path)) from None
