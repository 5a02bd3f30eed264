"""The PDF stage's cache: a rebuild reuses unchanged papers' work and gives exactly the bytes of
a clean build, whatever changed (a paper's PDF, its page count, a title) or broke (the cache)."""

from __future__ import annotations

import io
import os
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from conftest import edit
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject, StreamObject

from proceedings.buildpaths import BuildPaths
from proceedings.layout import compute_layout, read_page_counts
from proceedings.load import load_volume
from proceedings.pdf import segments, write_pdfs
from proceedings.pdf.cache import PdfCache, file_stamp
from proceedings.pdf.stamp import StampSheet, plan_stamps


@pytest.fixture
def project(demo_copy: Path) -> Path:
    return demo_copy


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The papers whose PDFs a build parses (the others' work comes from the cache)."""
    seen: list[str] = []
    real = segments.StampedPaper

    def spy(volume, layout, paper, data=None):  # type: ignore[no-untyped-def]
        seen.append(paper.id)
        return real(volume, layout, paper, data)

    monkeypatch.setattr(segments, "StampedPaper", spy)
    return seen


def build(project: Path, out: Path) -> dict[str, bytes]:
    """Build the PDFs of ``project`` into ``out/pdf`` (cache: ``out/.cache/pdf``); the files."""
    volume = load_volume(project)
    layout = compute_layout(volume, read_page_counts(volume))
    written, _ = write_pdfs(volume, layout, BuildPaths(out))
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in written}


def rebuild_matches_a_clean_build(project: Path, tmp_path: Path) -> dict[str, bytes]:
    """Rebuild with the cache of the first build; compare with a build from an empty cache."""
    again = build(project, tmp_path / "out")
    clean = build(project, tmp_path / "clean")
    assert again.keys() == clean.keys()
    for name in again:
        assert again[name] == clean[name], name
    return again


def revise(path: Path, drop_last_page: bool = False) -> None:
    """Change a paper's PDF: a rule drawn on its first page (or its last page dropped)."""
    writer = PdfWriter(clone_from=PdfReader(path))
    if drop_last_page:
        writer.remove_page(len(writer.pages) - 1)
    else:
        page = writer.pages[0]
        rule = StreamObject()
        rule.set_data(b"q 0.5 w 126 100 m 300 100 l S Q")
        contents = page.raw_get("/Contents")
        kept = (
            list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]
        )
        page[NameObject("/Contents")] = ArrayObject([*kept, writer._add_object(rule)])
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())


def test_a_rebuild_of_the_same_inputs_reuses_everything(
    project: Path, tmp_path: Path, parsed: list[str]
) -> None:
    """This test ensures that a second build parses no paper and writes the same bytes."""
    first = build(project, tmp_path / "out")
    assert parsed
    parsed.clear()
    assert build(project, tmp_path / "out") == first
    assert parsed == []
    assert sorted((tmp_path / "out" / ".cache" / "pdf").iterdir())  # typst, segments, papers


def test_a_changed_paper_pdf_is_the_only_work_redone(
    project: Path, tmp_path: Path, parsed: list[str]
) -> None:
    """This test ensures that after one paper's PDF changes (same page count) only that paper
    is parsed again, and the volume and per-paper PDFs equal a clean build's, byte for byte."""
    before = build(project, tmp_path / "out")
    revise(project / "papers" / "003" / "paper.pdf")
    parsed.clear()
    again = build(project, tmp_path / "out")
    assert parsed == ["003"]
    assert again["pdf/papers/003.pdf"] != before["pdf/papers/003.pdf"]
    assert again["pdf/papers/004.pdf"] == before["pdf/papers/004.pdf"]
    parsed.clear()
    rebuild_matches_a_clean_build(project, tmp_path)


def test_per_paper_pdfs_in_place_are_left_there(
    project: Path, tmp_path: Path, parsed: list[str]
) -> None:
    """This test ensures that a rebuild leaves in place, unwritten, each per-paper PDF whose
    key did not change, writes again one changed in the build folder by hand and one removed
    (from the cache, parsing nothing), and gives a clean build's bytes."""
    out = tmp_path / "out"
    build(project, out)
    papers = out / "pdf" / "papers"
    (papers / "002.pdf").write_bytes(b"%PDF-1.7 edited by hand")
    (papers / "005.pdf").unlink()
    revise(project / "papers" / "003" / "paper.pdf")
    before = {path.name: path.stat() for path in papers.glob("*.pdf")}
    parsed.clear()
    again = build(project, out)
    assert parsed == ["003"]
    for name, stat in before.items():
        now = (papers / name).stat()
        same = (now.st_ino, now.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)
        assert same == (name not in ("002.pdf", "003.pdf")), name
    clean = build(project, tmp_path / "clean")
    assert again == clean
    assert {path.name for path in papers.glob("*.pdf")} == {
        Path(name).name for name in clean if name.startswith("pdf/papers/")
    }


def test_a_changed_page_count_moves_the_later_papers(project: Path, tmp_path: Path) -> None:
    """This test ensures that a paper losing a page (every later page number moves) rebuilds
    to exactly the clean build's bytes."""
    before = build(project, tmp_path / "out")
    revise(project / "papers" / "002" / "paper.pdf", drop_last_page=True)
    again = rebuild_matches_a_clean_build(project, tmp_path)
    assert again["pdf/papers/005.pdf"] != before["pdf/papers/005.pdf"]  # new page numbers


def test_a_changed_title_reaches_stamps_contents_and_metadata(
    project: Path, tmp_path: Path
) -> None:
    """This test ensures that a changed title (running heads, contents, outline, metadata)
    rebuilds to exactly the clean build's bytes."""
    build(project, tmp_path / "out")
    paper = project / "papers" / "002" / "paper.yaml"
    title = next(
        line for line in paper.read_text(encoding="utf-8").splitlines() if "title:" in line
    )
    edit(paper, {title: title.replace("title: ", "title: Revisited ", 1)})
    again = rebuild_matches_a_clean_build(project, tmp_path)
    assert (
        b"Revisited" in PdfReader(io.BytesIO(again["pdf/papers/002.pdf"])).metadata.title.encode()
    )  # type: ignore[union-attr]


def test_a_damaged_cache_is_ignored(project: Path, tmp_path: Path, parsed: list[str]) -> None:
    """This test ensures that cache entries that are corrupted, truncated or empty are made
    again, giving the clean build's bytes."""
    build(project, tmp_path / "out")
    cache = tmp_path / "out" / ".cache" / "pdf"
    segment, paper, typst = (
        sorted((cache / kind).iterdir()) for kind in ("segments", "papers", "typst")
    )
    data = bytearray(segment[0].read_bytes())
    data[len(data) // 2] ^= 0xFF
    segment[0].write_bytes(bytes(data))
    paper[0].write_bytes(paper[0].read_bytes()[:100])
    typst[0].write_bytes(b"")
    parsed.clear()
    rebuild_matches_a_clean_build(project, tmp_path)
    assert len(parsed) >= 1


def test_a_cache_that_cannot_be_written_only_loses_its_work(project: Path, tmp_path: Path) -> None:
    """This test ensures that a cache folder that cannot be made (a file stands in its place)
    fails no build: the outputs are written, the clean build's bytes."""
    paths = BuildPaths(tmp_path / "out")
    paths.pdf_cache.parent.mkdir(parents=True)
    paths.pdf_cache.write_text("not a folder", encoding="utf-8")
    volume = load_volume(project)
    layout = compute_layout(volume, read_page_counts(volume))
    written, _ = write_pdfs(volume, layout, paths)
    clean = build(project, tmp_path / "clean")
    assert {p.relative_to(tmp_path / "out").as_posix(): p.read_bytes() for p in written} == clean


def test_an_entry_lost_to_another_build_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that when another build's prune removes an entry's temporary file
    before it is renamed (two builds at once), the commit goes on without it."""
    store = PdfCache(tmp_path / "cache")
    store.put("papers", "a" * 64, {}, b"first")
    store.put("papers", "b" * 64, {}, b"second")
    real = os.replace

    def pruned_first(src: str, dst: Path) -> None:
        if dst.name == "a" * 64:
            Path(src).unlink()  # what a concurrent prune does to an unused file
        real(src, dst)

    monkeypatch.setattr(os, "replace", pruned_first)
    store.commit()
    assert sorted(p.name for p in (tmp_path / "cache" / "papers").iterdir()) == ["b" * 64]
    assert store.get("papers", "b" * 64) == ({}, b"second")


def test_a_font_folder_changed_in_place_changes_its_stamp(tmp_path: Path) -> None:
    """This test ensures that a font file rewritten in its folder (same size, the folder's own
    time unchanged, as ``cp`` over it leaves it) changes the folder's stamp in cache keys:
    typst reads every font of the folders it is given."""
    folder = tmp_path / "fonts"
    (folder / "sub").mkdir(parents=True)
    font = folder / "sub" / "Font.ttc"
    font.write_bytes(b"one")
    before = file_stamp(folder)
    times = (folder.stat().st_atime_ns, folder.stat().st_mtime_ns)
    font.write_bytes(b"two")
    os.utime(font, ns=(1, 1))
    os.utime(folder, ns=times)
    assert file_stamp(folder) != before


def test_a_changed_title_restamps_only_the_pages_that_show_it(
    project: Path, tmp_path: Path, parsed: list[str]
) -> None:
    """This test ensures that after one paper's title changes (004: no short title, so its
    recto heads show the title), the stamps that change are exactly its recto heads, the
    only paper parsed and stamped again is 004, and the rebuild equals a clean build.

    The new word's letters are used before 004 already: typst numbers the glyphs of a font's
    subset in the order the sheet first uses them, so a letter first used after 004 would
    renumber the glyphs of the stamps in between, which are then (rightly) made again."""
    build(project, tmp_path / "out")
    before = _sheet(project)
    paper = project / "papers" / "004" / "paper.yaml"
    title = next(
        line for line in paper.read_text(encoding="utf-8").splitlines() if "title:" in line
    )
    edit(paper, {title: title.replace("title: ", "title: Towards ", 1)})
    after = _sheet(project)
    volume = load_volume(project)
    layout = compute_layout(volume, read_page_counts(volume))
    entry = layout.of("004")
    changed = {
        (paper_id, index)
        for paper_id in (e.paper for e in layout.papers)
        for index, (old, new) in enumerate(
            zip(before.stamp_keys(paper_id), after.stamp_keys(paper_id), strict=True)
        )
        if old != new
    }
    rectos = {("004", i) for i in range(1, entry.pages) if (entry.first + i) % 2 == 1}
    assert rectos
    assert changed == rectos
    parsed.clear()
    build(project, tmp_path / "out")
    assert parsed == ["004"]
    parsed.clear()
    rebuild_matches_a_clean_build(project, tmp_path)


def _sheet(project: Path) -> StampSheet:
    """The project's stamp sheet, typeset."""
    volume = load_volume(project)
    return StampSheet(
        plan_stamps(volume, compute_layout(volume, read_page_counts(volume)))
    ).typeset()


def test_the_pages_around_the_papers_are_typeset_while_few_are_made(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that the pages around the papers are typeset while the papers are
    made when the cache leaves too few to make for worker processes (a rebuild after one
    paper changed), and after them when more are to be made (the workers' memory need not
    meet typst's); the bytes are those of a clean build either way."""
    from proceedings.pdf import assemble

    order: list[str] = []
    real_render, real_stamp = assemble.render_matter, segments.stamp_paper

    def render(*args):  # type: ignore[no-untyped-def]
        order.append("matter")
        return real_render(*args)

    def stamp(volume, layout, sheet, job):  # type: ignore[no-untyped-def]
        order.append(job.paper.id)
        return real_stamp(volume, layout, sheet, job)

    def at_once(work, *args):  # type: ignore[no-untyped-def]
        """A thread's work done where it is begun: the order is then the test's to see."""
        done: Future[Any] = Future()
        done.set_result(work(*args))
        return done

    monkeypatch.setattr(assemble, "render_matter", render)
    monkeypatch.setattr(assemble, "_in_thread", at_once)
    monkeypatch.setattr(segments, "stamp_paper", stamp)
    monkeypatch.setattr(segments, "LOCAL_MOST", 2)  # the demo's 11 papers are "many"
    build(project, tmp_path / "out")
    assert order[-1] == "matter"  # after every paper
    order.clear()
    revise(project / "papers" / "003" / "paper.pdf")
    build(project, tmp_path / "out")
    assert order == ["matter", "003"]  # begun before the one paper to make
    rebuild_matches_a_clean_build(project, tmp_path)


def test_a_large_volumes_frame_collected_before_the_check_changes_nothing(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that collecting the volume's frame before the read-back check, as a
    volume of 500 papers or more does (for its memory), writes the same bytes."""
    import proceedings.pdf

    plain = build(project, tmp_path / "plain")
    monkeypatch.setattr(proceedings.pdf, "COLLECT_FROM", 0)
    assert build(project, tmp_path / "collected") == plain


def test_a_rebuild_takes_the_stamps_digests_from_the_cache(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that the stamps' digests, which every paper's key holds, are kept
    with their typeset chunk in the cache: a rebuild hashes no stamp again (it parsed every
    chunk to) and writes the same bytes."""
    from proceedings.pdf import stamp

    first = build(project, tmp_path / "out")
    hashed: list[int] = []
    real = stamp._Chunk._digest

    def counted(chunk: stamp._Chunk, index: int) -> bytes:
        hashed.append(index)
        return real(chunk, index)

    monkeypatch.setattr(stamp._Chunk, "_digest", counted)
    assert build(project, tmp_path / "out") == first
    assert hashed == []
