"""The version of record -> ``source/record.yaml``: the published volume's DOI, ISBN and URL, and
each published paper's DOI, pages and URL.

``proceedings record FILE`` is the way back from the publisher: once the proceedings are
published, the organizer gives the file the publisher or an indexer offers for the book
(Springer's BibTeX or RIS, dblp's BibTeX or XML, the ACL Anthology's volume XML, PMLR's
BibTeX), and :func:`run_record` reads it (:mod:`.readers`), pairs each record with a paper of
the volume by title and authors (:mod:`.match`), and writes what the publisher says of each
paired paper into ``source/record.yaml``, with what it says of the book itself (its entry of the
volume: :mod:`.book`, which says why its DOI and ISBN win over ``volume.yaml``'s, never silently).

Why a file of its own, not ``paper.yaml``: the papers' files are the organizers' (and, after an
import, what ``import --update`` merges with the review system); the record is the publisher's
word, arriving later, all at once. Kept apart, it is one diff to review, one file to delete to
undo, and ``paper.yaml`` is never rewritten. The loader overlays it on the papers: the DOI of
record is every output's DOI, the site links each paper to its version of record, and ``check``
compares the published pages with the layout (``record.pages``).

A second run merges: papers it pairs get the new values (each change listed), papers it does
not pair keep their entry. Every paper without a record and every record without a paper is
listed, one line each naming the file and the record; a record that fits two papers equally
well is refused, never guessed; so is the book when the file has two entries of a volume. With
``strict`` any of these stops the run, nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from proceedings.errors import ProceedingsError
from proceedings.identifiers import doi_problem, url_problem
from proceedings.importers.project import dump_yaml
from proceedings.importers.record.book import (
    book_entry,
    differences,
    is_this_volume,
    several,
    shown,
)
from proceedings.importers.record.match import Matches, match_records
from proceedings.importers.record.readers import (
    FORMATS,
    Published,
    PublishedVolume,
    RecordFile,
    read_published,
)
from proceedings.importers.record.text import one_line
from proceedings.load import RECORD_FILE, VOLUME_FILE, load_volume
from proceedings.model import PaperRecord, Record, Volume
from proceedings.output import write_atomic
from proceedings.schema import modeline
from proceedings.text import plural

__all__ = ["FORMATS", "Published", "PublishedVolume", "RecordFile", "read_published", "run_record"]

_HEADER = (
    "# The version of record: the volume and each paper as its publisher published them (DOI,\n"
    "# ISBN, pages, URL). Written by 'proceedings record'; check compares the pages with the\n"
    "# layout. Delete an entry (or this file) to undo; see docs/file-formats.md.\n"
)


def _entry(record: Published, source: Path, warn: Callable[[str], None]) -> dict[str, Any]:
    """What ``record.yaml`` keeps of a record: its checked DOI, pages and URL, and where it
    was read (the file by its name, not by a path of this machine). A DOI or URL that is
    not one is left out with a note."""
    entry: dict[str, Any] = {}
    where = one_line(record.where)
    if record.doi:
        reason = doi_problem(record.doi)
        if reason:
            warn(f"{where}: doi {one_line(record.doi, 80)!r} {reason}; not recorded")
        else:
            entry["doi"] = record.doi
    if record.pages:
        first, last = record.pages
        entry["pages"] = f"{first}-{last}" if first != last else str(first)
    if record.url:
        reason = url_problem(record.url)
        if reason:
            warn(f"{where}: url {one_line(record.url, 80)!r} {reason}; not recorded")
        else:
            entry["url"] = record.url
    if entry:
        entry["source"] = one_line(source.name + record.where.removeprefix(str(source)))
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
            f"{one_line(record.where)}: {one_line(record.title, 100)!r} matches no paper of "
            "the volume"
        )
    for record, ids in matches.ambiguous:
        lines.append(
            f"{one_line(record.where)}: {one_line(record.title, 100)!r} fits papers "
            f"{', '.join(ids)} (or another record fits as well); not recorded, never guessed"
        )
    for paper in matches.missing:
        lines.append(
            f"{paper.source.display}: paper {paper.id} "
            f"{one_line(paper.info.title, 100)!r}: no record in {display} matches it"
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

    ``say`` prints what is recorded and the summary, ``warn`` every record or paper left out,
    every value refused and every value of the volume's record that ``volume.yaml`` gives
    otherwise. Raises :class:`ProceedingsError` when the project does not load, the file cannot
    be read, no record fits any paper (or, in a file of the volume alone, its entry is not this
    volume's), or (``strict``) anything is left out.
    """
    volume = load_volume(root)
    display = str(source)
    found = read_published(source, fmt)
    matches = match_records(volume.archival_papers, found.papers) if found.papers else None
    left = _report(matches, volume, display) if matches is not None else []
    book = found.volumes[0] if len(found.volumes) == 1 else None
    if len(found.volumes) > 1:
        left += several(found.volumes, display)
    if strict and left:
        count = plural(len(left), "record or paper", "records or papers")
        summary = f"{display}: {count} left out; nothing was recorded (--strict)"
        raise ProceedingsError("\n".join([*left, summary]))
    if matches is not None and not matches.pairs:
        raise ProceedingsError(
            "\n".join(
                [
                    *left,
                    f"{display}: no record matches a paper of the volume; is it the right "
                    "volume's file?",
                ]
            )
        )
    if matches is None and (book is None or not is_this_volume(book, volume)):
        raise ProceedingsError("\n".join([*left, _not_this_volume(book, display)]))
    for line in left:
        warn(line)
    entries = {paper_id: _old(record) for paper_id, record in volume.record.items()}
    summary = (
        _record_papers(volume, matches, entries, source, dry_run, say, warn)
        if matches is not None
        else f"the volume's record in {display} (it has no paper's)"
    )
    book_entry = _record_volume(volume, book, source, dry_run, say, warn)
    if matches is None and book_entry is None:
        raise ProceedingsError(f"{display}: nothing is left to record; nothing was written")
    order = [p.id for p in volume.papers] + sorted(set(entries) - {p.id for p in volume.papers})
    data: dict[str, Any] = {"volume": book_entry} if book_entry else {}
    if entries:
        data["papers"] = {paper_id: entries[paper_id] for paper_id in order if paper_id in entries}
    record = Record.model_validate(data)  # what is written loads: a bug must not reach the file
    for line in differences(replace(volume, book_record=record.volume)):
        warn(line)
    if dry_run:
        say(f"would write {RECORD_FILE.as_posix()}: {summary} (dry run: nothing written)")
        return None
    path = root / RECORD_FILE
    write_atomic(path, modeline("record") + _HEADER + dump_yaml(data))
    say(f"wrote {RECORD_FILE.as_posix()}: {summary}")
    say(f"next: proceedings -C {root} check")
    return path


def _not_this_volume(book: PublishedVolume | None, display: str) -> str:
    """Why a file of the volume alone is not recorded."""
    if book is None:
        return f"{display}: no paper's record and no single entry of the volume; nothing to record"
    return (
        f"{one_line(book.where)}: the file has no paper's record, and its volume "
        f"{one_line(book.title, 100)!r} is not this one by DOI, ISBN or title "
        f"({VOLUME_FILE.as_posix()}); is it the right volume's file?"
    )


def _record_papers(
    volume: Volume,
    matches: Matches,
    entries: dict[str, dict[str, Any]],
    source: Path,
    dry_run: bool,
    say: Callable[[str], None],
    warn: Callable[[str], None],
) -> str:
    """Each paired paper's entry into ``entries`` (each new or changed one said); the summary."""
    papers = volume.archival_papers
    added = changed = 0
    for paper in papers:
        record = matches.pairs.get(paper.id)
        if record is None:
            continue
        entry = _entry(record, source, warn)
        if not entry:
            warn(
                f"{one_line(record.where)}: no DOI, pages or URL; nothing to record for {paper.id}"
            )
            continue
        before = entries.get(paper.id)
        if before is None:
            added += 1
            say(f"{'would record' if dry_run else 'recorded'} {paper.id}: {_shown(entry)}")
        elif _without_source(before) != _without_source(entry):
            changed += 1
            say(
                f"{'would change' if dry_run else 'changed'} {paper.id}: {_shown(before)} -> "
                f"{_shown(entry)}"
            )
        entries[paper.id] = entry
    return (
        f"{plural(len(matches.pairs), 'paper')} of {len(papers)} matched in {source} "
        f"({added} new, {changed} changed)"
    )


def _record_volume(
    volume: Volume,
    book: PublishedVolume | None,
    source: Path,
    dry_run: bool,
    say: Callable[[str], None],
    warn: Callable[[str], None],
) -> dict[str, Any] | None:
    """The volume's entry to write: the file's (said when new or changed), else the one
    ``record.yaml`` has."""
    before = volume.book_record.model_dump(exclude_none=True) if volume.book_record else None
    entry = book_entry(book, volume, source, warn) if book else None
    if entry is None:
        return before
    if before is None:
        say(f"{'would record' if dry_run else 'recorded'} the volume: {shown(entry)}")
    elif _without_source(before) != _without_source(entry):
        say(
            f"{'would change' if dry_run else 'changed'} the volume: {shown(before)} -> "
            f"{shown(entry)}"
        )
    return entry


def _without_source(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if key != "source"}
