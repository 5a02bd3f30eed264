"""Hostile and odd input that check must report, not pass on to the outputs (issue 14, item 7)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from proceedings.build import prepare
from proceedings.buildpaths import BuildPaths
from proceedings.checks import check_project
from proceedings.checks.characters import is_forbidden
from proceedings.cli import main
from proceedings.errors import ProceedingsError, Severity

ORCID_NOTE = (
    "source/volume.yaml:1: note: no ORCID iD for 3 of 5 authors and editors: Zoë Müller (a), "
    "Aoife O'Brien (b), Nguyễn Văn An (c). Add 'orcid' to each person: indexers (Crossref, "
    "dblp, OpenAlex) match authors by their iD. [people.missing-orcid]"
)


@pytest.mark.parametrize(
    ("char", "forbidden"),
    [
        ("\0", True),
        ("\x1b", True),
        ("\r", True),
        ("\x7f", True),
        ("\x85", True),
        ("\x9f", True),
        ("\ud800", True),
        ("\ufffe", True),
        ("\uffff", True),
        ("\U0010ffff", True),
        ("\ufdd0", True),
        ("\t", False),
        ("\n", False),
        ("\xa0", False),
        ("é", False),
        ("\u200b", False),  # a format character, not a control character
        ("\U0001f600", False),
    ],
)
def test_forbidden_characters(char: str, forbidden: bool) -> None:
    """This test ensures that C0 (but tab and line feed), DEL, C1, lone surrogates and
    noncharacters are refused, and printable text is not."""
    assert is_forbidden(char) is forbidden


def test_forbidden_characters_are_the_control_surrogate_and_noncharacter_code_points() -> None:
    """This test ensures that the characters refused are, over all of Unicode, exactly those
    of the categories Cc and Cs (tab and line feed excepted) and the noncharacters."""
    import unicodedata

    for code in range(0x110000):
        char = chr(code)
        expected = char not in "\t\n" and (
            unicodedata.category(char) in ("Cc", "Cs")
            or 0xFDD0 <= code <= 0xFDEF
            or (code & 0xFFFE) == 0xFFFE
        )
        assert is_forbidden(char) is expected, hex(code)


def test_a_lone_surrogate_is_refused_at_its_field(workshop: Path) -> None:
    """This test ensures that a lone surrogate (a YAML escape) in paper.yaml is an error at its
    field (the loader refuses it), so the paper never reaches an output."""
    path = workshop / "papers/c/paper.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + 'short_title: "Con\\uDC00sent"\n', encoding="utf-8")
    volume, problems = check_project(workshop, pdfs=False)
    assert volume is not None
    assert [p.id for p in volume.papers] == ["a", "b"]
    found = [(p.code, p.location(), p.field) for p in problems if p.severity is not Severity.NOTE]
    assert found == [("schema.invalid", "papers/c/paper.yaml:14", "short_title")]


def test_an_empty_papers_folder_stops_the_build(workshop: Path) -> None:
    """This test ensures that an empty papers/ is an error in check and stops build before
    anything is written, instead of a volume of front matter only."""
    shutil.rmtree(workshop / "papers")
    (workshop / "papers").mkdir()
    result = CliRunner().invoke(main, ["-C", str(workshop), "check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "papers/: error: no paper: the volume would hold the front matter only. Add a folder "
        "papers/<id>/ with a paper.yaml for each accepted paper. [project.no-papers]"
    )
    with pytest.raises(ProceedingsError, match=r"project\.no-papers"):
        prepare(workshop, BuildPaths.of(workshop), pdfs=False)
    assert not (workshop / "_build" / "pdf").exists()


def test_a_latin1_page_is_reported_by_check(workshop: Path) -> None:
    """This test ensures that check reads every front-matter page: one that is not UTF-8 is an
    error at its file:line (build stopped on it with a raw codec message)."""
    (workshop / "source/preface.md").write_bytes(b"# Preface\n\nThe Caf\xe9 workshop.\n")
    result = CliRunner().invoke(main, ["-C", str(workshop), "check", "--no-pdf"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "source/preface.md:3: error: byte 0xE9 at column 8 is not UTF-8 (the file is probably "
        "Latin-1 or Windows-1252). Save the page as UTF-8 (in the editor's 'Save with "
        "encoding'). [page.encoding]",
        ORCID_NOTE,
        "failed: 1 error, 0 warnings, 1 note",
    ]


def test_a_page_that_is_a_fifo_is_not_read(workshop: Path) -> None:
    """This test ensures that a front-matter page that is a named pipe is refused, not opened
    (reading it would hang check)."""
    import os

    (workshop / "source/preface.md").unlink()
    os.mkfifo(workshop / "source/preface.md")
    _, problems = check_project(workshop, pdfs=False)
    assert [
        (p.code, p.location(), p.message) for p in problems if p.severity is not Severity.NOTE
    ] == [
        (
            "metadata.missing-page",
            "source/volume.yaml:41",
            "source/preface.md is not a regular file",
        )
    ]


def test_a_page_over_the_limit_is_not_read(workshop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that a front-matter page larger than the limit is refused, not read."""
    monkeypatch.setenv("PROCEEDINGS_MAX_YAML_MB", "1")
    (workshop / "source/preface.md").write_text("# Preface\n" + "word " * 400_000)
    _, problems = check_project(workshop, pdfs=False)
    assert [
        (p.code, p.location(), p.message) for p in problems if p.severity is not Severity.NOTE
    ] == [
        (
            "page.unreadable",
            "source/preface.md",
            "the page is 2.0 MB, more than the 1.0 MB a YAML file may have (set "
            "PROCEEDINGS_MAX_YAML_MB to allow more)",
        )
    ]


@pytest.mark.parametrize(
    ("target", "folder"),
    [
        ("source/volume.yaml", "source"),
        ("papers/a/paper.yaml", "papers"),
        ("papers/new.bib", "papers"),
    ],
)
def test_export_refuses_to_write_over_an_input(
    complete_workshop: Path, target: str, folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that 'export -o' never writes into source/ or papers/, so an export
    cannot overwrite the project it is made of."""
    monkeypatch.chdir(complete_workshop)
    before = {p: p.read_bytes() for p in complete_workshop.rglob("*") if p.is_file()}
    result = CliRunner().invoke(main, ["export", "bibtex", "-o", target])
    assert result.exit_code == 1
    assert result.output == (
        f"error: {target}: is inside the project's {folder}/ folder, which holds its input; "
        "write the export elsewhere (for instance _build/volume.bib)\n"
    )
    assert {p: p.read_bytes() for p in complete_workshop.rglob("*") if p.is_file()} == before
