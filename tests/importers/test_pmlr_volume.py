"""The real PMLR v225 volume (ML4H 2023), imported from its .bib and from its repository, rebuilt.

The preface is the first "paper" PMLR lists (hegselmann23, pages 1-12, no abstract): it must
come in as the volume's preface, check must find no error, and every output must be made with
PMLR's own page ranges. The snapshot keeps 14 of the 40 PDFs; each missing one is stood in for
by a PDF of the page count PMLR gives, so that the whole volume is laid out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require_shared
from pdfbuild import text_pdf

from importers.conftest import read_source
from proceedings.build import build
from proceedings.buildpaths import BuildPaths
from proceedings.checks import check_project, failing
from proceedings.importers.imported import ImportedVolume
from proceedings.importers.project import write_project

PMLR = "pmlr-v225-ml4h2023"


def _import(how: str) -> ImportedVolume:
    if how == "bibtex":
        bib, pdfs = require_shared(PMLR, "ml4h23.bib"), require_shared(PMLR, "pdfs")
        return read_source("bibtex", bib, pdfs=pdfs, acronym="ML4H 2023")
    return read_source("pmlr", require_shared(PMLR))


@pytest.fixture(scope="module", params=["bibtex", "pmlr"])
def pmlr_project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The volume imported one way, written as a project, with stand-ins for the missing PDFs."""
    imported = _import(request.param)
    project = tmp_path_factory.mktemp(f"pmlr-{request.param}")
    write_project(imported, project)
    for paper in imported.papers:
        pdf = project / "papers" / paper.id / "paper.pdf"
        if not pdf.is_file():
            assert paper.pages is not None
            first, last = paper.pages
            pdf.write_bytes(text_pdf([f"Stand-in for {paper.id}"], pages=last - first + 1))
    return imported, project


@pytest.mark.shared_data
def test_the_preface_is_the_preface(pmlr_project) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that PMLR's first entry comes in as the preface, every other as a
    paper, and the volume keeps the editors of its own record."""
    imported, _ = pmlr_project
    kinds = {p.id: p.data.get("kind", "paper") for p in imported.papers}
    preface = [pid for pid, kind in kinds.items() if kind == "preface"]
    assert preface == [imported.papers[0].id]
    assert preface[0].startswith("hegselmann23")
    assert set(kinds.values()) == {"preface", "paper"}
    assert len(imported.volume["editors"]) == 8


@pytest.mark.shared_data
def test_check_finds_no_error(pmlr_project) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that check reports no error on the imported volume."""
    _, project = pmlr_project
    _, problems = check_project(project, pdfs=False, paths=BuildPaths.of(project))
    assert failing(problems, strict=False) == [], [p.format() for p in problems]


@pytest.mark.shared_data
def test_the_volume_builds_with_pmlrs_pages(pmlr_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that build makes every export and the site, and that every
    contribution has the page range PMLR gives it, the preface 1-12 first."""
    imported, project = pmlr_project
    paths = BuildPaths.of(project, tmp_path / "_build")
    result = build(project, paths, only="site")  # the PDF volume: tests/pdf/test_pmlr_volume.py
    layout = result.layout
    assert (layout.papers[0].first, layout.papers[0].last) == (1, 12)
    for paper in imported.papers:
        entry = layout.of(paper.id)
        assert (entry.first, entry.last) == paper.pages, paper.id
    from proceedings.exports import FORMATS, ExportOptions, export

    options = ExportOptions.of(result.volume)
    for name in FORMATS:
        if name == "crossref":
            continue  # left out without DOIs and a depositor, with a note
        assert export(result.volume, layout, name, options)
    bib = export(result.volume, layout, "bibtex", options)
    assert "note = {Preface}" in bib
    home = (paths.html / "index.html").read_text(encoding="utf-8")
    assert "Preface" in home
