"""Front matter, part pages and the author index: text, page numbers, anchors, geometry."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner
from typeset_standin import standins

from proceedings.cli import main
from proceedings.layout import Layout, compute_layout
from proceedings.model import Person, Volume
from proceedings.pdf import frontmatter
from proceedings.pdf.assemble import build_pdfs
from proceedings.pdf.frontmatter import render_author_index, render_front_matter, render_part_page
from proceedings.pdf.typeset import ANCHOR_URI, Anchor, Typeset
from proceedings.pdfinfo import inspect_pdf

MM = 72 / 25.4


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def joined(pdf: bytes) -> str:
    """The text of every page, each under a separator line, as the golden files hold it."""
    return "".join(
        f"===== page {number} =====\n{text.rstrip()}\n"
        for number, text in enumerate(page_texts(pdf), 1)
    )


def squash(text: str) -> str:
    return "".join(text.split())


def text_chunks(pdf: bytes, page: int) -> list[tuple[str, float, float, float]]:
    """(text, x, y, font size) of each text chunk of a page, from pypdf's text visitor."""
    chunks = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            chunks.append((text.strip(), x, y, size))

    pypdf.PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return chunks


def inside(anchor: Anchor, x: float, y: float) -> bool:
    x0, y0, x1, y1 = anchor.rect
    return x0 - 0.5 <= x <= x1 + 0.5 and y0 <= y <= y1


def rename(volume: Volume, **changes: Any) -> Volume:
    return dataclasses.replace(volume, info=volume.info.model_copy(update=changes))


@pytest.fixture(scope="module")
def front(demo_volume: Volume, demo_layout: Layout) -> Typeset:
    """The demo's front matter, typeset once."""
    return render_front_matter(demo_volume, demo_layout)


@pytest.fixture(scope="module")
def index(demo_volume: Volume, demo_layout: Layout) -> Typeset:
    """The demo's author index, typeset once."""
    return render_author_index(demo_volume, demo_layout)


def test_front_matter_text_golden(front: Typeset, golden: Any) -> None:
    """This test ensures that the demo's front matter says what the golden file says, page by
    page (title, copyright, preface, organization, contents)."""
    golden("demo.frontmatter.txt", joined(front.pdf))


def test_author_index_text_golden(index: Typeset, golden: Any) -> None:
    """This test ensures that the demo's author index says what the golden file says."""
    golden("demo.author-index.txt", joined(index.pdf))


def test_front_matter_has_an_even_number_of_pages(front: Typeset) -> None:
    """This test ensures that the front matter ends on a verso, so that page 1 is a recto."""
    assert len(page_texts(front.pdf)) % 2 == 0


def test_front_matter_is_even_when_the_contents_end_on_a_recto(
    demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that a blank page is added when the last page would be a recto."""
    one = dataclasses.replace(demo_volume, papers=demo_volume.papers[:1])
    layout = compute_layout(one, {one.papers[0].id: 12})
    pages = page_texts(render_front_matter(one, layout).pdf)
    assert len(pages) % 2 == 0
    assert "Contents" in pages[-2]
    assert pages[-1].strip() == ""


def test_chapters_open_on_rectos_without_numbers(front: Typeset) -> None:
    """This test ensures that each chapter opens on a recto, and that the title, copyright and
    chapter-opening pages print no number while the others carry Roman running heads."""
    sections = {a.title: a.page for a in front.sections}
    assert sections == {
        "Preface": 2,
        "Organization": 4,
        "Sponsors": 6,
        "Keynote Talks": 8,
        "Contents": 12,
    }
    pages = page_texts(front.pdf)
    romans = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"}
    for number in (0, 1, *sections.values()):
        first_line = pages[number].strip().splitlines()[0]
        assert not romans & set(first_line.split()), number
    assert pages[3].split()[:2] == ["IV", "Preface"]  # a verso: number, then title
    assert pages[13].split()[:2] == ["XIV", "Contents"]
    assert pages[10].split()[:3] == ["Keynote", "Talks", "XI"]  # a recto: title, then number


def test_contents_lists_archival_papers_with_their_first_pages(
    front: Typeset, demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that the contents list every archival paper with its layout first page,
    each with a paper anchor around its line, and no non-archival paper."""
    text = squash("".join(page_texts(front.pdf)))
    anchors = {a.target: a for a in front.anchors if a.kind == "paper"}
    assert set(anchors) == {p.id for p in demo_volume.archival_papers}
    for paper in demo_volume.archival_papers:
        assert squash(paper.info.title) in text
        anchor = anchors[paper.id]
        first = str(demo_layout.of(paper.id).first)
        chunks = text_chunks(front.pdf, anchor.page)
        assert any(t == first and inside(anchor, x, y) for t, x, y, _ in chunks), paper.id
    extended = next(p for p in demo_volume.papers if not p.info.archival)
    assert extended.id == "008"
    assert squash(extended.info.title) not in text
    assert "008" not in {a.target for a in front.anchors}


def test_paper_anchors_lie_inside_their_pages(front: Typeset, demo_volume: Volume) -> None:
    """This test ensures that every anchor rectangle is well formed and inside its page."""
    reader = pypdf.PdfReader(io.BytesIO(front.pdf))
    for anchor in front.anchors:
        x0, y0, x1, y1 = anchor.rect
        box = reader.pages[anchor.page].mediabox
        assert 0 <= x0 < x1 <= float(box.width), anchor
        assert 0 <= y0 < y1 <= float(box.height), anchor
    parts = [a.target for a in front.anchors if a.kind == "part"]
    assert parts == [p.id for p in demo_volume.info.parts]


def test_author_index_entries(index: Typeset, demo_layout: Layout) -> None:
    """This test ensures that particles count in the index order (van der Berg under V, al-Hassan
    under A) and that one person's papers share one line."""
    lines = [line.strip() for line in page_texts(index.pdf)[0].splitlines() if line.strip()]
    names = [line for line in lines if "," in line or line[:1].isalpha()]
    berg = next(line for line in names if line.startswith("van der Berg, Jan"))
    assert berg.split()[-1] == str(demo_layout.of("001").first)
    hassan = next(line for line in names if line.startswith("al-Hassan, Omar"))
    pages = [demo_layout.of("002").first, demo_layout.of("010").first]
    assert hassan.removeprefix("al-Hassan, Omar").split() == [f"{pages[0]},", str(pages[1])]
    assert names.index(hassan) == 1  # right after the title: the first of the A's
    order = [line.split(",")[0] for line in names[1:]]
    assert order.index("Tanaka") < order.index("van der Berg") < order.index("Venkataraman")
    assert sum(line.startswith("Müller, Zoë") for line in names) == 1


def test_author_index_page_anchors(index: Typeset, demo_volume: Volume) -> None:
    """This test ensures that each page number of the index has a page anchor around it whose
    target is that number: one per authorship, as nobody wrote two papers starting on one page."""
    anchors = [a for a in index.anchors if a.kind == "page"]
    assert len(anchors) == sum(len(p.info.authors) for p in demo_volume.archival_papers)
    chunks = text_chunks(index.pdf, 0)
    for anchor in anchors:
        assert any(
            t.rstrip(",") == anchor.target and inside(anchor, x, y) for t, x, y, _ in chunks
        ), anchor
    assert [a.title for a in index.sections] == ["Author Index"]


def test_the_index_links_typst_made_become_the_volumes_links(
    index: Typeset, demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that the index's page numbers, which typst links to anchors' URIs,
    link in the volume to the pages they print, and that no link to an anchor's URI is left."""
    front, parts, _ = standins(demo_volume, demo_layout)
    volume = build_pdfs(demo_volume, demo_layout, front, parts, index).volume
    reader = pypdf.PdfReader(io.BytesIO(volume))
    back = len(reader.pages) - len(pypdf.PdfReader(io.BytesIO(index.pdf)).pages)
    links = []
    for number, page in enumerate(reader.pages[back:]):
        for annotation in (a.get_object() for a in page.get("/Annots", [])):
            action = annotation.get("/A")
            uri = action.get_object().get("/URI") if action is not None else None
            assert not str(uri).startswith(ANCHOR_URI), uri
            if "/Dest" in annotation:
                target = reader.get_page_number(annotation["/Dest"][0].get_object())
                links.append((number, reader.page_labels[target]))
    anchors = [(a.page, a.target) for a in index.anchors if a.kind == "page"]
    assert anchors
    assert sorted(links) == sorted(anchors)


def _crowded(volume: Volume, papers: int) -> tuple[Volume, Layout]:
    """The demo with ``papers`` papers of three new authors each: an index of several pages."""
    template = volume.archival_papers[0]
    out = []
    for i in range(papers):
        authors = tuple(
            Person(given=f"Given{j}", family=f"Family{i:03d}{'abc'[j]}") for j in range(3)
        )
        info = template.info.model_copy(update={"title": f"Paper {i}", "authors": authors})
        out.append(dataclasses.replace(template, id=f"x{i:03d}", info=info))
    crowded = dataclasses.replace(volume, papers=tuple(out))
    return crowded, compute_layout(crowded, {p.id: 10 for p in out})


def test_author_index_running_heads_continue_the_arabic_numbers(demo_volume: Volume) -> None:
    """This test ensures that the index's later pages carry running heads numbered on from
    backmatter_first: number first on versos, last on rectos."""
    volume, layout = _crowded(demo_volume, 120)
    pages = page_texts(render_author_index(volume, layout).pdf)
    assert len(pages) >= 3
    first = layout.backmatter_first
    assert not pages[0].split()[0].isdigit()
    for offset, text in enumerate(pages[1:], 1):
        number, words = first + offset, text.split()
        if number % 2 == 0:
            assert words[:3] == [str(number), "Author", "Index"]
        else:
            assert words[:3] == ["Author", "Index", str(number)]


def test_part_page(demo_volume: Volume) -> None:
    """This test ensures that a part page shows "Part II" and its title, then a blank verso."""
    pages = page_texts(render_part_page(demo_volume, "robustness", 2).pdf)
    assert len(pages) == 2
    assert pages[0].split() == ["Part", "II", "Robustness", "and", "Generalization"]
    assert pages[1].strip() == ""


def test_fonts_are_embedded(front: Typeset, index: Typeset, tmp_path: Path) -> None:
    """This test ensures that every font used is embedded, CJK names included."""
    for name, typeset in (("front", front), ("index", index)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(typeset.pdf)
        assert inspect_pdf(path).unembedded_fonts == ()
    assert "王小明" in page_texts(index.pdf)[0]


@pytest.mark.parametrize(("size", "mm"), [("lncs-trim", (155, 235)), ("a4", (210, 297))])
def test_page_sizes(
    demo_volume: Volume, demo_layout: Layout, size: str, mm: tuple[int, int]
) -> None:
    """This test ensures that the volume size sets every page: the LNCS trim or A4."""
    volume = rename(demo_volume, pdf=demo_volume.info.pdf.model_copy(update={"volume_size": size}))
    for typeset in (
        render_front_matter(volume, demo_layout),
        render_author_index(volume, demo_layout),
        render_part_page(volume, "explainability", 1),
    ):
        for page in pypdf.PdfReader(io.BytesIO(typeset.pdf)).pages:
            width, height = float(page.mediabox.width) / MM, float(page.mediabox.height) / MM
            assert (round(width), round(height)) == mm


def test_output_is_deterministic(
    front: Typeset, index: Typeset, demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that the same volume gives the same bytes and anchors every time."""
    assert render_front_matter(demo_volume, demo_layout) == front
    assert render_author_index(demo_volume, demo_layout) == index


def test_typst_specials_in_titles_print_literally(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that model text reaches the page as typed, never as typst markup."""
    title = 'Learning #1: $5 *not bold* <b>x</b> @x [y] _z_ \\ // ~ "q" = end'
    volume = rename(demo_volume, title=title)
    paper = volume.papers[0]
    paper = dataclasses.replace(paper, info=paper.info.model_copy(update={"title": title}))
    volume = dataclasses.replace(volume, papers=(paper, *volume.papers[1:]))
    pages = page_texts(render_front_matter(volume, demo_layout).pdf)
    assert squash(title) in squash(pages[0])
    assert squash(title) in squash("".join(pages[6:]))


def test_markup_and_line_breaks_in_yaml_titles(awkward_volume: tuple[Volume, Layout]) -> None:
    """This test ensures that a title holding HTML, quotes and a YAML line break is one line of
    literal text in the contents."""
    volume, layout = awkward_volume
    text = "\n".join(page_texts(render_front_matter(volume, layout).pdf))
    assert "Calibrated <script>&\"' Risk Scores" in text


def _with_authors(volume: Volume, paper_id: str, **changes: Any) -> Volume:
    """The volume with ``changes`` applied to every author of one paper called Kowalski."""
    papers = []
    for paper in volume.papers:
        if paper.id == paper_id:
            authors = tuple(
                a.model_copy(update=changes) if a.family == "Kowalski" else a
                for a in paper.info.authors
            )
            paper = dataclasses.replace(
                paper, info=paper.info.model_copy(update={"authors": authors})
            )
        papers.append(paper)
    return dataclasses.replace(volume, papers=tuple(papers))


def test_author_index_groups_people_by_orcid(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that one person is one line even where an ORCID iD is missing, and
    that two people who share a name but not an iD get a line each."""
    pages = [demo_layout.of("005").first, demo_layout.of("007").first]

    def kowalski_lines(volume: Volume) -> list[str]:
        text = page_texts(render_author_index(volume, demo_layout).pdf)[0]
        return [line.strip() for line in text.splitlines() if line.startswith("Kowalski")]

    unidentified = _with_authors(demo_volume, "007", orcid=None)
    assert kowalski_lines(unidentified) == [f"Kowalski, Łukasz {pages[0]}, {pages[1]}"]
    namesake = _with_authors(demo_volume, "007", orcid="0000-0002-1825-0097")
    assert sorted(kowalski_lines(namesake)) == [
        f"Kowalski, Łukasz {pages[0]}",
        f"Kowalski, Łukasz {pages[1]}",
    ]


# ---- footnotes in the hand-written pages ------------------------------------------------------

PREFACE_WITH_FOOTNOTES = """\
# Preface

A tiny, fictional workshop[^1] for the tests
of proceedings,[^venue] held once.[^1]

[^1]: Held online only.

[^venue]: Costs: $0, #1 [free] \\ 1 < 2 @all //x.
"""


def test_footnotes_in_the_preface_build(complete_workshop: Path) -> None:
    """This test ensures that a preface with footnotes (numbered, named, one cited twice, with
    typst-special text) builds: the PDF stage passes its read-back check, the preface page
    prints each note once under the text, and the note numbers are no links that the check
    would read as contents lines."""
    (complete_workshop / "source/preface.md").write_text(PREFACE_WITH_FOOTNOTES, encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(complete_workshop), "pdf"])
    assert result.exit_code == 0, result.output
    (volume,) = (complete_workshop / "_build/pdf").glob("*.pdf")
    reader = pypdf.PdfReader(volume)
    preface = reader.pages[reader.page_labels.index("III")]
    lines = [squash(line) for line in preface.extract_text().splitlines() if line.strip()]
    assert lines[0] == "Preface"
    body = "".join(lines[1:-2])
    assert body == "Atiny,fictionalworkshop1forthetestsofproceedings,2heldonce.1"
    assert lines[-2:] == ["1Heldonlineonly.", squash("2Costs: $0, #1 [free] \\ 1 < 2 @all //x.")]
    links = [a.get_object() for a in preface.get("/Annots", [])]
    assert [a for a in links if a.get("/Subtype") == "/Link"] == []


def test_undefined_footnote_in_a_page_stops_the_pdf(complete_workshop: Path) -> None:
    """This test ensures that a footnote reference without a definition stops the PDF build
    with one message naming the page's file and line."""
    (complete_workshop / "source/preface.md").write_text(
        "# Preface\n\nText[^1] and[^gone].\n\n[^1]: Here.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["-C", str(complete_workshop), "pdf"])
    assert result.exit_code == 1
    assert result.output == (
        "error: source/preface.md:3: the footnote [^gone] is not defined "
        "(write its text on a line '[^gone]: ...')\n"
    )
    assert not (complete_workshop / "_build/pdf").exists()


def test_a_large_volume_is_typeset_apart_to_the_same_document(
    demo_volume: Volume, demo_layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that front matter typeset in a process of its own (as a volume of
    many papers is; here any) has the very bytes and anchors of front matter typeset here."""
    here = render_front_matter(demo_volume, demo_layout)
    monkeypatch.setattr(frontmatter, "ALONE_FROM", 0)
    assert render_front_matter(demo_volume, demo_layout) == here
