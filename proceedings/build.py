"""The whole run, stage by stage: load, check, layout, then every output under ``_build/``.

Exports (``export/``), the PDF volume and per-paper PDFs (``pdf/``) and the site (``html/``),
in that order: the site publishes the stamped per-paper PDFs and the volume's files.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from proceedings.checks import check_volume, failing
from proceedings.errors import Problem, ProceedingsError
from proceedings.exports import write_exports
from proceedings.layout import (
    PAGE_COUNTS,
    PDF_FACTS,
    Layout,
    compute_layout,
    format_layout,
    read_page_counts,
)
from proceedings.load import load_volume
from proceedings.model import Volume
from proceedings.output import write_atomic
from proceedings.pdf import write_pdfs
from proceedings.site import build_site


@dataclass(frozen=True)
class BuildResult:
    """What a build made, for the command line to report."""

    volume: Volume
    layout: Layout
    problems: list[Problem]
    written: list[Path]
    notes: list[str]


def prepare(
    root: Path, *, strict: bool = False, pdfs: bool = True, out: Path | None = None
) -> tuple[Volume, Layout, list[Problem]]:
    """Load, check and lay out the volume: what every output stands on.

    Stops with every blocking problem before anything is written, so no output is ever made
    from a volume that check rejects. What is read off the PDFs is cached under the build
    folder ``out`` (default ``_build`` in the project), for the next run.
    """
    out = out or root / "_build"
    volume = load_volume(root)
    problems = check_volume(volume, pdfs=pdfs, cache=out / PDF_FACTS)
    blocking = failing(problems, strict=strict)
    if blocking:
        raise ProceedingsError.from_problems(blocking, "stopped")
    counts = read_page_counts(volume, out / PAGE_COUNTS)
    return volume, compute_layout(volume, counts), problems


def build(root: Path, out: Path, *, strict: bool = False) -> BuildResult:
    """Build the volume at ``root`` into ``out``; stop before writing anything if a check fails."""
    volume, layout, problems = prepare(root, strict=strict, out=out)
    exports, notes = write_exports(volume, layout, out / "export")
    pdfs, pdf_notes = write_pdfs(volume, layout, out / "pdf")
    site = build_site(root, out)  # after the PDFs: the site publishes the stamped ones
    written = [
        _write(out / "layout.json", layout_json(layout)),
        _write(out / "layout.txt", format_layout(volume, layout) + "\n"),
        *exports,
        *pdfs,
        site,
    ]
    return BuildResult(volume, layout, problems, written, [*notes, *pdf_notes])


def layout_json(layout: Layout) -> str:
    """The layout as stable JSON: the page numbers every other tool may read."""
    return json.dumps(asdict(layout), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _write(path: Path, text: str) -> Path:
    write_atomic(path, text)
    return path
