"""The command line: exit codes and the exact text a user sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import WORKSHOP, edit

from proceedings.cli import main

# The workshop's one note: three of its five authors and editors have no ORCID iD.
ORCID_NOTE = (
    "source/volume.yaml:1: note: no ORCID iD for 3 of 5 authors and editors: {}. Add 'orcid' "
    "to each person: indexers (Crossref, dblp, OpenAlex) match authors by their iD. "
    "[people.missing-orcid]"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_check_clean_project(runner: CliRunner, complete_workshop: Path) -> None:
    """This test ensures that a clean project checks ok with exit code 0, its note shown."""
    result = runner.invoke(main, ["-C", str(complete_workshop), "check"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        ORCID_NOTE.format("Zoë Müller (a), Aoife O'Brien (b), Nguyễn Văn An (c)"),
        "ok: 0 errors, 0 warnings, 1 note",
    ]


def test_check_reports_problems_and_fails(runner: CliRunner, complete_workshop: Path) -> None:
    """This test ensures that errors are listed one per line and make the command fail."""
    edit(complete_workshop / "papers/a/paper.yaml", {"part: methods": "part: method"})
    edit(complete_workshop / "papers/b/paper.yaml", {"keywords: [fairness, dermatology]\n": ""})
    result = runner.invoke(main, ["-C", str(complete_workshop), "check"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "papers/a/paper.yaml:19: error: part: unknown part 'method'. Did you mean 'methods'? "
        "[metadata.unknown-part]",
        "papers/b/paper.yaml:1: warning: keywords: no keywords. Add 2 to 6 keywords; indexers "
        "and the site use them. [metadata.missing-keywords]",
        ORCID_NOTE.format("Aoife O'Brien (b), Nguyễn Văn An (c), Zoë Müller (a)"),
        "source/volume.yaml:31: warning: parts[0]: part 'methods' has no paper. Remove the part "
        "or assign papers to it. [metadata.empty-part]",
        "failed: 1 error, 2 warnings, 1 note",
    ]


def test_check_strict_fails_on_warnings(runner: CliRunner, complete_workshop: Path) -> None:
    """This test ensures that --strict makes warnings fail the run."""
    edit(complete_workshop / "papers/b/paper.yaml", {"keywords: [fairness, dermatology]\n": ""})
    assert runner.invoke(main, ["-C", str(complete_workshop), "check"]).exit_code == 0
    strict = runner.invoke(main, ["-C", str(complete_workshop), "check", "--strict"])
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1] == "failed: 0 errors, 1 warning, 1 note"


def test_check_json(runner: CliRunner, complete_workshop: Path) -> None:
    """This test ensures that --format json parses and carries every field of a problem."""
    edit(complete_workshop / "papers/a/paper.yaml", {"email: jan@example.org": "email: jan@"})
    result = runner.invoke(main, ["-C", str(complete_workshop), "check", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False
    assert (report["errors"], report["warnings"], report["notes"]) == (1, 0, 1)
    assert report["problems"][:-1] == [
        {
            "code": "people.email",
            "severity": "error",
            "file": "papers/a/paper.yaml",
            "line": 6,
            "paper": "a",
            "field": "authors[0].email",
            "message": "'jan@' is not an e-mail address",
            "hint": "Give the whole address, such as name@example.org.",
        }
    ]


def test_load_errors_print_without_traceback(runner: CliRunner, workshop: Path) -> None:
    """This test ensures that a structural error in layout is one clean line and exit code 1."""
    edit(workshop / "papers/a/paper.yaml", {"title:": "titel:"})
    result = runner.invoke(main, ["-C", str(workshop), "layout"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.splitlines() == [
        "papers/a/paper.yaml:1: error: titel: unknown key 'titel'. Did you mean 'title'? "
        "[schema.unknown-key]",
        "the volume could not be loaded: 1 error",
    ]


def test_layout_table(runner: CliRunner, complete_workshop: Path) -> None:
    """This test ensures that 'proceedings layout' prints the page table from the real PDFs."""
    result = runner.invoke(main, ["-C", str(complete_workshop), "layout"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "id  pages  first   last",
        "# Methods",
        "a       4      1      4",
        "# Studies",
        "b       5      5      9",
        "2 papers, pages 1-9; back matter from page 10",
    ]
    as_json = json.loads(
        runner.invoke(main, ["-C", str(complete_workshop), "layout", "--format", "json"]).output
    )
    assert as_json["papers"][1] == {
        "paper": "b",
        "pages": 5,
        "first": 5,
        "last": 9,
        "blank_before": False,
    }
    assert sorted(as_json) == [
        "backmatter_first",
        "first_page",
        "last_page",
        "numbered_parts",
        "papers",
        "parts",
    ]


def test_layout_without_pdf_names_the_paper(runner: CliRunner) -> None:
    """This test ensures that a missing PDF is one message naming the paper and the file."""
    result = runner.invoke(main, ["-C", str(WORKSHOP), "layout"])
    assert result.exit_code == 1
    assert result.output == (
        "error: papers/a/paper.pdf: paper a: the PDF is missing; add the camera-ready PDF\n"
    )


def test_build_stops_on_errors_and_writes_nothing(
    runner: CliRunner, complete_workshop: Path
) -> None:
    """This test ensures that a failing check stops the build before any output is written."""
    edit(complete_workshop / "papers/a/paper.yaml", {"email: jan@example.org": "email: jan@"})
    result = runner.invoke(main, ["-C", str(complete_workshop), "build"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "stopped: 1 error"
    built = complete_workshop / "_build"
    # Only the caches of what was read off the PDFs, which spare the next run that work.
    assert sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file()) == [
        Path(".cache/page-counts.json"),
        Path(".cache/pdf-facts.json"),
        Path(".cache/pdf-ink.json"),
        Path(".cache/pdf-room.json"),
    ]


def test_build_writes_the_layout(runner: CliRunner, complete_workshop: Path) -> None:
    """This test ensures that build writes its outputs and reports them."""
    result = runner.invoke(main, ["-C", str(complete_workshop), "build"])
    assert result.exit_code == 0, result.output
    assert (complete_workshop / "_build/layout.txt").read_text().startswith("id  pages")
    assert result.output.splitlines()[-1] == (
        "built TWCT 2025: 2 papers, pages 1-9 (0 errors, 0 warnings, 1 note)"
    )


def test_version_and_module_entry_point(runner: CliRunner) -> None:
    """This test ensures that --version answers and python -m proceedings runs the same CLI."""
    import subprocess
    import sys

    assert runner.invoke(main, ["--version"]).output == "proceedings, version 0.1.0\n"
    result = subprocess.run(
        [sys.executable, "-m", "proceedings", "--help"], capture_output=True, text=True, check=True
    )
    assert "Turn a workshop's accepted papers into published proceedings." in result.stdout


def test_a_project_folder_that_does_not_exist_is_one_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    """This test ensures that -C naming no folder gives one error naming that folder (not one
    for each file the project lacks), for check and build alike."""
    for command in ("check", "build"):
        result = runner.invoke(main, ["-C", str(tmp_path / "nowhere"), command])
        assert result.exit_code == 1
        assert result.output.splitlines()[0] == (
            f"{tmp_path / 'nowhere'}/: error: folder not found. Give -C the folder that holds "
            "source/ and papers/, or create a project with 'proceedings init FOLDER'. "
            "[project.not-found]"
        )
        assert sum(": error: " in line for line in result.output.splitlines()) == 1


def test_console_script_leaves_the_command_line_to_the_command() -> None:
    """This test ensures that the installed ``proceedings`` script names an entry point whose
    module imports no command line: every worker process a build spawns runs the script again,
    and would otherwise import the whole command line for nothing."""
    import subprocess
    import sys
    import tomllib

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    module, _, function = project["project"]["scripts"]["proceedings"].partition(":")
    probe = (
        f"import sys, {module}; f = {module}.{function}; "
        "print(sorted(m for m in sys.modules if m.startswith('proceedings')))"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert "proceedings.cli" not in imported
    assert imported.strip() == "['proceedings', 'proceedings.__main__', 'proceedings._version']"
    # The installed script (an editable install made before the entry point moved names cli).
    script = Path(sys.executable).with_name("proceedings")
    if script.is_file():
        assert f"from {module} import {function}" in script.read_text(encoding="utf-8")


def test_init_creates_a_project_that_checks_and_builds(runner: CliRunner, tmp_path: Path) -> None:
    """This test ensures that 'init' scaffolds a project with no error that builds at once, and
    that each of its samples is a warning (so --strict fails) until it is replaced."""
    target = tmp_path / "new"
    result = runner.invoke(main, ["init", str(target), "--acronym", "ÆON 2026"])
    assert result.exit_code == 0, result.output
    assert (target / "papers/001/paper.pdf").read_bytes().startswith(b"%PDF-")
    check = runner.invoke(main, ["-C", str(target), "check"])
    assert check.exit_code == 0, check.output
    *warnings, last = check.output.splitlines()
    assert last == "ok: 0 errors, 27 warnings, 1 note"
    notes = [w for w in warnings if w.endswith("[people.missing-orcid]")]
    assert len(notes) == 1  # the sample people have no iD
    warnings.remove(notes[0])
    assert all(w.endswith("[metadata.placeholder]") for w in warnings), warnings
    assert warnings[0] == (
        "papers/001/paper.yaml:2: warning: title: 'Counterfactual Explanations Clinicians Can "
        "Act On: Sepsis Alerts in Emergency Care' is a sample paper's title. Replace the "
        "sample that 'init' wrote: the paper's title (and its PDF, the sample paper). "
        "[metadata.placeholder]"
    )
    strict = runner.invoke(main, ["-C", str(target), "check", "--strict"])
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1] == "failed: 0 errors, 27 warnings, 1 note"
    build = runner.invoke(main, ["-C", str(target), "build"])
    assert build.exit_code == 0, build.output
    assert build.output.splitlines()[-1] == (
        "built ÆON 2026: 4 papers, pages 1-21 (0 errors, 27 warnings, 1 note)"
    )


def test_every_command_works_in_the_folder_given_with_C(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that -C is honoured by every command that reads or writes a
    project: init makes its folder under it, the others read and build there, wherever the
    command is run from."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    made = runner.invoke(main, ["-C", str(tmp_path), "init", "new"])
    assert made.exit_code == 0, made.output
    project = tmp_path / "new"
    assert (project / "source" / "volume.yaml").is_file()
    for command in (["check"], ["layout"], ["export", "ris"], ["pdf"], ["site"], ["build"]):
        result = runner.invoke(main, ["-C", str(project), *command])
        assert result.exit_code == 0, (command, result.output)
    assert (project / "_build" / "html" / "index.html").is_file()
    assert (project / "_build" / "pdf" / "papers" / "001.pdf").is_file()
    assert sorted(p.name for p in elsewhere.iterdir()) == []


def test_init_writes_a_github_pages_workflow(runner: CliRunner, tmp_path: Path) -> None:
    """This test ensures that 'init' writes a valid GitHub Pages workflow that builds the volume
    and deploys _build/html, and that the project still checks with no error."""
    import yaml

    target = tmp_path / "new"
    assert runner.invoke(main, ["init", str(target)]).exit_code == 0
    path = target / ".github/workflows/pages.yml"
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert workflow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}  # on:
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    steps = workflow["jobs"]["build"]["steps"]
    uses = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    runs = [step["run"] for step in steps if "run" in step]
    assert uses["actions/setup-python"]["with"] == {"python-version": "3.11"}
    assert runs[0] == "pip install proceedings"
    assert "apt-get install -y -qq fonts-noto-cjk" in runs[1]
    assert runs[2] == "proceedings build"
    assert uses["actions/upload-pages-artifact"]["with"] == {"path": "_build/html"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    check = runner.invoke(main, ["-C", str(target), "check"])
    assert check.output.splitlines()[-1] == "ok: 0 errors, 27 warnings, 1 note"  # the samples


def test_init_refuses_a_folder_that_is_not_empty(runner: CliRunner, tmp_path: Path) -> None:
    """This test ensures that 'init' never overwrites: a non-empty folder is refused."""
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"error: {tmp_path}: the folder is not empty; choose a new folder so nothing is "
        "overwritten\n"
    )
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_readme_lists_every_problem_code() -> None:
    """This test ensures that the README's table of problem codes matches the catalogue."""
    from proceedings.checks import CODES

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Problem codes", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows == [f"| `{code}` | {sev} | {text} |" for code, (sev, text) in CODES.items()]


def test_export_formats(runner: CliRunner, complete_workshop: Path, tmp_path: Path) -> None:
    """This test ensures that 'export' writes each format, to stdout or atomically to a file."""
    out = tmp_path / "volume.bib"
    result = runner.invoke(
        main, ["-C", str(complete_workshop), "export", "bibtex", "--ascii", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    bib = out.read_text(encoding="utf-8")
    assert "@inproceedings{twct2025-a," in bib
    assert 'M{\\"u}ller, Zo{\\"e}' in bib
    dblp = runner.invoke(
        main,
        ["-C", str(complete_workshop), "export", "bibtex", "--keys", "dblp", "--self-contained"],
    )
    assert "@inproceedings{Berg25," in dblp.output
    assert "crossref" not in dblp.output
    csl = runner.invoke(main, ["-C", str(complete_workshop), "export", "csl-json"])
    assert [item["page"] for item in json.loads(csl.output)] == ["1-4", "5-9"]
    for fmt in ("ris", "dblp"):
        assert runner.invoke(main, ["-C", str(complete_workshop), "export", fmt]).exit_code == 0
    crossref = runner.invoke(main, ["-C", str(complete_workshop), "export", "crossref"])
    assert crossref.exit_code == 1  # the tiny workshop's editor has no e-mail for the depositor
    assert crossref.output.startswith("error: source/volume.yaml:24: editors[0].email: ")


def test_export_lists_the_registered_formats(runner: CliRunner) -> None:
    """This test ensures that 'export' takes, and its help lists, every format of the exports
    registry, and that the command line reads the registry without loading any writer."""
    import subprocess
    import sys

    from proceedings.exports import FORMATS

    help_text = runner.invoke(main, ["export", "--help"]).output
    for fmt in FORMATS.values():
        assert f"  {fmt.name:14} {fmt.description}" in help_text
    unknown = runner.invoke(main, ["export", "docx"])
    assert unknown.exit_code == 2
    assert "'docx' is not one of 'bibtex', 'csl-json', 'ris', 'crossref', 'dblp'" in unknown.output
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, proceedings.cli; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "proceedings.exports" in loaded
    assert "proceedings.exports.bibtex" not in loaded


def test_export_refuses_a_volume_that_check_rejects(
    runner: CliRunner, complete_workshop: Path
) -> None:
    """This test ensures that bad input stops the export with the problem, not a broken file."""
    edit(complete_workshop / "papers/b/paper.yaml", {"family: O'Brien": "family: '{O}Brien {'"})
    result = runner.invoke(main, ["-C", str(complete_workshop), "export", "bibtex"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "papers/b/paper.yaml:4: error: authors[0].family: '{O}Brien {' has unbalanced braces. "
        "Remove the braces: write plain text; capitals are protected in BibTeX automatically. "
        "[text.unbalanced-braces]",
        "stopped: 1 error",
    ]


SMALL_BIB = r"""
@inproceedings{berg25,
  author = {van der Berg, Jan and M{\"u}ller, Zo{\"e}},
  title = {{COVID}-19 Triage with Calibrated Models},
  booktitle = {Proceedings of the Tiny Workshop},
  editor = {{\O}degaard, Kari},
  year = {2025},
  pages = {1--12},
  abstract = {We calibrate triage models for {COVID}-19 across three hospitals and show that a
    recalibration on a few hundred local patients restores the calibration of every model.},
}
"""


def test_import_bibtex(runner: CliRunner, tmp_path: Path) -> None:
    """This test ensures that 'import bibtex' writes a project that loads; --dry-run writes none."""
    bib = tmp_path / "volume.bib"
    bib.write_text(SMALL_BIB, encoding="utf-8")
    dry = runner.invoke(
        main, ["import", "bibtex", str(bib), "--into", str(tmp_path / "dry"), "--dry-run"]
    )
    assert dry.exit_code == 0, dry.output
    assert not (tmp_path / "dry").exists()
    into = tmp_path / "project"
    result = runner.invoke(
        main, ["import", "bibtex", str(bib), "--into", str(into), "--acronym", "TW 2025"]
    )
    assert result.exit_code == 0, result.output
    assert f"imported 1 paper, 0 with a PDF into {into}" in result.output
    from proceedings.load import load_volume

    volume = load_volume(into)
    (paper,) = volume.papers
    assert paper.info.title == "COVID-19 Triage with Calibrated Models"
    assert [a.name.full for a in paper.info.authors] == ["Jan van der Berg", "Zoë Müller"]
    assert volume.info.editors[0].family == "Ødegaard"


def test_site_with_an_empty_part_and_stale_outputs(
    runner: CliRunner, complete_workshop: Path
) -> None:
    """This test ensures that an empty part builds, and a removed paper leaves no page or PDF."""
    edit(
        complete_workshop / "source/volume.yaml",
        {"  - id: studies": "  - id: empty\n    title: Nothing Yet\n  - id: studies"},
    )
    assert runner.invoke(main, ["-C", str(complete_workshop), "build"]).exit_code == 0
    out = complete_workshop / "_build"
    assert (out / "html/papers/b/index.html").is_file()
    assert (out / "pdf/papers/b.pdf").is_file()
    import shutil

    shutil.rmtree(complete_workshop / "papers/b")
    result = runner.invoke(main, ["-C", str(complete_workshop), "build"])
    assert result.exit_code == 0, result.output
    assert not (out / "html/papers/b").exists()
    assert not (out / "pdf/papers/b.pdf").exists()


@pytest.mark.parametrize(
    ("command", "stages"),
    [
        ("build", ["start-up", "check", "staging", "pdf", "exports", "site", "swap", "total"]),
        ("pdf", ["start-up", "check", "staging", "pdf", "swap", "total"]),
    ],
)
def test_timings_show_each_stage(
    runner: CliRunner, complete_workshop: Path, command: str, stages: list[str]
) -> None:
    """This test ensures that --timings prints one parseable line per stage that ran, in
    order, to standard error (standard output stays what it was), ending with the total."""
    from proceedings.timings import Timing

    result = runner.invoke(main, ["-C", str(complete_workshop), command, "--timings"])
    assert result.exit_code == 0, result.output
    timings = [Timing.parse(line) for line in result.stderr.splitlines()]
    found = [timing for timing in timings if timing is not None]
    assert [timing.stage for timing in found] == stages
    assert all(timing.wall >= 0 and timing.peak > 0 for timing in found)
    assert "timing:" not in result.stdout
