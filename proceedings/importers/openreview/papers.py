"""One accepted OpenReview submission -> its ``paper.yaml`` mapping.

The last step of reading a submission: its title, authors
(:mod:`~proceedings.importers.openreview.people`), abstract, keywords, part, order, archival
flag and forum link, once :func:`~proceedings.importers.openreview.notes.decide` has accepted
it. It is kept apart so that what becomes of an accepted paper, and which content fields are
read (:data:`USED_FIELDS`), is in one short place; the importer
(:mod:`~proceedings.importers.openreview`) notes the other fields as not imported.
"""

from __future__ import annotations

import re
from typing import Any

from proceedings.importers.kinds import guess_kind
from proceedings.importers.notes import Note as NoteFn  # here a Note is an OpenReview note
from proceedings.importers.openreview.notes import Note, Verdict, as_text, value
from proceedings.importers.openreview.people import Profiles, read_authors
from proceedings.importers.sources import unique
from proceedings.importers.text import clean_text

__all__ = ["FORUM_URL", "INTERNAL_FIELDS", "USED_FIELDS", "read_paper"]

FORUM_URL = "https://openreview.net/forum?id={}"

# Content fields read here or by the importer, and internal ones nobody prints.
USED_FIELDS = frozenset(
    {"title", "authors", "authorids", "abstract", "keywords", "pdf", "venue", "venueid"}
)
INTERNAL_FIELDS = frozenset({"paperhash", "_bibtex", "submission_length", "html"})


def _keywords(raw: Any) -> list[str]:
    """Keywords as a list (v2) or one text separated by commas or semicolons (some venues)."""
    items = raw if isinstance(raw, list) else re.split(r"[;,]", as_text(raw))
    return unique(word for word in map(clean_text, items) if word)


def read_paper(
    note: Note, verdict: Verdict, part: str, order: int, profiles: Profiles, note_fn: NoteFn
) -> dict[str, Any]:
    """The accepted submission as a ``paper.yaml`` mapping, ``order``-th in ``part``."""
    key = str(note.get("id"))
    content = note.get("content")
    data: dict[str, Any] = {"title": clean_text(as_text(value(content, "title")))}
    data["authors"] = read_authors(note, profiles, note_fn)
    if not data["authors"]:
        note_fn(key, "no authors (an anonymous export?); check will report metadata.no-authors")
    abstract = clean_text(as_text(value(content, "abstract")), markdown=True)
    if abstract:
        data["abstract"] = abstract
    else:
        note_fn(key, "no abstract; check will report metadata.missing-abstract")
    keywords = _keywords(value(content, "keywords"))
    if keywords:
        data["keywords"] = keywords
    data["part"] = part
    data["order"] = order
    # A venue that files the note as an invited talk or keynote (or a title that says so).
    venue = as_text(value(content, "venue"))
    kind, why = guess_kind(data["title"], abstract=abstract or "-", section=venue)
    if kind != "paper":
        data["kind"] = kind
        note_fn(key, f"imported as kind {kind} ({why})")
    if not verdict.archival:
        data["archival"] = False
    data["links"] = {"openreview": FORUM_URL.format(note.get("forum") or key)}
    return data
