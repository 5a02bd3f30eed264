"""The layout stage: the one place where page numbers are decided."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import WORKSHOP, edit

from proceedings.errors import ProceedingsError
from proceedings.layout import PaperPages, PartPage, compute_layout, format_layout, read_page_counts
from proceedings.load import load_volume


def _layout(project: Path, counts: dict[str, int]):
    volume = load_volume(project)
    return volume, compute_layout(volume, counts)


def test_continuous_numbering_skips_non_archival_papers() -> None:
    """This test ensures that archival papers are numbered on from page 1 in volume order."""
    _, layout = _layout(WORKSHOP, {"a": 12, "b": 5})
    assert layout.papers == (PaperPages("a", 12, 1, 12), PaperPages("b", 5, 13, 17))
    assert layout.parts == ()
    assert (layout.first_page, layout.last_page, layout.backmatter_first) == (1, 17, 18)
    assert layout.of("b").first == 13
    with pytest.raises(KeyError):
        layout.of("c")  # non-archival: not in the volume


def test_start_page_and_odd_starts(workshop: Path) -> None:
    """This test ensures that odd_page_starts counts a blank page before a paper on an even page."""
    edit(
        workshop / "source/volume.yaml",
        {"  start_page: 1": "  start_page: 5\n  odd_page_starts: true"},
    )
    _, layout = _layout(workshop, {"a": 11, "b": 5})
    assert layout.papers == (PaperPages("a", 11, 5, 15), PaperPages("b", 5, 17, 21, True))
    assert layout.backmatter_first == 23  # the index opens on a recto too


def test_part_pages_match_the_lncs_reference(workshop: Path) -> None:
    """This test ensures that part pages open on a recto with a blank verso, as llncs does.

    The reference volume (shared/reference/lncs-frontmatter) has Part I on page 1, papers of 4
    and 3 pages on 3-6 and 7-9, Part II on page 11 and the next paper on page 13.
    """
    edit(
        workshop / "source/volume.yaml", {"  start_page: 1": "  start_page: 1\n  part_pages: true"}
    )
    edit(workshop / "papers/b/paper.yaml", {"part: studies": "part: methods\norder: 2"})
    edit(workshop / "papers/c/paper.yaml", {"archival: false": "archival: true"})
    _, layout = _layout(workshop, {"a": 4, "b": 3, "c": 2})
    assert layout.parts == (PartPage("methods", 1), PartPage("studies", 11, blank_before=True))
    assert layout.papers == (
        PaperPages("a", 4, 3, 6),
        PaperPages("b", 3, 7, 9),
        PaperPages("c", 2, 13, 14),
    )
    assert layout.backmatter_first == 15


def test_format_layout_table() -> None:
    """This test ensures that 'proceedings layout' prints id, pages, first and last per paper."""
    volume, layout = _layout(WORKSHOP, {"a": 12, "b": 5})
    assert format_layout(volume, layout).splitlines() == [
        "id  pages  first   last",
        "# Methods",
        "a      12      1     12",
        "# Studies",
        "b       5     13     17",
        "2 papers, pages 1-17; back matter from page 18",
    ]


def test_unreadable_pdf_names_the_paper(workshop: Path) -> None:
    """This test ensures that a PDF that cannot be counted stops the layout naming the paper."""
    volume = load_volume(workshop)
    (workshop / "papers/a/paper.pdf").write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(
        ProceedingsError, match=r"papers/a/paper.pdf: paper a: the PDF cannot be read"
    ):
        read_page_counts(volume)


def test_missing_pdf_names_the_paper(workshop: Path) -> None:
    """This test ensures that a missing PDF stops the layout with the path to put it at."""
    volume = load_volume(workshop)
    with pytest.raises(ProceedingsError, match=r"papers/a/paper.pdf: paper a: the PDF is missing"):
        read_page_counts(volume)


def test_parts_are_numbered_once_for_every_output(workshop: Path) -> None:
    """This test ensures that only parts with archival papers get numbers, in volume order."""
    edit(
        workshop / "source/volume.yaml",
        {"parts:\n": "parts:\n  - id: invited\n    title: Invited\n"},
    )
    edit(workshop / "papers/c/paper.yaml", {"part: studies": "part: invited"})
    _, layout = _layout(workshop, {"a": 4, "b": 3})
    assert layout.numbered_parts == ("methods", "studies")
    assert [layout.part_number(p) for p in ("invited", "methods", "studies")] == [None, 1, 2]


def test_unknown_part_and_empty_pdf_stop_the_layout(workshop: Path) -> None:
    """This test ensures that the layout refuses what check would reject, naming the paper."""
    volume = load_volume(workshop)
    with pytest.raises(
        ProceedingsError, match=r"papers/a/paper.pdf: paper a: the PDF has no pages"
    ):
        compute_layout(volume, {"a": 0, "b": 3})
    edit(workshop / "papers/a/paper.yaml", {"part: methods": "part: mehtods"})
    with pytest.raises(ProceedingsError, match=r"part: paper a: unknown part 'mehtods'"):
        compute_layout(load_volume(workshop), {"a": 4, "b": 3})


def test_roman_numerals() -> None:
    """This test ensures that Roman numerals are right beyond the few a volume usually has."""
    from proceedings.layout import roman

    assert [roman(n) for n in (1, 4, 9, 14, 40, 49, 90, 400, 1999)] == [
        "I", "IV", "IX", "XIV", "XL", "XLIX", "XC", "CD", "MCMXCIX"
    ]  # fmt: skip


def test_page_counts_are_cached_by_size_and_time(workshop: Path) -> None:
    """This test ensures that an unchanged PDF is not read again when a cache is given, and
    that a changed PDF is counted afresh."""
    from pdfbuild import text_pdf

    cache = workshop / "_build" / ".cache" / "page-counts.json"
    for paper, pages in (("a", 3), ("b", 2)):
        (workshop / f"papers/{paper}/paper.pdf").write_bytes(text_pdf(["x"], pages=pages))
    volume = load_volume(workshop)
    assert read_page_counts(volume, cache) == {"a": 3, "b": 2}
    assert cache.is_file()
    stamp = cache.stat().st_mtime_ns
    # A cached count is trusted: a file made unreadable but keeping its size and time is not
    # opened again (the PDF stage's read-back would catch a real change).
    pdf = workshop / "papers/a/paper.pdf"
    info = pdf.stat()
    pdf.write_bytes(b"x" * info.st_size)
    os.utime(pdf, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert read_page_counts(volume, cache)["a"] == 3
    assert cache.stat().st_mtime_ns == stamp  # nothing new: not rewritten
    pdf.write_bytes(text_pdf(["x"], pages=5))  # a real change: new size or time
    assert read_page_counts(volume, cache)["a"] == 5
    cache.write_text("not json", encoding="utf-8")  # a broken cache is ignored
    assert read_page_counts(volume, cache) == {"a": 5, "b": 2}


def test_the_check_counts_the_pages_for_the_layout(
    workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that the pages the check counted while it read each PDF are the
    layout's: a build after the check opens no PDF again to count its pages."""
    from pdfbuild import text_pdf

    from proceedings import layout
    from proceedings.buildpaths import BuildPaths
    from proceedings.checks import check_volume

    for paper, pages in (("a", 3), ("b", 2)):
        (workshop / f"papers/{paper}/paper.pdf").write_bytes(text_pdf(["x"], pages=pages))
    volume = load_volume(workshop)
    paths = BuildPaths.of(workshop)
    check_volume(volume, paths=paths)

    def opened(*args: object) -> int:
        raise AssertionError("a PDF was opened again to count its pages")

    monkeypatch.setattr(layout, "_count_pages", opened)
    assert read_page_counts(volume, paths.page_counts) == {"a": 3, "b": 2}
