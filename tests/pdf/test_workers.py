"""Papers made in worker processes (:mod:`proceedings.pdf.workers`): the same bytes as made in
the build's own process, and a paper's error still one clear line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from test_cache import build

from proceedings.buildpaths import BuildPaths
from proceedings.errors import ProceedingsError
from proceedings.layout import compute_layout, read_page_counts
from proceedings.load import load_volume
from proceedings.pdf import workers, write_pdfs


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Workers that start from the second paper on, however small the volume; the number of
    workers each start gave."""
    monkeypatch.setattr(workers, "START_AFTER", 1)
    monkeypatch.setattr(workers, "WORTH", 0)
    starts: list[int] = []
    real = workers.PaperWorkers._start

    def spy(self: workers.PaperWorkers) -> object:
        starts.append(self._workers)
        return real(self)

    monkeypatch.setattr(workers.PaperWorkers, "_start", spy)
    return starts


def test_the_workers_make_the_bytes_the_build_makes_alone(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[int]
) -> None:
    apart = build(demo_copy, tmp_path / "apart")
    assert started == [2]  # the demo's papers but the first were made in two workers
    monkeypatch.setattr(workers, "START_AFTER", 10_000)
    here = build(demo_copy, tmp_path / "here")
    assert len(here) == 12  # the volume and its 11 papers
    assert apart.keys() == here.keys()
    for name, data in here.items():
        assert apart[name] == data, name


def test_a_papers_error_in_a_worker_names_the_paper_and_writes_nothing(
    demo_copy: Path, tmp_path: Path, started: list[int]
) -> None:
    volume = load_volume(demo_copy)
    layout = compute_layout(volume, read_page_counts(volume))
    # The last paper's PDF loses a page after the layout counted them: its worker stops.
    last = volume.archival_papers[-1]
    source = PdfReader(last.pdf_path)
    shorter = PdfWriter()
    for page in source.pages[:-1]:
        shorter.add_page(page)
    with last.pdf_path.open("wb") as handle:
        shorter.write(handle)
    out = tmp_path / "out"
    with pytest.raises(ProceedingsError) as caught:
        write_pdfs(volume, layout, BuildPaths(out))
    assert started == [2]
    assert caught.value.paper == last.id
    message = caught.value.format_message()
    assert message.startswith(
        f"{last.display_pdf}: paper {last.id}: the PDF has {len(source.pages) - 1} pages"
    )
    assert "\n" not in message
    assert not (out / "pdf").exists() or not any((out / "pdf").rglob("*.pdf"))


def test_a_front_matter_error_while_papers_are_stamped_leaves_nothing_behind(
    demo_copy: Path, tmp_path: Path
) -> None:
    """The pages around the papers are typeset in a thread while the papers are stamped: its
    error is the build's, and nothing it or the papers wrote stays, in the outputs or the
    cache of work."""
    preface = demo_copy / "source" / "preface.md"
    preface.write_text(preface.read_text() + "\n![A figure](figs/missing.png)\n")
    out = tmp_path / "out"
    volume = load_volume(demo_copy)
    layout = compute_layout(volume, read_page_counts(volume))
    with pytest.raises(ProceedingsError, match=r"figs/missing\.png"):
        write_pdfs(volume, layout, BuildPaths(out))
    left = [path for path in out.rglob("*") if path.is_file()] if out.exists() else []
    # The ink measured stays: a fact of the papers' files, whatever the build made of them.
    assert [path.relative_to(out).as_posix() for path in left] == [".cache/pdf-ink.json"]
