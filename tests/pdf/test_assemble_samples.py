"""Assembling real, difficult PDFs: links, outlines and forms kept, stamps upright and on the
page, clear errors for encrypted and damaged files."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from conftest import require_shared, require_tool
from pagecheck import displayed_size, stamp_runs
from projects import Built, build
from pypdf import PdfReader
from typeset_standin import standins

from proceedings.errors import ProceedingsError
from proceedings.layout import compute_layout
from proceedings.load import load_volume
from proceedings.pdf.assemble import build_paper_pdf, build_pdfs
from proceedings.pdf.verify import verify

pytestmark = pytest.mark.shared_data

SAMPLES = {
    "outline": "006-pdflatex-outline/pdflatex-outline.pdf",  # hyperref links, outline
    "outline-again": "006-pdflatex-outline/pdflatex-outline.pdf",  # the same names again
    "link": "016-libre-office-link/libre-office-link.pdf",  # a URI link
    "forms": "010-pdflatex-forms/pdflatex-forms.pdf",  # AcroForm fields; US letter
    "rotated": "015-arabic/habibi-rotated.pdf",  # /Rotate 90, 180, 270, 0
    "letter": "021-pdfa/crazyones-pdfa.pdf",  # US letter, PDF/A
    "gdoc": "011-google-doc-document/google-doc-document.pdf",
    "tiny": "007-imagemagick-images/imagemagick-images.pdf",  # 1.4 mm pages
    "locked": "005-libreoffice-writer-password/libreoffice-writer-password.pdf",
    "damaged": "017-unreadable-meta-data/unreadablemetadata.pdf",
}
GOOD = ["outline", "outline-again", "link", "forms", "rotated", "letter", "gdoc", "tiny"]


def make_project(root: Path, papers: list[str]) -> Path:
    """A project in ``root`` whose papers are copies of the named sample PDFs, in one part."""
    samples = require_shared("pdf-sample-files")
    source = root / "source"
    source.mkdir(parents=True)
    (source / "volume.yaml").write_text(
        "title: Difficult PDFs\nacronym: DPDF 2025\nyear: 2025\n"
        "event: {name: A volume of difficult PDFs}\n"
        "series: {name: Example Series, short_name: EXS, volume: 9}\n"
        "editors: [{given: Ada, family: Lovelace}]\n"
        "parts: [{id: all, title: All}]\n"
        "numbering: {part_pages: true}\n",
        encoding="utf-8",
    )
    for order, name in enumerate(papers, 1):
        folder = root / "papers" / name
        folder.mkdir(parents=True)
        (folder / "paper.pdf").write_bytes((samples / SAMPLES[name]).read_bytes())
        (folder / "paper.yaml").write_text(
            f"title: The {name} paper\nauthors: [{{given: Grace, family: Hopper}}]\n"
            f"part: all\norder: {order}\n",
            encoding="utf-8",
        )
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The difficult papers assembled into one volume (with stand-in front matter)."""
    return build(make_project(tmp_path_factory.mktemp("difficult"), GOOD))


def _named_targets(path: Path) -> list[int]:
    """For each hyperref link of the original file, the page index its name leads to."""
    reader = PdfReader(path)
    names = reader.named_destinations
    targets = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object()["/A"]
            targets.append(reader.get_destination_page_number(names[str(action["/D"])]))
    return targets


def test_internal_links_keep_leading_into_their_own_paper(built: Built) -> None:
    """This test ensures that two pdfLaTeX papers whose links use the same destination names
    (section.1...) each keep links to their own pages, and their own outlines."""
    original = require_shared("pdf-sample-files", SAMPLES["outline"])
    expected = _named_targets(original)
    reader = built.reader
    for paper in ("outline", "outline-again"):
        targets = []
        for page in range(built.layout.of(paper).pages):
            for annot in reader.pages[built.index(paper, page)].get("/Annots") or []:
                dest = annot.get_object()["/Dest"]
                targets.append(reader.get_page_number(dest[0].get_object()))
        assert targets == [built.index(paper, t) for t in expected], paper
    original_outline = [item.title for item in PdfReader(original).outline]
    flat: list[tuple[str, int]] = []
    items = reader.outline

    def walk(nodes: list[object]) -> None:
        for node in nodes:
            if isinstance(node, list):
                walk(node)
            else:
                flat.append((node.title, reader.get_destination_page_number(node)))  # type: ignore[attr-defined]

    walk(items)
    for paper in ("outline", "outline-again"):
        start = flat.index((f"The {paper} paper — G. Hopper", built.index(paper)))
        own = flat[start + 1 : start + 1 + len(original_outline)]
        assert [title for title, _ in own] == original_outline
        assert all(built.index(paper) <= page <= built.index(paper, 3) for _, page in own)


def test_uri_link_is_kept(built: Built) -> None:
    """This test ensures that a paper's web link still opens its address."""
    annots = built.reader.pages[built.index("link")]["/Annots"]
    actions = [a.get_object()["/A"] for a in annots]
    assert [(a["/S"], a["/URI"]) for a in actions] == [("/URI", "https://martin-thoma.com/")]


def test_form_fields_are_kept(built: Built) -> None:
    """This test ensures that a paper's form fields stay fields of the volume, with their
    widgets on the paper's page and the fonts they name in the form's resources."""
    reader = built.reader
    fields = reader.get_fields()
    assert fields is not None
    assert set(fields) == {"Name", "Check", "Submit"}
    form = reader.trailer["/Root"]["/AcroForm"]
    assert {"/Helv", "/ZaDb"} <= set(form["/DR"]["/Font"])
    widgets = [a.get_object() for a in reader.pages[built.index("forms")]["/Annots"]]
    assert {w["/T"] for w in widgets if w["/Subtype"] == "/Widget"} == set(fields)
    own = PdfReader(io.BytesIO(built.out.papers["forms"])).get_fields()
    assert own is not None
    assert set(own) == set(fields)


def test_stamps_are_upright_inside_the_page(built: Built) -> None:
    """This test ensures that on rotated, letter-size and odd pages every stamp reads left to
    right on the displayed page, lies inside the CropBox, and sits above the text block."""
    reader = built.reader
    rotations = set()
    for paper in ("rotated", "letter", "forms", "gdoc", "outline"):
        for page_number in range(1, built.layout.of(paper).pages):
            page = reader.pages[built.index(paper, page_number)]
            rotations.add(page.rotation % 360)
            width, height = displayed_size(page)
            runs = stamp_runs(page)
            assert runs, (paper, page_number)
            for run in runs:
                assert run.du > 0, (paper, page_number, run)  # left to right...
                assert abs(run.dv) < 1e-6 * run.du, (paper, page_number, run)  # ...level
                assert 0 < run.u < width, (paper, page_number, run)
                assert height / 2 < run.v < height, (paper, page_number, run)
            number = str(built.layout.of(paper).first + page_number)
            assert number in {run.text for run in runs}
    assert rotations == {0, 180, 270}  # the 90-degree page is the (bare) first page


def test_tiny_pages_are_left_unstamped_with_a_note(built: Built) -> None:
    """This test ensures that pages far smaller than a book page (1.4 mm) get no stamp, and the
    build says so, instead of an unreadable speck or a failure."""
    notes = [note for note in built.out.notes if note.startswith("paper tiny:")]
    assert notes == [
        "paper tiny: page(s) 1-6 are too small for a page number or the citation line (under "
        "half the LNCS trim, 155 x 235 mm) and are left unstamped",
    ]
    page = built.reader.pages[built.index("tiny", 1)]
    assert "/Stamp0" not in (page["/Resources"].get("/XObject") or {})


def test_qpdf_finds_no_error(built: Built, tmp_path: Path) -> None:
    """This test ensures that qpdf --check accepts the volume and every per-paper PDF."""
    qpdf = require_tool("qpdf")
    for name, data in {"volume": built.out.volume, **built.out.papers}.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, (name, result.stdout, result.stderr)


def test_verify_accepts_the_volume(built: Built) -> None:
    """This test ensures that the consistency check passes on the difficult volume too."""
    assert verify(built.volume, built.layout, built.out.volume, built.front_pages) == []


@pytest.mark.parametrize(
    ("paper", "message"),
    [
        ("locked", "paper locked: the PDF is encrypted with a password; ask the authors"),
        ("damaged", "paper damaged: the PDF cannot be read"),
    ],
)
def test_unreadable_paper_stops_naming_it(tmp_path: Path, paper: str, message: str) -> None:
    """This test ensures that an encrypted or damaged paper PDF stops both the volume and the
    paper's own PDF with a message naming the paper and its file, never a traceback."""
    volume = load_volume(make_project(tmp_path, ["link", paper]))
    layout = compute_layout(volume, {"link": 1, paper: 1})
    front, parts, back = standins(volume, layout)
    for attempt in (
        lambda: build_pdfs(volume, layout, front, parts, back),
        lambda: build_paper_pdf(volume, layout, volume.papers[1]),
    ):
        with pytest.raises(ProceedingsError) as info:
            attempt()
        text = info.value.format_message()
        assert text.startswith(f"papers/{paper}/paper.pdf: {message}"), text
