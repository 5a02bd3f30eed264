"""The read-back of stamped pages against the measured ink, and planted pages that need room.

The planted papers are typeset here with typst, like an author's LaTeX would make them: text
that runs to the page's edges, and a paper that prints its own running heads and page numbers.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
import typst
from inkcheck import judge, running_numbers
from projects import build, pdf_project
from pypdf import PdfReader

from proceedings import lncs, room
from proceedings.errors import ProceedingsError
from proceedings.pdf.stamp import Stamp, typeset_stamps

PROSE = "#lorem(500)\n\n" * 3


def _typeset(page: str, body: str) -> bytes:
    pdf = typst.compile(
        f'#set page({page})\n#set text(font: "New Computer Modern")\n{body}'.encode(),
        format="pdf",
        font_paths=typst.Fonts(include_system_fonts=False, include_embedded_fonts=True),
    )
    assert isinstance(pdf, bytes)
    return pdf


# An LNCS-like paper that prints its own running heads (title on rectos, authors on versos,
# with the number at the outer edge) and starts on page 40.
OWN_HEADS = _typeset(
    'paper: "a4", margin: (x: 44mm, top: 52mm, bottom: 52mm), '
    "header: context { let n = counter(page).get().first(); "
    "if n > 40 { if calc.even(n) [#n #h(1fr) A. Author et al.] "
    "else [A Paper of Its Own #h(1fr) #n] } }",
    "#counter(page).update(40)\n" + PROSE,
)
NO_MARGINS = _typeset('paper: "a4", margin: 4mm', PROSE)


def _build(root: Path):  # type: ignore[no-untyped-def]
    built = build(root)
    return built.volume, built.layout, built.out, built.front_pages


def _project(root: Path, pdfs: dict[str, bytes], stamp: str = "lncs") -> Path:
    return pdf_project(root, pdfs, stamp=stamp)


@pytest.mark.parametrize("stamp", ["lncs", "footer"])
def test_own_heads_and_numbers_are_replaced(tmp_path: Path, stamp: str) -> None:
    """This test ensures that a paper's own page numbers are covered and replaced (and, with
    LNCS heads, its own running heads), so that each page shows the volume's number alone, and
    that the build says so."""
    _, layout, out, front = _build(_project(tmp_path, {"own": OWN_HEADS}, stamp))
    entry = layout.of("own")
    start = front + entry.first - layout.first_page
    verdicts = judge(out.volume, range(start, start + entry.pages))
    assert running_numbers(verdicts) == []
    for offset, verdict in enumerate(verdicts):
        bare = stamp == "lncs" and offset == 0
        assert verdict.numbers == (() if bare else (str(entry.first + offset),))
        assert verdict.closest_mm is None or verdict.closest_mm >= 1.5
    assert (
        f"paper own: its own page numbers (page(s) 2-{entry.pages}) are replaced by the volume's"
        in out.notes
    )
    # Covered, not removed: the text layer keeps the paper's own head under the white box.
    assert (
        "A Paper of Its Own 41" in PdfReader(io.BytesIO(out.papers["own"])).pages[1].extract_text()
    )


def test_text_to_the_edges_is_shrunk_to_make_room(tmp_path: Path) -> None:
    """This test ensures that pages whose text runs to 4 mm from the edges are shrunk about
    their centre until the stamps fit 2 mm clear of it, and the build says which."""
    _, layout, out, front = _build(_project(tmp_path, {"edges": NO_MARGINS}))
    entry = layout.of("edges")
    start = front + entry.first - layout.first_page
    verdicts = judge(out.volume, range(start, start + entry.pages))
    assert all(v.closest_mm is None or v.closest_mm >= 1.5 for v in verdicts)
    assert [v.numbers for v in verdicts][1:] == [
        (str(entry.first + i),) for i in range(1, entry.pages)
    ]
    (note,) = [n for n in out.notes if "shrunk" in n]
    assert note.startswith("paper edges: page(s) 1 (9")


def test_a_stamp_put_on_the_text_fails_the_build(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that the read-back does not trust the plan: a plan that puts the
    running head on the text (a bug planted in the planner: 600 pt up an A4 page, where the
    text is) stops the build, naming the paper, the page and how close the stamp came."""
    real = room.plan_paper

    def careless(*args, **kwargs):  # type: ignore[no-untyped-def]
        plan = real(*args, **kwargs)
        pages = [
            dataclasses.replace(p, line=dataclasses.replace(p.line, y=600.0), shrink=1.0)
            if p.line is not None
            else p
            for p in plan.pages
        ]
        return dataclasses.replace(plan, pages=tuple(pages))

    monkeypatch.setattr("proceedings.pdf.stamped.plan_paper", careless)
    with pytest.raises(ProceedingsError) as caught:
        _build(_project(tmp_path, {"edges": NO_MARGINS}))
    message = caught.value.format_message()
    assert "paper edges, page 2: the page number or running head comes within 0.0 mm" in message
    assert message.endswith("the stamps do not keep clear of the paper's ink; nothing written")


def test_an_own_number_left_uncovered_fails_the_build(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that a page number of the paper's own that no white box covers (a
    planner that forgets the masks) stops the build: a page must not show two numbers."""
    real = room.plan_paper

    def forgetful(*args, **kwargs):  # type: ignore[no-untyped-def]
        plan = real(*args, **kwargs)
        pages = tuple(dataclasses.replace(p, masks=()) for p in plan.pages)
        return dataclasses.replace(plan, pages=pages)

    monkeypatch.setattr("proceedings.pdf.stamped.plan_paper", forgetful)
    with pytest.raises(ProceedingsError) as caught:
        _build(_project(tmp_path, {"own": OWN_HEADS}, "footer"))
    assert "paper own, page 2: its own page number '41' is not covered" in (
        caught.value.format_message()
    )


def test_stamp_ink_stays_inside_the_envelope_the_read_back_uses() -> None:
    """This test ensures that what the read-back takes as a line stamp's ink (the baseline
    minus DESCENT to plus ASCENT) holds the real ink of heads with descenders, accents, digits
    and brackets, rendered at 0.05 mm."""
    stamps = [
        Stamp("line", "Ågjpqy (Q) — Ünïcödé ‘quoted’ [x] {y}", "2048", side)
        for side in ("left", "right")
    ]
    document = pdfium.PdfDocument(typeset_stamps(stamps))
    scale = 20 * 25.4 / 72
    for index in range(len(document)):
        page = document[index]
        height = page.get_height()
        pixels = page.render(scale=scale, grayscale=True).to_numpy()
        rows = np.flatnonzero((pixels[:, :, 0] if pixels.ndim == 3 else pixels).min(axis=1) < 250)
        top = height - rows[0] / scale
        bottom = height - (rows[-1] + 1) / scale
        assert top <= lncs.BASELINE + lncs.ASCENT
        assert bottom >= lncs.BASELINE - lncs.DESCENT


def test_the_rendering_judge_sees_a_stamp_on_the_text(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that the tests' own judge (rendering, :mod:`inkcheck`) is not blind:
    with the read-back switched off, the careless plan's volume is built, and the judge finds
    its running heads on the text and the paper's own numbers still running on."""
    real = room.plan_paper

    def careless(*args, **kwargs):  # type: ignore[no-untyped-def]
        plan = real(*args, **kwargs)
        pages = tuple(
            dataclasses.replace(p, masks=(), line=dataclasses.replace(p.line, y=600.0))
            if p.line is not None
            else dataclasses.replace(p, masks=())
            for p in plan.pages
        )
        return dataclasses.replace(plan, pages=pages)

    monkeypatch.setattr("proceedings.pdf.stamped.plan_paper", careless)
    monkeypatch.setattr("proceedings.pdf.stamped.check_paper", lambda *args: [])
    _, layout, out, front = _build(_project(tmp_path, {"own": OWN_HEADS}, "footer"))
    entry = layout.of("own")
    start = front + entry.first - layout.first_page
    verdicts = judge(out.volume, range(start, start + entry.pages))
    assert all(v.closest_mm is not None and v.closest_mm < 1.5 for v in verdicts[1:])
    assert running_numbers(verdicts) == list(range(1, entry.pages))
