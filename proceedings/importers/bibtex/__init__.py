"""BibTeX -> an imported volume: ``@proceedings`` gives ``volume.yaml``, ``@inproceedings`` papers.

``proceedings import bibtex FILE.bib [--pdfs DIR]`` reads a whole volume's BibTeX, as PMLR, the
ACL Anthology or dblp publish it, with :func:`read_bibtex`:

- The ``@proceedings`` entry (the first, if several) gives the volume: ``title`` (else
  ``booktitle``), ``editor``, ``year``, ``publisher``, ``address`` (the event's place, unless a
  ``venue`` is given), ``series``, ``volume``, ``isbn``, ``issn``, ``doi``, ``url``, and where
  present biblatex's ``eventtitle``/``venue``/``eventdate`` and PMLR's ``name``, ``shortname``,
  ``start`` and ``end``. Without one, the papers' own ``booktitle``, ``editor``, ``year``...
  (PMLR repeats them in every entry) give what they agree on. Options override or fill in.
- Each ``@inproceedings`` (or ``@conference``) becomes a paper, in file order: its id is the
  citation key made a slug; ``title``, ``author``, ``abstract``, ``keywords`` (split on ``,`` and
  ``;``), ``doi``; ``software``/``code``, ``data``, ``video``, ``slides``, ``poster`` and
  ``openreview`` become ``links`` (a ``url`` only when it points to OpenReview or a code host).
  All papers go to one part, ``papers``, unless entries carry a ``part`` field (its text is the
  part's title). ``pages`` is kept aside to compare with the layout.
- Text is decoded from LaTeX to Unicode (``{\\"o}`` -> ``ö``, ``--`` -> ``–``), protective braces
  are dropped and whitespace is normalised; ``$math$`` is kept as written, since abstracts are
  Markdown with ``$math$``.
- With ``pdfs``, each paper's PDF is found by file name (the citation key, or PMLR's key plus
  one letter: ``afzal23`` -> ``afzal23a.pdf``), else by the title on its first page.

BibTeX has no affiliations: the authors are imported without them, and ``check`` warns.

This module reads the file and runs the import; an entry's fields are mapped by
:mod:`~proceedings.importers.bibtex.papers` and :mod:`~proceedings.importers.bibtex.volume`,
LaTeX is decoded by :mod:`~proceedings.latex` and PDFs are found by
:mod:`~proceedings.importers.pdfs`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pybtex.errors
from pybtex.database import BibliographyData, Entry, parse_string
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from proceedings.errors import ProceedingsError
from proceedings.importers.bibtex.papers import PAPER_FIELDS, read_paper, read_people
from proceedings.importers.bibtex.volume import (
    PROCEEDINGS_FIELDS,
    VOLUME_FIELDS,
    finish_volume,
    read_consensus,
    read_volume,
)
from proceedings.importers.imported import DEFAULT_PART, ImportedVolume, PaperDraft
from proceedings.importers.kinds import editors_from_preface
from proceedings.importers.notes import Context
from proceedings.importers.pdfs import compare_pages, find_pdfs, note_missing_pdfs
from proceedings.importers.skips import Skips
from proceedings.importers.sources import make_id, read_text
from proceedings.importers.validate import validate_imported
from proceedings.paths import confine
from proceedings.text import plural

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions

__all__ = ["parse_file", "read", "read_bibtex"]

PAPER_TYPES = frozenset({"inproceedings", "conference"})
VOLUME_TYPES = frozenset({"proceedings"})


# --- reading the file -----------------------------------------------------------------------

_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^\s,{}()=]+)\s*,")
_SYNTAX_HINTS = {
    "'}' expected": " (is the comma after the previous field missing?)",
    "premature end of file": " (is a brace or a quote left open?)",
}
_SYNTAX_PREFIX = re.compile(r"^(?:syntax error in line \d+|undefined string in line \d+): ?")


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _entry_lines(text: str) -> tuple[dict[str, int], list[tuple[int, str, str]]]:
    """Line of each entry by lower-cased key, and each later entry whose key was used before
    (its line, its key and the message naming both lines)."""
    lines: dict[str, int] = {}
    duplicates = []
    for match in _ENTRY.finditer(text):
        if match.group(1).lower() in {"comment", "string", "preamble"}:
            continue
        key, line = match.group(2), _line_of(text, match.start())
        folded = key.lower()
        if folded in lines:
            duplicates.append(
                (
                    line,
                    key,
                    f"citation key '{key}' is used again (first at line "
                    f"{lines[folded]}); give each entry its own key",
                )
            )
        else:
            lines[folded] = line
    return lines, duplicates


class _BibError(Exception):
    def __init__(self, problems: Sequence[tuple[int | None, str]]) -> None:
        super().__init__()
        self.problems = problems


def _parse(text: str, lines: Mapping[str, int]) -> BibliographyData:
    """Parse with pybtex, collecting every problem of the file before failing; an entry whose
    key was used before is left out (:func:`_entry_lines` reports it)."""
    with pybtex.errors.capture() as captured:
        try:
            data = parse_string(text, "bibtex")
        except PybtexError as exc:  # a failure pybtex does not route through report_error
            captured.append(exc)
            data = BibliographyData()
    problems: list[tuple[int | None, str]] = []
    for error in captured:
        message = str(error)
        line = getattr(error, "lineno", None) if isinstance(error, PybtexSyntaxError) else None
        message = _SYNTAX_PREFIX.sub("", message)
        if message.startswith("repeated bibliography entry"):
            continue
        if type(error).__name__ == "UndefinedMacro":
            message = f"undefined @string '{message}'; put a text value in braces: {{{message}}}"
        elif type(error).__name__ == "DuplicateField":
            match = re.match(r"entry with key (\S+) has a duplicate (\S+) field", message)
            if match:
                line = lines.get(match.group(1).lower())
                message = f"entry '{match.group(1)}' has the field '{match.group(2)}' twice"
        elif isinstance(error, PybtexSyntaxError):
            message = f"syntax error: {message}{_SYNTAX_HINTS.get(message, '')}"
        problems.append((line, message))
    if problems:
        raise _BibError(problems)
    return data


def parse_file(
    path: Path, *, strict: bool = False
) -> tuple[BibliographyData, Context, list[tuple[int, str, str]]]:
    """The ``.bib`` file parsed by pybtex, a :class:`Context` that knows each entry's line, and
    the entries left out because their key was used before (line, key, message).

    Raises one :class:`ProceedingsError` naming ``file:line`` for every syntax error, and for
    a reused key too when ``strict``; a file that is not UTF-8 names its line and byte.
    """
    display = str(path)
    convert = f"convert it, e.g. 'iconv -f latin1 -t utf-8 {path.name} > utf8.bib'"
    text = read_text(path, display, not_utf8=convert)
    lines, duplicates = _entry_lines(text)
    try:
        if duplicates and strict:
            raise _BibError([(line, message) for line, _, message in duplicates])
        data = _parse(text, lines)
    except _BibError as exc:
        messages = [
            f"{display}:{line}: {message}" if line else f"{display}: {message}"
            for line, message in [*exc.problems, *((d[0], d[2]) for d in duplicates)]
        ]
        messages = list(dict.fromkeys(messages))
        count = len(messages)
        summary = f"{display}: the BibTeX could not be read: {plural(count, 'error')}"
        raise ProceedingsError("\n".join([*messages, summary])) from None
    return data, Context(display, lines, []), duplicates


# --- a PDF named in the entry ---------------------------------------------------------------


def _local_pdf(entry: Entry, bib_dir: Path) -> Path | None:
    """A ``pdf``/``file`` field naming a PDF beside the .bib (JabRef: ``:a/b.pdf:PDF``)."""
    for name in ("pdf", "file"):
        value: str = entry.fields.get(name, "").strip()
        if not value or re.match(r"^[a-z]+://", value, re.IGNORECASE):
            continue
        if name == "file" and ":" in value:
            parts = value.split(":")
            value = parts[1] if len(parts) >= 3 else value
        path = confine(bib_dir, value, bib_dir)  # never a file from outside the .bib's folder
        if path is not None and path.suffix.lower() == ".pdf" and path.is_file():
            return path
    return None


# --- the importer ---------------------------------------------------------------------------


def read_bibtex(
    path: Path, pdfs: Path | None = None, *, strict: bool = False, **volume_overrides: Any
) -> ImportedVolume:
    """Read a volume's BibTeX (and optionally its PDFs) into an :class:`ImportedVolume`.

    ``volume_overrides`` are ``volume.yaml`` keys that replace or fill in what the BibTeX says
    (``acronym="ML4H 2023"``, ``series={"name": "PMLR"}``); ``None`` values are ignored.
    Raises :class:`ProceedingsError` naming ``file:line`` for every syntax error (pybtex cannot
    tell which entries one spoils), and when the file has no paper or the volume still lacks a
    required field. An entry without a title or reusing a key is skipped with a note
    (:class:`~proceedings.importers.skips.Skips`); with ``strict`` it stops the import too.
    """
    data, ctx, duplicates = parse_file(path, strict=strict)
    display = ctx.display
    entries = list(data.entries.values())
    papers = [e for e in entries if e.type.lower() in PAPER_TYPES]
    volumes = [e for e in entries if e.type.lower() in VOLUME_TYPES]
    others = Counter(
        e.type.lower() for e in entries if e.type.lower() not in PAPER_TYPES | VOLUME_TYPES
    )
    if not papers:
        found = ", ".join(f"{n} @{t}" for t, n in sorted(others.items())) or "no entries"
        raise ProceedingsError(
            f"no @inproceedings entries (found {found}); each accepted paper must be an "
            "@inproceedings entry",
            path=display,
        )
    for kind, count in sorted(others.items()):
        ctx.note(None, f"{plural(count, f'@{kind} entry')} ignored: only @inproceedings are papers")
    skips = Skips(strict, "entry", "entries")
    for line, key, message in duplicates:
        skips.add(f"{display}:{line}: {key}", [f"{display}:{line}: {key}: {message}"])
    untitled = [e.key for e in papers if not e.fields.get("title", "").strip()]
    for key in untitled:
        skips.add(ctx.where(key), [f"{ctx.where(key)}: the entry has no title"])
    papers = [e for e in papers if e.key not in untitled]
    skips.settle(
        ctx.notes,
        kept=len(papers),
        summary=f"{display}: {plural(len(skips.problems), 'entry', 'entries')} cannot be "
        "imported; nothing was imported",
    )

    # The volume.
    if volumes:
        proceedings = volumes[0]
        if len(volumes) > 1:
            ctx.note(proceedings.key, f"{len(volumes)} @proceedings entries; used the first")
        source = {name.lower(): value for name, value in proceedings.fields.items()}
        editors = read_people(proceedings, "editor", ctx, proceedings.key)
        volume_key: str | None = proceedings.key
        ignored = sorted(set(source) - PROCEEDINGS_FIELDS)  # field names are lower-cased above
        if ignored:
            ctx.note(volume_key, f"fields not imported: {', '.join(ignored)}")
    else:
        source, editors = read_consensus(papers, ctx)
        volume_key = None
        ctx.note(None, "no @proceedings entry: the volume is read from the papers' fields")

    # Parts, in order of first appearance.
    parts: list[dict[str, str]] = []
    part_ids: dict[str, str] = {}
    taken_parts: set[str] = set()
    part_titles = [
        ctx.decode(e.key, "part", e.fields.get("part", "")) or DEFAULT_PART["title"] for e in papers
    ]
    for entry, name in zip(papers, part_titles, strict=True):
        title = name if entry.fields.get("part", "").strip() else None
        if name not in part_ids:
            part_id = (
                make_id(title, taken_parts, fallback="part")
                if title
                else make_id(DEFAULT_PART["id"], taken_parts)
            )
            part_ids[name] = part_id
            parts.append({"id": part_id, "title": name})

    volume = read_volume(source, editors, ctx, volume_key)
    volume["parts"] = parts
    finish_volume(volume, volume_overrides, ctx, volume_key)

    # Papers, in file order.
    taken: set[str] = set()
    imported: list[PaperDraft] = []
    ignored_fields: Counter[str] = Counter()
    for order, (entry, part_title) in enumerate(zip(papers, part_titles, strict=True), start=1):
        paper_id = make_id(entry.key, taken)
        if paper_id != entry.key.lower():
            ctx.note(entry.key, f"citation key made the paper id '{paper_id}'")
        imported.append(read_paper(entry, paper_id, order, part_ids[part_title], ctx, volume))
        ignored_fields.update(
            name.lower()
            for name in entry.fields
            if name.lower() not in PAPER_FIELDS | VOLUME_FIELDS | {"file"}
        )
    editors_from_preface(volume, imported, ctx.notes, display)
    if ignored_fields:
        listed = ", ".join(
            f"{n} ({plural(c, 'entry', 'entries')})" for n, c in sorted(ignored_fields.items())
        )
        ctx.note(None, f"paper fields not imported: {listed}")
    ctx.note(
        None,
        "BibTeX has no affiliations: the authors have none, and check warns once for the "
        "volume (people.missing-affiliation) until they are added",
    )

    # PDFs.
    for paper, entry in zip(imported, papers, strict=True):
        paper.pdf = _local_pdf(entry, path.parent)
    if pdfs is not None:
        find_pdfs(imported, pdfs, ctx.note)
    if pdfs is not None or any(p.pdf for p in imported):
        note_missing_pdfs(imported, ctx.note, by_key=True)
    compare_pages(imported, ctx.note)

    result = ImportedVolume(
        volume=volume,
        papers=[p.imported(ctx.origin(p.key)) for p in imported],
        notes=ctx.notes,
        origin=display,
    )
    validate_imported(result)
    return result


def read(source: Path, options: ImportOptions) -> ImportedVolume:
    """The ``bibtex`` import format: a whole volume's ``.bib``, PDFs from ``--pdfs``."""
    return read_bibtex(source, options.pdfs, strict=options.strict, **options.overrides)
