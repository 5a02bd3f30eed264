"""Which paper a PDF is, on real papers: each real title is found on its real first page, and
a PDF of another paper, a truncated title and one PDF shared by papers are reported exactly."""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from conftest import require_shared
from pdfbuild import pdf_bytes, stream, text_pdf

from proceedings.checks import check_project
from proceedings.importers.formats import ImportOptions, read_import
from proceedings.importers.project import write_project
from proceedings.load import load_volume

PMLR = "pmlr-v225-ml4h2023"
SIGDIAL = "aclpub2-examples/sigdial"
PAAR = "easychair-proceedings-export-paar2018"
CODES = ("pdf.title-mismatch", "pdf.title-incomplete", "pdf.duplicate")

VOLUME = """\
title: Real PDFs
acronym: REAL 2025
year: 2025
event: {name: A volume of real papers}
editors: [{given: Ada, family: Lovelace, affiliations: [Example University]}]
parts: [{id: all, title: All}]
"""
PAPER = """\
title: {title}
authors: [{{given: Ada, family: Lovelace, affiliations: [Example University]}}]
abstract: A real camera-ready paper, filed under a title that may or may not be its own.
part: all
"""


def _shared_pdf(relative: str) -> Path:
    """A real PDF under ../shared/data (the test skips when it is absent)."""
    return require_shared(*relative.split("/"))


def _project(root: Path, papers: dict[str, tuple[str, Path | bytes]]) -> Path:
    """A project in ``root`` whose papers (id: title, PDF file or bytes) are in one part."""
    (root / "source").mkdir(parents=True)
    (root / "source" / "volume.yaml").write_text(VOLUME, encoding="utf-8")
    for paper_id, (title, pdf) in papers.items():
        folder = root / "papers" / paper_id
        folder.mkdir(parents=True)
        data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
        (folder / "paper.pdf").write_bytes(data)
        text = PAPER.format(title=json.dumps(title, ensure_ascii=False))
        (folder / "paper.yaml").write_text(text, encoding="utf-8")
    return root


def _reported(root: Path) -> list[tuple[str, str | None, str]]:
    """The (code, paper, message) of each title and shared-PDF problem of the project."""
    _, problems = check_project(root)
    return [(p.code, p.paper, p.message) for p in problems if p.code in CODES]


# --- real volumes, imported as organizers import them ------------------------------------------

IMPORTS: list[dict[str, Any]] = [
    {
        "id": "pmlr",
        "format": "bibtex",
        "source": f"{PMLR}/ml4h23.bib",
        "pdfs": f"{PMLR}/pdfs",
        "with_pdf": 14,
        # PMLR's own metadata (.bib and _posts) has the title's last words only: a real catch.
        "expected": [
            (
                "pdf.title-incomplete",
                "jayakumar23",
                "the first page of papers/jayakumar23/paper.pdf shows a longer title: "
                "'Diffusion Models To Predict 3D Late Mechanical Activation From Sparse 2D "
                "Cardiac MRIs'",
            )
        ],
    },
    {
        "id": "sigdial",
        "format": "aclpub2",
        "source": SIGDIAL,
        "with_pdf": 4,  # 8.pdf draws its text at 1 pt, scaled up by the text matrix
        "expected": [],
    },
    {
        "id": "paar",
        "format": "easychair",
        "source": PAAR,
        "with_pdf": 4,
        # EasyChair's README keeps the submitted title; the paper was renamed since.
        "expected": [
            (
                "pdf.title-mismatch",
                "002",
                "the first page of papers/002/paper.pdf does not show this title; it shows "
                "'Handling Common Transitive Relations in First-Order Automated Reasoning'",
            )
        ],
    },
]


@pytest.mark.shared_data
@pytest.mark.parametrize("case", IMPORTS, ids=[case["id"] for case in IMPORTS])
def test_real_titles_are_found_on_their_first_pages(tmp_path: Path, case: dict[str, Any]) -> None:
    """This test ensures that the title of every real paper of a real volume is found on its
    real first page, and that the only problems are the real discrepancies of the sources."""
    source = _shared_pdf(case["source"])
    pdfs = _shared_pdf(case["pdfs"]) if "pdfs" in case else None
    with ExitStack() as stack:
        options = ImportOptions(stack, pdfs=pdfs, overrides={"acronym": "REAL 2025"})
        imported = read_import(case["format"], source, options)
        write_project(imported, tmp_path / "project")
    volume = load_volume(tmp_path / "project")
    assert sum(p.has_pdf and p.pdf_path.is_file() for p in volume.papers) == case["with_pdf"]
    assert _reported(tmp_path / "project") == case["expected"]


@pytest.mark.shared_data
def test_lncs_sample_titles_are_found(tmp_path: Path) -> None:
    """This test ensures that Springer's own LNCS files show their titles: the sample paper's
    (with a footnote mark) and the class manual's, whose LaTeX logo raises and lowers letters."""
    root = _project(
        tmp_path,
        {
            "sample": ("Contribution Title", _shared_pdf("lncs-samplepaper/samplepaper.pdf")),
            "manual": (
                "Instructions for Using the LaTeX 2ε Class for Proceedings Papers",
                _shared_pdf("lncs-samplepaper/llncsdoc.pdf"),
            ),
        },
    )
    assert _reported(root) == []


# --- planted faults on real PDFs ----------------------------------------------------------------


@pytest.mark.shared_data
def test_planted_wrong_pdfs_truncated_titles_and_shared_pdfs(tmp_path: Path) -> None:
    """This test ensures that a PDF of another paper, a truncated title and PDFs shared by two
    or three papers are each reported once, quoting the title that the first page shows."""
    pmlr = f"{PMLR}/pdfs"
    malenica = "Anytime-valid inference in N-of-1 trials"
    moor = "Med-Flamingo: a Multimodal Medical Few-shot Learner"
    root = _project(
        tmp_path,
        {
            "wrong": (
                "Towards Equitable Kidney Tumor Segmentation: Bias Evaluation and Mitigation",
                _shared_pdf(f"{pmlr}/burger23a.pdf"),
            ),
            "wrong-acl": (
                "Unsupervised Evaluation of Interactive Dialog with DialoGPT",
                _shared_pdf(f"{SIGDIAL}/papers/2.pdf"),
            ),
            "cut": ("Sparse 2D Cardiac MRIs", _shared_pdf(f"{pmlr}/jayakumar23a.pdf")),
            "cut-easychair": (
                "Handling Common Transitive Relations",
                _shared_pdf(f"{PAAR}/99990011/99990011.pdf"),
            ),
            "one": (malenica, _shared_pdf(f"{pmlr}/malenica23a.pdf")),
            "two": (malenica, _shared_pdf(f"{pmlr}/malenica23a.pdf")),
            "three": (malenica, _shared_pdf(f"{pmlr}/malenica23a.pdf")),
            "pair-a": (moor, _shared_pdf(f"{pmlr}/moor23a.pdf")),
            "pair-b": (moor, _shared_pdf(f"{pmlr}/moor23a.pdf")),
        },
    )
    assert sorted(_reported(root)) == [
        (
            "pdf.duplicate",
            "one",
            "papers one, three and two share one PDF: papers/one/paper.pdf, "
            "papers/three/paper.pdf and papers/two/paper.pdf are identical",
        ),
        (
            "pdf.duplicate",
            "pair-a",
            "papers pair-a and pair-b share one PDF: papers/pair-a/paper.pdf and "
            "papers/pair-b/paper.pdf are identical",
        ),
        (
            "pdf.title-incomplete",
            "cut",
            "the first page of papers/cut/paper.pdf shows a longer title: 'Diffusion Models To "
            "Predict 3D Late Mechanical Activation From Sparse 2D Cardiac MRIs'",
        ),
        (
            "pdf.title-incomplete",
            "cut-easychair",
            "the first page of papers/cut-easychair/paper.pdf shows a longer title: "
            "'Handling Common Transitive Relations in First-Order Automated Reasoning'",
        ),
        (
            "pdf.title-mismatch",
            "wrong",
            "the first page of papers/wrong/paper.pdf does not show this title; it shows "
            "'Multi-modal Graph Learning over UMLS Knowledge Graphs'",
        ),
        (
            "pdf.title-mismatch",
            "wrong-acl",
            "the first page of papers/wrong-acl/paper.pdf does not show this title; it shows "
            "'Boosting Naturalness of Language in Task-oriented Dialogues via Adversarial "
            "Training'",
        ),
    ]


# --- how the title is told from the rest of the page (hand-built pages) -------------------------


def _journal_page() -> bytes:
    """An A4 page with a journal's name (20 pt) above a two-line title (14 pt, the first line
    ending in a hyphen), a footnote mark beside it, and a body of 10 pt lines."""
    body = b" ".join(b"(Body text line %d of the paper.) '" % n for n in range(30))
    content = (
        b"BT /F1 20 Tf 72 790 Td (Journal of Examples) Tj ET "
        b"BT /F1 14 Tf 72 740 Td (A Title Set Be-) Tj 0 -17 Td (low the Journal's Name) Tj ET "
        b"BT /F1 7 Tf 250 728 Td (*) Tj ET "
        b"BT /F1 10 Tf 12 TL 72 690 Td " + body + b" ET"
    )
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            stream(b"", content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


SHOWN = "A Title Set Be-low the Journal’s Name *"  # Helvetica's quote is a right quote
TITLE_CASES = [
    # (paper.yaml's title, the problem reported and what it quotes, or None)
    ("A Title Set Below the Journal's Name", None),
    ("a title set below the journals name", None),  # case and apostrophes folded
    ("A Title Set Be-low the Journal’s Name", None),  # the line-end hyphen itself
    ("Set Below the Journal's Name", ("incomplete", SHOWN)),
    ("A Title Set Below", ("incomplete", SHOWN)),
    ("Journal of Examples", None),  # the largest text is a title too: it is not told apart
    ("A Title Set Above the Journal's Name", ("mismatch", SHOWN)),  # the most words in common
    ("Body text line 3 of the paper", ("mismatch", "Journal of Examples")),  # else the largest
    ("Itle Set Below the Journal's Name", ("mismatch", SHOWN)),  # whole words only
]


@pytest.mark.parametrize(("title", "expected"), TITLE_CASES)
def test_the_title_is_the_largest_text_of_the_top_half(
    tmp_path: Path, title: str, expected: tuple[str, str] | None
) -> None:
    """This test ensures that the title is looked for in the two largest sizes, across lines and
    hyphens, must be there whole and alone, and that the quote is the page's title passage."""
    root = _project(tmp_path, {"paper": (title, _journal_page())})
    found = [(code.removeprefix("pdf.title-"), message) for code, _, message in _reported(root)]
    if expected is None:
        assert found == []
    else:
        code, quote = expected
        if code == "incomplete":
            message = f"the first page of papers/paper/paper.pdf shows a longer title: '{quote}'"
        else:
            message = (
                "the first page of papers/paper/paper.pdf does not show this title; "
                f"it shows '{quote}'"
            )
        assert found == [(code, message)]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Recalibrating Sepsis Risk Models", None),
        ("Risk Models Jan van der Berg", None),  # one size: no title line to compare with
        ("Calibrated Risk Scores", "Recalibrating Sepsis Risk Models"),
    ],
)
def test_a_page_of_one_size_is_searched_whole(
    tmp_path: Path, title: str, expected: str | None
) -> None:
    """This test ensures that on a page whose text has one size, the title's words are looked
    for in order anywhere in the top half, and a mismatch quotes the first line."""
    pdf = text_pdf(["Recalibrating Sepsis Risk Models", "Jan van der Berg"])
    root = _project(tmp_path, {"paper": (title, pdf)})
    messages = [message for _, _, message in _reported(root)]
    if expected is None:
        assert messages == []
    else:
        assert messages == [
            "the first page of papers/paper/paper.pdf does not show this title; "
            f"it shows '{expected}'"
        ]
