"""The PDF cache trusts no entry by its file name: an entry is used only under the kind and key
it was stored for, so entries swapped, copied or damaged on disk are made again, with a note."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from proceedings.buildpaths import BuildPaths
from proceedings.layout import compute_layout, read_page_counts
from proceedings.load import load_volume
from proceedings.pdf import write_pdfs
from proceedings.pdf.cache import PdfCache


def build(project: Path, out: Path) -> tuple[dict[str, bytes], list[str]]:
    """Build the PDFs of ``project`` into ``out/pdf`` (cache: ``out/.cache/pdf``); the files
    by name and the notes."""
    volume = load_volume(project)
    layout = compute_layout(volume, read_page_counts(volume))
    written, notes = write_pdfs(volume, layout, BuildPaths(out))
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in written}, notes


@pytest.fixture
def project(complete_workshop: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny workshop with its PDFs; builds dated by SOURCE_DATE_EPOCH."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    return complete_workshop


def swap(first: Path, second: Path) -> None:
    """Exchange two files' contents, as a bad restore or a hand 'fix' might."""
    spare = first.with_name("spare")
    first.rename(spare)
    second.rename(first)
    spare.rename(second)


@pytest.mark.parametrize("kind", ["papers", "segments"])
def test_swapped_entries_are_refused_and_made_again(
    project: Path, tmp_path: Path, kind: str
) -> None:
    """This test ensures that two cache entries swapped on disk are not used: the rebuild
    gives exactly the bytes of a clean build (no paper's pages under another paper's name)
    and a note names each refused entry."""
    first, notes = build(project, tmp_path / "out")
    assert not notes
    entries = sorted((tmp_path / "out" / ".cache" / "pdf" / kind).iterdir())
    assert len(entries) >= 2
    swap(entries[0], entries[1])
    for pdf in (tmp_path / "out" / "pdf" / "papers").glob("*.pdf"):
        pdf.unlink()  # else the rebuild leaves them in place and never looks in the cache
    again, notes = build(project, tmp_path / "out")
    clean, _ = build(project, tmp_path / "clean")
    assert again == clean == first
    for entry, other in ((entries[0], entries[1]), (entries[1], entries[0])):
        assert (
            f"cache entry {entry} holds the work of {kind}/{other.name}, not its own; "
            "it was not used and its work was done again"
        ) in notes
    assert len(notes) == 2
    # The work made again went back under its own key: the next build uses it, silently.
    assert build(project, tmp_path / "out") == (clean, [])


def test_an_entry_copied_to_another_key_or_kind_is_refused(tmp_path: Path) -> None:
    """This test ensures that an entry copied over another key's file, or into another kind's
    folder under its own key, is not found there, with a note naming it."""
    store = PdfCache(tmp_path)
    store.put("papers", "a" * 64, {}, b"paper a")
    store.put("papers", "b" * 64, {}, b"paper b")
    store.commit()
    shutil.copyfile(tmp_path / "papers" / ("a" * 64), tmp_path / "papers" / ("b" * 64))
    (tmp_path / "typst").mkdir()
    shutil.copyfile(tmp_path / "papers" / ("a" * 64), tmp_path / "typst" / ("a" * 64))
    reader = PdfCache(tmp_path)
    assert reader.get("papers", "a" * 64) == ({}, b"paper a")
    assert reader.get("papers", "b" * 64) is None
    assert reader.get("typst", "a" * 64) is None
    assert reader.notes == [
        f"cache entry {tmp_path / 'papers' / ('b' * 64)} holds the work of papers/{'a' * 64}, "
        "not its own; it was not used and its work was done again",
        f"cache entry {tmp_path / 'typst' / ('a' * 64)} holds the work of papers/{'a' * 64}, "
        "not its own; it was not used and its work was done again",
    ]


def test_a_damaged_entry_is_noted(tmp_path: Path) -> None:
    """This test ensures that an entry that fails its checksum is not used and is named in a
    note, while a missing entry (the usual miss) gives none."""
    store = PdfCache(tmp_path)
    store.put("segments", "c" * 64, {"pages": 1}, b"body")
    store.commit()
    path = tmp_path / "segments" / ("c" * 64)
    path.write_bytes(path.read_bytes()[:-1] + b"!")
    reader = PdfCache(tmp_path)
    assert reader.get("segments", "c" * 64) is None
    assert reader.get("segments", "d" * 64) is None
    assert reader.notes == [f"cache entry {path} is damaged; its work was done again"]
