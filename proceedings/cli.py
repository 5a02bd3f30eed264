"""The ``proceedings`` command line: parse options, call one stage, report."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from proceedings import __version__
from proceedings.errors import Problem, ProceedingsError, Severity, os_problem
from proceedings.exports import FORMATS as EXPORTS
from proceedings.importers.formats import FORMATS
from proceedings.packages import PACKAGES, required_codes, with_package_rules
from proceedings.text import plural
from proceedings.timings import Stopwatch

F = TypeVar("F", bound=Callable[..., Any])


class _Group(click.Group):
    """The command group, turning a full, read-only or forbidden disk into a one-line error."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as error:
            found = os_problem(error)
            if found is None:  # not one the user can fix: a bug, with its traceback
                raise
            raise found from error


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="proceedings")
@click.option(
    "-C",
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The volume project's folder (holding source/ and papers/).",
)
@click.pass_context
def main(ctx: click.Context, project: Path) -> None:
    """Turn a workshop's accepted papers into published proceedings."""
    ctx.obj = project


def run() -> None:
    """The ``proceedings`` command: :func:`main`, in a process that ends with it.

    Python's last collection at exit walks every object a command left (160,000 after a
    200-paper build: 0.15 s); frozen, they are left to the system, which takes the process's
    memory back whole. The exit handlers still run. (The tests call :func:`main` itself.)"""
    try:
        main()
    finally:
        gc.freeze()


# Options that several commands take, declared once so that they read and behave alike.
_strict_option = click.option("--strict", is_flag=True, help="Fail on warnings too.")
_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report as text lines or as JSON (for CI).",
)


_timings_option = click.option(
    "--timings",
    is_flag=True,
    help="Print each stage's time, CPU time and peak memory to standard error.",
)


def _stopwatch(timings: bool) -> Stopwatch | None:
    """What times the stages of a building command if ``--timings`` asks, its start-up
    (interpreter, imports, options) timed already."""
    if not timings:
        return None
    stopwatch = Stopwatch(lambda timing: click.echo(timing.format(), err=True))
    stopwatch.lap("start-up")
    return stopwatch


def _out_option() -> Callable[[F], F]:
    """The ``-o/--out`` option of the building commands: the build folder, for every one."""
    return click.option(
        "-o",
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The build folder [default: _build in the project].",
    )


def _counts(problems: list[Problem]) -> dict[Severity, int]:
    """How many problems there are of each severity."""
    return {severity: sum(p.severity is severity for p in problems) for severity in Severity}


def _summary(problems: list[Problem]) -> str:
    """``1 error, 2 warnings`` (and the notes, when there are any)."""
    counts = _counts(problems)
    text = (
        f"{plural(counts[Severity.ERROR], 'error')}, {plural(counts[Severity.WARNING], 'warning')}"
    )
    notes = counts[Severity.NOTE]
    return text + (f", {plural(notes, 'note')}" if notes else "")


@main.command()
@_strict_option
@_format_option
@click.option("--no-pdf", is_flag=True, help="Skip the PDF checks (metadata only).")
@click.option(
    "--for",
    "packages",
    metavar="NAME",
    multiple=True,
    type=click.Choice(list(PACKAGES)),
    help="Check the rules of the publisher's package NAME as errors, as 'package NAME' stops "
    f"on them ({', '.join(PACKAGES)}; repeatable).",
)
@click.pass_obj
def check(project: Path, strict: bool, fmt: str, no_pdf: bool, packages: tuple[str, ...]) -> None:
    """Check metadata and PDFs; list every problem with its file, field and fix."""
    from proceedings.buildpaths import BuildPaths
    from proceedings.checks import check_project, failing

    volume, problems = check_project(
        project,
        pdfs=not no_pdf,
        paths=BuildPaths.of(project),
        packages=packages,
        required=required_codes(packages),
    )
    ignored = volume.info.checks.ignore if volume is not None else ()
    problems = with_package_rules(problems, packages, ignored)
    bad = failing(problems, strict=strict)
    if fmt == "json":
        counts = _counts(problems)
        report = {
            "problems": [p.as_dict() for p in problems],
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "notes": counts[Severity.NOTE],
            "ok": not bad,
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(problem.format())
        click.echo(f"{'failed' if bad else 'ok'}: {_summary(problems)}")
    if bad:
        sys.exit(1)


@main.command()
@_format_option
@click.pass_obj
def layout(project: Path, fmt: str) -> None:
    """Print each archival paper's pages: id, page count, first and last page."""
    from proceedings.build import layout_json, prepare
    from proceedings.buildpaths import BuildPaths
    from proceedings.layout import format_layout

    volume, result, _ = prepare(project, BuildPaths.of(project), pdfs=False)
    click.echo(
        layout_json(result) if fmt == "json" else format_layout(volume, result), nl=fmt != "json"
    )


@main.command()
@_out_option()
@_strict_option
@_timings_option
@click.pass_obj
def build(project: Path, out: Path | None, strict: bool, timings: bool) -> None:
    """Check the volume, then build every output under _build/."""
    from proceedings.build import build as run_build
    from proceedings.buildpaths import BuildPaths

    stopwatch = _stopwatch(timings)
    result = run_build(project, BuildPaths.of(project, out), strict=strict, stopwatch=stopwatch)
    if stopwatch:
        stopwatch.total()
    for problem in result.problems:
        click.echo(problem.format(), err=True)
    for path in result.written:
        click.echo(f"wrote {path}")
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    layout = result.layout
    pages = f", pages {layout.first_page}-{layout.last_page}" if layout.papers else ""
    click.echo(
        f"built {result.volume.info.acronym}: {plural(len(layout.papers), 'paper')}{pages} "
        f"({_summary(result.problems)})"
    )


def _export_help() -> str:
    lines = [f"  {name:14} {fmt.description}" for name, fmt in EXPORTS.items()]
    return "\n".join(["Write one export of the volume.", "", "\b\nFORMAT:", *lines])


@main.command(help=_export_help())
@click.argument("fmt", metavar="FORMAT", type=click.Choice(list(EXPORTS)))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (atomically) instead of standard output.",
)
@click.option(
    "--keys",
    type=click.Choice(["id", "dblp"]),
    help="Citation keys: tml4h2025-017 (id) or OBrien25 (dblp) [default: from volume.yaml].",
)
@click.option(
    "--crossref/--self-contained",
    default=None,
    help="BibTeX papers point to the volume entry, or repeat its fields [default: crossref].",
)
@click.option(
    "--ascii/--utf8",
    "ascii_",
    default=None,
    help="BibTeX with LaTeX escapes (classic bibtex) or in UTF-8 (biber) [default: utf8].",
)
@click.pass_obj
def export(
    project: Path,
    fmt: str,
    output: Path | None,
    keys: str | None,
    crossref: bool | None,
    ascii_: bool | None,
) -> None:
    from proceedings.build import prepare
    from proceedings.buildpaths import BuildPaths
    from proceedings.exports import ExportOptions
    from proceedings.exports import export as run_export
    from proceedings.output import write_atomic

    if output is not None:
        _refuse_input_folders(project, output)
    volume, layout, _ = prepare(project, BuildPaths.of(project), pdfs=False, outputs=("exports",))
    options = ExportOptions.of(volume, keys=keys, crossref=crossref, ascii=ascii_)
    text = run_export(volume, layout, fmt, options)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)


def _refuse_input_folders(project: Path, output: Path) -> None:
    """Stop before writing ``output`` into ``source/`` or ``papers/``: an output over an input
    (``-o source/volume.yaml``) would destroy the project it is made of."""
    for folder in ("source", "papers"):
        if output.resolve().is_relative_to((project / folder).resolve()):
            raise ProceedingsError(
                f"is inside the project's {folder}/ folder, which holds its input; write the "
                "export elsewhere (for instance _build/volume.bib)",
                path=str(output),
            )


@main.command()
@_out_option()
@_timings_option
@click.pass_obj
def pdf(project: Path, out: Path | None, timings: bool) -> None:
    """Build the PDF volume and the per-paper PDFs into _build/pdf/."""
    from proceedings.build import build as run_build
    from proceedings.buildpaths import BuildPaths

    stopwatch = _stopwatch(timings)
    result = run_build(project, BuildPaths.of(project, out), only="pdf", stopwatch=stopwatch)
    if stopwatch:
        stopwatch.total()
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    written = result.written
    click.echo(f"wrote {written[0]} and {plural(len(written) - 1, 'per-paper PDF')}")


@main.command()
@_out_option()
@_timings_option
@click.pass_obj
def site(project: Path, out: Path | None, timings: bool) -> None:
    """Build the HTML proceedings site (Sphinx) into _build/html/."""
    from proceedings.build import build as run_build
    from proceedings.buildpaths import BuildPaths

    stopwatch = _stopwatch(timings)
    result = run_build(project, BuildPaths.of(project, out), only="site", stopwatch=stopwatch)
    if stopwatch:
        stopwatch.total()
    click.echo(f"wrote the site to {result.written[0]}")


def _package_help() -> str:
    lines = [f"  {name:10} {package.description}" for name, package in PACKAGES.items()]
    return "\n".join(
        [
            "Build the exports and PDFs, then the package a publisher takes, into "
            "_build/packages/NAME/ (and to OUTPUT: a folder, or a file ending in .zip). "
            "'check --for NAME' reports the publisher's rules it stops on, before any build.",
            "",
            "\b\nNAME:",
            *lines,
        ]
    )


@main.command(help=_package_help())
@click.argument("name", metavar="NAME", type=click.Choice(list(PACKAGES)))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Also write the package to OUTPUT: a new folder, or a .zip file.",
)
@_strict_option
@click.pass_obj
def package(project: Path, name: str, output: Path | None, strict: bool) -> None:
    from proceedings.build import build as run_build
    from proceedings.buildpaths import BuildPaths

    if output is not None:
        _refuse_input_folders(project, output)
    result = run_build(project, BuildPaths.of(project), strict=strict, packages=(name,))
    for problem in result.problems:
        click.echo(problem.format(), err=True)
    folder = BuildPaths.of(project).package(name)
    click.echo(f"wrote the {name} package to {folder}")
    if output is not None:
        _copy_package(folder, output)
        click.echo(f"wrote {output}")


def _copy_package(folder: Path, output: Path) -> None:
    """Write the package at ``folder`` to ``output``: a ZIP archive, or a folder that must not
    hold anything yet (a package never replaces files it did not write)."""
    import shutil
    import tempfile

    from proceedings.output import write_atomic, zip_folder

    if output.suffix.lower() == ".zip":
        write_atomic(output, zip_folder(folder))
        return
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise ProceedingsError(
            "exists and is not an empty folder; name a new folder, or a .zip file",
            path=str(output),
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        shutil.copytree(folder, staging, dirs_exist_ok=True)
        staging.replace(output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@main.command()
@click.option("--port", type=int, default=8000, show_default=True, help="The port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to serve on.")
@click.pass_obj
def serve(project: Path, port: int, host: str) -> None:
    """Build the site, serve it on localhost and rebuild it when source/ or papers/ change."""
    from proceedings.build import site_builder
    from proceedings.buildpaths import BuildPaths
    from proceedings.site.serve import serve as run_serve

    paths = BuildPaths.of(project)
    rebuild = site_builder(project, paths)
    try:
        run_serve(project, paths.html, rebuild, host=host, port=port, report=click.echo)
    except KeyboardInterrupt:
        click.echo("stopped")


def _import_help() -> str:
    lines = [f"  {name:14} {what}" for name, (_, what) in FORMATS.items()]
    return "\n".join(
        [
            "Make (or update) a volume project from another system's export.",
            "",
            "\b\nFORMAT and SOURCE:",
            *lines,
        ]
    )


def _mapping(path: Path | None, pairs: tuple[str, ...]) -> dict[str, str]:
    """``--mapping FILE`` (YAML: field: column) overlaid with ``--map field=column`` pairs."""
    from proceedings.yamlfile import read_yaml

    mapping: dict[str, str] = {}
    if path is not None:
        document, problems = read_yaml(path, str(path))  # within the limits, as any YAML
        if document is None or problems:
            raise click.BadParameter(f"cannot be read as YAML: {problems[0].format()}")
        data = document.data or {}
        if not isinstance(data, dict):
            raise click.BadParameter(f"{path}: must map fields to column names")
        mapping.update({str(k): str(v) for k, v in data.items()})
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise click.BadParameter(f"'{pair}' is not FIELD=COLUMN", param_hint="--map")
        mapping[key.strip()] = value.strip()
    return mapping


@main.command("import", help=_import_help())
@click.argument("fmt", metavar="FORMAT", type=click.Choice(list(FORMATS)))
@click.argument("source", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--pdfs",
    type=click.Path(exists=True, path_type=Path),
    help="Folder or ZIP of camera-ready PDFs, matched by file name or first-page title (copied).",
)
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    help="The project's folder (new or empty, unless --update or --overwrite); default: -C's.",
)
@click.option("--title", help="The volume's title, where the source has none.")
@click.option(
    "--editor",
    "editors",
    multiple=True,
    metavar="NAME",
    help="A volume editor, e.g. 'Ada Lovelace' (repeat for each, in order).",
)
@click.option("--acronym", help="The volume's acronym, e.g. 'ML4H 2023'.")
@click.option("--year", type=int, help="Year of publication.")
@click.option("--url", help="Base URL of the proceedings site.")
@click.option("--doi-prefix", help="DOI prefix for the papers, e.g. 10.5555.")
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="csv: a YAML file mapping fields (title, authors, ...) to the CSV's column names.",
)
@click.option("--map", "pairs", multiple=True, metavar="FIELD=COLUMN", help="csv: one mapping.")
@click.option("--venue-id", help="openreview: read the venue from the live API (needs network).")
@click.option(
    "--strict",
    is_flag=True,
    help="Import nothing if any row or record cannot be read (default: skip it, with a note).",
)
@click.option("--dry-run", is_flag=True, help="Read and print what would change; write nothing.")
@click.option(
    "--update", is_flag=True, help="Re-import into this project, keeping your hand edits."
)
@click.option("--overwrite", is_flag=True, help="Write into a folder that is not empty.")
@click.pass_obj
def import_(
    project: Path,
    fmt: str,
    source: Path | None,
    pdfs: Path | None,
    into: Path | None,
    title: str | None,
    editors: tuple[str, ...],
    acronym: str | None,
    year: int | None,
    url: str | None,
    doi_prefix: str | None,
    mapping_file: Path | None,
    pairs: tuple[str, ...],
    venue_id: str | None,
    strict: bool,
    dry_run: bool,
    update: bool,
    overwrite: bool,
) -> None:
    """Read SOURCE and write (or plan, with --dry-run) the project; see run_import."""
    from proceedings.importers import run_import
    from proceedings.importers.text import split_name

    if source is None and not (fmt == "openreview" and venue_id):
        raise click.UsageError("give the SOURCE to import")
    run_import(
        fmt,
        source or Path("."),
        project if into is None else into,
        pdfs=pdfs,
        overrides={
            "title": title,
            "editors": [split_name(name) for name in editors] or None,
            "acronym": acronym,
            "year": year,
            "url": url,
            "doi_prefix": doi_prefix,
        },
        mapping=_mapping(mapping_file, pairs),
        venue_id=venue_id,
        strict=strict,
        dry_run=dry_run,
        update=update,
        overwrite=overwrite,
        say=click.echo,
        warn=lambda line: click.echo(line, err=True),
    )


@main.command("record")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["bibtex", "ris", "dblp", "acl-anthology"]),
    help="The file's format [default: read from its first lines].",
)
@click.option("--strict", is_flag=True, help="Record nothing if any paper or record is left out.")
@click.option("--dry-run", is_flag=True, help="Print what would be recorded; write nothing.")
@click.pass_obj
def record_(project: Path, source: Path, fmt: str | None, strict: bool, dry_run: bool) -> None:
    """Bring the version of record back: read the publisher's or an indexer's file for the
    published volume (BibTeX, RIS, dblp XML, ACL Anthology XML), match its papers by title and
    authors, and write their DOIs, pages and URLs into source/record.yaml."""
    from proceedings.importers.record import run_record

    run_record(
        project,
        source,
        fmt=fmt,
        strict=strict,
        dry_run=dry_run,
        say=click.echo,
        warn=lambda line: click.echo(f"note: {line}", err=True),
    )


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--title", default="Workshop on Trustworthy Machine Learning for Health", show_default=True
)
@click.option("--acronym", help="Short name with the year  [default: TMLH and the year]")
@click.option(
    "--year",
    type=click.IntRange(1900, 2999),
    help="Year of the workshop  [default: the sample's, eight weeks from today]",
)
@click.pass_obj
def init(project: Path, directory: Path, title: str, acronym: str | None, year: int | None) -> None:
    """Create a new volume project in DIRECTORY (under -C's folder) holding a whole sample
    workshop (call, dates, keynotes, program, awards, people, sponsors, four papers), dated
    around today, that passes 'check' and builds at once."""
    from proceedings.scaffold import scaffold

    target = project / directory  # an absolute DIRECTORY stays as it is
    for path in scaffold(target, title=title, acronym=acronym, year=year):
        click.echo(f"created {path}")
    click.echo(f"next: cd {target} && proceedings check && proceedings build")


@main.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def schema(project: Path, folder: Path | None) -> None:
    """Write JSON Schemas of volume.yaml, committees.yaml and paper.yaml, for editors, into
    FOLDER [default: .schemas/ in the project, where the first line of each file that init
    and import write points]."""
    from proceedings.schema import SCHEMA_DIR, write_schemas

    for path in write_schemas(project / SCHEMA_DIR if folder is None else folder):
        click.echo(f"wrote {path}")
