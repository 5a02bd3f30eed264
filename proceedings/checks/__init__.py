"""Volume -> problems: every check of metadata, people and PDFs, collected before reporting."""

from __future__ import annotations

import contextlib
from collections.abc import Collection
from pathlib import Path

from proceedings.buildpaths import BuildPaths
from proceedings.checks.attachments import check_attachments
from proceedings.checks.characters import check_characters
from proceedings.checks.codes import CODES, OUTPUTS, breaks
from proceedings.checks.event import check_event, drop_person_problems
from proceedings.checks.folders import check_folders
from proceedings.checks.markup import check_markup
from proceedings.checks.metadata import check_metadata
from proceedings.checks.pages import check_pages
from proceedings.checks.pdfs import check_pdfs, pdf_papers
from proceedings.checks.people import check_people
from proceedings.checks.placeholders import check_placeholders
from proceedings.checks.program import check_program
from proceedings.checks.publishers import check_publishers
from proceedings.checks.record import check_record
from proceedings.checks.room import check_room, room_papers
from proceedings.checks.springer import check_springer
from proceedings.errors import Problem, ProceedingsError, Severity, sort_problems
from proceedings.layout import read_page_counts, remember_page_counts
from proceedings.load import read_volume
from proceedings.model import Volume
from proceedings.pdfink import InkQueue

__all__ = ["CODES", "OUTPUTS", "check_project", "check_volume", "failing"]


def check_volume(
    volume: Volume,
    *,
    pdfs: bool = True,
    paths: BuildPaths | None = None,
    packages: Collection[str] = (),
    required: Collection[str] = (),
) -> list[Problem]:
    """All problems of a loaded volume, less the warnings that ``checks.ignore`` silences.

    A publisher's rules are checked when the volume names that publisher, and when its
    ``packages`` are being made or checked for, whatever the series (``springer``:
    :mod:`.springer`; CEUR-WS and the signed agreements: :mod:`.publishers`). The codes
    ``required`` (those packages' rules: :func:`proceedings.packages.required_codes`) are
    kept even when ``checks.ignore`` names them: the package cannot be made without them.

    Errors cannot be silenced: each stands for an output that would be wrong (a page count of
    zero, an unknown part), and the later stages rely on their absence. With ``paths``, what
    the PDF checks read off each file is kept in its cache for the next run and the PDF stage
    (see :class:`~proceedings.pdfink.InkQueue`). The PDFs are read first, in worker
    processes, while this process checks the rest.
    """
    with _read_pdfs(volume, paths) if pdfs else contextlib.nullcontext() as read:
        problems = [
            *check_metadata(volume),
            *check_people(volume),
            *check_markup(volume),
            *check_characters(volume),
            *check_folders(volume),
            *check_pages(volume),
            *check_placeholders(volume),
            *check_attachments(volume),
            *check_program(volume),
            *check_springer(volume, asked="springer" in packages),
            *check_event(volume),
        ]
        problems = drop_person_problems(problems)
        if read is not None:
            problems.extend(check_pdfs(volume, read))
            problems.extend(check_room(volume, read, paths.pdf_room if paths else None))
            if paths is not None:  # the layout's counts, read off the files once
                counted = read.page_counts()
                archival = (p.pdf_path for p in volume.archival_papers)
                remember_page_counts(
                    paths.page_counts, {path: counted[path] for path in archival if path in counted}
                )
        problems.extend(check_publishers(volume, read, publishers=packages))
    problems.extend(check_record(volume, _page_counts(volume, paths) if pdfs else None))
    ignored = set(volume.info.checks.ignore) - set(required)
    return sort_problems(
        p for p in problems if p.code not in ignored or p.severity is Severity.ERROR
    )


def _page_counts(volume: Volume, paths: BuildPaths | None) -> dict[str, int] | None:
    """Each archival paper's page count, for comparing the record with the layout; ``None``
    without a record (nothing to compare) or when a PDF cannot be read (``check_pdfs`` says
    why)."""
    if not volume.record:
        return None
    try:
        return read_page_counts(volume, paths.page_counts if paths else None)
    except ProceedingsError:
        return None


def _read_pdfs(volume: Volume, paths: BuildPaths | None) -> InkQueue:
    """The facts and the ink of the papers' PDFs, read from now on (each file once)."""
    return InkQueue(
        [paper.pdf_path for paper in room_papers(volume)],
        paths.pdf_ink if paths else None,
        facts=[paper.pdf_path for paper in pdf_papers(volume)],
        facts_cache=paths.pdf_facts if paths else None,
        nice=False,
    )


def check_project(
    root: Path,
    *,
    pdfs: bool = True,
    paths: BuildPaths | None = None,
    packages: Collection[str] = (),
    required: Collection[str] = (),
) -> tuple[Volume | None, list[Problem]]:
    """Load the project at ``root`` and check what loaded: structural and content problems
    (with the rules of the publishers' ``packages``, as :func:`check_volume` has them)."""
    volume, problems = read_volume(root)
    if volume is not None:
        found = check_volume(volume, pdfs=pdfs, paths=paths, packages=packages, required=required)
        problems = [*problems, *found]
    return volume, sort_problems(problems)


def failing(
    problems: list[Problem], *, strict: bool, outputs: Collection[str] | None = None
) -> list[Problem]:
    """The problems that make a run fail: errors, and warnings too when ``strict``; with
    ``outputs`` (what the run makes), only those that make one of them wrong (``BREAKS``)."""
    return [
        p
        for p in problems
        if (p.severity is Severity.ERROR or (strict and p.severity is Severity.WARNING))
        and (outputs is None or p.code not in CODES or breaks(p.code, outputs))
    ]
