"""A real volume round trip: PMLR v225 (ML4H 2023) BibTeX -> our model -> BibTeX again."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import require_shared
from pybtex.database import parse_file, parse_string

from proceedings.exports import ExportOptions
from proceedings.exports.bibtex import write_bibtex
from proceedings.importers.bibtex import read_bibtex
from proceedings.importers.project import write_project
from proceedings.latex import decode_latex
from proceedings.layout import compute_layout
from proceedings.load import load_volume
from proceedings.pdfinfo import inspect_pdf

PMLR = ("pmlr-v225-ml4h2023",)


def _text(latex: str) -> str:
    """A field's text for comparison: LaTeX decoded, braces and whitespace runs gone, NFC."""
    text = decode_latex(latex).text.replace("{", "").replace("}", "")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _authors(entry) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        _text(
            " ".join(
                p.first_names + p.middle_names + p.prelast_names + p.last_names + p.lineage_names
            )
        )
        for p in entry.persons.get("author", [])
    ]


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Import the PMLR BibTeX with its PDFs, lay it out, and export BibTeX again."""
    bib = require_shared(*PMLR, "ml4h23.bib")
    pdfs = require_shared(*PMLR, "pdfs")
    imported = read_bibtex(bib, pdfs, acronym="ML4H 2023")
    project = tmp_path_factory.mktemp("pmlr")
    write_project(imported, project)
    volume = load_volume(project)
    # Page counts from the PDFs we have; for the 26 papers whose PDF is not in the snapshot,
    # from the page range the source gives (which is what their PDFs would have).
    counts = {}
    for paper in imported.papers:
        pdf = project / "papers" / paper.id / "paper.pdf"
        if pdf.is_file():
            counts[paper.id] = inspect_pdf(pdf).page_count
        else:
            assert paper.pages is not None
            counts[paper.id] = paper.pages[1] - paper.pages[0] + 1
    layout = compute_layout(volume, counts)
    exported = write_bibtex(volume, layout, ExportOptions.of(volume, crossref=False))
    return parse_file(str(bib), "bibtex"), parse_string(exported, "bibtex"), volume


@pytest.mark.shared_data
def test_titles_authors_and_pages_survive(round_trip) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that every title, author list and page range comes back equal."""
    source, exported, volume = round_trip
    papers = [e for e in source.entries.values() if e.type == "inproceedings"]
    ours = [e for e in exported.entries.values() if e.type == "inproceedings"]
    assert len(papers) == len(ours) == len(volume.archival_papers) == 40
    for theirs, mine in zip(papers, ours, strict=True):
        assert _text(mine.fields["title"]) == _text(theirs.fields["title"])
        assert _authors(mine) == _authors(theirs)
        assert mine.fields["pages"] == theirs.fields["pages"].replace("-", "--").replace(
            "----", "--"
        )


@pytest.mark.shared_data
def test_the_pdfs_page_counts_agree_with_the_published_ranges(round_trip) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that the 14 real PDFs have exactly the pages PMLR published for them."""
    source, _, volume = round_trip
    with_pdf = [p for p in volume.papers if p.pdf_path.is_file()]
    assert len(with_pdf) == 14
    by_id = {e.key.lower(): e for e in source.entries.values()}
    for paper in with_pdf:
        first, last = (
            int(n) for n in by_id[paper.id].fields["pages"].replace("--", "-").split("-")
        )
        assert inspect_pdf(paper.pdf_path).page_count == last - first + 1, paper.id
