"""Tests for proceedings.pdfinfo: facts read from real, odd and broken PDF files."""

from __future__ import annotations

import logging
import os
import random
from pathlib import Path

import pytest

# tests/conftest.py is on sys.path (rootdir conftest)
from conftest import SHARED_DATA, require_shared
from pdfbuild import pdf_bytes as _pdf_bytes
from pdfbuild import stream as _stream
from pypdf import PdfWriter

from proceedings.pdfinfo import MAX_FIRST_PAGE_LINES, PdfFacts, inspect_pdf
from proceedings.pdfink import InkQueue

SAMPLES = "pdf-sample-files"
A4 = (210.0, 297.0)
A4_LANDSCAPE = (297.0, 210.0)
LETTER = (215.9, 279.4)


def _sample_names() -> list[str]:
    """List the sample PDFs (relative paths) at collection time; a placeholder when absent."""
    folder = SHARED_DATA / SAMPLES
    names = sorted(path.relative_to(folder).as_posix() for path in folder.glob("**/*.pdf"))
    return names or ["(sample folder absent)"]


def _sample(relative: str) -> Path:
    """Return the path of one sample PDF, skipping the test when the shared data is absent."""
    return require_shared(SAMPLES, *relative.split("/"))


def _inspect_sample(relative: str) -> PdfFacts:
    """Inspect one sample PDF."""
    return inspect_pdf(_sample(relative))


def inspect_pdfs(paths: list[Path], cache: Path) -> list[PdfFacts]:
    """The facts of each file as the checks get them: through the queue and its cache."""
    with InkQueue((), facts=paths, facts_cache=cache) as queue:
        return [queue.facts(path) for path in paths]


def _write_pdf(tmp_path: Path, objects: list[bytes]) -> Path:
    """Write a hand-built PDF into tmp_path and return its path."""
    path = tmp_path / "built.pdf"
    path.write_bytes(_pdf_bytes(objects))
    return path


@pytest.mark.shared_data
@pytest.mark.parametrize("relative", _sample_names())
def test_every_sample_is_inspected_without_raising(relative: str) -> None:
    """This test ensures that every sample PDF yields facts, and has pages exactly when readable."""
    facts = inspect_pdf(_sample(relative))

    assert (facts.error is None) != (facts.page_count == 0)
    assert len(facts.page_sizes_mm) == facts.page_count
    assert len(facts.rotations) == facts.page_count
    assert facts.size_bytes == _sample(relative).stat().st_size


@pytest.mark.shared_data
def test_password_protected_pdf_needs_password() -> None:
    """This test ensures that a PDF with a user password is reported as needing one."""
    facts = _inspect_sample("005-libreoffice-writer-password/libreoffice-writer-password.pdf")

    assert facts.encrypted
    assert facts.needs_password
    assert facts.error is not None
    assert "password" in facts.error
    assert facts.page_count == 0


def test_pdf_encrypted_with_empty_user_password_is_opened(tmp_path: Path) -> None:
    """This test ensures that a PDF encrypted only with an owner password is read normally."""
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-128")
    path = tmp_path / "owner-only.pdf"
    with path.open("wb") as handle:
        writer.write(handle)

    facts = inspect_pdf(path)

    assert facts.encrypted
    assert not facts.needs_password
    assert facts.error is None
    assert facts.page_sizes_mm == (LETTER,)


@pytest.mark.shared_data
def test_damaged_pdf_is_reported_quietly(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """This test ensures that a damaged PDF gives a one-line reason and prints or logs nothing."""
    caplog.set_level(logging.DEBUG)
    level_before = logging.getLogger("pypdf").level

    facts = _inspect_sample("017-unreadable-meta-data/unreadablemetadata.pdf")

    assert facts.error is not None
    assert facts.error.startswith("file is damaged: ")
    assert "Traceback" not in facts.error
    assert "\n" not in facts.error
    assert facts.page_count == 0
    assert facts.title_metadata is None
    assert capsys.readouterr() == ("", "")
    assert [record for record in caplog.records if record.name.startswith("pypdf")] == []
    assert logging.getLogger("pypdf").level == level_before


@pytest.mark.shared_data
def test_rotated_pages_report_rotation_and_displayed_size() -> None:
    """This test ensures that /Rotate is normalised (360 -> 0) and quarter turns swap the size."""
    facts = _inspect_sample("015-arabic/habibi-rotated.pdf")

    assert facts.rotations == (90, 180, 270, 0)
    assert facts.page_sizes_mm == (A4_LANDSCAPE, A4, A4_LANDSCAPE, A4)


@pytest.mark.shared_data
def test_tiny_scanned_page_is_image_only() -> None:
    """This test ensures that a tiny (3.84 pt square) page holding only an image is a scan."""
    facts = _inspect_sample("007-imagemagick-images/imagemagick-CCITTFaxDecode.pdf")

    assert facts.page_sizes_mm == ((1.4, 1.4),)
    assert facts.text_chars == 0
    assert facts.image_only
    assert facts.first_page_lines == ()
    assert facts.title_metadata == "imagemagick-CCITTFaxDecode"  # the trailing NUL is stripped


@pytest.mark.shared_data
def test_image_pages_with_stray_text_are_not_image_only() -> None:
    """This test ensures that text drawn off a tiny page still counts, and its font is found.

    ImageMagick writes "Background" in unembedded Helvetica above three of the six 3.84 pt
    pages, outside the visible area; text extraction still sees it.
    """
    facts = _inspect_sample("007-imagemagick-images/imagemagick-images.pdf")

    assert facts.page_count == 6
    assert set(facts.page_sizes_mm) == {(1.4, 1.4)}
    assert facts.text_chars == len("Background")  # counted up to the first page with text
    assert not facts.image_only
    assert facts.unembedded_fonts == ("Helvetica",)
    assert facts.title_metadata == "imagemagick-images"


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("relative", "size"),
    [
        ("010-pdflatex-forms/pdflatex-forms.pdf", LETTER),
        ("021-pdfa/crazyones-pdfa.pdf", LETTER),
        ("001-trivial/minimal-document.pdf", A4),
        ("011-google-doc-document/google-doc-document.pdf", (210.3, 297.0)),
        ("019-grayscale-image/grayscale-image.pdf", (85.7, 119.1)),
    ],
)
def test_page_size_in_mm(relative: str, size: tuple[float, float]) -> None:
    """This test ensures that page sizes come out in mm, rounded to 0.1 mm."""
    facts = _inspect_sample(relative)

    assert facts.page_sizes_mm == (size,)
    assert facts.rotations == (0,)


@pytest.mark.shared_data
def test_first_page_lines_of_a_latex_document() -> None:
    """This test ensures that the first page's text is split into clean, non-empty lines."""
    facts = _inspect_sample("004-pdflatex-4-pages/pdflatex-4-pages.pdf")

    assert facts.page_count == 4
    assert facts.first_page_lines[0] == (
        "Hello, here is some text without a meaning. This text should show what a printed text"
    )
    impression = (
        "about the selected font, how the letters are written and an impression of the look."
    )
    assert impression in facts.first_page_lines
    assert facts.first_page_lines[-1] == "1"  # the page number
    assert all(line == " ".join(line.split()) and line for line in facts.first_page_lines)
    assert facts.text_chars > 3000  # the first page's: reading stops at a page with text
    assert not facts.image_only
    assert facts.unembedded_fonts == ()


@pytest.mark.shared_data
def test_long_document_facts() -> None:
    """This test ensures that all 117 pages of a long paper are measured, text from 3 only."""
    facts = _inspect_sample("009-pdflatex-geotopo/GeoTopo-komprimiert.pdf")

    assert facts.error is None
    assert facts.page_count == 117
    assert set(facts.page_sizes_mm) == {A4}
    assert facts.first_page_lines[:2] == ("Einführung in die", "Geometrie und Topologie")
    assert facts.title_metadata == "Geometrie und Topologie"
    assert facts.unembedded_fonts == ()


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("relative", "fonts"),
    [
        ("024-annotations/annotated_pdf.pdf", ("Helvetica",)),
        ("020-xmp/output_with_metadata_pymupdf.pdf", ("Helvetica",)),
        ("012-libreoffice-form/libreoffice-form.pdf", ("Ubuntu",)),
        ("026-latex-multicolumn/multicolumn.pdf", ()),
        ("015-arabic/habibi.pdf", ()),
    ],
)
def test_unembedded_fonts_of_samples(relative: str, fonts: tuple[str, ...]) -> None:
    """This test ensures that fonts without an embedded program are named, embedded ones not."""
    assert _inspect_sample(relative).unembedded_fonts == fonts


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("relative", "title"),
    [
        ("009-pdflatex-geotopo/GeoTopo-komprimiert.pdf", "Geometrie und Topologie"),
        ("024-annotations/annotated_pdf.pdf", "Annotated PDF"),
        ("006-pdflatex-outline/pdflatex-outline.pdf", None),  # /Title is the empty string
        ("001-trivial/minimal-document.pdf", None),  # no /Title
        ("019-grayscale-image/grayscale-image.pdf", None),  # no Info dictionary
    ],
)
def test_title_metadata(relative: str, title: str | None) -> None:
    """This test ensures that /Title is returned cleaned, and None when absent or empty."""
    assert _inspect_sample(relative).title_metadata == title


def test_fonts_are_found_through_type0_form_xobjects_and_cycles(tmp_path: Path) -> None:
    """This test ensures that the font scan follows Type0 descendants and nested forms safely.

    Two forms refer to each other (a cycle); the inner one uses an unembedded Courier with a
    subset prefix. A Type3 font and a TrueType font with /FontFile2 count as embedded.
    """
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
    path = _write_pdf(
        tmp_path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 11 0 R"
            b" /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 9 0 R /F4 12 0 R >>"
            b" /XObject << /X1 10 0 R >> >> >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 11 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+ArialMT-Identity-H"
            b" /Encoding /Identity-H /DescendantFonts [7 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+ArialMT"
            b" /FontDescriptor 8 0 R >>",
            b"<< /Type /FontDescriptor /FontName /ABCDEF+ArialMT /Flags 32 >>",
            b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [1 0 0 1 0 0]"
            b" /CharProcs << >> /Encoding << /Differences [] >> /FirstChar 0 /LastChar 0"
            b" /Widths [0] >>",
            _stream(form + b"/Resources << /XObject << /X2 13 0 R >> >>", b""),
            _stream(b"", b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"),
            b"<< /Type /Font /Subtype /TrueType /BaseFont /XYZABC+Embedded"
            b" /FontDescriptor 14 0 R >>",
            _stream(
                form + b"/Resources << /Font << /F5 15 0 R >> /XObject << /X1 10 0 R >> >>", b""
            ),
            b"<< /Type /FontDescriptor /FontName /XYZABC+Embedded /Flags 32 /FontFile2 16 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /CDEFGH+Courier >>",
            _stream(b"", b""),
        ],
    )

    facts = inspect_pdf(path)

    assert facts.error is None
    assert facts.unembedded_fonts == ("ArialMT", "Courier", "Helvetica")
    assert facts.text_chars == len("Hello")  # the first page's: reading stops there
    assert facts.first_page_lines == ("Hello",)


def test_page_geometry_uses_clipped_cropbox_and_normalised_rotation(tmp_path: Path) -> None:
    """This test ensures that sizes use the CropBox clipped to the MediaBox, as rotated.

    Page 1: a 300 x 400 pt CropBox turned by -90 (= 270). Page 2: a CropBox sticking out of
    a 200 x 100 pt page, and an invalid /Rotate 45 that viewers ignore. Page 3: a Letter
    MediaBox given by its upper-right corner first, with /Rotate 450 (= 90).
    """
    page = b"<< /Type /Page /Parent 2 0 R "
    path = _write_pdf(
        tmp_path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
            page + b"/MediaBox [0 0 595 842] /CropBox [10 20 310 420] /Rotate -90 >>",
            page + b"/MediaBox [0 0 200 100] /CropBox [-50 -50 150 500] /Rotate 45 >>",
            page + b"/MediaBox [612 792 0 0] /Rotate 450 >>",
        ],
    )

    facts = inspect_pdf(path)

    assert facts.error is None
    assert facts.rotations == (270, 0, 90)
    assert facts.page_sizes_mm == ((141.1, 105.8), (52.9, 35.3), (279.4, 215.9))
    assert facts.text_chars == 0
    assert not facts.image_only  # no text, but no image either: blank, not a scan


def test_first_page_lines_are_collapsed_and_capped(tmp_path: Path) -> None:
    """This test ensures that first-page lines have single spaces and stop after 60 lines."""
    shows = b" T* ".join(b"(line   %d  of\t text) Tj" % number for number in range(1, 81))
    path = _write_pdf(
        tmp_path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(b"", b"BT /F1 9 Tf 10 TL 72 820 Td " + shows + b" ET"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ],
    )

    facts = inspect_pdf(path)

    assert len(facts.first_page_lines) == MAX_FIRST_PAGE_LINES == 60
    assert facts.first_page_lines[0] == "line 1 of text"
    assert facts.first_page_lines[-1] == "line 60 of text"


def test_pdf_without_pages(tmp_path: Path) -> None:
    """This test ensures that a well-formed PDF with an empty page tree is an error."""
    path = _write_pdf(
        tmp_path,
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"],
    )

    facts = inspect_pdf(path)

    assert facts.error == "the PDF has no pages"
    assert facts.page_count == 0


def test_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    """This test ensures that an HTML page saved as .pdf is named as not a PDF, quoting nothing
    of the file."""
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"<html><body>Sign in to download</body></html>")

    facts = inspect_pdf(path)

    assert facts.error == "not a PDF file (it does not start with %PDF-)"
    assert facts.size_bytes == len(path.read_bytes())
    assert facts.page_count == 0
    assert not facts.encrypted


def test_empty_file(tmp_path: Path) -> None:
    """This test ensures that an empty file is reported as empty."""
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"")

    facts = inspect_pdf(path)

    assert facts.error == "file is empty"
    assert facts.size_bytes == 0
    assert facts.page_count == 0


def test_missing_file_and_directory(tmp_path: Path) -> None:
    """This test ensures that paths that cannot be read give the operating system's reason."""
    missing = inspect_pdf(tmp_path / "absent.pdf")
    directory = inspect_pdf(tmp_path)

    assert missing.error == "cannot be read: No such file or directory"
    assert missing.size_bytes == 0
    assert directory.error == "cannot be read: Is a directory"


@pytest.mark.shared_data
@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.95])
def test_truncated_pdf_is_reported_as_cut_off(tmp_path: Path, fraction: float) -> None:
    """This test ensures that a PDF cut off in transfer is reported as ending early."""
    data = _sample("004-pdflatex-4-pages/pdflatex-4-pages.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])

    facts = inspect_pdf(path)

    assert facts.error is not None
    assert "ends early" in facts.error
    assert facts.page_count == 0


@pytest.mark.shared_data
@pytest.mark.parametrize("seed", range(12))
def test_corrupted_samples_never_raise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: int
) -> None:
    """This test ensures that randomly overwritten bytes never make inspection raise or print."""
    rng = random.Random(seed)
    relative = rng.choice(
        [
            "003-pdflatex-image/pdflatex-image.pdf",
            "012-libreoffice-form/libreoffice-form.pdf",
            "015-arabic/habibi-rotated.pdf",
            "024-annotations/annotated_pdf.pdf",
        ]
    )
    data = bytearray(_sample(relative).read_bytes())
    for _ in range(rng.randrange(1, 40)):
        start = rng.randrange(len(data))
        data[start : start + rng.randrange(1, 8)] = rng.randbytes(rng.randrange(0, 8))
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(bytes(data))

    facts = inspect_pdf(path)

    assert (facts.error is None) != (facts.page_count == 0)
    assert capsys.readouterr() == ("", "")


def test_page_tree_that_miscounts_its_pages_is_damaged(tmp_path: Path) -> None:
    """This test ensures that a page tree whose /Count disagrees with its pages is reported:
    the layout trusts /Count, so check must catch a PDF that lies about it."""
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    pages = writer.root_object["/Pages"].get_object()
    pages[NameObject("/Count")] = NumberObject(5)
    path = tmp_path / "miscounted.pdf"
    with path.open("wb") as handle:
        writer.write(handle)

    facts = inspect_pdf(path)

    assert facts.error is not None
    assert "page tree says 5 pages but holds 3" in facts.error


def test_facts_are_cached_while_the_file_is_unchanged(tmp_path: Path) -> None:
    """This test ensures that the checks' queue reuses what it read off an unchanged file, gives
    the same facts from the cache, and reads a changed file again."""
    from pdfbuild import text_pdf

    pdf, cache = tmp_path / "paper.pdf", tmp_path / "_build" / "facts.json"
    pdf.write_bytes(text_pdf(["A Title"], pages=2))
    first = inspect_pdfs([pdf], cache)
    assert cache.is_file()
    assert inspect_pdfs([pdf], cache) == first
    stat = pdf.stat()
    pdf.write_bytes(b"x" * stat.st_size)  # same size and time: trusted, not read again
    os.utime(pdf, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert inspect_pdfs([pdf], cache) == first
    pdf.write_bytes(text_pdf(["A Title"], pages=3))
    assert inspect_pdfs([pdf], cache)[0].page_count == 3
    cache.write_text("{broken", encoding="utf-8")
    assert inspect_pdfs([pdf], cache)[0].page_count == 3


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        (  # PMLR: the running head (7 pt), the title in two lines (14.3 pt), the authors (9 pt)
            "pmlr-v225-ml4h2023/pdfs/jayakumar23a.pdf",
            [
                (
                    "Proceedings of Machine Learning Research 225:190–200, 2023 Machine Learning "
                    "for Health (ML4H) 2023",
                    7.0,
                    0.0605,
                ),
                ("Diffusion Models To Predict 3D Late Mechanical", 14.3, 0.1399),
                ("Activation From Sparse 2D Cardiac MRIs", 14.3, 0.1625),
                ("Nivetha Jayakumar\u2217 vfb8zv@virginia.edu", 9.0, 0.198),  # a footnote mark
            ],
        ),
        (  # drawn at "1 Tf" and scaled by the text matrix: the size is the one seen
            "aclpub2-examples/sigdial/papers/8.pdf",
            [
                ("Is Your Goal-Oriented Dialog Model Performing Really Well?", 14.3, 0.0972),
                ("Empirical Analysis of System-wise Evaluation", 14.3, 0.1161),
            ],
        ),
        (  # LaTeX's logo raises the A and lowers the E: still one line
            "lncs-samplepaper/llncsdoc.pdf",
            [
                ("Instructions for Using the LATEX2ε Class for", 14.3, 0.2088),
                ("Proceedings Papers", 14.3, 0.2301),
                ("LLNCS, Version 2.20, Mar 10, 2018", 12.0, 0.2522),
            ],
        ),
    ],
)
def test_first_page_lines_have_their_font_size_and_depth(
    relative: str, expected: list[tuple[str, float, float]]
) -> None:
    """This test ensures that each first-page line comes with the size (pt) of most of its
    text and how far down the page it is (0 top, 1 foot): what tells the title apart."""
    facts = inspect_pdf(require_shared(*relative.split("/")))

    lines = zip(
        facts.first_page_lines, facts.first_page_sizes, facts.first_page_depths, strict=True
    )
    assert list(lines)[: len(expected)] == expected


def test_facts_carry_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    """This test ensures that every file that could be read, PDF or not, is hashed, so that two
    papers uploading one file are told apart from two papers with similar files."""
    import hashlib

    from pdfbuild import text_pdf

    pdf, other = tmp_path / "paper.pdf", tmp_path / "other.pdf"
    pdf.write_bytes(text_pdf(["A Title"]))
    other.write_bytes(b"<html>not a PDF</html>")

    assert inspect_pdf(pdf).sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert inspect_pdf(other).sha256 == hashlib.sha256(other.read_bytes()).hexdigest()
    assert inspect_pdf(tmp_path / "absent.pdf").sha256 is None


def test_text_is_read_by_pypdf_when_pdfium_cannot_open_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a file pdfium rejects (but pypdf reads) still gives its text,
    with sizes and depths unknown (0), and no traceback."""
    import pypdfium2
    from pdfbuild import text_pdf

    def refuse(*args: object, **kwargs: object) -> None:
        raise pypdfium2.PdfiumError("Failed to load document (PDFium: Data format error).")

    monkeypatch.setattr(pypdfium2, "PdfDocument", refuse)
    path = tmp_path / "paper.pdf"
    path.write_bytes(text_pdf(["A Title", "An Author"]))

    facts = inspect_pdf(path)

    assert facts.error is None
    assert facts.first_page_lines == ("A Title", "An Author")
    assert facts.first_page_sizes == (0.0, 0.0)
    assert facts.first_page_depths == (0.0, 0.0)
    assert facts.text_chars == len("ATitleAnAuthor")


def test_facts_cached_in_another_layout_are_read_again(tmp_path: Path) -> None:
    """This test ensures that a cache entry without this version's fields (written before the
    sizes and hash were read) is not used: the file is inspected again."""
    import json

    from pdfbuild import text_pdf

    pdf, cache = tmp_path / "paper.pdf", tmp_path / "facts.json"
    pdf.write_bytes(text_pdf(["A Title"]))
    fresh = inspect_pdfs([pdf], cache)[0]
    data = json.loads(cache.read_text(encoding="utf-8"))
    for entry in data["entries"].values():
        for key in ("first_page_sizes", "first_page_depths", "sha256"):
            del entry[2][key]
    cache.write_text(json.dumps(data), encoding="utf-8")

    assert inspect_pdfs([pdf], cache) == [fresh]
    assert fresh.sha256 is not None


@pytest.mark.shared_data
def test_pdfs_inspected_from_several_threads_give_the_same_facts() -> None:
    """This test ensures that inspecting PDFs from several threads at once (pdfium is not
    thread-safe) neither crashes nor mixes up their text."""
    from concurrent.futures import ThreadPoolExecutor

    paths = sorted(require_shared("pmlr-v225-ml4h2023", "pdfs").glob("*.pdf"))
    alone = [inspect_pdf(path) for path in paths]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(inspect_pdf, paths * 2))

    assert together == alone * 2
