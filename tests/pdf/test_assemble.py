"""The PDF volume and per-paper PDFs of the demo volume: pages, numbers, navigation, files."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool
from pagecheck import displayed_size, stamp_runs
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.errors import PdfReadError
from pypdf.generic import NameObject
from typeset_standin import standins, with_pdf_options

from proceedings.errors import ProceedingsError
from proceedings.layout import Layout, PaperPages, compute_layout
from proceedings.model import Volume
from proceedings.pdf.assemble import PdfOutputs, build_paper_pdf, build_pdfs
from proceedings.pdf.stamp import citation_line, running_authors, running_title
from proceedings.pdf.typeset import Typeset
from proceedings.pdf.verify import _read_page, stamped_number, verify
from proceedings.pdfinfo import inspect_pdf

MM = 72 / 25.4


@dataclasses.dataclass(frozen=True)
class Built:
    """A built demo volume and what it was built from."""

    volume: Volume
    layout: Layout
    front: Typeset
    parts: dict[str, Typeset]
    back: Typeset
    out: PdfOutputs

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.out.volume))

    @property
    def front_pages(self) -> int:
        assert self.out.front_pages == len(PdfReader(io.BytesIO(self.front.pdf)).pages)
        return self.out.front_pages

    def index(self, number: int) -> int:
        """The 0-based volume page of an Arabic page number."""
        return self.front_pages + number - self.layout.first_page


def _build(volume: Volume, layout: Layout) -> Built:
    front, parts, back = standins(volume, layout)
    return Built(volume, layout, front, parts, back, build_pdfs(volume, layout, front, parts, back))


@pytest.fixture(scope="module")
def built(demo_volume: Volume, demo_layout: Layout) -> Built:
    """The demo volume built once, with stand-in front matter, part pages and author index."""
    return _build(demo_volume, demo_layout)


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    flat: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                flat.append((depth, item.title, reader.get_destination_page_number(item)))  # type: ignore[attr-defined]

    walk(reader.outline, 0)
    return flat


def test_page_count_is_front_main_and_back(built: Built) -> None:
    """This test ensures that the volume holds the front matter, every main-matter page of the
    layout (part pages and blanks included) and the back matter, nothing more."""
    back = len(PdfReader(io.BytesIO(built.back.pdf)).pages)
    gap = built.layout.backmatter_first - built.layout.last_page - 1
    expected = built.front_pages + built.layout.main_pages + gap + back
    assert len(built.reader.pages) == expected


def test_page_labels_follow_the_layout(built: Built) -> None:
    """This test ensures that front matter is labelled I, II... and that every paper's first and
    last page and the back matter carry the Arabic numbers the layout gave them."""
    labels = built.reader.page_labels
    assert labels[: built.front_pages] == ["I", "II", "III"][: built.front_pages]
    for entry in built.layout.papers:
        assert labels[built.index(entry.first)] == str(entry.first), entry.paper
        assert labels[built.index(entry.last)] == str(entry.last), entry.paper
    assert labels[built.index(built.layout.backmatter_first)] == str(built.layout.backmatter_first)


def test_outline_nests_sections_parts_papers_and_their_bookmarks(built: Built) -> None:
    """This test ensures that the outline lists the front-matter sections, each part with its
    papers (title and authors) leading to their first pages, each paper's own bookmarks under
    it, and the author index last."""
    items = _outline(built.reader)
    top = [(title, page) for depth, title, page in items if depth == 0]
    parts = [p.title for p in built.volume.info.parts]
    assert [title for title, _ in top] == ["Preface", "Contents", *parts, "Author Index"]
    assert top[-1][1] == built.index(built.layout.backmatter_first)
    part_pages = {p.part: p.page for p in built.layout.parts}
    for (title, page), part in zip(top[2:-1], built.volume.info.parts, strict=True):
        assert page == built.index(part_pages[part.id]), title
    for paper in built.volume.archival_papers:
        entry = built.layout.of(paper.id)
        title = f"{paper.info.title} — {running_authors(paper)}"
        found = [(depth, page) for depth, text, page in items if text == title]
        assert found == [(1, built.index(entry.first))], paper.id
    # the first paper's own bookmarks ("1 Introduction"...) sit under it, on its pages
    first = built.layout.papers[0]
    start = next(i for i, item in enumerate(items) if item[1].startswith("Concept Bottlenecks"))
    children = []
    for depth, title, page in items[start + 1 :]:
        if depth <= 1:
            break
        children.append((title, page))
    assert children[0] == ("1 Introduction", built.index(first.first))
    assert all(built.index(first.first) <= page <= built.index(first.last) for _, page in children)


def _link_targets(reader: PdfReader, index: int) -> list[tuple[list[float], int]]:
    targets = []
    for annot in reader.pages[index].get("/Annots") or []:
        annot = annot.get_object()
        if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
            rect = [float(v) for v in annot["/Rect"]]
            targets.append((rect, reader.get_page_number(annot["/Dest"][0].get_object())))
    return targets


def _link_at(reader: PdfReader, index: int, rect: tuple[float, ...]) -> int:
    """The page the link over ``rect`` on page ``index`` leads to."""
    found = [
        target
        for where, target in _link_targets(reader, index)
        if all(abs(a - b) < 0.01 for a, b in zip(where, rect, strict=True))
    ]
    assert len(found) == 1, (index, rect)
    return found[0]


def test_contents_and_index_links_lead_to_the_layout_pages(built: Built) -> None:
    """This test ensures that every contents line links to its paper's (or part's) first page
    and every author-index number to that Arabic page, over the anchor's rectangle."""
    reader = built.reader
    labels = reader.page_labels
    part_pages = {p.part: p.page for p in built.layout.parts}
    for anchor in built.front.anchors:
        if anchor.kind == "section":
            continue
        target = _link_at(reader, anchor.page, anchor.rect)
        if anchor.kind == "paper":
            assert target == built.index(built.layout.of(anchor.target).first)
        elif anchor.target in part_pages:
            assert target == built.index(part_pages[anchor.target])
    back = built.index(built.layout.backmatter_first)
    anchors = [a for a in built.back.anchors if a.kind == "page"]
    assert anchors
    for anchor in anchors:
        assert labels[_link_at(reader, back + anchor.page, anchor.rect)] == anchor.target


def test_second_page_of_every_paper_carries_its_number(built: Built) -> None:
    """This test ensures that text extraction of each paper's second page finds the page
    number the layout gave it, in the running head, and that first pages carry no stamp."""
    reader = built.reader
    for entry in built.layout.papers:
        second = reader.pages[built.index(entry.first) + 1]
        assert stamped_number(second) == str(entry.first + 1), entry.paper
        text = second.extract_text()
        assert str(entry.first + 1) in text
        assert stamped_number(reader.pages[built.index(entry.first)]) is None


def test_running_heads_read_like_lncs(built: Built) -> None:
    """This test ensures that versos show the number at the left edge, then the short authors,
    rectos the short title, then the number at the right edge, 9 pt above the text block."""
    paper = built.volume.archival_papers[0]  # 001: pages 3-14
    entry = built.layout.of(paper.id)
    for number in (entry.first + 1, entry.first + 2):
        page = built.reader.pages[built.index(number)]
        runs = {run.text: run for run in stamp_runs(page)}
        width, height = displayed_size(page)
        head = running_authors(paper) if number % 2 == 0 else running_title(paper)
        assert set(runs) == {str(number), head}
        block_left, block_right = (width - 122 * MM) / 2, (width + 122 * MM) / 2
        num = runs[str(number)]
        if number % 2 == 0:
            assert num.u == pytest.approx(block_left, abs=1.0)
            assert runs[head].u == pytest.approx(block_left + 11.66 * MM, abs=1.0)
        else:
            assert num.u > runs[head].u
            assert block_right - 10 < num.u < block_right
        block_top = (height + 193 * MM) / 2
        assert num.v == pytest.approx(block_top + 16, abs=0.5)  # llncs: head 16 pt above
    assert running_authors(paper) == "A. O'Brien et al."


def test_all_fonts_are_embedded(built: Built, tmp_path: Path) -> None:
    """This test ensures that the stamps' fonts (and everything else) are embedded."""
    path = tmp_path / "volume.pdf"
    path.write_bytes(built.out.volume)
    facts = inspect_pdf(path)
    assert facts.error is None
    assert facts.unembedded_fonts == ()
    one = tmp_path / "paper.pdf"
    one.write_bytes(next(iter(built.out.papers.values())))
    assert inspect_pdf(one).unembedded_fonts == ()


def test_qpdf_finds_no_error(built: Built, tmp_path: Path) -> None:
    """This test ensures that qpdf --check accepts the volume and every per-paper PDF."""
    qpdf = require_tool("qpdf")
    files = {"volume": built.out.volume, **built.out.papers}
    for name, data in files.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, (name, result.stdout, result.stderr)


def test_same_inputs_give_identical_bytes(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that a second build gives the same bytes, with a content-derived /ID
    and no dates, so rebuilding an unchanged volume changes no file."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    again = build_pdfs(built.volume, built.layout, built.front, built.parts, built.back)
    assert again.volume == built.out.volume
    assert again.papers == built.out.papers
    reader = built.reader
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1] != bytes(16)
    assert "/CreationDate" not in reader.metadata
    assert "/ModDate" not in reader.metadata


def test_source_date_epoch_dates_the_files(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that SOURCE_DATE_EPOCH, and only it, gives the files their dates."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1752796800")  # 2025-07-18 00:00 UTC
    paper = built.volume.archival_papers[0]
    reader = PdfReader(io.BytesIO(build_paper_pdf(built.volume, built.layout, paper)))
    assert reader.metadata["/CreationDate"] == "D:20250718000000+00'00'"
    assert reader.metadata.creation_date is not None
    assert reader.metadata.creation_date.year == 2025


def test_volume_metadata(built: Built) -> None:
    """This test ensures that the volume's document information names the volume, its
    editors, the event and its parts, and says it was made by proceedings."""
    info = built.reader.metadata
    assert info["/Title"] == "Trustworthy Machine Learning for Healthcare"
    assert info["/Author"].startswith("Siobhán Mac Giolla Phádraig, Jürgen von Neumann-Schmidt")
    assert info["/Subject"] == built.volume.info.event.name
    assert "Fairness and Privacy" in info["/Keywords"]
    assert info["/Creator"] == "proceedings"


def test_paper_pdf_has_citation_labels_outline_and_metadata(built: Built) -> None:
    """This test ensures that a paper's own PDF has the volume's stamped pages, page labels from
    its first page, a citation line on page one, its own bookmarks and metadata."""
    paper = built.volume.archival_papers[0]
    entry = built.layout.of(paper.id)
    reader = PdfReader(io.BytesIO(built.out.papers[paper.id]))
    assert len(reader.pages) == entry.pages
    assert reader.page_labels[0] == str(entry.first)
    assert reader.page_labels[-1] == str(entry.last)
    assert stamped_number(reader.pages[1]) == str(entry.first + 1)
    citation = citation_line(built.volume, built.layout, paper)
    assert citation == (
        "In: S. Mac Giolla Phádraig et al. (eds.): TML4H 2025, LNTHA 3, pp. 3–14, 2025. "
        "https://doi.org/10.5555/tml4h2025.001 · CC BY 4.0"
    )
    runs = stamp_runs(reader.pages[0])
    assert " ".join(run.text for run in runs).replace("\n", " ").startswith("In: S. Mac Giolla")
    _, height = displayed_size(reader.pages[0])
    block_bottom = (height - 193 * MM) / 2
    assert all(0 < run.v < block_bottom for run in runs)  # in the bottom margin
    info = reader.metadata
    assert info["/Title"] == paper.info.title
    assert info["/Author"] == "Aoife O'Brien, Jan van der Berg, Miriam de Lhoneux"
    assert info["/Subject"] == citation
    assert info["/Keywords"].startswith("Concept bottleneck models, Calibration")
    assert reader.outline[0].title == "1 Introduction"  # type: ignore[union-attr]


def test_paper_pdf_alone_matches_the_volume(built: Built) -> None:
    """This test ensures that building one paper's PDF without the volume gives the same pages,
    numbers and labels as the bulk build."""
    paper = built.volume.archival_papers[4]
    entry = built.layout.of(paper.id)
    alone = PdfReader(io.BytesIO(build_paper_pdf(built.volume, built.layout, paper)))
    bulk = PdfReader(io.BytesIO(built.out.papers[paper.id]))
    assert alone.page_labels == bulk.page_labels
    for index in range(1, entry.pages):
        assert stamped_number(alone.pages[index]) == stamped_number(bulk.pages[index])
    assert alone.metadata["/Subject"] == bulk.metadata["/Subject"]


def test_verify_accepts_the_volume(built: Built) -> None:
    """This test ensures that reading the numbers back finds nothing wrong in a fresh build."""
    assert verify(built.volume, built.layout, built.out.volume, built.front_pages) == []


def _stamp_name(page: PageObject) -> str:
    """The resource name of the stamp drawn by the page's last content stream."""
    last = page["/Contents"][-1].get_object().get_data()
    match = re.search(rb"(/Stamp\d+) Do Q", last)
    assert match is not None
    return match.group(1).decode()


def test_verify_names_the_paper_whose_labels_or_stamps_disagree(built: Built) -> None:
    """This test ensures that the consistency check reports, naming the paper, a volume whose
    page labels or stamped numbers for that paper disagree with the layout."""
    writer = PdfWriter(clone_from=io.BytesIO(built.out.volume))
    wrong, other = built.layout.papers[1], built.layout.papers[2]
    first, last = built.index(wrong.first), built.index(wrong.last)
    writer.set_page_label(first, last, style=PageLabelStyle.DECIMAL, start=wrong.first + 1)
    back = built.index(built.layout.backmatter_first)
    writer.set_page_label(last + 1, back - 1, style=PageLabelStyle.DECIMAL, start=wrong.last + 1)
    victim, donor = writer.pages[first + 1], writer.pages[built.index(other.first) + 1]
    donor_form = donor["/Resources"]["/XObject"].raw_get(_stamp_name(donor))
    victim["/Resources"]["/XObject"][NameObject(_stamp_name(victim))] = donor_form
    tampered = io.BytesIO()
    writer.write(tampered)
    problems = verify(built.volume, built.layout, tampered.getvalue(), built.front_pages)
    assert problems
    assert all(p.startswith(f"paper {wrong.paper}: ") for p in problems), problems
    assert any("labelled" in p for p in problems)
    assert any(f"carries the number {other.first + 1}" in p for p in problems)


def test_verify_names_the_paper_that_is_not_where_the_layout_says(built: Built) -> None:
    """This test ensures that the consistency check reports a paper that the layout places
    elsewhere: its outline entry leads to another page."""
    papers = list(built.layout.papers)
    moved = papers[1]
    papers[1] = PaperPages(moved.paper, moved.pages, moved.first + 1, moved.last + 1)
    wrong = dataclasses.replace(built.layout, papers=tuple(papers))
    problems = verify(built.volume, wrong, built.out.volume, built.front_pages)
    assert problems
    assert all(p.startswith(f"paper {moved.paper}: ") for p in problems), problems
    assert any("outline" in p for p in problems)


def _retarget_links(writer: PdfWriter, pages: range, target: int) -> int:
    """Point every internal link on ``pages`` at the writer's page ``target``; how many."""
    count = 0
    for index in pages:
        for item in writer.pages[index].get("/Annots") or ():
            link = item.get_object()
            if link.get("/Subtype") == "/Link" and "/Dest" in link:
                link["/Dest"][0] = writer.pages[target].indirect_reference
                count += 1
    return count


@pytest.fixture(scope="module")
def typeset(demo_volume: Volume, demo_layout: Layout) -> Built:
    """The demo volume built once with its real front matter, part pages and author index."""
    from proceedings.pdf.frontmatter import (
        render_author_index,
        render_front_matter,
        render_part_page,
    )

    front = render_front_matter(demo_volume, demo_layout)
    parts = {
        p.part: render_part_page(demo_volume, p.part, demo_layout.part_number(p.part) or 0)
        for p in demo_layout.parts
    }
    back = render_author_index(demo_volume, demo_layout)
    out = build_pdfs(demo_volume, demo_layout, front, parts, back)
    return Built(demo_volume, demo_layout, front, parts, back, out)


def test_verify_accepts_the_typeset_volume(typeset: Built) -> None:
    """This test ensures that the real contents and author index pass the read-back."""
    assert verify(typeset.volume, typeset.layout, typeset.out.volume, typeset.front_pages) == []


def test_verify_reads_a_volume_that_needs_repair(typeset: Built) -> None:
    """This test ensures that the read-back, which reads our own file strictly, still reads
    one whose cross-reference offset is wrong (pypdf repairs it), finding it right."""
    data = typeset.out.volume
    at = data.rindex(b"startxref")
    offset = int(data[at + len(b"startxref") :].split()[0])
    damaged = data[:at] + b"startxref\n%d\n%%%%EOF\n" % (offset - 7)
    with pytest.raises(PdfReadError):
        PdfReader(io.BytesIO(damaged), strict=True)
    assert verify(typeset.volume, typeset.layout, damaged, typeset.front_pages) == []


@pytest.mark.parametrize("section", ["the contents", "the author index"])
def test_verify_reads_the_numbers_the_contents_and_index_print(
    typeset: Built, section: str
) -> None:
    """This test ensures that an entry of the contents or of the author index whose link leads
    elsewhere than the page it prints is reported, naming the paper of the printed page."""
    built = typeset
    writer = PdfWriter(clone_from=io.BytesIO(built.out.volume))
    back = built.index(built.layout.backmatter_first)
    pages = (
        range(built.front_pages) if section == "the contents" else range(back, len(writer.pages))
    )
    last = built.layout.papers[-1]
    assert _retarget_links(writer, pages, built.index(last.first)) > 3
    tampered = io.BytesIO()
    writer.write(tampered)
    problems = verify(built.volume, built.layout, tampered.getvalue(), built.front_pages)
    assert len(problems) > 3, problems
    for problem in problems:
        assert problem.startswith("paper "), problem
        assert f": {section} (page " in problem, problem
        assert f"link leads to the page labelled '{last.first}'" in problem, problem
    assert not any(p.startswith(f"paper {last.paper}: ") for p in problems)  # its own are right


def test_page_numbers_are_runs_of_digits_alone() -> None:
    """This test ensures that the read-back takes as a printed page number only a text run
    that is all digits, at its first digit's origin: digits inside a longer run ("Session 2",
    "2023" in a title) are not one."""
    import pypdfium2
    from pdfbuild import pdf_bytes, stream

    content = (
        b"BT /F1 12 Tf 72 700 Td (Session 2: ML4H 2023) Tj ET "
        b"BT /F1 12 Tf 500 700 Td ( 17) Tj ET "
        b"BT /F1 12 Tf 72 680 Td [(Paper)-250(3)] TJ ET"
    )
    document = pypdfium2.PdfDocument(
        pdf_bytes(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                stream(b"", content),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            ]
        )
    )
    try:
        runs, links = _read_page(document, 0)
    finally:
        document.close()
    assert [(round(x), round(y), text) for x, y, text in runs] == [(503, 700, "17")]
    assert links == []


def test_verify_finds_a_page_slipped_into_the_front_matter(built: Built) -> None:
    """This test ensures that a volume whose main matter starts a page later than the layout
    says fails the check for every paper."""
    problems = verify(built.volume, built.layout, built.out.volume, built.front_pages + 1)
    for entry in built.layout.papers:
        assert any(p.startswith(f"paper {entry.paper}: ") for p in problems), entry.paper


def test_footer_style_numbers_every_page(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that with ``stamp: footer`` every paper page, the first included, gets
    a footer below the text block: its number at the outer edge and the short citation."""
    volume = with_pdf_options(demo_volume, stamp="footer")
    built = _build(volume, demo_layout)
    entry = demo_layout.papers[0]
    for number in (entry.first, entry.first + 1):
        page = built.reader.pages[built.index(number)]
        runs = {run.text: run for run in stamp_runs(page)}
        assert set(runs) == {str(number), "TML4H 2025, LNTHA 3, pp. 3–14"}
        _, height = displayed_size(page)
        assert runs[str(number)].v == pytest.approx((height - 193 * MM) / 2 - 30, abs=0.5)
    assert verify(volume, demo_layout, built.out.volume, built.front_pages) == []


def test_lncs_trim_crops_the_papers(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that ``volume_size: lncs-trim`` crops every paper page to 155 x 235 mm
    around its text block, with the running head inside the crop."""
    volume = with_pdf_options(demo_volume, volume_size="lncs-trim")
    built = _build(volume, demo_layout)
    entry = demo_layout.papers[0]
    page = built.reader.pages[built.index(entry.first + 1)]
    assert float(page.cropbox.width) == pytest.approx(155 * MM, abs=0.01)
    assert float(page.cropbox.height) == pytest.approx(235 * MM, abs=0.01)
    assert float(page.cropbox.left) == pytest.approx((210 - 155) / 2 * MM, abs=0.01)
    width, height = displayed_size(page)
    for run in stamp_runs(page):
        assert 0 < run.u < width
        assert 0 < run.v < height
    assert float(built.reader.pages[0].mediabox.width) == pytest.approx(210 * MM, abs=0.5)


def test_without_running_heads_only_numbers(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that ``running_heads: false`` stamps the page numbers alone."""
    volume = with_pdf_options(demo_volume, running_heads=False)
    built = _build(volume, demo_layout)
    entry = demo_layout.papers[0]
    page = built.reader.pages[built.index(entry.first + 1)]
    assert [run.text for run in stamp_runs(page)] == [str(entry.first + 1)]


def test_missing_part_page_stops_clearly(built: Built) -> None:
    """This test ensures that assembling without one part's title page names that part."""
    parts = dict(built.parts)
    del parts["robustness"]
    with pytest.raises(ProceedingsError, match="part robustness"):
        build_pdfs(built.volume, built.layout, built.front, parts, built.back)


def test_pdf_changed_since_the_layout_stops(built: Built) -> None:
    """This test ensures that a paper PDF whose page count differs from the layout's stops the
    build with a message naming the paper and its file."""
    counts = {e.paper: e.pages for e in built.layout.papers}
    counts["003"] += 1
    layout = compute_layout(built.volume, counts)
    with pytest.raises(ProceedingsError, match="paper 003: the PDF has 9 pages") as info:
        build_pdfs(built.volume, layout, built.front, built.parts, built.back)
    assert "papers/003/paper.pdf" in info.value.format_message()


def test_real_front_matter_end_to_end(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that the volume assembles with the real front matter, part pages and
    author index: the check finds nothing wrong, contents links reach the papers, and every
    font is embedded."""
    from proceedings.pdf import frontmatter

    front = frontmatter.render_front_matter(demo_volume, demo_layout)
    parts = {
        part.id: frontmatter.render_part_page(demo_volume, part.id, number)
        for number, part in enumerate(demo_volume.info.parts, 1)
    }
    back = frontmatter.render_author_index(demo_volume, demo_layout)
    out = build_pdfs(demo_volume, demo_layout, front, parts, back)
    built = Built(demo_volume, demo_layout, front, parts, back, out)
    assert verify(demo_volume, demo_layout, out.volume, built.front_pages) == []
    reader = built.reader
    papers = [a for a in front.anchors if a.kind == "paper"]
    assert len(papers) == len(demo_layout.papers)
    for anchor in papers:
        targets = [t for _, t in _link_targets(reader, anchor.page)]
        assert built.index(demo_layout.of(anchor.target).first) in targets
    pages = [a for a in back.anchors if a.kind == "page"]
    assert pages
    back_start = built.index(demo_layout.backmatter_first)
    for anchor in pages:
        labels = {reader.page_labels[t] for _, t in _link_targets(reader, back_start + anchor.page)}
        assert anchor.target in labels
    assert not out.notes
