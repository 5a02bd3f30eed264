"""The sample-paper typesetter: fictional LNCS-like PDFs for the demo volume and the tests."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from proceedings.pdfinfo import inspect_pdf
from proceedings.samplepaper import SamplePaper, render_sample_paper
from proceedings.text.latexmath import latex_to_typst_math

MM_PER_PT = 25.4 / 72

# llncs on A4, as template.typ sets it: a 122 mm wide text block centred on the 210 mm page,
# i.e. margins of (210 - 122) / 2 = 44 mm, so text runs from x = 44 mm to x = 166 mm.
A4_MM = (210.0, 297.0)
BLOCK_LEFT_MM = 44.0
BLOCK_RIGHT_MM = 210.0 - 44.0
TOLERANCE_MM = 1.0

PAPER = SamplePaper(
    title="Calibrated Risk Scores for Sepsis Onset on the General Ward",
    authors=(("Ada Lovelace", (1,)), ("Nguyễn Văn An", (1, 2)), ("Jan van der Berg", (2,))),
    institutes=("University of Example, Vienna, Austria", "Fictional Institute, Oslo, Norway"),
    abstract=(
        r"We estimate $p(y \mid x)$ with a *calibrated* model and report $\mathrm{AUROC}$ and "
        r"the **expected calibration error** for weights $\alpha_1^2$."
    ),
    keywords=("calibration", "sepsis", "distribution shift"),
    pages=3,
    seed="tests/samplepaper",
)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    """The sample paper, typeset once for the module."""
    return render_sample_paper(PAPER)


def _reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


@pytest.mark.parametrize("pages", [1, 2, 5])
def test_page_count_is_exact(pages: int) -> None:
    """This test ensures that a rendered paper has exactly the requested number of pages."""
    pdf = render_sample_paper(
        SamplePaper(
            title="A Short Paper",
            authors=(("Ada Lovelace", (1,)),),
            institutes=("University of Example",),
            abstract="A plain abstract.",
            keywords=(),
            pages=pages,
            seed=f"tests/pages/{pages}",
        )
    )
    assert len(_reader(pdf).pages) == pages


def test_pages_are_a4_with_fonts_embedded(pdf: bytes, tmp_path: Path) -> None:
    """This test ensures that every page is A4 and every font is embedded, as publishers ask."""
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    facts = inspect_pdf(path)
    assert facts.error is None
    assert facts.page_count == PAPER.pages
    assert facts.unembedded_fonts == ()
    for width, height in facts.page_sizes_mm:
        assert width == pytest.approx(A4_MM[0], abs=0.5)
        assert height == pytest.approx(A4_MM[1], abs=0.5)


def test_first_page_shows_title_and_authors(pdf: bytes) -> None:
    """This test ensures that the first page shows the paper's title and every author's name."""
    text = " ".join(_reader(pdf).pages[0].extract_text().split())
    assert PAPER.title in text
    for name, _ in PAPER.authors:
        assert name in text


def test_rendering_is_byte_reproducible(pdf: bytes) -> None:
    """This test ensures that two renders of the same paper are byte-identical."""
    assert render_sample_paper(PAPER) == pdf


def test_text_stays_inside_the_lncs_text_block(pdf: bytes) -> None:
    """This test ensures that body text starts and ends within the 122 mm llncs text block."""
    page = _reader(pdf).pages[1]  # a body page, with a float or two
    xs: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            xs.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4]) * MM_PER_PT)

    page.extract_text(visitor_text=visit)
    assert len(xs) > 50
    assert min(xs) >= BLOCK_LEFT_MM - TOLERANCE_MM
    assert max(xs) <= BLOCK_RIGHT_MM + TOLERANCE_MM
    # Justified text really uses the block: lines start at its left edge and reach its right.
    assert min(xs) == pytest.approx(BLOCK_LEFT_MM, abs=TOLERANCE_MM)
    assert max(xs) > BLOCK_RIGHT_MM - 10


def test_invalid_papers_are_refused() -> None:
    """This test ensures that a page count below 1 or an unknown institute number is refused."""
    with pytest.raises(ValueError, match="pages must be at least 1"):
        render_sample_paper(SamplePaper("T", (), (), "", (), 0, "s"))
    with pytest.raises(ValueError, match=r"author 1 \(Ada\) refers to unknown institute"):
        render_sample_paper(SamplePaper("T", (("Ada", (2,)),), ("Inst",), "", (), 2, "s"))


@pytest.mark.parametrize(
    ("latex", "typst"),
    [
        (r"p(y \mid x)", "p ( y | x )"),
        (r"\mathrm{AUROC}", 'upright("AUROC")'),
        (r"\alpha_1^2", "alpha_(1)^(2)"),
        (r"\frac{a}{b}", "frac(a, b)"),
        (r"\hat{p}_i = \sigma(z_i / T)", "hat(p)_(i) = sigma ( z_(i) slash T )"),
        (r"x_{i,j} \leq 10^{-3}", 'x_(i "," j) <= 10^(- 3)'),
        (r"\Delta_{\mathrm{EO}}", 'Delta_(upright("EO"))'),
        (r"_2", '""_(2)'),  # typst needs a base for an attachment
        (r"\unknown x", '"unknown" x'),  # unknown commands are quoted, never evaluated
        (r"a}", '"a}"'),  # unbalanced braces: the whole source as text
        ("", '""'),
    ],
)
def test_latex_to_typst_math(latex: str, typst: str) -> None:
    """This test ensures that LaTeX-style math converts to the expected typst math."""
    assert latex_to_typst_math(latex) == typst
