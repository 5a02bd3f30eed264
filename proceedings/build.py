"""The whole run, stage by stage: load, check, layout, then every output under ``_build/``.

The PDF volume and per-paper PDFs (``pdf/``), the exports (``export/``) and the site
(``html/``). The site publishes the stamped per-paper PDFs and shows their sizes: for a volume
of some size it is built beside the other outputs, in a process of its own, while this one
makes the PDFs (:class:`~proceedings.site.SiteBeside`); else after them. The exports are
written in a thread meanwhile: Python's work, while this one mostly waits for typst and for
the processes that stamp the papers.
The outputs are written into a staging copy of the build folder that replaces it only once
every stage has passed (:func:`~proceedings.buildpaths.staged`), so a build is whole or not
at all.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path

from proceedings.buildpaths import BuildPaths, staged
from proceedings.checks import OUTPUTS, check_volume, failing
from proceedings.errors import Problem, ProceedingsError
from proceedings.exports import ExportOptions, write_exports
from proceedings.exports.bibtex import bibtex_entry
from proceedings.exports.keys import paper_keys
from proceedings.layout import Layout, compute_layout, format_layout, read_page_counts
from proceedings.load import before_papers, load_volume
from proceedings.model import Volume
from proceedings.output import write_atomic
from proceedings.packages import PACKAGES, PackageSource, required_codes, with_package_rules
from proceedings.pdf import page_titles, write_pdfs
from proceedings.site import SiteBeside, build_site
from proceedings.sphinx import site_data, vet_pages
from proceedings.timings import Stopwatch

ONLY = (None, "pdf", "site")
"""What :func:`build` can be asked to build alone (``None``: everything)."""


@dataclass(frozen=True)
class BuildResult:
    """What a build made, for the command line to report."""

    volume: Volume
    layout: Layout
    problems: list[Problem]
    written: list[Path]
    notes: list[str]


def prepare(
    root: Path,
    paths: BuildPaths,
    *,
    strict: bool = False,
    pdfs: bool = True,
    outputs: tuple[str, ...] = OUTPUTS,
    packages: tuple[str, ...] = (),
    volume: Volume | None = None,
) -> tuple[Volume, Layout, list[Problem]]:
    """Load, check and lay out the volume: what every output stands on.

    Stops with every blocking problem before anything is written, so no output is ever made
    wrong by a problem that check reports; ``outputs`` are what the run makes, and a problem
    that makes none of them wrong (a missing abstract: ``checks.codes.BREAKS``) does not stop
    it. The publishers' rules of the ``packages`` being made are checked too. What is read off
    the PDFs is cached in the build folder's ``.cache/`` for the next run. ``volume`` is the
    project at ``root`` if the caller loaded it already.
    """
    if volume is None:
        volume = load_volume(root)
    problems = check_volume(
        volume, pdfs=pdfs, paths=paths, packages=packages, required=required_codes(packages)
    )
    blocking = failing(problems, strict=strict, outputs=outputs)
    if blocking:
        raise ProceedingsError.from_problems(blocking, "stopped")
    counts = read_page_counts(volume, paths.page_counts)
    return volume, compute_layout(volume, counts), problems


def build(
    root: Path,
    paths: BuildPaths,
    *,
    strict: bool = False,
    only: str | None = None,
    packages: tuple[str, ...] = (),
    stopwatch: Stopwatch | None = None,
) -> BuildResult:
    """Build the volume at ``root`` into ``paths``: every output, or ``only`` one of them
    (``"pdf"`` or ``"site"``, the rest of the folder kept as it was), or the exports and PDFs
    and the publishers' ``packages`` made of them (``packages/<name>/``).

    Stops before writing anything if a check fails, and leaves the previous build as it was
    if any stage does. The site's checks leave the PDFs out: it publishes them as they are.
    A package also stops on the problems its publisher's rules make errors
    (:attr:`~proceedings.packages.Package.requires`). ``stopwatch`` times each stage
    (``--timings``): load, check and layout; copying the last build to build beside it; each
    output; putting the new build in place.
    """
    if only not in ONLY:
        raise ValueError(f"only={only!r}: not one of {ONLY}")
    notes: list[str] = []
    if only is None and not packages and before_papers(root):
        # Before any paper is accepted the volume has no exports and no PDF, but the site is
        # right: the workshop's call, dates and keynotes (a Pages workflow runs 'build').
        only = "site"
        notes.append(
            "papers/ holds no paper yet: the site alone was built (the call, dates, keynotes); "
            "the exports and the PDF volume come with the first paper"
        )
    lap = (stopwatch or Stopwatch(None)).lap
    outputs = ("exports", "pdf") if packages else OUTPUTS if only is None else (only,)
    volume = load_volume(root)
    # Built beside the PDFs, the site's process loads Sphinx while the volume is checked.
    site = SiteBeside.begin(len(volume.papers)) if {"pdf", "site"} <= set(outputs) else None
    try:
        return _build(root, paths, volume, site, strict, only, outputs, packages, lap, notes)
    finally:
        if site is not None:
            site.stop()  # its work is done, or the build failed


def _build(
    root: Path,
    paths: BuildPaths,
    volume: Volume,
    site: SiteBeside | None,
    strict: bool,
    only: str | None,
    outputs: tuple[str, ...],
    packages: tuple[str, ...],
    lap: Callable[[str], object],
    notes: list[str],
) -> BuildResult:
    """:func:`build`, the volume loaded and the site's process begun (``site``), if any."""
    volume, layout, problems = prepare(
        root,
        paths,
        strict=strict,
        pdfs=only != "site",
        outputs=outputs,
        packages=packages,
        volume=volume,
    )
    # A publisher's rule is a warning for check and an error for its package: said as one.
    problems = with_package_rules(problems, packages, volume.info.checks.ignore)
    required = [p for p in problems if p.code in required_codes(packages)]
    if required:
        raise ProceedingsError.from_problems(required, "stopped")
    lap("check")
    made: list[Path] = []
    with (
        staged(paths) as stage,
        _ended_on_error(site),
        ThreadPoolExecutor(max_workers=1) as beside,
    ):
        lap("staging")
        if "site" in outputs:  # it publishes the stamped PDFs: built beside them, or after
            vet_pages(volume)  # now, not once the PDFs are made
            data = partial(site_data, volume, layout, stage)
            if site is not None:
                site.hand(data, stage.html)
        # Python's own work, done in a thread while typst and the stamping workers make the
        # PDFs (this thread mostly waits for them).
        exports = beside.submit(_exports, volume, layout, stage) if "exports" in outputs else None
        if "pdf" in outputs:
            pdfs, pdf_notes = write_pdfs(
                volume, layout, stage, papers_made=site.papers_made if site else None
            )
            made += pdfs
            notes += pdf_notes
            if site is not None:
                site.pdfs_written()
            lap("pdf")
        if exports is not None:  # with the layout files, which only a whole build writes
            files, export_notes = exports.result()
            made += files
            notes += export_notes
            lap("exports")
        if "site" in outputs:
            made.append(site.result() if site is not None else build_site(data()))
            lap("site")
        if packages:  # after the exports and PDFs: a package is made of them
            source = PackageSource(
                root, volume, layout, stage, paper_bibtex(volume, layout), page_titles(volume)
            )
            for name in packages:
                made += PACKAGES[name].write(source, stage.package(name))
            lap("packages")
    lap("swap")
    written = [paths.final(path, stage) for path in made]
    return BuildResult(volume, layout, problems, written, notes)


def _exports(volume: Volume, layout: Layout, stage: BuildPaths) -> tuple[list[Path], list[str]]:
    """The layout files and the exports, written; the notes on what was not."""
    made = [
        _write(stage.layout_json, layout_json(layout)),
        _write(stage.layout_txt, format_layout(volume, layout) + "\n"),
    ]
    exports, notes = write_exports(volume, layout, stage.export)
    return made + exports, notes


@contextlib.contextmanager
def _ended_on_error(site: SiteBeside | None) -> Iterator[None]:
    """End the site's process when the block fails, before the staging folder that it writes
    into is removed."""
    try:
        yield
    except BaseException:
        if site is not None:
            site.stop()
        raise


def site_builder(root: Path, paths: BuildPaths) -> Callable[[], Path]:
    """What ``serve`` runs after each change: the site built alone (checked, staged), giving
    its ``html`` folder."""
    return lambda: build(root, paths, only="site").written[0]


def paper_bibtex(volume: Volume, layout: Layout) -> dict[str, str]:
    """Each archival paper's self-contained UTF-8 BibTeX entry, by id, for the packages: the
    exports stage owns BibTeX, and the packages may not import it."""
    options = replace(ExportOptions.of(volume), ascii=False)
    keys = paper_keys(volume, options.keys)  # once: each key depends on every paper
    return {
        paper.id: bibtex_entry(volume, layout, paper, options, keys[paper.id])
        for paper in volume.archival_papers
    }


def layout_json(layout: Layout) -> str:
    """The layout as stable JSON: the page numbers every other tool may read."""
    return json.dumps(asdict(layout), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _write(path: Path, text: str) -> Path:
    write_atomic(path, text)
    return path
