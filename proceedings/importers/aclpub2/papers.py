"""An aclpub2 folder's ``papers.yml`` (or Softconf's CSV) -> ``paper.yaml`` mappings and PDFs.

The part of the aclpub2 importer (:mod:`proceedings.importers.aclpub2`) that reads the papers:
the entries of ``papers.yml`` (:func:`read_papers_yml`) or, in a folder without one, the
accepted rows of the Softconf/START ``paper-metadata.csv`` that aclpub2's ``softconf`` scripts
start from (:func:`read_softconf`), both as :class:`Raw` entries; then the checks that stop the
import (:func:`check_papers`: no id, no title, an id used twice, aclpub2's placeholder
``papers.yml``), each entry's ``paper.yaml`` mapping (:func:`read_paper`: titles and abstracts
decoded from LaTeX, attachments with a URL as links), its other attachments
(:func:`find_attachments`) and its PDF (:func:`find_pdf`,
:func:`attach_pdfs`).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.identifiers import url_problem
from proceedings.importers.aclpub2.people import as_text, read_person
from proceedings.importers.attachments import Found
from proceedings.importers.imported import DEFAULT_PART, PaperDraft
from proceedings.importers.notes import Context, NoteHere, note_at
from proceedings.importers.pdfs import find_pdfs, note_missing_pdfs
from proceedings.importers.skips import Skips
from proceedings.importers.sources import read_bytes
from proceedings.importers.text import clean_text, cut_short
from proceedings.latex import decode_latex, find_lost_markup
from proceedings.names import fold
from proceedings.paths import inside
from proceedings.text import join_ids, plural
from proceedings.yamlfile import YamlDocument

if TYPE_CHECKING:
    from proceedings.importers.aclpub2 import Folder
    from proceedings.importers.formats import ImportOptions

__all__ = [
    "PAPERS",
    "SOFTCONF",
    "Raw",
    "attach_pdfs",
    "check_papers",
    "find_attachments",
    "find_pdf",
    "read_paper",
    "read_papers_yml",
    "read_softconf",
]

PAPERS = "papers.yml"
SOFTCONF = "paper-metadata.csv"

# The one paper of aclpub2's papers.yml template: a folder listing only it was never filled in.
_SAMPLE_TITLES = frozenset(
    {fold("Boosting Naturalness of Language in Task-oriented Dialogues via Adversarial Training")}
)
_PAPER_KEYS = frozenset(
    {"id", "title", "abstract", "authors", "file", "archival", "attachments", "attributes"}
)
# aclpub2's attachment types as kinds of ``attachments`` (the others keep their type as label).
_ATTACHMENT_KINDS = {
    "software": "code",
    "code": "code",
    "dataset": "data",
    "data": "data",
    "poster": "poster",
    "presentation": "slides",
    "slides": "slides",
    "video": "video",
    "supplementary": "supplement",
    "supplement": "supplement",
    "appendix": "supplement",
}
# The same types as keys of ``links`` in paper.yaml: every kind but supplementary material.
_ATTACHMENT_LINKS = {t: kind for t, kind in _ATTACHMENT_KINDS.items() if kind != "supplement"}
_SOFTCONF_USED = frozenset(
    {"Submission ID", "Title", "Authors", "Abstract", "Acceptance Status", "Submission Type"}
)
_SOFTCONF_AUTHOR = (
    ("username", "Username"),
    ("first_name", "First Name"),
    ("middle_name", "Middle Name"),
    ("last_name", "Last Name"),
    ("email", "Email"),
    ("institution", "Affiliation"),
)


@dataclass
class Raw:
    """One paper as papers.yml (or the Softconf CSV) gives it, before it is read."""

    entry: dict[str, Any]
    where: str  # file:line
    key: str  # the source's id, as written
    track: str | None = None
    latex: bool = True  # papers.yml's texts are LaTeX (aclpub2 typesets them); Softconf's plain


def _decoded(
    value: Any, what: str, note: NoteHere, *, markdown: bool = False, latex: bool = True
) -> str:
    """A title or abstract decoded from LaTeX paragraph by paragraph, remarks noted; plain
    text (``latex=False``) is only cleaned, a literal ``$`` escaped in Markdown."""
    if value is None or isinstance(value, dict | list | bool):
        return ""
    text = clean_text(str(value), markdown=True)  # entities and odd spaces; paragraphs kept
    if not latex:
        return text.replace("$", "\\$") if markdown else " ".join(text.split())
    paragraphs = []
    for paragraph in text.split("\n\n"):
        decoded = decode_latex(paragraph, markdown=markdown)
        for remark in decoded.remarks:
            note(f"{what}: {remark}")
        paragraphs.append(decoded.text)
    return "\n\n".join(p for p in paragraphs if p)


def read_papers_yml(folder: Folder, document: YamlDocument) -> list[Raw]:
    """The entries of ``papers.yml``, in its order (a track from ``attributes.paper_type``)."""
    if not isinstance(document.data, list):
        folder.errors.append(
            f"{folder.at(document, ())}: expected a list of papers (id, title, authors...), "
            f"found a {type(document.data).__name__}"
        )
        return []
    raws = []
    for index, entry in enumerate(document.data):
        where = folder.at(document, (index,))
        if not isinstance(entry, dict):
            folder.errors.append(f"{where}: expected a paper (id, title, authors...)")
            continue
        attributes = entry.get("attributes")
        track = as_text(attributes.get("paper_type")) if isinstance(attributes, dict) else ""
        raws.append(Raw(entry, where, as_text(entry.get("id")), track.lower() or None))
    return raws


def read_softconf(folder: Folder, path: Path) -> list[Raw]:
    """The accepted rows of a Softconf/START paper metadata CSV, shaped like papers.yml."""
    display = folder.shown(path.name)
    try:
        text = read_bytes(path, display).decode("utf-8-sig")
    except ProceedingsError as exc:
        folder.errors.append(exc.format_message())
        return []
    except UnicodeDecodeError as exc:
        folder.errors.append(f"{display}: cannot be read as UTF-8 text ({exc})")
        return []
    reader = csv.DictReader(text.splitlines(keepends=True))
    if not reader.fieldnames or not {"Submission ID", "Title"} <= set(reader.fieldnames):
        folder.errors.append(
            f"{display}: not a Softconf paper metadata export (no Submission ID and Title columns)"
        )
        return []
    folder.notes.append(f"{display}: no {PAPERS}; the papers are read from the Softconf export")
    raws: list[Raw] = []
    rejected: list[str] = []
    line = 2
    filled: set[str] = set()
    for row in reader:
        where, line = f"{display}:{line}", reader.line_num + 1
        filled.update(k for k, v in row.items() if k and v and v.strip())
        key = clean_text(row.get("Submission ID"))
        status = clean_text(row.get("Acceptance Status"))
        if status and not status.lower().startswith("accept"):
            rejected.append(key)
            continue
        authors: list[dict[str, Any] | str] = []
        numbers = sorted({int(k.split(":")[0]) for k in row if re.match(r"^\d+: ", k or "")})
        for n in numbers:
            person = {key: row.get(f"{n}: {column}") for key, column in _SOFTCONF_AUTHOR}
            if person["first_name"] or person["last_name"]:
                authors.append({k: v for k, v in person.items() if v})
        if not authors and clean_text(row.get("Authors")):
            authors = [a for a in re.split(r",\s*|\s+and\s+", clean_text(row["Authors"])) if a]
            folder.notes.append(
                f"{where}: paper {key}: the author columns are empty; the authors are split "
                f"from 'Authors' ({len(authors)}), without affiliations or e-mails"
            )
        entry = {"id": key, "title": row.get("Title"), "abstract": row.get("Abstract")}
        track = clean_text(row.get("Submission Type")).lower() or None
        raws.append(Raw({**entry, "authors": authors}, where, key, track, latex=False))
    unused = [
        name
        for name in reader.fieldnames
        if name not in _SOFTCONF_USED and not re.match(r"^\d+: ", name) and name in filled
    ]
    if unused:
        folder.notes.append(f"{display}: columns not imported: {', '.join(unused)}")
    if rejected:
        folder.notes.append(
            f"{display}: {plural(len(rejected), 'submission')} not accepted, not imported: "
            f"{join_ids(rejected)}"
        )
    return raws


def check_papers(folder: Folder, raws: list[Raw], skips: Skips) -> list[Raw]:
    """The papers to import: one without id or title, or whose id was used before, is left to
    ``skips``; a placeholder papers.yml is an error."""
    first: dict[str, str] = {}
    kept = []
    for raw in raws:
        problems = []
        if not raw.key:
            problems.append(f"{raw.where}: a paper without an id; give it its submission id")
        elif raw.key.lower() in first:
            problems.append(
                f"{raw.where}: paper id {raw.key} is used again (first at "
                f"{first[raw.key.lower()]}); give each paper its own id"
            )
        else:
            first[raw.key.lower()] = raw.where
        if not as_text(raw.entry.get("title")):
            problems.append(f"{raw.where}: paper {raw.key or '?'}: no title; add it")
        if problems:
            skips.add(raw.where, problems)
        else:
            kept.append(raw)
    if raws and all(fold(as_text(r.entry.get("title"))) in _SAMPLE_TITLES for r in raws):
        folder.errors.append(
            f"{raws[0].where}: {PAPERS} is still aclpub2's placeholder (its only paper is the "
            f"template's sample, '{as_text(raws[0].entry.get('title'))}'); replace it with the "
            "accepted papers, then import again"
        )
    return kept


def _split(attachments: Any) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Attachments with a URL of a kind ``links`` has (the first of each) as links, and the
    rest, which become ``attachments``."""
    links: dict[str, str] = {}
    rest = []
    for item in attachments if isinstance(attachments, list) else []:
        if not isinstance(item, dict):
            continue
        kind = as_text(item.get("type")).lower()
        url = as_text(item.get("url"))
        link = _ATTACHMENT_LINKS.get(kind)
        if url and link and link not in links and url_problem(url) is None:
            links[link] = url
        else:
            rest.append(item)
    return links, rest


def find_attachments(root: Path, raw: Raw) -> list[Found]:
    """The paper's attachments that are not links: files under ``attachments/`` (or as the
    entry names them, inside the folder), and URLs of kinds ``links`` has no key for."""
    found = []
    for item in _split(raw.entry.get("attachments"))[1]:
        kind = as_text(item.get("type")).lower()
        ours = _ATTACHMENT_KINDS.get(kind)
        label = None if ours or not kind else kind.capitalize()
        name, url = as_text(item.get("file")), as_text(item.get("url"))
        shown = f"{kind or 'attachment'} {name or url}"
        if name:
            candidates = [root / "attachments" / name, root / name]
            path = next((c for c in candidates if c.is_file()), candidates[0])
            found.append(Found(shown, file=path, kind=ours, label=label))
        elif url:
            found.append(Found(shown, url=url, kind=ours, label=label))
    return found


def read_paper(raw: Raw, order: int, notes: list[str], ignored: Counter[str]) -> dict[str, Any]:
    """The ``paper.yaml`` mapping of one paper; every note placed at its line."""
    entry = raw.entry

    note = note_at(notes, f"{raw.where}: paper {raw.key}")
    data: dict[str, Any] = {"title": _decoded(entry.get("title"), "title", note, latex=raw.latex)}
    for remark in find_lost_markup(data["title"]):
        note(f"title: {remark}")
    authors = []
    listed = entry.get("authors")
    for index, author in enumerate(listed if isinstance(listed, list) else []):
        person = read_person(author, f"authors[{index}]", note, ignored, author=True)
        if person:
            authors.append(person)
    if not authors:
        note("no authors; check will report metadata.no-authors")
    data["authors"] = authors
    abstract = _decoded(entry.get("abstract"), "abstract", note, markdown=True, latex=raw.latex)
    if abstract:
        data["abstract"] = abstract
        for remark in find_lost_markup(abstract):
            note(f"abstract: {remark}")
        if cut := cut_short(abstract):
            note(cut)
    else:
        note("no abstract; check will report metadata.missing-abstract")
    data["part"] = DEFAULT_PART["id"]
    data["order"] = order
    if raw.track:
        data["track"] = raw.track
    archival = entry.get("archival")
    if isinstance(archival, str) and archival.strip().lower() in ("true", "false", "yes", "no"):
        archival = archival.strip().lower() in ("true", "yes")
    if archival is False:
        data["archival"] = False
    elif archival not in (None, True):
        note(f"archival '{archival}' is not true or false; taken as archival")
    links = _split(entry.get("attachments"))[0]
    if links:
        data["links"] = links
    attributes = entry.get("attributes")
    if isinstance(attributes, dict):
        ignored.update(f"attributes.{k}" for k in attributes if k != "paper_type")
    ignored.update(str(k) for k in entry if k not in _PAPER_KEYS)
    return data


def find_pdf(root: Path, raw: Raw) -> Path | None:
    """``papers/<file>`` (or the file as given, or ``papers/<id>.pdf``) if it is there."""
    name = as_text(raw.entry.get("file"))
    candidates = [root / "papers" / name, root / name] if name else []
    candidates.append(root / "papers" / f"{raw.key}.pdf")
    # Only files inside the input folder: a 'file' of '../../x' or '/etc/x' is never read.
    confined = [path for path in candidates if inside(path, root)]
    return next((path for path in confined if path.is_file()), None)


def attach_pdfs(folder: Folder, papers: list[PaperDraft], options: ImportOptions) -> None:
    """Note the PDFs in papers/ that no paper names; find the rest with ``--pdfs``."""
    named = {p.pdf.resolve() for p in papers if p.pdf is not None}
    stray = sorted(
        p.name
        for p in (folder.root / "papers").glob("*")
        if p.suffix.lower() == ".pdf" and p.resolve() not in named
    )
    if stray:
        folder.notes.append(
            f"{folder.shown('papers')}: {plural(len(stray), 'PDF')} matched no paper: "
            f"{join_ids(stray)}"
        )
    places = {p.key: f"{p.where}: paper {p.key}" for p in papers}
    note = Context(folder.display, notes=folder.notes, places=places).note
    if options.pdfs is not None:
        find_pdfs(papers, options.pdfs, note)
    note_missing_pdfs(papers, note)
