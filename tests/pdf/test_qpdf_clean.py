"""qpdf --check on every output made from real and odd PDFs: no error and no warning."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from conftest import require_shared, require_tool
from pdfbuild import pdf_bytes, stream
from projects import pdf_project
from pypdf import PdfReader
from pypdf.generic import NameObject, read_object
from typeset_standin import standins

from proceedings.errors import ProceedingsError
from proceedings.layout import compute_layout, read_page_counts
from proceedings.load import load_volume
from proceedings.pdf.assemble import PdfOutputs, build_pdfs
from proceedings.pdf.cache import PdfCache
from proceedings.pdf.serialize import _name

# Each real set in ../shared/data (its folder, the pattern of its PDFs), built in one
# configuration; together they cover both stamp styles and both volume sizes.
REAL_SETS = {
    "pmlr": ("pmlr-v225-ml4h2023/pdfs", "*.pdf", "lncs", "a4"),
    "lncs": ("lncs-samplepaper", "*.pdf", "footer", "lncs-trim"),
    "easychair": ("easychair-proceedings-export-paar2018", "*/*.pdf", "lncs", "lncs-trim"),
    "acl": ("aclpub2-examples/sigdial/papers", "*.pdf", "footer", "a4"),
    "difficult": ("pdf-sample-files", "*/*.pdf", "lncs", "a4"),
}


def build(root: Path) -> tuple[PdfOutputs, list[str]]:
    """The volume and per-paper PDFs of the project, and the papers the build refused.

    A paper the build refuses with a clear error naming it (an encrypted or damaged file, a page
    with no room for a stamp) is left out and the rest is built again, from the cache: what
    matters here is that whatever is written is valid.
    """
    cache = PdfCache(root / "cache")
    refused: list[str] = []
    while True:
        volume = load_volume(root)
        try:
            layout = compute_layout(volume, read_page_counts(volume))
            return build_pdfs(volume, layout, *standins(volume, layout), cache=cache), refused
        except ProceedingsError as error:
            folder = Path(error.path or "").parent
            if folder.parent.name != "papers" or not (root / folder).is_dir():
                raise
            refused.append(folder.name)
            shutil.rmtree(root / folder)


def qpdf_complaints(outputs: PdfOutputs, folder: Path) -> dict[str, str]:
    """What ``qpdf --check`` says about each output it does not pass cleanly, by file."""
    qpdf = require_tool("qpdf")
    found = {}
    for name, data in {"volume": outputs.volume, **outputs.papers}.items():
        path = folder / f"{name}.pdf"
        path.write_bytes(data)
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        said = result.stdout + result.stderr
        if result.returncode != 0 or "WARNING" in said:
            found[name] = said
    return found


@pytest.mark.shared_data
@pytest.mark.parametrize("name", REAL_SETS)
def test_real_pdfs_give_outputs_qpdf_passes(name: str, tmp_path: Path) -> None:
    """This test ensures that the volume and every per-paper PDF built from a set of real
    PDFs pass ``qpdf --check`` with no warning."""
    folder, pattern, stamp, size = REAL_SETS[name]
    found = sorted(require_shared(*folder.split("/")).glob(pattern))
    pdfs = {f"{name}-{number:02d}": path.read_bytes() for number, path in enumerate(found, 1)}
    outputs, refused = build(pdf_project(tmp_path / "project", pdfs, stamp=stamp, size=size))
    assert outputs.papers, refused
    assert qpdf_complaints(outputs, tmp_path) == {}


# ``/Helvetica\0`` is ``/Helvetica`` followed by white space (NUL is white space in PDF), and
# qpdf reads the paper cleanly; the paper's own name for its font (/F1) must survive too.
_NUL_AFTER_NAMES = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
    b"<< /Type\x00/Font\x00 /Subtype /Type1\x00/BaseFont /Helvetica\x00>>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
    b"/Resources << /Font << /F1\x00 3 0 R >> >> >>",
    stream(b"", b"BT /F1 10 Tf 200 400 Td (A paper with NULs after its names) Tj ET"),
]
# Escapes that make a NUL (``#00``; a stray ``#0`` that pypdf reads as ``#00``): the paper is
# damaged there (qpdf warns about it), the outputs must not be.
_NUL_ESCAPES = [
    *_NUL_AFTER_NAMES[:2],
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Odd#00Key /Odd#00Value "
    b"/Stray /Stray#0 >>",
    *_NUL_AFTER_NAMES[3:],
]


def test_nul_after_or_in_names_gives_outputs_qpdf_passes(tmp_path: Path) -> None:
    """This test ensures that a NUL byte after a name (white space, which qpdf reads
    cleanly) keeps the name the paper means and that no output holds a name with a NUL, even
    from an escape (``#00``), which qpdf rejects ("null character not allowed in name
    token")."""
    qpdf = require_tool("qpdf")
    pdfs = {"nul-after": pdf_bytes(_NUL_AFTER_NAMES), "nul-escape": pdf_bytes(_NUL_ESCAPES)}
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(pdfs["nul-after"])
    result = subprocess.run([qpdf, "--check", str(paper)], capture_output=True, text=True)
    assert (result.returncode, "WARNING" in result.stdout + result.stderr) == (0, False)
    root = pdf_project(tmp_path / "project", pdfs)
    outputs, refused = build(root)
    assert refused == []
    assert qpdf_complaints(outputs, tmp_path) == {}
    for data in (outputs.volume, outputs.papers["nul-after"]):
        fonts = {
            (str(key), font.get_object()["/Type"], font.get_object()["/BaseFont"])
            for page in PdfReader(BytesIO(data)).pages
            for key, font in page["/Resources"].get("/Font", {}).items()
            if font.get_object()["/BaseFont"].startswith("/Helv")
        }
        assert fonts == {("/F1", "/Font", "/Helvetica")}


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (b"/Helvetica\x00 ", "/Helvetica"),  # NUL is white space: it ends the name
        (b"/F1\x00/F2", "/F1"),
        (b"/A#20B ", "/A B"),  # an escape: a name's space
        (b"/Helvetica ", "/Helvetica"),
    ],
)
def test_a_nul_ends_a_name(written: bytes, read: str) -> None:
    """This test ensures that a paper's names are read as PDF reads them: a NUL after a name
    is white space, not part of the name."""
    assert read_object(BytesIO(written), None) == read


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("/A\x00B", b"/AB"),  # no name may hold a NUL, not even as #00
        ("/\x00", b"/"),
        ("/A B#", b"/A#20B#23"),
        ("/Helvetica", b"/Helvetica"),
    ],
)
def test_no_name_is_written_with_a_nul(name: str, written: bytes) -> None:
    """This test ensures that a name holding a NUL is written without it, by the volume's
    serializer and by pypdf (the per-paper PDFs), and that other names are written as
    before."""
    assert _name(name) == written
    out = BytesIO()
    NameObject(name).write_to_stream(out)
    assert out.getvalue() == written
