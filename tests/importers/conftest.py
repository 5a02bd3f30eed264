"""Helpers for importer tests: run an import as the user does, then check and build the result."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result
from pdfbuild import text_pdf

from proceedings.build import BuildResult, build
from proceedings.buildpaths import BuildPaths
from proceedings.checks import check_project
from proceedings.cli import main
from proceedings.errors import Problem, Severity
from proceedings.importers import ImportedVolume
from proceedings.importers.formats import ImportOptions, read_import
from proceedings.load import load_volume
from proceedings.names import fold


def run_import(*args: str | Path) -> Result:
    """``proceedings import ARGS...`` in-process, as a user types it; stderr kept apart."""
    return CliRunner().invoke(main, ["import", *map(str, args)], catch_exceptions=False)


def read_source(
    fmt: str,
    source: Path,
    *,
    pdfs: Path | None = None,
    mapping: dict[str, str] | None = None,
    strict: bool = False,
    **overrides: Any,
) -> ImportedVolume:
    """``read_import`` as the command line runs it (people unified), without writing:
    ``overrides`` are the volume options (``acronym="WS 2025"``), ``strict`` is ``--strict``."""
    with ExitStack() as stack:
        options = ImportOptions(
            stack, pdfs=pdfs, overrides=overrides, mapping=mapping or {}, strict=strict
        )
        return read_import(fmt, source, options)


def names(people: list[dict[str, object]]) -> list[tuple[object, object]]:
    """Each person's (given, family), for comparing people in one assertion."""
    return [(p.get("given", ""), p["family"]) for p in people]


def notes_with(imported: ImportedVolume, text: str) -> list[str]:
    """The import's notes that mention ``text``."""
    return [n for n in imported.notes if text in n]


def errors(problems: list[Problem]) -> set[tuple[str, str | None]]:
    """The (code, paper) of each error among ``problems``; warnings left out."""
    return {(p.code, p.paper) for p in problems if p.severity is Severity.ERROR}


def load_yaml(path: Path) -> dict[str, Any]:
    """A written YAML file, which must be a mapping."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def add_placeholder_pdfs(root: Path, pages: int = 2) -> list[str]:
    """Give every paper without a PDF a small one showing its title; return their ids.

    Review-system exports carry metadata only: a test that builds such an import stands in
    for the camera-ready PDFs the organizer would add.
    """
    volume = load_volume(root)
    added = []
    for paper in volume.papers:
        if paper.has_pdf and not paper.pdf_path.is_file():
            title = fold(paper.info.title).encode("ascii", "replace").decode("ascii")
            title = title.replace("\\", " ").replace("(", "[").replace(")", "]")
            paper.pdf_path.write_bytes(text_pdf([title[:90]], pages=pages))
            added.append(paper.id)
    return added


def check_and_build(root: Path) -> tuple[list[Problem], BuildResult]:
    """``check`` the imported project as is, then build it with placeholder PDFs added.

    Returns check's problems (before the placeholders, so ``pdf.missing`` shows which papers
    the source had no PDF for) and the build's result.
    """
    _, problems = check_project(root)
    add_placeholder_pdfs(root)
    return problems, build(root, BuildPaths.of(root))
