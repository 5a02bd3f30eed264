"""OpenReview notes (API v2 or v1, as JSON) -> an imported volume of the accepted papers.

``proceedings import openreview FILE.json [--pdfs DIR|ZIP]`` reads the notes as exported with
openreview-py (``[n.to_json() for n in client.get_all_notes(...)]``), in any of these shapes:

- a list of notes, or the API's answer ``{"notes": [...], "count": N}``;
- a mapping with ``notes`` and, optionally, ``profiles`` (the authors' profiles, a list or a
  mapping by id) and ``group`` (the venue's group: its ``title``, ``subtitle``, ``location``,
  ``start_date`` and its own ids for withdrawn, rejected... submissions);
- OpenReviewCrawler's ``[{"venue", "year", "submissions": [note + "notes": replies]}]``.

Submissions are the notes that open their own forum; the other notes, and each submission's
``details.replies``/``details.directReplies`` (or the crawler's ``notes``), are its replies.
Only accepted papers are imported (:func:`~proceedings.importers.openreview.notes.decide`); each
submission skipped is noted with its id and reason. A paper's id is its ``number`` on three
digits (``017``), else its forum id. Papers go to one part, ``papers``, unless the decisions or
venues of the accepted papers name two or more presentations (oral, spotlight, talk, poster):
then each has its part, in that order. The volume's title, acronym and year come from the venue
group, else the papers' ``_bibtex`` and ``venue``, else the venue id
(``ICLR.cc/2025/Workshop/XYZ`` -> ``XYZ 2025``, hosted by ``ICLR 2025``); options override them.

With ``--pdfs``, a paper's PDF is the file named by its note id, forum id, original note id or
the hash of its ``content.pdf`` (``/pdf/<hash>.pdf``), else by its number or the title on the
first page (:func:`~proceedings.importers.pdfs.find_pdfs`). ``--venue-id`` reads the same notes
from the live API through openreview-py
(:func:`~proceedings.importers.openreview.export.fetch_venue`), which is not a dependency.

This module decides what is imported, pairs the PDFs and runs the import; the export is read
by :mod:`~proceedings.importers.openreview.export`, each submission by
:mod:`~proceedings.importers.openreview.notes` (its verdict),
:mod:`~proceedings.importers.openreview.people` (its authors) and
:mod:`~proceedings.importers.openreview.papers` (its ``paper.yaml``), and
:mod:`~proceedings.importers.openreview.volume` makes ``volume.yaml``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.importers.imported import DEFAULT_PART, ImportedVolume, PaperDraft
from proceedings.importers.notes import Context, Note
from proceedings.importers.openreview.export import (
    EXPORT_HINT,
    fetch_venue,
    load_export,
    number,
    replies,
    submissions,
)
from proceedings.importers.openreview.notes import (
    KINDS,
    VenueIds,
    Verdict,
    decide,
    is_submission,
    value,
)
from proceedings.importers.openreview.papers import INTERNAL_FIELDS, USED_FIELDS, read_paper
from proceedings.importers.openreview.people import Profiles
from proceedings.importers.openreview.volume import read_volume
from proceedings.importers.pdfs import find_pdfs, note_missing_pdfs, pdf_files
from proceedings.importers.skips import Skips
from proceedings.importers.sources import make_id, zero_padded
from proceedings.importers.text import clean_text
from proceedings.text import plural

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions

__all__ = ["read", "read_openreview"]

PART_TITLES = {
    "oral": "Oral Presentations",
    "spotlight": "Spotlight Presentations",
    "talk": "Contributed Talks",
    "poster": "Poster Presentations",
}


# --- PDFs -----------------------------------------------------------------------------------


@dataclass
class _Paper(PaperDraft):
    """A paper being imported, with the names its PDF may have (:func:`_stems`)."""

    stems: tuple[str, ...] = ()


def _stems(note: Mapping[str, Any]) -> tuple[str, ...]:
    """Note id, forum, original note id and the PDF's hash: what exports name PDFs by."""
    pdf = str(value(note.get("content"), "pdf") or "")
    names = [note.get("id"), note.get("forum"), note.get("original"), Path(pdf).stem]
    return tuple(dict.fromkeys(str(n) for n in names if n))


def _attach_pdfs(
    papers: list[_Paper], folder: Path, skipped: Mapping[str, str], note: Note
) -> None:
    """Each paper's PDF by its OpenReview names, then by number or title; strays are noted."""
    files = pdf_files(folder)
    by_stem: dict[str, list[Path]] = {}
    for path in files:
        by_stem.setdefault(path.stem, []).append(path)
    for paper in papers:
        found = {p for stem in paper.stems for p in by_stem.get(stem, [])}
        if len(found) == 1:
            paper.pdf = found.pop()
    find_pdfs(papers, folder, note)
    used = {p.pdf for p in papers}
    for path in files:
        if path not in used and path.stem in skipped:
            note(
                path.stem, f"{path.relative_to(folder)} is this skipped submission's PDF; not used"
            )


# --- the importer ---------------------------------------------------------------------------


def _parts(verdicts: list[Verdict]) -> tuple[list[dict[str, str]], list[str]]:
    """The volume's parts and each accepted paper's part: by presentation when there are two."""
    kinds = [k for k in KINDS if any(v.kind == k for v in verdicts)]
    if len(kinds) < 2:
        return [dict(DEFAULT_PART)], [DEFAULT_PART["id"]] * len(verdicts)
    parts = [{"id": k, "title": PART_TITLES[k]} for k in kinds]
    if any(v.kind is None for v in verdicts):
        parts.append(dict(DEFAULT_PART))
    return parts, [v.kind or DEFAULT_PART["id"] for v in verdicts]


def read_openreview(
    path: Path | None,
    pdfs: Path | None = None,
    *,
    venue_id: str | None = None,
    strict: bool = False,
    **volume_overrides: Any,
) -> ImportedVolume:
    """Read an OpenReview export (or, with ``venue_id``, the live API) into an imported volume.

    An accepted paper without a title is skipped with a note; with ``strict`` (or when no
    paper is left) one error lists them all.

    ``volume_overrides`` are ``volume.yaml`` keys that replace or fill in what the export says
    (``acronym="XYZ 2025"``, ``year=2025``); ``None`` values are ignored. Raises
    :class:`ProceedingsError` for a file that is not an export, for accepted papers without a
    title and when the volume's acronym or year is neither in the export nor given.

    Authors keep ``_profile`` (their profile id) for ``unify_people``, which ``read_import`` runs
    next; the result is validated when the import is planned, once that key is gone (the model
    has no ``_profile``), not here.
    """
    if venue_id:
        if path is not None and path.is_file():
            raise ProceedingsError(
                "give either the exported file or --venue-id, not both", path=str(path)
            )
        display = f"OpenReview venue {venue_id}"
        export = fetch_venue(venue_id)
    elif path is None:
        raise ProceedingsError("give the exported JSON file, or --venue-id to read the live API")
    else:
        display = str(path)
        export = load_export(path, display)

    numbered = {
        str(item.get("id")): f"{display}: {item.get('id')} (#{found})"
        for item in export.notes
        if (found := number(item)) is not None and is_submission(item)
    }
    context = Context(display, places=numbered)
    note = context.note
    submitted = submissions(export.notes, note)
    if not submitted:
        raise ProceedingsError(
            f"none of the {plural(len(export.notes), 'note')} is a submission (each is a reply in "
            f"another note's forum); {EXPORT_HINT}",
            path=display,
        )
    replied = replies(export.notes)
    venue_ids = VenueIds.of(export.group)
    verdicts = [decide(n, replied.get(str(n["id"]), []), venue_ids) for n in submitted]
    if not any(v.decided for v in verdicts):
        verdicts = [Verdict(True, "no decision", decided=False) for _ in verdicts]
        note(
            None,
            f"the export has no decisions (no venueid, no Decision replies): all "
            f"{plural(len(verdicts), 'submission')} imported as accepted; remove any that were not",
        )
    pairs = list(zip(submitted, verdicts, strict=True))
    accepted = [(n, v) for n, v in pairs if v.accepted]
    skipped = {str(n["id"]): v.reason for n, v in pairs if not v.accepted}
    for key, reason in skipped.items():
        note(key, f"skipped: {reason}")
    why = Counter(reason.split(" (")[0] for reason in skipped.values())
    why_text = ", ".join(f"{count} {reason}" for reason, count in why.most_common())
    if not accepted:
        raise ProceedingsError(
            f"none of the {plural(len(submitted), 'submission')} was accepted ({why_text}); "
            "only accepted papers are imported",
            path=display,
        )
    untitled = [n for n, _ in accepted if not clean_text(value(n.get("content"), "title"))]
    skips = Skips(strict, "accepted note")
    for n in untitled:
        where = context.where(str(n["id"]))
        skips.add(where, [f"{where}: content.title is empty"])
    accepted = [(n, v) for n, v in accepted if all(n is not u for u in untitled)]
    skips.settle(
        context.notes,
        kept=len(accepted),
        summary=f"{display}: {plural(len(untitled), 'accepted paper')} without a title; add "
        "the titles on OpenReview and export again",
    )

    profiles = Profiles(export.profiles)
    parts, part_of = _parts([v for _, v in accepted])
    volume = read_volume(
        export, [n for n, _ in accepted], submitted, volume_overrides, note, display
    )
    volume["parts"] = parts
    taken: set[str] = set()
    orders: Counter[str] = Counter()
    papers: list[_Paper] = []
    unused: Counter[str] = Counter()
    for (item, verdict), part in zip(accepted, part_of, strict=True):
        key = str(item["id"])
        given = number(item)
        paper_id = make_id(zero_padded(given) if given is not None else key, taken)
        if given is None:
            note(key, f"no number; the forum id made the paper id '{paper_id}'")
        elif paper_id != zero_padded(given):
            note(key, f"number {given} is used twice; the paper id is '{paper_id}'")
        orders[part] += 1
        data = read_paper(item, verdict, part, orders[part], profiles, note)
        papers.append(_Paper(key, paper_id, data, stems=_stems(item)))
        content = item.get("content")
        content = content if isinstance(content, dict) else {}
        unused.update(
            k for k in content if k not in USED_FIELDS | INTERNAL_FIELDS and "archival" not in k
        )
    if unused:
        listed = ", ".join(f"{k} ({plural(c, 'paper')})" for k, c in sorted(unused.items()))
        note(None, f"content fields not imported: {listed}")
    if len(parts) > 1:
        counts = Counter(part_of)
        note(
            None,
            "parts by presentation: " + ", ".join(f"{counts[p['id']]} {p['title']}" for p in parts),
        )
    if pdfs is not None:
        _attach_pdfs(papers, pdfs, skipped, note)
        note_missing_pdfs(papers, note)
    note(
        None,
        f"imported {plural(len(papers), 'accepted paper')} of "
        f"{plural(len(submitted), 'submission')}" + (f"; skipped {why_text}" if skipped else ""),
    )
    result = ImportedVolume(
        volume=volume,
        papers=[p.imported(context.where(p.key)) for p in papers],
        notes=context.notes,
        origin=display,
    )
    return result


def read(source: Path, options: ImportOptions) -> ImportedVolume:
    """The ``openreview`` import format: exported notes as JSON, or ``--venue-id`` live."""
    return read_openreview(
        source,
        options.pdfs,
        venue_id=options.venue_id,
        strict=options.strict,
        **options.overrides,
    )
