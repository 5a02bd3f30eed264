"""Exports read back by a parser of their format: the consistency check of every build."""

from __future__ import annotations

from pathlib import Path

import pytest

from proceedings.errors import ProceedingsError
from proceedings.exports import ExportOptions, render_exports, write_exports
from proceedings.exports.readback import check_exports, pages_in
from proceedings.layout import Layout
from proceedings.model import Volume

FORMATS = ["bibtex", "csl-json", "ris", "crossref", "dblp"]


@pytest.fixture(scope="module")
def rendered(demo_volume: Volume, demo_layout: Layout) -> list[tuple[str, str, str]]:
    exports, _ = render_exports(demo_volume, demo_layout)
    return exports


def test_every_export_reads_back_as_the_layout(
    demo_volume: Volume, demo_layout: Layout, rendered: list[tuple[str, str, str]]
) -> None:
    """This test ensures that parsing each export finds every archival paper on its pages."""
    expected = {e.paper: (e.first, e.last) for e in demo_layout.papers}
    assert sorted({fmt for fmt, _, _ in rendered}) == sorted(FORMATS)
    for fmt, _, text in rendered:
        assert pages_in(fmt, text, demo_volume, ExportOptions.of(demo_volume)) == expected, fmt
    assert check_exports(demo_volume, demo_layout, rendered, ExportOptions.of(demo_volume)) == []


TAMPER = {
    "bibtex": ("pages = {3--14}", "pages = {3--15}"),
    "csl-json": ('"page": "3-14"', '"page": "3-15"'),
    "ris": ("EP  - 14\n", "EP  - 15\n"),
    "crossref": ("<last_page>14</last_page>", "<last_page>15</last_page>"),
    "dblp": ("<pages>3-14</pages>", "<pages>3-15</pages>"),
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_wrong_page_range_is_reported_naming_paper_and_file(
    demo_volume: Volume, demo_layout: Layout, rendered: list[tuple[str, str, str]], fmt: str
) -> None:
    """This test ensures that an export whose pages disagree with the layout is reported,
    naming the paper and the file; and one that lost a paper too."""
    old, new = TAMPER[fmt]
    name, text = next((n, t) for f, n, t in rendered if f == fmt)
    assert old in text
    problems = check_exports(
        demo_volume,
        demo_layout,
        [(fmt, name, text.replace(old, new))],
        ExportOptions.of(demo_volume),
    )
    assert problems == [f"paper 001: {name} gives pages 3-15, the layout 3-14"]


def test_write_exports_writes_nothing_when_an_export_disagrees(
    demo_volume: Volume, demo_layout: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a writer off by one page stops the build before any file."""
    import proceedings.exports.ris as ris

    original = ris.write_ris
    monkeypatch.setattr(
        ris, "write_ris", lambda *args: original(*args).replace("EP  - 14\n", "EP  - 13\n")
    )
    with pytest.raises(ProceedingsError, match=r"paper 001: tml4h2025\.ris gives pages 3-13"):
        write_exports(demo_volume, demo_layout, tmp_path / "export")
    assert not (tmp_path / "export").exists()
