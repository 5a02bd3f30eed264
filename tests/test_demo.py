"""The demo volume in source/ and papers/: complete, clean, and built end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from proceedings.checks import check_project
from proceedings.cli import main
from proceedings.load import load_volume
from proceedings.pdfinfo import inspect_pdf

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo project, so that building it leaves the working tree alone."""
    target = tmp_path_factory.mktemp("demo")
    for name in ("source", "papers"):
        shutil.copytree(ROOT / name, target / name)
    return target


def test_demo_is_a_complete_workshop_volume() -> None:
    """This test ensures that the demo has parts, papers, an award, committees and a preface."""
    volume = load_volume(ROOT)
    assert len(volume.papers) >= 10
    assert len(volume.info.parts) >= 3
    assert all(volume.papers_in(part) for part in volume.info.parts)
    assert [p.id for p in volume.papers if not p.info.archival] == ["008"]
    assert [p.info.award for p in volume.papers if p.info.award] == ["Best Paper Award"]
    assert {c.role for c in volume.committees} >= {"Program Committee"}
    preface = (ROOT / "source" / "preface.md").read_text(encoding="utf-8")
    assert "fictional" in preface
    families = {a.family for p in volume.papers for a in p.info.authors}
    assert {"van der Berg", "de Lhoneux", "O'Brien", "王"} <= families


def test_demo_checks_clean_even_strictly() -> None:
    """This test ensures that the demo volume has no problem at all, warnings included."""
    _, problems = check_project(ROOT)
    assert [p.format() for p in problems] == []


def test_demo_papers_look_like_lncs_camera_ready_papers() -> None:
    """This test ensures that each demo PDF is A4, 4-14 pages, fonts embedded, with a text layer."""
    volume = load_volume(ROOT)
    for paper in volume.papers:
        facts = inspect_pdf(paper.pdf_path)
        assert facts.error is None, paper.id
        assert 4 <= facts.page_count <= 14, paper.id
        assert set(facts.page_sizes_mm) == {(210.0, 297.0)}, paper.id
        assert facts.unembedded_fonts == (), paper.id
        assert paper.info.title.split()[0] in " ".join(facts.first_page_lines), paper.id


def test_demo_builds(demo: Path) -> None:
    """This test ensures that 'proceedings build' builds the demo and its layout adds up."""
    result = CliRunner().invoke(main, ["-C", str(demo), "build"])
    assert result.exit_code == 0, result.output
    layout = json.loads((demo / "_build/layout.json").read_text(encoding="utf-8"))
    volume = load_volume(demo)
    counts = {p.id: inspect_pdf(p.pdf_path).page_count for p in volume.archival_papers}
    assert [e["paper"] for e in layout["papers"]] == [p.id for p in volume.archival_papers]
    assert {e["paper"]: e["pages"] for e in layout["papers"]} == counts
    for before, after in zip(layout["papers"], layout["papers"][1:], strict=False):
        assert after["first"] > before["last"]
    assert [part["page"] % 2 for part in layout["parts"]] == [1, 1, 1]  # parts open on a recto


def test_build_is_deterministic(demo: Path, tmp_path: Path) -> None:
    """This test ensures that two builds of the same inputs give byte-identical outputs."""
    runner = CliRunner()
    for out in ("one", "two"):
        result = runner.invoke(main, ["-C", str(demo), "build", "-o", str(tmp_path / out)])
        assert result.exit_code == 0, result.output

    def outputs(folder: Path) -> dict[Path, bytes]:
        # doctrees/ is Sphinx's cache of pickles and .cache/ ours, not outputs
        skip = {"doctrees", ".cache"}
        files = (p for p in folder.rglob("*.*") if not skip & set(p.relative_to(folder).parts))
        return {p.relative_to(folder): p.read_bytes() for p in files}

    one, two = outputs(tmp_path / "one"), outputs(tmp_path / "two")
    assert one == two
    assert {p.as_posix() for p in one} >= {
        "layout.json",
        "export/tml4h2025.bib",
        "pdf/tml4h2025.pdf",
        "pdf/papers/001.pdf",
        "html/papers/001/index.html",
        "html/papers/001/tml4h2025-001.pdf",
    }


def test_demo_pdfs_are_what_their_metadata_typesets() -> None:
    """This test ensures that the committed demo PDFs are up to date with their paper.yaml.

    Two Latin-script papers are typeset again and compared byte for byte (the papers by 王小明
    also need Debian's fonts-noto-cjk, which the test suite does not require).
    """
    import importlib.util

    from proceedings.samplepaper import SamplePaper, render_sample_paper

    spec = importlib.util.spec_from_file_location("make_demo", ROOT / "tools/make_demo_papers.py")
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    volume = load_volume(ROOT)
    for paper in (p for p in volume.papers if p.id in ("001", "008")):
        again = SamplePaper.of(paper.info, pages=tool.PAGES[paper.id], seed=f"tml4h2025/{paper.id}")
        assert render_sample_paper(again) == paper.pdf_path.read_bytes(), paper.id
