"""The import formats and the one interface they share.

Every format is a package of :mod:`proceedings.importers` with a
``read(source, options) -> ImportedVolume`` function, listed in :data:`FORMATS` and loaded only
when used (``proceedings --help`` stays fast): adding a format is adding its folder and one line
here. :func:`read_import` runs one and then what every import needs whatever its format: the
same person in several papers becomes one identity (:mod:`~proceedings.importers.people`).
:func:`run_import` is the whole ``proceedings import`` command: read, plan, report, write.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

from proceedings.errors import ProceedingsError
from proceedings.importers.archive import unpacked
from proceedings.importers.imported import ImportedVolume
from proceedings.importers.people import unify_people
from proceedings.paths import inside

__all__ = ["FORMATS", "ImportOptions", "read_import", "run_import"]

FORMATS: dict[str, tuple[str, str]] = {
    "bibtex": ("bibtex", "a whole volume's BibTeX (PMLR, ACL Anthology, dblp): FILE.bib"),
    "pmlr": ("pmlr", "a PMLR volume repository (_config.yml, _posts/*.md): DIR|ZIP"),
    "openreview": ("openreview", "OpenReview notes, API v2 or v1, as JSON: FILE.json"),
    "easychair": ("easychair", "EasyChair CSV download or LNCS proceedings export: DIR|ZIP"),
    "cmt": ("cmt", "Microsoft CMT camera-ready export: FILE.csv|FILE.xlsx"),
    "csv": ("table", "any table, columns named with --map/--mapping: FILE.csv|FILE.xlsx"),
    "aclpub2": ("aclpub2", "an aclpub2 input folder (conference_details.yml...): DIR"),
    "acl-anthology": ("anthology", "an ACL Anthology volume XML: FILE.xml"),
    "ceur": ("ceur", "ceur-make toc.xml/workshop.xml or a CEUR-WS index.html: FILE|DIR"),
}
"""Format name -> (its package in :mod:`proceedings.importers`, what SOURCE is)."""


@dataclass
class ImportOptions:
    """What the command line gives every importer besides the source.

    ``pdfs`` is a folder of camera-ready PDFs (a ZIP is already unpacked), ``overrides`` are
    ``volume.yaml`` keys to set or fill in (``acronym``, ``year``, ``url``, ``doi_prefix``),
    ``mapping`` maps model fields to the source's column names (CSV), ``venue_id`` asks
    OpenReview's API for a venue. ``strict`` (``--strict``) refuses the whole import when a
    record has no sensible reading, instead of skipping it with a note
    (:class:`~proceedings.importers.skips.Skips`). ``stack`` keeps unpacked archives alive until
    the import has been written.
    """

    stack: ExitStack
    pdfs: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)
    venue_id: str | None = None
    strict: bool = False
    archives: dict[str, str] = field(default_factory=dict)  # unpacked folder -> the ZIP

    def folder(self, path: Path) -> Path:
        """``path`` as a folder to read: itself, or the ZIP it is, unpacked safely."""
        folder = self.stack.enter_context(unpacked(path))
        if folder != path:
            self.archives[str(folder)] = str(path)
        return folder

    def shown(self, text: str) -> str:
        """``text`` with the temporary folders of unpacked ZIPs named by their ZIPs:
        ``/tmp/proceedings-import-x1/b/7.pdf`` -> ``camera.zip:b/7.pdf``."""
        for folder, archive in self.archives.items():
            text = text.replace(folder + "/", archive + ":").replace(folder, archive)
        return text


class Reader(Protocol):
    """An import format's package."""

    def read(self, source: Path, options: ImportOptions) -> ImportedVolume:
        """Read ``source`` into an imported volume."""


def read_import(fmt: str, source: Path, options: ImportOptions) -> ImportedVolume:
    """Read ``source`` in format ``fmt``, with one identity per person."""
    module = cast(Reader, importlib.import_module(f"proceedings.importers.{FORMATS[fmt][0]}"))
    imported = module.read(source, options)
    _confine_pdfs(imported, source, options)
    imported.format = fmt
    unify_people(imported)
    imported.notes[:] = [options.shown(note) for note in imported.notes]
    return imported


def _confine_pdfs(imported: ImportedVolume, source: Path, options: ImportOptions) -> None:
    """Refuse any paper's PDF outside the folders the user named (``--pdfs``, SOURCE or its
    folder, the archives unpacked), whichever importer found it: nothing else is copied in."""
    roots = [source if source.is_dir() else source.parent, *map(Path, options.archives)]
    if options.pdfs is not None:
        roots.append(options.pdfs)
    outside = [
        f"{paper.origin or paper.id}: pdf: '{options.shown(str(paper.pdf))}' is outside the "
        "folders named on the command line; put the PDF inside one of them"
        for paper in imported.papers
        if paper.pdf is not None and not any(inside(paper.pdf, root) for root in roots)
    ]
    if outside:
        raise ProceedingsError("\n".join([*outside, "nothing was imported"]))


def run_import(
    fmt: str,
    source: Path,
    into: Path,
    *,
    pdfs: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    mapping: Mapping[str, str] | None = None,
    venue_id: str | None = None,
    strict: bool = False,
    dry_run: bool = False,
    update: bool = False,
    overwrite: bool = False,
    say: Callable[[str], None],
    warn: Callable[[str], None],
) -> None:
    """Import ``source`` in format ``fmt`` into the project folder ``into``, as
    ``proceedings import`` does: read, plan every change, report, then write (unless
    ``dry_run``).

    The command line only parses options; the run lives here so that it is one function a
    script or a test can call, and so that what must hold for the whole run does: the ZIPs
    unpacked (``pdfs`` or ``source``) live until the files are written, an error names a
    ZIP's files by the ZIP and not by a temporary folder, and nothing is written when
    reading or planning fails. With ``strict``, a record that cannot be read stops the import
    instead of being skipped with a note. ``overrides`` are ``volume.yaml`` keys (``None``: not
    given). ``say`` prints the changes and the summary, ``warn`` the notes for the organizer.
    """
    from proceedings.importers.project import apply, plan
    from proceedings.text import plural

    with ExitStack() as stack:
        options = ImportOptions(
            stack,
            overrides=dict(overrides or {}),
            mapping=dict(mapping or {}),
            venue_id=venue_id,
            strict=strict,
        )
        try:
            if pdfs is not None:
                options.pdfs = options.folder(pdfs)
            imported = read_import(fmt, source, options)
            changes = plan(imported, into, update=update, overwrite=overwrite)
        except ProceedingsError as error:
            shown = options.shown(error.format_message())
            raise ProceedingsError(shown, problems=error.problems) from None
        for note in imported.notes:
            warn(f"note: {note}")
        for change in changes:
            if update or change.action != "add":
                say(change.format(dry_run))
        with_pdf = sum(p.pdf is not None for p in imported.papers)
        summary = f"{plural(len(imported.papers), 'paper')}, {with_pdf} with a PDF"
        if dry_run:
            say(f"would import {summary} into {into} (dry run: nothing written)")
            return
        written = apply(imported, into, changes)
    say(f"imported {summary} into {into} ({plural(len(written), 'file')} written)")
    say(f"next: proceedings -C {into} check")
