"""Where the papers' pages have ink: measured in worker processes, taken by file, cached."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent import futures
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, require_shared

from proceedings.filecache import identity
from proceedings.pdfinfo import inspect_pdf
from proceedings.pdfink import (
    PARALLEL_FROM,
    InkQueue,
    Read,
    measure_pdf,
    measure_pdfs,
    read_pdf,
)


@pytest.fixture(scope="module")
def pdfs() -> list[Path]:
    """PMLR's real camera-ready PDFs: enough bytes for the queue to start its workers."""
    found = sorted(require_shared("pmlr-v225-ml4h2023", "pdfs").glob("*.pdf"))
    assert sum(p.stat().st_size for p in found) > PARALLEL_FROM * 50_000
    return found


def test_workers_measure_what_one_process_measures(pdfs: list[Path]) -> None:
    """This test ensures that the ink measured in the worker processes equals the ink
    measured in this process, file by file, in the order asked."""
    assert measure_pdfs(pdfs) == [measure_pdf(path) for path in pdfs]


def test_files_are_taken_in_any_order_and_measured_once(pdfs: list[Path], tmp_path: Path) -> None:
    """This test ensures that a file asked for twice (the same PDF for two papers) is measured
    once, and that files can be taken in any order, each its own ink."""
    paths = [pdfs[2], pdfs[0], pdfs[2], *pdfs[3:], pdfs[1]]
    with InkQueue(paths, tmp_path / "ink.json") as inks:
        taken = {path: inks.take(path) for path in reversed(paths)}
    assert taken == {path: measure_pdf(path) for path in set(paths)}
    entries = json.loads((tmp_path / "ink.json").read_text(encoding="utf-8"))["entries"]
    assert sorted(entries) == sorted(str(path.resolve()) for path in set(paths))


def test_closing_keeps_what_was_measured_but_not_taken(pdfs: list[Path], tmp_path: Path) -> None:
    """This test ensures that closing the queue keeps in the cache the ink the workers had
    finished, though nobody took it, so the next run does not measure it again."""
    cache = tmp_path / "ink.json"
    inks = InkQueue(pdfs, cache)
    futures.wait(inks._futures.values(), timeout=120)  # every file measured, none taken
    inks.close()
    entries = json.loads(cache.read_text(encoding="utf-8"))["entries"]
    assert sorted(entries) == sorted(str(path.resolve()) for path in pdfs)
    with InkQueue(pdfs, cache) as again:  # nothing left to measure: no worker started
        assert again._pool is None


def test_cached_ink_is_read_when_taken(pdfs: list[Path], tmp_path: Path) -> None:
    """This test ensures that cached ink is decoded only for the files taken (a rebuild takes
    few), that an entry in another layout is measured again when taken, and that a run which
    used every entry and measured nothing leaves the cache file as it was."""
    cache = tmp_path / "ink.json"
    measure_pdfs(pdfs[:3], cache)
    data = json.loads(cache.read_text(encoding="utf-8"))
    damaged = str(pdfs[1].resolve())
    data["entries"][damaged][2] = '{"pages":[{"size":"not a layout we wrote"}]}'
    cache.write_text(json.dumps(data), encoding="utf-8")
    with InkQueue(pdfs[:3], cache) as inks:
        assert inks._pool is None
        assert not inks._found
        assert inks.take(pdfs[1]) == measure_pdf(pdfs[1])
        assert list(inks._found) == [pdfs[1]]
        for path in (pdfs[0], pdfs[2]):
            assert inks.take(path) == measure_pdf(path)
    written = cache.read_bytes()
    stored = json.loads(json.loads(written)["entries"][damaged][2])
    assert isinstance(stored["pages"][0]["size"], list)
    os.utime(cache, ns=(0, 0))
    with InkQueue(pdfs[:3], cache) as inks:
        for path in pdfs[:3]:
            inks.take(path)
    assert cache.stat().st_mtime_ns == 0
    assert cache.read_bytes() == written


def test_a_script_without_a_main_guard_still_measures(pdfs: list[Path], tmp_path: Path) -> None:
    """This test ensures that a script that measures at import time, without
    ``if __name__ == "__main__"`` (so every spawned worker dies running it again), gets the
    ink all the same, measured in its own process, and exits cleanly."""
    script = tmp_path / "careless.py"
    script.write_text(
        "import json\nfrom pathlib import Path\n"
        "from proceedings.pdfink import measure_pdf, measure_pdfs\n"
        f"paths = [Path(p) for p in {[str(p) for p in pdfs]!r}]\n"
        "print(json.dumps(measure_pdfs(paths) == [measure_pdf(p) for p in paths]))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "true"


def test_facts_and_ink_are_read_in_one_pass(pdfs: list[Path], tmp_path: Path) -> None:
    """This test ensures that the queue the checks use, asked for the facts and the ink of the
    same files, gives from its worker processes the facts inspect_pdf reads and the ink
    measure_pdf measures, and keeps each in its cache."""
    ink_cache, facts_cache = tmp_path / "ink.json", tmp_path / "facts.json"
    with InkQueue(pdfs, ink_cache, facts=pdfs, facts_cache=facts_cache, nice=False) as queue:
        assert queue._pool is not None
        facts = [queue.facts(path) for path in pdfs]
        inks = [queue.take(path) for path in pdfs]
    assert facts == [inspect_pdf(path) for path in pdfs]
    assert inks == [measure_pdf(path) for path in pdfs]
    for cache in (ink_cache, facts_cache):
        entries = json.loads(cache.read_text(encoding="utf-8"))["entries"]
        assert sorted(entries) == sorted(str(path.resolve()) for path in pdfs)


def test_the_checks_read_while_they_wait(
    pdfs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that the queue the checks use starts one worker, not two, and that
    the checking process reads the files no worker has started while it waits, each file
    once, from the last one back, with the same results as reading them all here."""
    import proceedings.pdfinfo as pdfinfo

    here: list[Path] = []
    inspect = pdfinfo.inspect_pdf

    def counted(path: Path, *args: Any) -> Any:
        here.append(path)
        return inspect(path, *args)

    # Counted in this process only: the workers are spawned, with the real one.
    monkeypatch.setattr(pdfinfo, "inspect_pdf", counted)
    with InkQueue(pdfs, tmp_path / "ink.json", facts=pdfs, nice=False) as queue:
        assert queue._pool is not None
        assert queue._pool._max_workers == 1
        futures = dict(queue._futures)
        facts = [queue.facts(path) for path in pdfs]
        inks = [queue.take(path) for path in pdfs]
    monkeypatch.undo()
    assert here, "the checking process read nothing"
    assert sorted(here) == sorted(path for path, future in futures.items() if future.cancelled())
    assert pdfs[-1] in here  # read while waiting for the worker's first file
    assert pdfs[0] not in here
    assert facts == [inspect_pdf(path) for path in pdfs]
    assert inks == [measure_pdf(path) for path in pdfs]


def test_pdfium_opens_each_file_once(
    pdfs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that reading a file's facts and ink opens it in PDFium once (its
    first page's text and every page's ink come from the same document), and that a file
    PDFium never reaches (not a PDF) gives its facts' error and no ink."""
    import pypdfium2

    opened: list[object] = []
    real = pypdfium2.PdfDocument

    def counted(source: object, *args: object, **kwargs: object) -> object:
        opened.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(pypdfium2, "PdfDocument", counted)
    read = read_pdf(pdfs[0], facts=True, ink=True)
    assert len(opened) == 1
    assert read.facts == inspect_pdf(pdfs[0])
    assert read.ink is not None
    assert read.measured
    other = tmp_path / "paper.pdf"
    other.write_bytes(b"<html>not a PDF</html>")
    read = read_pdf(other, facts=True, ink=True)
    assert read.facts is not None
    assert read.facts.error is not None
    assert read.ink is None
    assert read.measured


def test_each_page_is_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that reading a file's facts and ink loads each page into PDFium once,
    and the first page's text layer once: the facts read the first page's text off the page
    the ink is measured on (loading a page costs nearly as much as rendering it), here on
    Springer's sample paper, whose first page has its own running head (its words are read)."""
    import pypdfium2.raw as raw

    pdf = require_shared("lncs-samplepaper", "samplepaper.pdf")
    pages: list[int] = []
    texts: list[object] = []
    load_page, load_text = raw.FPDF_LoadPage, raw.FPDFText_LoadPage

    def page_loaded(document: object, index: int) -> object:
        pages.append(index)
        return load_page(document, index)

    def text_loaded(page: object) -> object:
        texts.append(page)
        return load_text(page)

    monkeypatch.setattr(raw, "FPDF_LoadPage", page_loaded)
    monkeypatch.setattr(raw, "FPDFText_LoadPage", text_loaded)
    read = read_pdf(pdf, facts=True, ink=True)
    assert read.facts is not None
    assert read.ink is not None
    assert read.ink[0] is not None
    assert read.ink[0].words  # the first page's own words were read, off the facts' text page
    assert sorted(pages) == list(range(read.facts.page_count))
    assert len(texts) == sum(1 for page in read.ink if page is not None and page.words)
    monkeypatch.undo()
    assert read == Read(inspect_pdf(pdf), measure_pdf(pdf), measured=True, read_at=identity(pdf))


def test_what_was_not_asked_for_is_read_when_taken(tmp_path: Path) -> None:
    """This test ensures that a queue asked only for a file's facts still gives its ink (read
    then, in this process), and one asked only for its ink still gives its facts."""
    from pdfbuild import text_pdf

    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(text_pdf(["A Title"], pages=2))
    with InkQueue((), facts=[pdf]) as queue:
        assert queue.take(pdf) == measure_pdf(pdf)
    with InkQueue([pdf]) as queue:
        assert queue.facts(pdf) == inspect_pdf(pdf)


def test_a_pdf_replaced_while_the_check_reads_it_is_read_again(
    workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that what the check reads off a PDF replaced while it is read (a sync
    tool, an author's late upload) is cached for the file it read, not the new one: the next
    run reads the new file, and its facts, ink, page count and room are the new file's."""
    from pdfbuild import text_pdf

    from proceedings import pdfinfo, pdfink
    from proceedings.buildpaths import BuildPaths
    from proceedings.checks import check_volume, room
    from proceedings.layout import read_page_counts
    from proceedings.load import load_volume

    for paper, pages in (("a", 3), ("b", 2)):
        (workshop / f"papers/{paper}/paper.pdf").write_bytes(text_pdf(["x"], pages=pages))
    replaced = workshop / "papers/a/paper.pdf"
    volume, paths = load_volume(workshop), BuildPaths.of(workshop)
    inspect, measure = pdfinfo.inspect_pdf, pdfink.measure_pdf

    # The check reads paper a's facts (3 pages), then its ink (5 pages), and each time the
    # file is replaced just after it was read; 7 pages at the end.
    def inspect_then_replace(path: Path, also: Any = None) -> Any:
        found = inspect(path, also)
        if path == replaced:
            path.write_bytes(text_pdf(["x"], pages=5))
        return found

    def measure_then_replace(path: Path) -> Any:
        found = measure(path)
        if path == replaced:
            path.write_bytes(text_pdf(["x", "y"], pages=7))
        return found

    monkeypatch.setattr(pdfinfo, "inspect_pdf", inspect_then_replace)
    monkeypatch.setattr(pdfink, "measure_pdf", measure_then_replace)
    planned: list[int] = []
    plan_for = room.plan_for
    monkeypatch.setattr(room, "plan_for", lambda v, i: planned.append(len(i)) or plan_for(v, i))
    check_volume(volume, paths=paths)
    assert sorted(planned) == [2, 5]
    monkeypatch.setattr(pdfinfo, "inspect_pdf", inspect)
    monkeypatch.setattr(pdfink, "measure_pdf", measure)

    assert read_page_counts(volume, paths.page_counts)["a"] == 7
    with InkQueue([replaced], paths.pdf_ink, facts=[replaced], facts_cache=paths.pdf_facts) as q:
        assert q.facts(replaced).page_count == 7
        ink = q.take(replaced)
        assert ink is not None
        assert len(ink) == 7
    planned.clear()
    check_volume(volume, paths=paths)
    assert planned == [7]  # paper a's last file; b's room is the one kept
