"""The version of record -> ``source/record.yaml``: each published paper's DOI, pages and URL.

``proceedings record FILE`` is the way back from the publisher: once the proceedings are
published, the organizer gives the file the publisher or an indexer offers for the book
(Springer's BibTeX or RIS, dblp's BibTeX or XML, the ACL Anthology's volume XML, PMLR's
BibTeX), and :func:`run_record` reads it (:mod:`.readers`), pairs each record with a paper of
the volume by title and authors (:mod:`.match`), and writes what the publisher says of each
paired paper into ``source/record.yaml``.

Why a file of its own, not ``paper.yaml``: the papers' files are the organizers' (and, after an
import, what ``import --update`` merges with the review system); the record is the publisher's
word, arriving later, all at once. Kept apart, it is one diff to review, one file to delete to
undo, and ``paper.yaml`` is never rewritten. The loader overlays it on the papers: the DOI of
record is every output's DOI, the site links each paper to its version of record, and ``check``
compares the published pages with the layout (``record.pages``).

A second run merges: papers it pairs get the new values (each change listed), papers it does
not pair keep their entry. Every paper without a record and every record without a paper is
listed, one line each naming the file and the record; a record that fits two papers equally
well is refused, never guessed. With ``strict`` any of these stops the run, nothing written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from proceedings.errors import ProceedingsError
from proceedings.identifiers import doi_problem, url_problem
from proceedings.importers.project import dump_yaml
from proceedings.importers.record.match import Matches, match_records
from proceedings.importers.record.readers import FORMATS, Published, read_published
from proceedings.load import RECORD_FILE, load_volume
from proceedings.model import PaperRecord, Record, Volume
from proceedings.output import write_atomic
from proceedings.schema import modeline
from proceedings.text import plural

__all__ = ["FORMATS", "Published", "read_published", "run_record"]

_HEADER = (
    "# The version of record: each paper as its publisher published it (DOI, pages, URL).\n"
    "# Written by 'proceedings record'; check compares the pages with the layout. Delete a\n"
    "# paper's entry (or this file) to undo; see docs/file-formats.md.\n"
)


def _line(text: str, limit: int = 200) -> str:
    """One line of printable text (no control characters), cut at ``limit``: what a record
    file says is a stranger's text, and a message or a YAML comment is one line."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entry(record: Published, source: Path, warn: Callable[[str], None]) -> dict[str, Any]:
    """What ``record.yaml`` keeps of a record: its checked DOI, pages and URL, and where it
    was read (the file by its name, not by a path of this machine). A DOI or URL that is
    not one is left out with a note."""
    entry: dict[str, Any] = {}
    where = _line(record.where)
    if record.doi:
        reason = doi_problem(record.doi)
        if reason:
            warn(f"{where}: doi {_line(record.doi, 80)!r} {reason}; not recorded")
        else:
            entry["doi"] = record.doi
    if record.pages:
        first, last = record.pages
        entry["pages"] = f"{first}-{last}" if first != last else str(first)
    if record.url:
        reason = url_problem(record.url)
        if reason:
            warn(f"{where}: url {_line(record.url, 80)!r} {reason}; not recorded")
        else:
            entry["url"] = record.url
    if entry:
        entry["source"] = _line(source.name + record.where.removeprefix(str(source)))
    return entry


def _shown(entry: dict[str, Any]) -> str:
    return ", ".join(f"{key} {entry[key]}" for key in ("doi", "pages", "url") if key in entry)


def _old(record: PaperRecord) -> dict[str, Any]:
    """An entry of the current ``record.yaml`` in the form it is written."""
    data: dict[str, Any] = record.model_dump(exclude_none=True)
    if record.pages is not None:
        first, last = record.pages
        data["pages"] = f"{first}-{last}" if first != last else str(first)
    return data


def _report(matches: Matches, volume: Volume, display: str) -> list[str]:
    """One line for each record left out and each paper without a record."""
    lines = []
    for record in matches.unmatched:
        lines.append(
            f"{_line(record.where)}: {_line(record.title, 100)!r} matches no paper of the volume"
        )
    for record, ids in matches.ambiguous:
        lines.append(
            f"{_line(record.where)}: {_line(record.title, 100)!r} fits papers "
            f"{', '.join(ids)} (or another record fits as well); not recorded, never guessed"
        )
    for paper in matches.missing:
        lines.append(
            f"{paper.source.display}: paper {paper.id} "
            f"{_line(paper.info.title, 100)!r}: no record in {display} matches it"
        )
    return lines


def run_record(
    root: Path,
    source: Path,
    *,
    fmt: str | None = None,
    strict: bool = False,
    dry_run: bool = False,
    say: Callable[[str], None],
    warn: Callable[[str], None],
) -> Path | None:
    """Read the version of record in ``source`` and write it into the project at ``root``'s
    ``source/record.yaml``; return the file written (``None`` with ``dry_run``).

    ``say`` prints what is recorded and the summary, ``warn`` every record or paper left out
    and every value refused. Raises :class:`ProceedingsError` when the project does not load,
    the file cannot be read, no record fits any paper, or (``strict``) anything is left out.
    """
    volume = load_volume(root)
    display = str(source)
    records = read_published(source, fmt)
    papers = volume.archival_papers
    matches = match_records(papers, records)
    left = _report(matches, volume, display)
    if strict and left:
        count = plural(len(left), "record or paper", "records or papers")
        summary = f"{display}: {count} left out; nothing was recorded (--strict)"
        raise ProceedingsError("\n".join([*left, summary]))
    if not matches.pairs:
        raise ProceedingsError(
            "\n".join(
                [
                    *left,
                    f"{display}: no record matches a paper of the volume; is it the right "
                    "volume's file?",
                ]
            )
        )
    for line in left:
        warn(line)
    entries = {paper_id: _old(record) for paper_id, record in volume.record.items()}
    added = changed = 0
    for paper in papers:
        record = matches.pairs.get(paper.id)
        if record is None:
            continue
        entry = _entry(record, source, warn)
        if not entry:
            warn(f"{_line(record.where)}: no DOI, pages or URL; nothing to record for {paper.id}")
            continue
        before = entries.get(paper.id)
        if before is None:
            added += 1
            say(f"{'would record' if dry_run else 'recorded'} {paper.id}: {_shown(entry)}")
        elif {k: v for k, v in before.items() if k != "source"} != {
            k: v for k, v in entry.items() if k != "source"
        }:
            changed += 1
            say(
                f"{'would change' if dry_run else 'changed'} {paper.id}: {_shown(before)} -> "
                f"{_shown(entry)}"
            )
        entries[paper.id] = entry
    order = [p.id for p in volume.papers] + sorted(set(entries) - {p.id for p in volume.papers})
    data = {"papers": {paper_id: entries[paper_id] for paper_id in order if paper_id in entries}}
    Record.model_validate(data)  # what is written loads: a bug here must not reach the file
    summary = (
        f"{plural(len(matches.pairs), 'paper')} of {len(papers)} matched in {display} "
        f"({added} new, {changed} changed)"
    )
    if dry_run:
        say(f"would write {RECORD_FILE.as_posix()}: {summary} (dry run: nothing written)")
        return None
    path = root / RECORD_FILE
    write_atomic(path, modeline("record") + _HEADER + dump_yaml(data))
    say(f"wrote {RECORD_FILE.as_posix()}: {summary}")
    say(f"next: proceedings -C {root} check")
    return path
