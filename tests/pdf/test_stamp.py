"""What the stamps say and where they go: texts, plans, geometry and the typeset sheet."""

from __future__ import annotations

import dataclasses
import io
import string
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from typeset_standin import with_pdf_options

from proceedings.layout import Layout, PaperPages
from proceedings.lncs import TRIM, Transform, standard_line
from proceedings.model import Person, Volume
from proceedings.pdf import stamp
from proceedings.pdf.cache import PdfCache
from proceedings.pdf.placement import Frame, Stamper, apply, arrange, multiply, pdf_number
from proceedings.pdf.stamp import (
    Stamp,
    StampSheet,
    citation_line,
    plan_stamps,
    running_authors,
    typeset_stamps,
)
from proceedings.pdfinfo import _unembedded_fonts
from proceedings.room import Wants, plan_paper

MM = 72 / 25.4
A4 = (0.0, 0.0, 595.2756, 841.8898)
LETTER = (0.0, 0.0, 612.0, 792.0)


def _with_authors(volume: Volume, *names: tuple[str, str]) -> Volume:
    paper = volume.archival_papers[0]
    authors = tuple(Person(given=given, family=family) for given, family in names)
    info = paper.info.model_copy(update={"authors": authors})
    return dataclasses.replace(volume, papers=(dataclasses.replace(paper, info=info),))


@pytest.mark.parametrize(
    ("names", "head"),
    [
        ((("Aoife", "O'Brien"),), "A. O'Brien"),
        ((("Aoife", "O'Brien"), ("Jan", "van der Berg")), "A. O'Brien and J. van der Berg"),
        ((("Aoife", "O'Brien"), ("Jan", "van der Berg"), ("Zoë", "Müller")), "A. O'Brien et al."),
        ((("小明", "王"), ("Hiro", "Tanaka"), ("Zoë", "Müller")), "王小明 et al."),
    ],
)
def test_verso_head_lists_authors_like_lncs(
    demo_volume: Volume, names: tuple[tuple[str, str], ...], head: str
) -> None:
    """This test ensures that the verso head gives one or two short names, else 'et al.'."""
    volume = _with_authors(demo_volume, *names)
    assert running_authors(volume.papers[0]) == head


def test_citation_line_forms(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that the citation line names the editors as LNCS does ('(ed.)',
    'and', 'et al.'), uses 'p.' for a one-page paper, and drops a missing DOI and licence."""
    paper = demo_volume.archival_papers[0]
    one_page = dataclasses.replace(demo_layout, papers=(PaperPages(paper.id, 1, 7, 7),))
    info = demo_volume.info.model_copy(
        update={"editors": demo_volume.info.editors[:1], "doi_prefix": None, "licence": None}
    )
    volume = dataclasses.replace(demo_volume, info=info)
    assert citation_line(volume, one_page, paper) == (
        "In: S. Mac Giolla Phádraig (ed.): TML4H 2025, LNTHA 3, p. 7, 2025."
    )
    two = info.model_copy(update={"editors": demo_volume.info.editors[:2]})
    line = citation_line(dataclasses.replace(demo_volume, info=two), demo_layout, paper)
    assert line.startswith("In: S. Mac Giolla Phádraig and J. von Neumann-Schmidt (eds.): ")


def test_plan_leaves_lncs_first_pages_bare(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that LNCS stamps skip a paper's first page and put even numbers on
    the left, odd on the right; footer stamps number every page."""
    plan = plan_stamps(demo_volume, demo_layout)[0]
    assert plan.pages[0] is None
    assert [(s.number, s.side) for s in plan.pages[1:3] if s] == [("4", "left"), ("5", "right")]
    footer = plan_stamps(with_pdf_options(demo_volume, stamp="footer"), demo_layout)[0]
    assert all(stamp is not None and not stamp.near for stamp in footer.pages)
    assert footer.pages[0] == Stamp("line", "TML4H 2025, LNTHA 3, pp. 3–14", "3", "right", False)


def _display(frame: Frame, x: float, y: float) -> tuple[float, float]:
    """A user-space point as the viewer shows it (PDF 32000, 8.3.2.3 and /Rotate)."""
    x0, y0, x1, y1 = frame.box
    return {
        0: (x - x0, y - y0),
        90: (y - y0, x1 - x),
        180: (x1 - x, y1 - y),
        270: (y1 - y, x - x0),
    }[frame.rotation]


def _head(frame: Frame) -> tuple[float, ...]:
    """The matrix that draws a head stamp page where LNCS puts it, on the displayed page."""
    line = standard_line(frame.size, "head")
    return multiply((line.scale, 0.0, 0.0, line.scale, line.x, line.y), frame.to_user())


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("box", [A4, LETTER, (20.0, 30.0, 615.2756, 871.8898)])
def test_heads_sit_upright_above_the_block(rotation: int, box: tuple[float, ...]) -> None:
    """This test ensures that a head's baseline runs left to right on the displayed page, 16 pt
    above the centred text block, starting at the block's left edge, whatever the /Rotate and
    wherever the CropBox starts."""
    frame = Frame((box[0], box[1], box[2], box[3]), rotation)
    matrix = _head(frame)
    width, height = frame.size
    origin = _display(frame, *apply(matrix, 0.0, 3.0))  # the stamp's baseline start
    along = _display(frame, *apply(matrix, 100.0, 3.0))
    scale = min(1.0, width / (155 * MM), height / (235 * MM))
    assert origin[0] == pytest.approx((width - 122 * MM * scale) / 2)
    assert origin[1] == pytest.approx((height + 193 * MM * scale) / 2 + 16 * scale)
    assert along[1] == pytest.approx(origin[1])
    assert along[0] - origin[0] == pytest.approx(100 * scale)


def test_small_pages_scale_and_tiny_pages_are_skipped() -> None:
    """This test ensures that a page smaller than a book page gets a proportionally smaller
    stamp that stays on it, and that a page under half that size gets none."""
    small = Frame((0.0, 0.0, 243.0, 337.5), 0)  # 85.7 x 119.1 mm
    matrix = _head(small)
    assert matrix[0] == pytest.approx(337.5 / (235 * MM))
    u, v = apply(matrix, 122 * MM, 12.0)  # the stamp's far corner
    assert 0 < u < 243.0
    assert 0 < v < 337.5
    wants = Wants(("head",), None, "lncs", 122 * MM, heads=True, trim=False)
    tiny = plan_paper([None], [(3.84, 3.84)], wants, first=1)
    assert tiny.pages[0].problem == "small"
    assert tiny.pages[0].line is None


def test_trim_is_centred_on_the_displayed_page() -> None:
    """This test ensures that cropping to the LNCS trim sets a 155 x 235 mm CropBox and
    TrimBox around the page's centre, turned with the page."""
    for box, rotation, size in (
        ((0.0, 0.0, 595.2756, 841.8898), 0, (155 * MM, 235 * MM)),
        ((0.0, 0.0, 841.8898, 595.2756), 90, (235 * MM, 155 * MM)),  # displayed portrait
    ):
        writer = PdfWriter()
        page = writer.add_blank_page(box[2], box[3])
        if rotation:
            page.rotate(rotation)
        frame = Frame(box, rotation)
        w, h = frame.size
        crop = Transform(1.0, TRIM[0] / 2 - w / 2, TRIM[1] / 2 - h / 2, TRIM)
        arrange(page, frame, crop, 1.0, Stamper(writer))
        x0, y0, x1, y1 = (float(v) for v in page.cropbox)
        assert (x1 - x0, y1 - y0) == pytest.approx(size)
        assert (x0 + x1) / 2 == pytest.approx(box[2] / 2)
        assert list(page.trimbox) == list(page.cropbox)


def test_pdf_numbers_have_no_exponent() -> None:
    """This test ensures that matrix entries are written as PDF numbers (no 1e-05, no -0)."""
    assert [pdf_number(v) for v in (1e-05, -0.0, 0.5, 12.0, -841.8898)] == [
        "0",
        "0",
        "0.5",
        "12",
        "-841.8898",
    ]


def test_sheet_has_a_page_per_stamp_with_embedded_fonts(
    demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that the stamps of the demo volume (CJK names included) come out of
    typst one page per stamp, CHUNK papers' stamps to a document, in volume order, with every
    font embedded."""
    plans = plan_stamps(demo_volume, demo_layout)
    sheet = StampSheet(plans).typeset()
    chunks = -(-len(plans) // stamp.CHUNK)
    assert chunks > 1  # the demo's 11 papers make two
    readers = [sheet.reader(chunk) for chunk in range(chunks)]
    stamps = sum(1 for plan in plans for stamp_ in plan.pages if stamp_) + len(plans)
    assert sum(len(reader.pages) for reader in readers) == stamps + chunks  # + glyph pages
    for reader in readers:
        assert _unembedded_fonts(list(reader.pages)) == ()
    assert [sheet.chunk_of(plan.paper) for plan in plans] == [
        index // stamp.CHUNK for index in range(len(plans))
    ]
    page = sheet.page("007", 2)
    assert page is not None
    assert "王小明 et al." in page.extract_text()
    assert sheet.page("007", 0) is None
    citation = sheet.citation("001").extract_text().replace("\n", " ")
    assert "https://doi.org/10.5555/tml4h2025.001" in citation
    last = plans[-1].paper
    assert f"tml4h2025.{last}" in sheet.citation(last).extract_text().replace("\n", " ")


def test_a_chunk_is_typeset_again_alone(
    demo_volume: Volume, demo_layout: Layout, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """This test ensures that each chunk of the sheet is cached on its own: a sheet whose
    stamps changed in one chunk typesets that chunk again and finds the others in the cache,
    and gives the bytes a sheet typeset whole gives. A title given a letter that its chunk's
    other stamps lack (but the volume has) changes that paper's stamps alone: the glyph page
    keeps the chunk's glyphs numbered as they were."""
    cache = PdfCache(tmp_path)
    plans = plan_stamps(demo_volume, demo_layout)
    before = StampSheet(plans).typeset(cache)
    cache.commit()

    def letters(chosen: list[stamp.PaperStamps]) -> set[str]:
        return {c for p in chosen for s in (*p.pages, p.citation) if s for c in s.text}

    new = sorted(letters(plans) - letters(plans[: stamp.CHUNK]) - set(string.whitespace))
    assert new  # the demo's second chunk has letters its first lacks (CJK, accents...)
    first = plans[0]
    retitled = tuple(
        dataclasses.replace(s, text=f"{s.text} {new[0]}") if s and s.side == "right" else s
        for s in first.pages
    )
    changed = [dataclasses.replace(first, pages=retitled), *plans[1:]]
    typeset: list[int] = []
    real = stamp._typst_all
    monkeypatch.setattr(
        stamp, "_typst_all", lambda documents: typeset.append(len(documents)) or real(documents)
    )
    again = StampSheet(changed).typeset(cache)
    assert typeset == [1]
    whole = StampSheet(changed).typeset()
    for chunk in range(-(-len(plans) // stamp.CHUNK)):
        assert again._chunks[chunk].pdf == whole._chunks[chunk].pdf
    differ = [p.paper for p in plans if again.paper_key(p.paper) != before.paper_key(p.paper)]
    assert differ == [first.paper]
    # A letter new to the volume changes every chunk's fonts: every paper's key changes.
    unheard = [dataclasses.replace(first, citation=stamp.Stamp("citation", "Ꙩ")), *plans[1:]]
    fresh = StampSheet(unheard).typeset(cache)
    assert all(fresh.paper_key(p.paper) != before.paper_key(p.paper) for p in plans)


def test_long_head_is_shrunk_to_fit() -> None:
    """This test ensures that a running title too long for the line is set smaller and, if
    still too long, shortened with an ellipsis, so it starts inside the text block."""
    long = "A Very Long Title " * 8
    reader = PdfReader(io.BytesIO(typeset_stamps([Stamp("line", long.strip(), "7", "right")])))
    runs: list[tuple[str, float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            runs.append((text.strip(), float(size) * float(tm[0]), float(tm[4]) + float(cm[4])))

    reader.pages[0].extract_text(visitor_text=visit)
    head = next(run for run in runs if run[0] != "7")
    assert head[1] == pytest.approx(6.5)
    assert head[0].endswith("…")
    assert head[2] >= 0


def test_a_large_sheet_is_typeset_alone_to_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """This test ensures that a sheet large enough to be typeset in a process of its own (here
    any sheet) gives the very bytes of one typeset in the build's process."""
    stamps = [Stamp("line", "A. Author and B. Author", "2"), Stamp("citation", "In: X, p. 3")]
    here = typeset_stamps(stamps)
    monkeypatch.setattr(stamp, "ALONE_FROM", 1)
    assert typeset_stamps(stamps) == here


def test_stamp_keys_hash_the_stamps_as_typst_wrote_them(
    demo_volume: Volume, demo_layout: Layout
) -> None:
    """Each stamp's key hashes its page, content stream and resources as written in the
    sheet, found by their offsets without parsing (every stamp of a typst sheet is written so
    plainly); equal stamps hash alike, different ones differently."""
    sheet = stamp.StampSheet(stamp.plan_stamps(demo_volume, demo_layout)).typeset()
    for chunk in sheet._chunks:
        offsets = chunk.reader.xref[0]
        written = [
            stamp._written_stamp(chunk.pdf, offsets, chunk.pages.number(i) or 0)
            for i in range(chunk.pages.count)
        ]
        assert all(found is not None for found in written)
    digests = {paper.id: sheet.stamp_keys(paper.id) for paper in demo_volume.archival_papers}
    citations = [keys[-1] for keys in digests.values()]
    assert len(set(citations)) == len(citations)  # every paper's citation line differs


def test_a_stamp_written_otherwise_is_hashed_as_parsed() -> None:
    """Where an object is not written as the fast path expects (a stream whose bytes hold
    'endobj', a deeper dictionary), the whole stream is hashed or the parsed stamp is."""
    data = b"q endobj Q endstream"  # the stream's own bytes may hold any keyword
    pdf = (
        b"%PDF-1.7\n"
        b"7 0 obj\n<</Type/Page/Resources 8 0 R/MediaBox[0 0 9 9]/Contents 9 0 R>>\nendobj\n"
        b"8 0 obj\n<</Font<</F1<</Deep 1>>>>>>\nendobj\n"
        + b"9 0 obj\n<</Length %d>>\nstream\n" % len(data)
        + data
        + b"\nendstream\nendobj\n"
    )
    offsets = {7: pdf.index(b"7 0 obj"), 8: pdf.index(b"8 0 obj"), 9: pdf.index(b"9 0 obj")}
    assert stamp._written_object(pdf, offsets, 9) == b"<</Length %d>>\n%s" % (len(data), data)
    assert stamp._written_object(pdf, offsets, 8) is None  # three levels deep
    assert stamp._written_stamp(pdf, offsets, 7) is None  # so the stamp is parsed instead
    assert stamp._written_object(pdf, offsets, 5) is None  # not in the table
