"""What kind of contribution a source's entry is, where the source says so only by its habits.

Sources list the preface and invited talks among the papers. PMLR gives the editors' preface as
its first "paper" (title = the volume's or the event's title, authors = the editors and the
committees, pages 1-12, no abstract) and marks invited talks, when it does, with a ``section``
whose name or title says so; other sources title them "Preface", "Keynote: ...". Every
importer that reads such a list asks :func:`guess_kind` and notes the reason it gives, so the
organizer sees each reading taken (never a silent guess).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from proceedings.importers.imported import PaperDraft

__all__ = ["editors_from_preface", "guess_kind", "person_key"]

_INVITED = re.compile(r"\b(invited|key-?notes?|plenary|plenaries)\b", re.IGNORECASE)
_PREFACE = re.compile(r"^\s*(preface|foreword|editorial|message from)\b", re.IGNORECASE)
_FRONT = re.compile(r"^\s*(front[\s-]?matter|table of contents|organi[sz]ation)\b", re.I)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def person_key(person: Mapping[str, Any]) -> tuple[str, str]:
    """A person mapping (``given``/``family``) as a comparable pair, case and accents kept."""
    return (_words(str(person.get("given", ""))), _words(str(person.get("family", ""))))


def guess_kind(
    title: str,
    *,
    abstract: str = "",
    authors: Iterable[Mapping[str, Any]] = (),
    section: str = "",
    volume_titles: Iterable[str] = (),
    editors: Iterable[Mapping[str, Any]] = (),
) -> tuple[str, str]:
    """The kind of an entry (``paper`` unless something says otherwise) and why, for a note.

    ``section`` is what the source files the entry under (PMLR's ``section``); ``volume_titles``
    the volume's and the event's titles, which a preface repeats; ``editors`` the volume's.
    """
    if section and _INVITED.search(section):
        return "invited", f"filed under '{section}'"
    if section and _PREFACE.match(section):
        return "preface", f"filed under '{section}'"
    if _PREFACE.match(title):
        return "preface", f"titled '{title}'"
    if _FRONT.match(title):
        return "frontmatter", f"titled '{title}'"
    if _INVITED.search(title):
        return "invited", f"titled '{title}'"
    if abstract.strip():
        return "paper", ""
    words = _words(title)
    for volume_title in volume_titles:
        own = _words(volume_title)
        if own and (words == own or words.startswith(own + " ")):
            return "preface", f"no abstract, and titled after the volume ('{volume_title}')"
    wanted = {person_key(e) for e in editors}
    if wanted and wanted <= {person_key(a) for a in authors}:
        return "preface", "no abstract, and written by all the volume's editors"
    return "paper", ""


def editors_from_preface(
    volume: dict[str, Any], papers: Iterable[PaperDraft], notes: list[str], where: str
) -> None:
    """A volume without editors takes the authors of its preface (PMLR's preface is signed by
    the editors), with a note saying so."""
    if volume.get("editors"):
        return
    preface = next((p for p in papers if p.data.get("kind") == "preface"), None)
    if preface is not None and preface.data.get("authors"):
        volume["editors"] = list(preface.data["authors"])
        notes.append(f"{where}: no editors; the authors of the preface ({preface.key}) are taken")
