"""Notes for the organizer, placed where the source says what they are about.

An import's notes (:attr:`~proceedings.importers.ImportedVolume.notes`) are only useful when
they point at the line to look at: ``refs.bib:17: afzal23: doi '...' is not a DOI``. Importers
hand their helpers a :data:`Note` (about the source entry with a key) or a :data:`NoteHere`
(whose place the callable already knows), so that a shared helper never needs to know where its
importer's entries are. :class:`Context` is the one helper that places them: it knows the
source's entries by key, either by the line each starts on (BibTeX entries, the Anthology's
``<paper>`` elements) or by a place the importer worked out itself (``papers.yml:12: paper 7``),
and :func:`note_at` gives a :data:`NoteHere` for one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from proceedings.latex import decode_latex

__all__ = ["Context", "Note", "NoteHere", "note_at"]

Note = Callable[[str | None, str], None]
"""Records a note about the source entry with this key (``None``: about the whole source)."""

NoteHere = Callable[[str], None]
"""Records a note; the callable already knows where (``file:line``) it applies."""


def note_at(notes: list[str], where: str) -> NoteHere:
    """A :data:`NoteHere` that records its messages in ``notes`` as ``where: message``."""

    def note(message: str) -> None:
        notes.append(f"{where}: {message}")

    return note


@dataclass
class Context:
    """A source's entries by key and where each is, to put notes against them.

    ``lines`` maps lower-cased keys to the line each entry starts on in ``display``; ``places``
    maps keys to a place the importer worked out itself (``papers.yml:12: paper 7``, another
    file) and takes precedence. ``notes`` collects the notes, each as ``where: message``.
    """

    display: str
    lines: Mapping[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    places: Mapping[str, str] = field(default_factory=dict)

    def where(self, key: str | None) -> str:
        """Where the entry ``key`` is: its place, else ``file:line: key``; the file alone for
        ``None``."""
        if key is None:
            return self.display
        if key in self.places:
            return self.places[key]
        line = self.lines.get(key.lower())
        return f"{self.display}:{line}: {key}" if line else f"{self.display}: {key}"

    def origin(self, key: str) -> str:
        """``file:line (key)``: where a paper came from."""
        line = self.lines.get(key.lower())
        return f"{self.display}:{line} ({key})" if line else f"{self.display} ({key})"

    def note(self, key: str | None, message: str) -> None:
        """Record a note about the entry ``key`` (``None``: about the whole file)."""
        self.notes.append(f"{self.where(key)}: {message}")

    def at(self, where: str) -> NoteHere:
        """A :data:`NoteHere` recording into these notes under ``where``."""
        return note_at(self.notes, where)

    def decode(self, key: str | None, what: str, value: str, *, markdown: bool = False) -> str:
        """``value`` decoded from LaTeX (for sources written in it); each remark of the decoder
        is noted on ``what``."""
        decoded = decode_latex(value, markdown=markdown)
        for remark in decoded.remarks:
            self.note(key, f"{what}: {remark}")
        return decoded.text
