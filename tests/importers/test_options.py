"""Every option of ``proceedings import``, given to every format, read back from the project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import require_shared

from importers.conftest import run_import
from proceedings.checks import check_project
from proceedings.load import load_volume

FIXTURES = Path(__file__).parent.parent / "fixtures"
CASES: dict[str, dict[str, Any]] = yaml.safe_load(
    (FIXTURES / "import_options.yaml").read_text(encoding="utf-8")
)
VOLUME_OPTIONS = [
    "--title",
    "Proceedings of the Options Workshop",
    "--editor",
    "Ada Lovelace",
    "--editor",
    "Grace Brewster Hopper",
    "--acronym",
    "OPT 2031",
    "--year",
    "2031",
    "--url",
    "https://example.org/opt2031/",
    "--doi-prefix",
    "10.5555",
]


def _source(fmt: str, tmp_path: Path) -> list[str | Path]:
    """The case's source and the other arguments its format needs."""
    case = CASES[fmt]
    if "text" in case:
        source = tmp_path / f"source.{fmt}"
        source.write_text(case["text"], encoding="utf-8")
    elif "shared" in case:
        source = require_shared(case["shared"])
    else:
        source = FIXTURES / case["source"]
    extra = [FIXTURES / arg if (FIXTURES / arg).is_file() else arg for arg in case.get("args", [])]
    return [source, *extra]


def test_every_format_has_a_case() -> None:
    """This test ensures that a new import format cannot be added without its options test."""
    from proceedings.importers.formats import FORMATS

    assert set(CASES) == set(FORMATS)


@pytest.mark.parametrize("fmt", list(CASES))
def test_volume_options_reach_the_project(fmt: str, tmp_path: Path) -> None:
    """This test ensures that --title, --editor (twice, in order), --acronym, --year, --url and
    --doi-prefix, given to any format, are what the written project says, whatever the source
    says, so that check does not report metadata.no-editors."""
    root = tmp_path / "project"
    result = run_import(fmt, *_source(fmt, tmp_path), "--into", root, *VOLUME_OPTIONS)
    assert result.exit_code == 0, result.output
    info = load_volume(root).info
    assert info.title == "Proceedings of the Options Workshop"
    assert [(e.name.given, e.name.family) for e in info.editors] == [
        ("Ada", "Lovelace"),
        ("Grace Brewster", "Hopper"),
    ]
    assert (info.acronym, info.year) == ("OPT 2031", 2031)
    assert str(info.url) == "https://example.org/opt2031/"
    assert info.doi_prefix == "10.5555"
    assert "no-editors" not in result.stderr
    _, problems = check_project(root)
    assert "metadata.no-editors" not in {p.code for p in problems}


def test_project_options_reach_the_project(tmp_path: Path) -> None:
    """This test ensures that the options about the project are honoured and can be read back:
    -C names the project when --into is not given, --dry-run writes nothing, --overwrite writes
    into a folder that is not empty, --pdfs copies a paper's PDF beside its paper.yaml, and
    --map FIELD=COLUMN pairs make the same project as the --mapping file listing them."""
    from click.testing import CliRunner
    from pdfbuild import text_pdf

    from proceedings.cli import main

    export = FIXTURES / "csv" / "cmt-export.csv"
    dry = run_import("cmt", export, "--into", tmp_path / "dry", "--acronym", "X 2025", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert not (tmp_path / "dry").exists()

    here = tmp_path / "here"
    args = ["-C", str(here), "import", "cmt", str(export), "--acronym", "X 2025"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert len(load_volume(here).papers) == 4

    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine", encoding="utf-8")
    refused = run_import("cmt", export, "--into", full, "--acronym", "X 2025")
    assert refused.exit_code == 1
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "7.pdf").write_bytes(text_pdf(["Learning GANs - a Study"]))
    args = ["--into", full, "--acronym", "X 2025", "--overwrite", "--pdfs", pdfs]
    assert run_import("cmt", export, *args).exit_code == 0
    assert (full / "notes.txt").read_text(encoding="utf-8") == "mine"
    volume = load_volume(full)
    assert [p.id for p in volume.papers if p.pdf_path.is_file()] == ["007"]
    assert volume.papers[[p.id for p in volume.papers].index("007")].pdf_path.read_bytes() == (
        (pdfs / "7.pdf").read_bytes()
    )

    submissions, mapping = (
        FIXTURES / "csv" / "submissions.csv",
        FIXTURES / "csv" / "submissions-map.yaml",
    )
    pairs = [
        arg
        for key, column in yaml.safe_load(mapping.read_text(encoding="utf-8")).items()
        for arg in ("--map", f"{key}={column}")
    ]
    for name, given in (("by-file", ["--mapping", mapping]), ("by-pairs", pairs)):
        result = run_import(
            "csv", submissions, *given, "--into", tmp_path / name, "--acronym", "X 2025"
        )
        assert result.exit_code == 0, result.output
    by_file, by_pairs = load_volume(tmp_path / "by-file"), load_volume(tmp_path / "by-pairs")
    assert [(p.id, p.info) for p in by_file.papers] == [(p.id, p.info) for p in by_pairs.papers]
    assert by_file.papers
