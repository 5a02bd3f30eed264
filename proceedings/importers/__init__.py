"""Importers: another system's export -> a new volume project (``source/``, ``papers/``).

Each format is a package of its own (:mod:`~proceedings.importers.bibtex`,
:mod:`~proceedings.importers.ceur`, ...) with one ``read(source, options)`` that returns an
:class:`ImportedVolume`, and one line in the registry, :data:`FORMATS`. :func:`read_import` runs
a format and what every import needs after it; :mod:`~proceedings.importers.project` turns the
result into files, and :func:`run_import` is the whole ``proceedings import`` command. Importers
only read their inputs: PDFs are copied, never moved or edited.

What the formats share, so that every format does these things one way, is in modules of its
own: the imported volume (:mod:`~proceedings.importers.imported`), reading files, ids and volume
options (:mod:`~proceedings.importers.sources`), texts and names
(:mod:`~proceedings.importers.text`), notes placed at their source line
(:mod:`~proceedings.importers.notes`), people (:mod:`~proceedings.importers.people`), PDFs
(:mod:`~proceedings.importers.pdfs`, :mod:`~proceedings.importers.titles`), ZIP archives
(:mod:`~proceedings.importers.archive`) and validation (:mod:`~proceedings.importers.validate`).
"""

from __future__ import annotations

from proceedings.importers.formats import FORMATS, ImportOptions, read_import, run_import
from proceedings.importers.imported import ImportedPaper, ImportedVolume

__all__ = [
    "FORMATS",
    "ImportOptions",
    "ImportedPaper",
    "ImportedVolume",
    "read_import",
    "run_import",
]
