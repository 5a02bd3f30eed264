"""Notes for the organizer, placed where the source says what they are about.

An import's notes (:attr:`~proceedings.importers.ImportedVolume.notes`) are only useful when they
point at the line to look at: ``refs.bib:17: afzal23: doi '...' is not a DOI``. Importers hand
their helpers a :data:`Note` (about the source entry with a key) or a :data:`NoteHere` (whose
place the callable already knows), so that a shared helper never needs to know where its
importer's entries are. :class:`Context` is the usual :data:`Note` for a file whose entries are
found by key on known lines (BibTeX entries, the Anthology's ``<paper>`` elements).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from proceedings.latex import decode_latex

__all__ = ["Context", "Note", "NoteHere"]

Note = Callable[[str | None, str], None]
"""Records a note about the source entry with this key (``None``: about the whole source)."""

NoteHere = Callable[[str], None]
"""Records a note; the callable already knows where (``file:line``) it applies."""


@dataclass
class Context:
    """A source file's entries by key and the line each starts on, to put notes against it.

    ``lines`` maps lower-cased keys to lines; ``notes`` collects the notes, each as
    ``file:line: key: message``.
    """

    display: str
    lines: Mapping[str, int]
    notes: list[str]

    def where(self, key: str | None) -> str:
        """``file:line: key`` of the entry ``key``, or the file alone for ``None``."""
        if key is None:
            return self.display
        line = self.lines.get(key.lower())
        return f"{self.display}:{line}: {key}" if line else f"{self.display}: {key}"

    def origin(self, key: str) -> str:
        """``file:line (key)``: where a paper came from."""
        line = self.lines.get(key.lower())
        return f"{self.display}:{line} ({key})" if line else f"{self.display} ({key})"

    def note(self, key: str | None, message: str) -> None:
        """Record a note about the entry ``key`` (``None``: about the whole file)."""
        self.notes.append(f"{self.where(key)}: {message}")

    def decode(self, key: str | None, what: str, value: str, *, markdown: bool = False) -> str:
        """``value`` decoded from LaTeX (for sources written in it); each remark of the decoder
        is noted on ``what``."""
        decoded = decode_latex(value, markdown=markdown)
        for remark in decoded.remarks:
            self.note(key, f"{what}: {remark}")
        return decoded.text
