"""Every path the project reads stays inside the project (or the folder an import names)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import edit
from importers.conftest import run_import
from pdfbuild import text_pdf

from proceedings.cli import main
from proceedings.load import read_volume
from proceedings.paths import confine, inside

MARKER = "MARKER-OUTSIDE-4711"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside every project and import folder, holding a unique marker."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"{MARKER}\n", encoding="utf-8")
    return path


def append(path: Path, text: str) -> None:
    """Add ``text`` at the end of ``path``."""
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def check(root: Path) -> str:
    """``proceedings check --no-pdf``'s output, which must fail."""
    result = CliRunner().invoke(main, ["-C", str(root), "check", "--no-pdf"])
    assert result.exit_code == 1, result.output
    return result.output


@pytest.mark.parametrize(
    ("base", "name", "ok"),
    [
        ("papers/a", "paper.pdf", True),
        ("papers/a", "../b/paper.pdf", True),
        ("papers/a", "../../../x.pdf", False),
        ("papers/a", "/etc/passwd", False),
        ("source", "../source/preface.md", True),
        ("source", "nul\0.md", False),
    ],
)
def test_confine(workshop: Path, base: str, name: str, ok: bool) -> None:
    """This test ensures that a declared path is kept only if it resolves inside the root."""
    assert (confine(workshop / base, name, workshop) is not None) is ok


def test_paper_pdf_outside_is_refused(workshop: Path, secret: Path) -> None:
    """This test ensures that an absolute or '..' ``pdf:`` is one error naming file, line and
    field, that the paper is left out of the volume and that nothing of the file is quoted."""
    append(workshop / "papers/a/paper.yaml", f"pdf: {secret}\n")
    append(workshop / "papers/b/paper.yaml", "pdf: ../../../outside/secret.txt\n")
    volume, problems = read_volume(workshop)
    assert volume is not None
    assert [p.id for p in volume.papers] == ["c"]
    lines = [p.format() for p in problems]
    line_a = len((workshop / "papers/a/paper.yaml").read_text().splitlines())
    assert lines == [
        f"papers/a/paper.yaml:{line_a}: error: pdf: '{secret}' is outside the project folder. "
        "Put the file inside the project (papers/a/) and name it relative to it. "
        "[project.outside]",
        f"papers/b/paper.yaml:{len((workshop / 'papers/b/paper.yaml').read_text().splitlines())}"
        ": error: pdf: '../../../outside/secret.txt' is outside the project folder. "
        "Put the file inside the project (papers/b/) and name it relative to it. "
        "[project.outside]",
    ]
    output = check(workshop)
    assert "[project.outside]" in output
    assert MARKER not in output


def test_pdf_linked_outside_is_refused(workshop: Path, secret: Path) -> None:
    """This test ensures that a paper.pdf that is a link to a file outside is reported once,
    at the ``pdf`` field, and that no stage opens it."""
    (workshop / "papers/a/paper.pdf").symlink_to(secret)
    output = check(workshop)
    assert output.splitlines()[0] == (
        "papers/a/paper.yaml:1: error: pdf: 'paper.pdf' leads outside the project folder. "
        "Put the file inside the project (papers/a/) and name it relative to it. "
        "[project.outside]"
    )
    assert output.count("[project.outside]") == 1
    assert MARKER not in output


def test_pages_outside_are_refused(workshop: Path, secret: Path) -> None:
    """This test ensures that ``pages:`` entries outside the project are errors at their
    index and are dropped from the volume, so no stage typesets them."""
    edit(
        workshop / "source/volume.yaml",
        {"  - preface.md\n": f"  - preface.md\n  - {secret}\n  - ../../outside/secret.txt\n"},
    )
    volume, problems = read_volume(workshop)
    assert volume is not None
    assert volume.info.pages == ("preface.md",)
    assert [(p.code, p.file, p.field) for p in problems] == [
        ("project.outside", "source/volume.yaml", "pages[1]"),
        ("project.outside", "source/volume.yaml", "pages[2]"),
    ]
    assert problems[0].message == f"'{secret}' is outside the project folder"
    assert MARKER not in check(workshop)


def test_linked_files_outside_are_refused(workshop: Path, secret: Path) -> None:
    """This test ensures that a symlinked preface.md, paper.yaml or paper folder leading out
    is an error naming it, that none is read, and that a link inside the project is fine."""
    preface = workshop / "source/preface.md"
    preface.unlink()
    preface.symlink_to(secret)
    (workshop / "papers/b/paper.yaml").unlink()
    (workshop / "papers/b/paper.yaml").symlink_to(secret)
    (workshop / "papers/z").symlink_to(secret.parent, target_is_directory=True)
    (workshop / "source/notes.md").symlink_to(workshop / "papers/a/paper.yaml")  # inside: fine
    output = check(workshop)
    lines = [line for line in output.splitlines() if not line.endswith("[people.missing-orcid]")]
    assert lines[:3] == [
        "papers/b/paper.yaml: error: is a link to a file outside the project folder. "
        "Copy the file into the project instead of linking to it. [project.outside]",
        "papers/z/: error: is a link to a folder outside the project folder. "
        "Copy the folder into the project instead of linking to it. [project.outside]",
        # preface.md is listed in pages: reported there, once
        "source/volume.yaml:41: error: pages[0]: 'preface.md' leads outside the project folder. "
        "Put the page inside the project (source/) and name it relative to it. [project.outside]",
    ]
    assert output.count("[project.outside]") == 3
    assert MARKER not in output


def test_inside_survives_loops(tmp_path: Path) -> None:
    """This test ensures that a link loop counts as outside instead of raising."""
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert not inside(tmp_path / "loop", tmp_path)


# --- imports: the --pdfs folder is the root -------------------------------------------------


def _csv_import(tmp_path: Path, cell: str) -> tuple[Path, Path, list[str]]:
    source = tmp_path / "export.csv"
    source.write_text(
        f"ID,Title,Authors,PDF\n1,A Paper On Sepsis,Ada Byron,{cell}\n", encoding="utf-8"
    )
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    root = tmp_path / "project"
    args = ["csv", source, "--pdfs", pdfs, "--into", root, "--acronym", "WS 2025"]
    for pair in ("id=ID", "title=Title", "authors=Authors", "pdf=PDF"):
        args += ["--map", pair]
    return root, pdfs, [str(a) for a in args]


@pytest.mark.parametrize("cell", ["../../../../etc/passwd", "ABSOLUTE", "../outside/secret.txt"])
def test_csv_pdf_cell_outside_is_refused(tmp_path: Path, secret: Path, cell: str) -> None:
    """This test ensures that a CSV ``pdf`` cell leading out of ``--pdfs`` stops the import
    with the row and field named, and copies nothing."""
    cell = str(secret) if cell == "ABSOLUTE" else cell
    root, pdfs, args = _csv_import(tmp_path, cell)
    result = run_import(*args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {tmp_path}/export.csv: row 2, paper 001: pdf: '{cell}' is outside {pdfs}; "
        "name a file inside that folder, relative to it",
        f"{tmp_path}/export.csv: 1 problem; nothing was imported: fix the file and import again",
    ]
    assert MARKER not in result.output
    assert not root.exists()


def test_link_in_pdfs_folder_outside_is_refused(tmp_path: Path, secret: Path) -> None:
    """This test ensures that a file of the ``--pdfs`` folder that links outside it stops the
    import, naming the link, and that the file it points to is never read."""
    root, pdfs, args = _csv_import(tmp_path, "p.pdf")
    (pdfs / "p.pdf").symlink_to(secret)
    result = run_import(*args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {pdfs}/p.pdf: is a link to a file outside {pdfs}; copy the file in instead\n"
    )
    assert not root.exists()


def test_csv_pdf_cell_inside_is_imported(tmp_path: Path) -> None:
    """This test ensures that a cell naming a file inside ``--pdfs`` (in a subfolder) imports."""
    root, pdfs, args = _csv_import(tmp_path, "camera/p.pdf")
    (pdfs / "camera").mkdir()
    (pdfs / "camera/p.pdf").write_bytes(text_pdf(["A Paper On Sepsis"]))
    result = run_import(*args)
    assert result.exit_code == 0, result.output
    assert "1 with a PDF" in result.output
    assert (root / "papers/001/paper.pdf").is_file()
    assert not os.path.islink(root / "papers/001/paper.pdf")


def test_any_importer_pdf_outside_is_refused(tmp_path: Path, secret: Path) -> None:
    """This test ensures that whatever importer found it, a PDF outside SOURCE's folder and
    ``--pdfs`` stops the import with the paper's origin and the field named."""
    from contextlib import ExitStack

    from proceedings.errors import ProceedingsError
    from proceedings.importers import ImportedPaper, ImportedVolume
    from proceedings.importers.formats import ImportOptions, _confine_pdfs

    source = tmp_path / "export" / "refs.bib"
    source.parent.mkdir()
    paper = ImportedPaper("001", {}, secret, "refs.bib:3 (x23)")
    with ExitStack() as stack, pytest.raises(ProceedingsError) as caught:
        _confine_pdfs(ImportedVolume({}, [paper]), source, ImportOptions(stack))
    assert caught.value.format_message() == (
        f"refs.bib:3 (x23): pdf: '{secret}' is outside the folders named on the command line; "
        "put the PDF inside one of them\nnothing was imported"
    )


def test_agreement_outside_is_refused(workshop: Path, secret: Path) -> None:
    """This test ensures that a signed ``agreement:`` outside the paper's folder (another
    paper's, or a file outside the project) is one error naming the field, that the paper
    keeps no agreement, and that nothing of the file is quoted."""
    append(workshop / "papers/a/paper.yaml", "agreement: ../b/paper.pdf\n")
    append(workshop / "papers/b/paper.yaml", f"agreement: {secret}\n")
    volume, problems = read_volume(workshop)
    assert volume is not None
    assert [p.info.agreement for p in volume.papers] == [None, None, None]
    lines = [p.format() for p in problems]
    assert lines == [
        f"papers/a/paper.yaml:{len((workshop / 'papers/a/paper.yaml').read_text().splitlines())}"
        ": error: agreement: '../b/paper.pdf' is outside the paper's folder. "
        "Put the file in a's folder and name it relative to it. [project.outside]",
        f"papers/b/paper.yaml:{len((workshop / 'papers/b/paper.yaml').read_text().splitlines())}"
        f": error: agreement: '{secret}' is outside the paper's folder. "
        "Put the file in b's folder and name it relative to it. [project.outside]",
    ]
    assert MARKER not in check(workshop)
