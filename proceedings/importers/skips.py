"""Records an import cannot read -> skipped with a note each, or one error under ``--strict``.

A review-system export is refused for nothing less than being no export at all: a row, entry or
note with no sensible reading (no title, no authors) is left out and listed, one note per
record naming the file and the record, and the rest is imported. ``proceedings import
--strict`` restores the all-or-nothing import: any such record stops the import with one error
listing them all. So does a source whose every record is unreadable, since skipping them all
would import nothing. Every importer collects its unreadable records in a :class:`Skips` and
calls :meth:`Skips.settle` once it has read them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from proceedings.errors import ProceedingsError
from proceedings.text import plural

__all__ = ["Skips"]


@dataclass
class Skips:
    """The records of one source that cannot be imported, each with its problems.

    ``strict`` is ``--strict``; ``what`` names a record (``row``, ``entry``, ``note``,
    ``paper``) in the summary, ``whats`` its plural when it is not ``what`` + ``s``.
    """

    strict: bool
    what: str = "record"
    whats: str = ""  # the plural, when not what + "s"
    records: list[tuple[str, list[str]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.records)

    def add(self, where: str, problems: Sequence[str]) -> None:
        """Skip the record at ``where`` (``file: row 3, paper 008``) for ``problems``, each a
        full message (``where: no title ...``) as the error under ``--strict`` lists it."""
        if problems:
            self.records.append((where, list(problems)))

    @property
    def problems(self) -> list[str]:
        """Every problem of every skipped record, as the error lists them."""
        return [problem for _, problems in self.records for problem in problems]

    def settle(self, notes: list[str], *, kept: int, summary: str) -> None:
        """Note each skipped record in ``notes``; or raise one error listing every problem and
        ``summary`` (``x.csv: 2 problems; nothing was imported: ...``) under ``--strict`` or
        when no record is ``kept``."""
        if not self.records:
            return
        if self.strict or not kept:
            raise ProceedingsError("\n".join([*self.problems, summary]))
        for where, problems in self.records:
            reasons = "; ".join(p.removeprefix(f"{where}: ") for p in problems)
            notes.append(f"{where}: skipped, not imported: {reasons}")
        skipped = plural(len(self.records), self.what, self.whats or None)
        notes.append(
            f"{skipped} skipped, {plural(kept, 'paper')} "
            "imported: fix the skipped ones and import again with --update (--strict refuses "
            "the whole import instead)"
        )
