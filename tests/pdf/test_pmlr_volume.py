"""The real PMLR v225 volume (its 14 papers with PDFs) built into an LNCS-style PDF volume."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import require_shared, require_tool
from pypdf import PdfReader

from proceedings.build import prepare
from proceedings.buildpaths import BuildPaths
from proceedings.importers.bibtex import read_bibtex
from proceedings.importers.project import write_project
from proceedings.layout import roman
from proceedings.pdf import write_pdfs
from proceedings.pdfinfo import inspect_pdf

PMLR = "pmlr-v225-ml4h2023"


@pytest.fixture(scope="module")
def pmlr_pdfs(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Import the PMLR BibTeX with its PDFs, keep the 14 contributions that have one (the
    preface among them), build the PDFs."""
    imported = read_bibtex(
        require_shared(PMLR, "ml4h23.bib"), require_shared(PMLR, "pdfs"), acronym="ML4H 2023"
    )
    project = tmp_path_factory.mktemp("pmlr")
    write_project(imported, project)
    # The papers without a PDF in the snapshot cannot be assembled. PMLR's first "paper"
    # (hegselmann23) comes in as the preface and opens the volume on page 1, as in PMLR.
    for paper in imported.papers:
        if paper.pdf is None:
            shutil.rmtree(project / "papers" / paper.id)
    paths = BuildPaths.of(project)
    volume, layout, _ = prepare(project, paths, pdfs=False)
    written, notes = write_pdfs(volume, layout, paths)
    return volume, layout, written, notes


@pytest.mark.shared_data
def test_the_pmlr_volume_builds(pmlr_pdfs) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that the real volume builds: pages, labels and every paper's PDF."""
    volume, layout, written, _ = pmlr_pdfs
    assert len(volume.archival_papers) == 14
    preface = volume.archival_papers[0]
    assert (preface.id, preface.info.kind) == ("hegselmann23", "preface")
    assert (layout.of(preface.id).first, layout.of(preface.id).last) == (1, 12)
    reader = PdfReader(written[0])
    labels = reader.page_labels
    front = labels.index("1")
    assert labels[:front] == [roman(i) for i in range(1, front + 1)]
    assert front % 2 == 0  # the first paper opens on a recto
    for paper in volume.archival_papers:
        pages = layout.of(paper.id)
        first = front + pages.first - layout.first_page
        assert labels[first] == str(pages.first), paper.id
        own = PdfReader(written[0].parent / "papers" / f"{paper.id}.pdf")
        assert len(own.pages) == pages.pages, paper.id
        assert own.page_labels[0] == str(pages.first), paper.id


@pytest.mark.shared_data
def test_the_pmlr_volume_passes_qpdf(pmlr_pdfs) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that qpdf --check accepts the volume and every per-paper PDF."""
    qpdf = require_tool("qpdf")
    _, _, written, _ = pmlr_pdfs
    for path in written:
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, (path.name, result.stdout[-500:])


@pytest.mark.shared_data
def test_stamp_fonts_are_embedded(pmlr_pdfs) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that the volume embeds every font the papers themselves embed."""
    volume, _, written, _ = pmlr_pdfs
    own = {f for p in volume.archival_papers for f in inspect_pdf(p.pdf_path).unembedded_fonts}
    assert set(inspect_pdf(written[0]).unembedded_fonts) <= own
