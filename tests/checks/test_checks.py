"""Every check: a planted fault is reported with its code, file:line, field and message."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import edit
from pdfbuild import image_pdf, text_pdf
from pypdf import PdfReader, PdfWriter

from proceedings.buildpaths import BuildPaths
from proceedings.checks import CODES, check_project, failing
from proceedings.errors import Severity

CASES: list[dict[str, Any]] = [
    *yaml.safe_load(
        (Path(__file__).parent.parent / "fixtures" / "check_faults.yaml").read_text(
            encoding="utf-8"
        )
    ),
    # Which paper a PDF is: its bytes and its first page's title (real PDFs: test_pdf_titles.py).
    {
        "name": "one PDF for two papers",
        "pdf": {"b": "same-as-a"},
        "expected": [
            [
                "pdf.duplicate",
                "papers/a/paper.yaml:1",
                "pdf",
                "papers a and b share one PDF: papers/a/paper.pdf and papers/b/paper.pdf are "
                "identical",
            ],
            [
                "pdf.title-mismatch",
                "papers/b/paper.yaml:1",
                "title",
                "the first page of papers/b/paper.pdf does not show this title; it shows "
                "'Calibrated Risk Scores for Sepsis Onset'",
            ],
        ],
    },
    # Room for the stamps (real PDFs of every kind: tests/pdf/test_real_camera_ready.py).
    {
        "name": "a paper that prints its own page numbers",
        "pdf": {"a": "own-numbers"},
        "expected": [
            [
                "pdf.own-page-numbers",
                "papers/a/paper.yaml:1",
                "pdf",
                "papers/a/paper.pdf prints its own page numbers (page(s) 1-*); the volume's "
                "replace them",
            ],
        ],
    },
    {
        "name": "text that runs into the margins",
        "pdf": {"a": "no-margins"},
        "expected": [
            [
                "pdf.shrunk",
                "papers/a/paper.yaml:1",
                "pdf",
                "papers/a/paper.pdf: page(s) 1 run into the margin; they will be shrunk "
                "about their centre (down to 9*%) to make room for the stamps",
            ],
        ],
    },
    {
        "name": "a page with no room at all",
        "pdf": {"a": "no-room"},
        "expected": [
            [
                "pdf.no-room",
                "papers/a/paper.yaml:1",
                "pdf",
                "papers/a/paper.pdf: page(s) 2 have no free margin for the page number or the "
                "citation line, even with the text shrunk to 90%",
            ],
            [
                "pdf.page-size",
                "papers/a/paper.yaml:1",
                "pdf",
                "papers/a/paper.pdf: page 1 and 1 more are 85 x 125 mm; allowed: a4, letter",
            ],
        ],
    },
    {
        "name": "a truncated title",
        "edit": {"papers/a/paper.yaml": {"title: Calibrated Risk": "title: Risk"}},
        "expected": [
            [
                "pdf.title-incomplete",
                "papers/a/paper.yaml:1",
                "title",
                "the first page of papers/a/paper.pdf shows a longer title: "
                "'Calibrated Risk Scores for Sepsis Onset'",
            ],
        ],
    },
]


def _typeset(page: str, body: str) -> bytes:
    """A small real PDF typeset with typst (fonts embedded): paper a's title, then ``body``."""
    import typst

    source = (
        f'#set page({page})\n#set text(font: "New Computer Modern")\n'
        "#text(size: 17pt)[Calibrated Risk Scores for Sepsis Onset]\n\n" + body
    )
    pdf = typst.compile(
        source.encode(),
        format="pdf",
        font_paths=typst.Fonts(include_system_fonts=False, include_embedded_fonts=True),
    )
    assert isinstance(pdf, bytes)
    return pdf


_PROSE = "#lorem(400)\n\n" * 3


def _encrypted(pdf: bytes, user: str, owner: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _no_pages() -> bytes:
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def _replace_pdf(path: Path, kind: str) -> None:
    original = path.read_bytes() if path.exists() else b""
    replacements = {
        "missing": None,
        "garbage": b"<html><body>Not a PDF</body></html>",
        "truncated": original[: len(original) // 2],
        "user-password": _encrypted(original, "secret", "owner"),
        "owner-password": _encrypted(original, "", "owner"),
        "helvetica": text_pdf(["Recalibrating Sepsis Risk Models", "Jan van der Berg"]),
        "scan": image_pdf(),
        "long": text_pdf(["Auditing Dermatology Classifiers for Skin-Tone Bias"], pages=9),
        "no-pages": _no_pages(),
        # Its own page numbers at the foot of every page, as typst and LaTeX print them.
        "own-numbers": _typeset('paper: "a4", numbering: "1"', _PROSE),
        # Text up to 5 mm from every edge: no margin for the citation on page 1 (the next
        # page ends half-way: its head goes to its foot instead).
        "no-margins": _typeset('paper: "a4", margin: 5mm', _PROSE),
        # Two small pages (85 x 125 mm) of ink from edge to edge: no room even shrunk to 90%.
        "no-room": _typeset(
            "width: 85mm, height: 125mm, margin: 0pt, fill: black", "#pagebreak()\nend"
        ),
    }
    if kind.startswith("same-as-"):  # another paper's PDF, copied byte for byte
        replacements[kind] = (
            path.parent.parent / kind.removeprefix("same-as-") / "paper.pdf"
        ).read_bytes()
    data = replacements[kind]
    if data is None:
        path.unlink()
    else:
        path.write_bytes(data)


def _plant(project: Path, case: dict[str, Any]) -> None:
    for name, replacements in case.get("edit", {}).items():
        edit(project / name, replacements)
    for name, (pattern, replacement) in case.get("sub", {}).items():
        path = project / name
        text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"))
        assert count == 1, f"{pattern!r} not in {name}"
        path.write_text(text, encoding="utf-8")
    for paper, kind in case.get("pdf", {}).items():
        _replace_pdf(project / "papers" / paper / "paper.pdf", kind)
    for old, new in case.get("rename", {}).items():
        (project / old).rename(project / new)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_planted_fault_is_reported(complete_workshop: Path, case: dict[str, Any]) -> None:
    """This test ensures that each planted fault is reported exactly, and nothing else is."""
    _plant(complete_workshop, case)
    _, problems = check_project(complete_workshop, pdfs=case.get("pdfs", True))
    expected = case["expected"]
    # Three of the workshop's five authors and editors have no ORCID iD: that one note is in
    # every run, and is asserted only by the cases about it.
    if not any(want[0] == "people.missing-orcid" for want in expected):
        problems = [p for p in problems if p.code != "people.missing-orcid"]
    found = [[p.code, p.location(), p.field, p.message] for p in problems]
    assert len(found) == len(expected), found
    for got, want in zip(found, expected, strict=True):
        assert got[:3] == want[:3], found
        pattern = ".*".join(re.escape(part) for part in want[3].split("*"))
        assert re.fullmatch(pattern, got[3]), got[3]


def test_the_complete_workshop_is_clean(complete_workshop: Path) -> None:
    """This test ensures that a correct project (typeset PDFs included) has no problem at all,
    only the note that three of its authors have no ORCID iD (a fact, not a fault)."""
    volume, problems = check_project(complete_workshop)
    assert volume is not None
    assert [(p.code, p.severity) for p in problems] == [("people.missing-orcid", Severity.NOTE)]


def test_every_check_has_a_failing_case() -> None:
    """This test ensures that every content check in the catalogue is exercised by a fault case."""
    planted = {want[0] for case in CASES for want in case["expected"]}
    content_codes = {c for c in CODES if c.split(".")[0] in ("metadata", "people", "text", "pdf")}
    assert content_codes - planted == set()
    assert planted - set(CODES) == set()  # a project.* code a check reports may be planted too


def test_strict_turns_warnings_into_failures(complete_workshop: Path) -> None:
    """This test ensures that warnings fail a run only under --strict, and notes never do."""
    edit(complete_workshop / "papers/b/paper.yaml", {"keywords: [fairness, dermatology]\n": ""})
    _, problems = check_project(complete_workshop)
    assert [p.severity for p in problems] == [Severity.WARNING, Severity.NOTE]
    assert failing(problems, strict=False) == []
    assert failing(problems, strict=True) == problems[:1]


def test_a_latex_warning_proposes_the_corrected_fragments(workshop: Path) -> None:
    """This test ensures that a text.latex warning about a long text names, for each fragment
    with one reading, the Unicode to write (not the text's first characters), and that a short
    text gets its whole corrected self."""
    edit(
        workshop / "papers/b/paper.yaml",
        {
            "title: Auditing Dermatology": "title: Auditing {Dermatology}",
            "  audit four public": "  audit {“}four{”} public classifiers by 3.1 {\\}% and an AI "
            "model{’}s \\foo{x} cost",
        },
    )
    _, problems = check_project(workshop, pdfs=False)
    hints = {p.field: p.hint for p in problems if p.code == "text.latex"}
    assert hints == {
        "title": "Write plain Unicode: 'Auditing Dermatology Classifiers for Skin-Tone Bias'.",
        "abstract": "Write plain Unicode: '“four”' for '{“}four{”}'; '%' for '{\\}%'; 'model’s' "
        "for 'model{’}s'. Rewrite '\\foo{x}' by hand: no one reading.",
    }


def test_a_missing_pdf_points_at_the_pdf_the_folder_holds(complete_workshop: Path) -> None:
    """This test ensures that a camera-ready saved under its own name is pointed at: the hint
    says which PDF the folder holds and how to use it (the folder's attachments excluded), and
    says where to put it when the folder holds none."""

    def hint() -> str | None:
        _, problems = check_project(complete_workshop)
        return next(p.hint for p in problems if p.code == "pdf.missing")

    folder = complete_workshop / "papers/a"
    (folder / "paper.pdf").rename(folder / "camera-ready.pdf")
    assert hint() == (
        "The folder holds camera-ready.pdf: rename it to paper.pdf, or give "
        "'pdf: camera-ready.pdf' in paper.yaml."
    )
    (folder / "final.PDF").write_bytes(b"%PDF-1.4")
    assert hint() == (
        "The folder holds camera-ready.pdf, final.PDF: rename the camera-ready one to "
        "paper.pdf, or name it in paper.yaml ('pdf: ...')."
    )
    with (folder / "paper.yaml").open("a", encoding="utf-8") as handle:
        handle.write("attachments:\n  - file: ./camera-ready.pdf\n  - file: final.PDF\n")
    assert hint() == "Put the camera-ready PDF at papers/a/paper.pdf."
    # A name YAML would read otherwise is given quoted; a link is never proposed.
    (folder / "Paper #12: final.pdf").write_bytes(b"%PDF-1.4")
    (folder / "elsewhere.pdf").symlink_to(complete_workshop / "papers/b/paper.pdf")
    assert hint() == (
        "The folder holds Paper #12: final.pdf: rename it to paper.pdf, or give "
        "'pdf: \"Paper #12: final.pdf\"' in paper.yaml."
    )


def test_the_room_check_is_kept_while_the_pdf_and_the_options_are_unchanged(
    complete_workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a second check plans no paper whose PDF and ``pdf:`` options are
    unchanged (a rebuild after a title changed), reports exactly what the first one did, and
    plans again the paper whose PDF changed, and every paper when the options change."""
    from proceedings.checks import room

    _replace_pdf(complete_workshop / "papers/a/paper.pdf", "no-margins")
    _replace_pdf(complete_workshop / "papers/b/paper.pdf", "own-numbers")
    planned: list[str] = []
    plan_for = room.plan_for

    def counted(volume: Any, ink: Any) -> Any:
        planned.append(f"{len(ink)} pages")
        return plan_for(volume, ink)

    monkeypatch.setattr(room, "plan_for", counted)

    def messages() -> list[str]:
        room_codes = ("pdf.shrunk", "pdf.no-room", "pdf.own-page-numbers")
        _, problems = check_project(complete_workshop, paths=BuildPaths.of(complete_workshop))
        return [p.message for p in problems if p.code in room_codes]

    first = messages()
    assert [m.split(":")[0].split(" ")[0] for m in first] == [
        "papers/a/paper.pdf",
        "papers/b/paper.pdf",
    ]
    assert len(planned) == 2  # the archival papers a and b (c is not)
    planned.clear()
    assert messages() == first
    assert planned == []
    # A corrected PDF is planned again, alone.
    _replace_pdf(complete_workshop / "papers/a/paper.pdf", "own-numbers")
    assert messages()[0].startswith("papers/a/paper.pdf prints its own page numbers")
    assert len(planned) == 1
    planned.clear()
    # Other planning code (proceedings changed in place): every paper is planned again.
    monkeypatch.setattr(room, "_planner", lambda: "other code")
    assert messages()[1:] == first[1:]
    assert len(planned) == 2
    planned.clear()
    # A damaged entry is planned again, not trusted and not fatal.
    cache = complete_workshop / "_build/.cache/pdf-room.json"
    damaged = cache.read_text().replace("[[], [], [1, ", "[[], [], [Infinity, ", 1)
    cache.write_text(damaged, encoding="utf-8")
    assert "Infinity" in cache.read_text()
    messages()
    assert len(planned) == 1
    planned.clear()
    # Other options: every paper is planned again, for them.
    with (complete_workshop / "source/volume.yaml").open("a", encoding="utf-8") as handle:
        handle.write("pdf:\n  stamp: footer\n")
    messages()
    assert len(planned) == 2
