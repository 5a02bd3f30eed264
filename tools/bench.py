"""Benchmark the PDF stage on a synthetic volume of 200 papers x 12 pages, against qpdf (issue 4).

Usage: ``make bench``, or ``python tools/bench.py [--repeat N] [--check]``.

The volume
    200 fictional LNCS papers of 12 pages (2,400 pages) in 4 parts, typeset with
    :mod:`proceedings.samplepaper` and authored by the demo volume's people (``papers/*/paper.yaml``
    and ``source/committees.yaml``, so some names need the CJK font). For variety, a quarter of
    the papers are re-boxed to US Letter (the MediaBox of every page re-centred on the A4 text,
    612 x 792 pt at a non-zero origin), a third carry a raster image (a different PNG on two
    pages), and two fifths have a second embedded font on some pages (a DejaVu Sans Mono code
    box or a Libertinus Serif note, typst's other built-in fonts), overlaid with pypdf. The
    project is generated once into ``_bench/<key>/`` and reused while the key (generator
    version, typst and pypdf versions) is unchanged, so only the first run typesets papers
    (one to two minutes); ``rm -rf _bench`` forces a new one.

What is measured
    Each round runs two builds, each in a fresh process as a real build would run (so typst's
    font loading is paid once, as it is by ``proceedings build``, and no run inherits another's
    heap), both measured stage by stage:

    * the volume alone: load + layout, front matter, part pages, author index (typst), then
      ``build_pdfs(..., papers=False)`` (merge, stamps, outline, labels, links);
    * the whole PDF stage: the same, then ``build_pdfs(...)`` with the 200 per-paper PDFs, then
      :func:`~proceedings.pdf.verify.verify`, then storing the cache entries the build made
      (a first build: the cache, ``_bench/pdf-cache/``, is emptied before it).

    Each build writes its files to ``_bench/out/`` inside its timing, since qpdf's time
    includes writing too. The baseline is the same merge plus a page-number overlay done by the
    ``qpdf`` command line: ``qpdf --empty --pages <200 PDFs> -- merged.pdf``, then
    ``qpdf merged.pdf --overlay numbers.pdf -- numbered.pdf``, where ``numbers.pdf`` is a
    2,400-page PDF of page numbers made once with typst; only the two qpdf commands are timed.
    ``--repeat`` rounds are run (default 3; about 25 s each) and every row shows its fastest
    round. Last, the rebuild after a late correction: one paper's PDF is changed for real (a
    rule drawn on its first page, its page count kept; a different rule each round, and the
    original restored at the end) and the whole PDF stage runs again with the cache the last
    full build left, ``--repeat`` times. ``[F]`` is the full PDF stage from load to the cache
    stored, ``[R]`` the same for the rebuild.

How to read it
    ``wall s`` is elapsed time (``time.perf_counter``); ``cpu s`` is CPU time of all threads
    (typst typesets the stamps in a thread while pypdf parses, so cpu can exceed wall). The
    typesetting rows show the faster of the two builds (the same work); ``[A]`` and ``[B]``
    add up the stages of one build each, so ``[B] - [A]`` is what the per-paper PDFs cost.

    ``peak MiB`` is the peak resident memory during that stage: before each stage the bench
    resets the kernel's high-water mark (``/proc/self/clear_refs``) and reads ``VmHWM`` after
    it, so every stage gets its own peak in one process, at no cost (tracemalloc would slow
    the run several times over and miss memory outside Python, such as typst's). A stage's
    peak includes what the process still holds from the stages before it, as in a real build.
    Where the reset is not allowed the column falls back to ``ru_maxrss``, the process's peak
    so far (the report says so). qpdf's peaks are ``ru_maxrss`` of each qpdf process, from
    ``wait4`` in a small launcher (a child's high-water mark starts from its parent's size).

    Both builds measure where every paper page has ink (PDFium, in two worker processes,
    :mod:`proceedings.pdfink`) as a clean build does; ``[A']`` and ``[B']`` are the same two
    builds with the ink known already (``check`` measured it, or an earlier build: the
    ``pdf-ink.json`` cache), which is what every build after the first one pays.

    The targets: ``[A]`` within 2x the qpdf baseline ``[Q]`` and ``[B]`` within 3x, the ink
    measured (issue 13); ``[A']`` within 1.5x and ``[B']`` within 2x; the highest
    peak of any build stage in any run under 1 GiB; no problem found by ``verify`` (which is
    in neither ratio); and ``[R]`` under a quarter of ``[F]`` (issue 4). ``--check`` exits
    with status 1 when a target fails; timings vary with the machine and its load, so
    ``make bench`` only reports.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import astuple, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

import typst
import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject, RectangleObject, StreamObject

from proceedings.layout import Layout, compute_layout, read_page_counts
from proceedings.load import load_volume
from proceedings.model import Volume
from proceedings.pdf.assemble import PdfOutputs, build_pdfs
from proceedings.pdf.cache import PdfCache
from proceedings.pdf.frontmatter import (
    render_author_index,
    render_front_matter,
    render_part_page,
)
from proceedings.pdf.typeset import Typeset
from proceedings.pdf.verify import verify
from proceedings.pdfink import InkQueue, measure_pdfs
from proceedings.samplepaper import SamplePaper, render_sample_paper

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "_bench"  # not in _build/, which a build replaces whole
OUT = BENCH / "out"
CACHE = BENCH / "pdf-cache"  # the PDF stage's cache: emptied by each full build, then reused

PAPERS = 200
PAGES = 12
# Bump when the generated project changes (metadata, variety, images): the cache is keyed by it.
GENERATOR = "2"
PARTS = (
    ("explainability", "Explainability and Interpretability"),
    ("robustness", "Robustness and Generalization"),
    ("fairness-privacy", "Fairness and Privacy"),
    ("clinical-deployment", "Clinical Deployment and Evaluation"),
)
INK = BENCH / "pdf-ink.json"  # the papers' ink, for the runs that find it measured already
TARGET_VOLUME = 2.0  # volume alone / qpdf baseline, the ink measured too (issue 13)
TARGET_WHOLE = 3.0  # whole PDF stage / qpdf baseline, the ink measured too
TARGET_KNOWN_VOLUME = 1.5  # the same with the ink known (check measured it, or a build before)
TARGET_KNOWN_WHOLE = 2.0
TARGET_PEAK_MIB = 1024.0
TARGET_REBUILD = 0.25  # rebuild after one paper's PDF changes / the full PDF stage

A4 = (595.2756, 841.8898)
LETTER = (612.0, 792.0)
IMAGE_SIZE = (320, 240)  # pixels of each raster image

# Titles are drawn from these, so the contents and the outline see realistic, varied lengths.
_METHODS = (
    "Calibrated Concept Bottlenecks",
    "Conformal Prediction Sets",
    "Counterfactual Explanations",
    "Test-Time Adaptation",
    "Differentially Private Federated Training",
    "Prototype Networks",
    "Risk Extrapolation",
    "Stable Feature Attributions",
    "Label-Shift Detection",
    "Group-Wise Recalibration",
)
_TASKS = (
    "Chest Radiograph Triage",
    "ICU Mortality Prediction",
    "Sepsis Onset Forecasting",
    "Diabetic Retinopathy Grading",
    "Histopathology Tumour Detection",
    "Length-of-Stay Forecasting",
    "Acute Kidney Injury Prediction",
    "Dermatology Image Classification",
)
_SETTINGS = (
    "",
    " under Temporal Drift",
    " across Five Hospitals",
    ": A Multi-Site Audit",
    " with Clinicians in the Loop",
    " from Electronic Health Records",
    ": Lessons from a Prospective Silent Trial",
)

_OVERLAY_TYP = """\
#let data = json(bytes(sys.inputs.data))
#set document(date: none)
#set page(width: 210mm, height: 297mm, margin: 0pt)
#set text(font: "New Computer Modern", size: 8pt)
#for (i, item) in data.pages.enumerate() {
  if i > 0 { pagebreak() }
  // The bottom margin, under the 122 x 193 mm llncs text block.
  place(top + left, dx: 44mm, dy: 249mm, block(width: 122mm, {
    if item.kind == "image" {
      grid(columns: (auto, 1fr), gutter: 4mm,
        image(item.file, height: 32mm),
        align(bottom, [*Supplementary Fig. #item.number.* #item.caption]))
    } else if item.kind == "code" {
      block(fill: luma(240), inset: 4pt, width: 100%,
        text(font: "DejaVu Sans Mono", size: 7pt, raw(block: true, item.text)))
    } else if item.kind == "note" {
      text(font: "Libertinus Serif", size: 8.5pt, style: "italic", item.text)
    }
  }))
}
"""

_NUMBERS_TYP = """\
#set document(date: none)
#set page(width: 210mm, height: 297mm, margin: 0pt)
#set text(font: "New Computer Modern", size: 10pt)
#for n in range(1, int(sys.inputs.count) + 1) {
  if n > 1 { pagebreak() }
  place(bottom + center, dy: -14mm, str(n))
}
"""

_CODE = """\
def recalibrate(scores, labels, groups):
    return {g: isotonic(scores[groups == g], labels[groups == g])
            for g in np.unique(groups)}"""

_NOTE = (
    "Preprint note: the data, experiments and results of this paper are fictional; it was "
    "generated to benchmark the proceedings tool."
)


# --------------------------------------------------------------------------------------------
# the synthetic project


@dataclass(frozen=True)
class Variety:
    """How one generated paper departs from a plain A4 sample paper."""

    letter: bool  # re-boxed to US Letter
    images: bool  # a raster image on pages 3 and 8
    code: bool  # a DejaVu Sans Mono code box on page 5
    note: bool  # a Libertinus Serif note on pages 1 and 10

    @classmethod
    def of(cls, index: int) -> Variety:
        return cls(index % 4 == 3, index % 3 == 1, index % 5 == 2, index % 5 == 4)


def cache_key() -> str:
    """The cache's folder name: what the generated bytes depend on."""
    return f"v{GENERATOR}-{PAPERS}x{PAGES}-typst{version('typst')}-pypdf{version('pypdf')}"


def _demo_people() -> list[dict[str, Any]]:
    """The demo volume's authors and committee members, once each, as paper.yaml entries."""
    people: dict[tuple[str, str], dict[str, Any]] = {}
    found: list[dict[str, Any]] = []
    for path in sorted((ROOT / "papers").glob("*/paper.yaml")):
        found += yaml.safe_load(path.read_text(encoding="utf-8"))["authors"]
    committees = yaml.safe_load((ROOT / "source" / "committees.yaml").read_text(encoding="utf-8"))
    for committee in committees["committees"]:
        found += committee["people"]
    for person in found:
        entry = {k: v for k, v in person.items() if k not in ("corresponding", "email")}
        people.setdefault((entry.get("given", ""), entry["family"]), entry)
    return list(people.values())


def _demo_abstracts() -> list[tuple[str, list[str]]]:
    """The demo papers' abstracts and keywords, to reuse."""
    out = []
    for path in sorted((ROOT / "papers").glob("*/paper.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append((data["abstract"], list(data.get("keywords", []))))
    return out


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def write_metadata(project: Path) -> None:
    """``source/`` (the demo's, with four parts) and every ``papers/NNN/paper.yaml``."""
    source = project / "source"
    source.mkdir(parents=True, exist_ok=True)
    for path in (ROOT / "source").iterdir():
        if path.is_file() and path.name != "volume.yaml":
            shutil.copyfile(path, source / path.name)
    info = yaml.safe_load((ROOT / "source" / "volume.yaml").read_text(encoding="utf-8"))
    info["parts"] = [{"id": ident, "title": title} for ident, title in PARTS]
    _dump(source / "volume.yaml", info)
    people = _demo_people()
    abstracts = _demo_abstracts()
    # Distinct titles, as in a real volume (verify finds a paper's outline entry by its title).
    titles = [f"{m} for {t}{s}" for m in _METHODS for t in _TASKS for s in _SETTINGS]
    titles = random.Random("bench/titles").sample(titles, PAPERS)
    for index, title in enumerate(titles):
        rng = random.Random(f"bench/{index}")
        abstract, keywords = abstracts[index % len(abstracts)]
        authors = rng.sample(people, rng.choice((1, 2, 3, 3, 4, 4, 5, 6)))
        paper = {
            "title": title,
            "authors": authors,
            "abstract": abstract,
            "keywords": keywords,
            "part": PARTS[index * len(PARTS) // PAPERS][0],
            "order": index + 1,
        }
        _dump(project / "papers" / f"{index + 1:03d}" / "paper.yaml", paper)


def png(width: int, height: int, seed: str) -> bytes:
    """An RGB PNG that compresses like a photograph (smooth stain-like blobs plus noise)."""
    rng = random.Random(seed)
    waves = [(rng.uniform(0.01, 0.06), rng.uniform(0.01, 0.06), rng.uniform(0, 6)) for _ in "abc"]
    raw = bytearray()
    for y in range(height):
        noise = rng.randbytes(width)
        raw.append(0)  # PNG filter: none
        for x in range(width):
            s = sum(((x * fx + y * fy + phase) % 6.283) for fx, fy, phase in waves) / 18.85
            n = noise[x] >> 3
            raw += bytes((200 + n - int(60 * s), 120 + n - int(70 * s), 190 + n - int(30 * s)))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )


def _overlay(variety: Variety, paper_id: str, assets: Path) -> dict[int, dict[str, Any]]:
    """The items to overlay, by 0-based page; writes the paper's PNG files to ``assets``."""
    items: dict[int, dict[str, Any]] = {}
    if variety.images:
        for number, page in enumerate((2, 7), 1):
            name = f"{paper_id}-{number}.png"
            (assets / name).write_bytes(png(*IMAGE_SIZE, seed=f"bench/{paper_id}/{number}"))
            caption = "A tile of a fictional whole-slide image, as scanned (raster, 320 x 240)."
            items[page] = {"kind": "image", "file": name, "number": number, "caption": caption}
    if variety.code:
        items[4] = {"kind": "code", "text": _CODE}
    if variety.note:
        items[0] = items[9] = {"kind": "note", "text": _NOTE}
    return items


def vary(pdf: bytes, variety: Variety, paper_id: str, assets: Path) -> bytes:
    """The sample paper with its overlays merged in and, for Letter, its pages re-boxed."""
    items = _overlay(variety, paper_id, assets)
    if not items and not variety.letter:
        return pdf
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    if items:
        pages = [items.get(i, {"kind": "none"}) for i in range(max(items) + 1)]
        overlay = typst.compile(
            str(assets / "overlay.typ"),  # written by generate()
            root=str(assets),
            ignore_system_fonts=True,
            sys_inputs={"data": json.dumps({"pages": pages})},
        )
        assert isinstance(overlay, bytes)
        extra = PdfReader(io.BytesIO(overlay))
        for index in items:
            writer.pages[index].merge_page(extra.pages[index])
            writer.pages[index].compress_content_streams()
    if variety.letter:  # the same content, seen through a US Letter box centred on it
        dx, dy = (LETTER[0] - A4[0]) / 2, (A4[1] - LETTER[1]) / 2
        box = RectangleObject((-dx, dy, A4[0] + dx, dy + LETTER[1]))
        for page in writer.pages:
            for name in ("/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
                if name in page:
                    del page[NameObject(name)]
            page.mediabox = box
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _make_paper(job: tuple[SamplePaper, Variety, str, str]) -> None:
    """Worker: typeset one paper, vary it, write it atomically."""
    spec, variety, target, assets = job
    path = Path(target)
    pdf = vary(render_sample_paper(spec), variety, path.parent.name, Path(assets))
    temp = path.with_suffix(".tmp")
    temp.write_bytes(pdf)
    os.replace(temp, path)


def generate(cache: Path) -> None:
    """Write the project under ``cache`` and typeset the papers still missing; then numbers.pdf."""
    project, assets = cache / "project", cache / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "overlay.typ").write_text(_OVERLAY_TYP, encoding="utf-8")
    write_metadata(project)
    volume = load_volume(project)
    jobs = [
        (
            SamplePaper.of(paper.info, pages=PAGES, seed=f"bench/{paper.id}"),
            Variety.of(index),
            str(paper.pdf_path),
            str(assets),
        )
        for index, paper in enumerate(volume.papers)
        if not paper.pdf_path.is_file()
    ]
    if jobs:
        workers = os.cpu_count() or 1
        print(
            f"typesetting {len(jobs)} synthetic papers with {workers} processes (once; cached "
            f"in {cache.relative_to(ROOT)})",
            file=sys.stderr,
            flush=True,
        )
        start = time.perf_counter()
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for done, _ in enumerate(pool.map(_make_paper, jobs, chunksize=4), 1):
                if done % 25 == 0 or done == len(jobs):
                    elapsed = time.perf_counter() - start
                    print(f"  {done}/{len(jobs)} ({elapsed:.0f} s)", file=sys.stderr, flush=True)
    numbers = cache / "numbers.pdf"
    if not numbers.is_file():
        pdf = typst.compile(
            _NUMBERS_TYP.encode(),
            ignore_system_fonts=True,
            sys_inputs={"count": str(PAPERS * PAGES)},
        )
        assert isinstance(pdf, bytes)
        numbers.write_bytes(pdf)
    (cache / "complete").write_text(cache_key() + "\n", encoding="utf-8")


def prepare_cache() -> Path:
    """The cache folder for the current key, generated if needed; older keys are removed."""
    key = cache_key()
    cache = BENCH / key
    for old in BENCH.glob("v*"):
        if old.is_dir() and old.name != key:
            shutil.rmtree(old)
    if not (cache / "complete").is_file():
        generate(cache)
    return cache


# --------------------------------------------------------------------------------------------
# measuring


@dataclass(frozen=True)
class Sample:
    """One measured stage: elapsed and CPU seconds, peak resident memory (MiB)."""

    wall: float
    cpu: float
    peak: float | None


def _status_kib(field: str) -> int:
    text = Path("/proc/self/status").read_text(encoding="ascii")
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def _reset_peak() -> bool:
    """Reset the process's peak resident memory (VmHWM) to its current size, if allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


T = TypeVar("T")


def measure(action: Callable[[], T]) -> tuple[T, Sample]:
    """Run ``action`` alone (after a collection) and measure it; see the module docstring."""
    gc.collect()
    resets = _reset_peak()
    cpu, wall = time.process_time(), time.perf_counter()
    result = action()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if resets:
        peak = _status_kib("VmHWM") / 1024
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result, Sample(wall, cpu, peak)


def combine(samples: Iterable[Sample]) -> Sample:
    """Stages run one after another: times add up, the peak is the highest."""
    items = list(samples)
    peaks = [s.peak for s in items if s.peak is not None]
    return Sample(
        sum(s.wall for s in items), sum(s.cpu for s in items), max(peaks) if peaks else None
    )


# A child's ru_maxrss starts from the resident size of the process that forked it (Linux carries
# the high-water mark over exec), so qpdf is started by this small launcher, not by the bench.
_LAUNCHER = """\
import json, os, subprocess, sys, tempfile, time
with tempfile.TemporaryFile() as errors:
    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=errors)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    errors.seek(0)
    message = errors.read().decode(errors="replace")[-2000:]
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps([proc.returncode, wall, cpu, usage.ru_maxrss / 1024, message]))
"""


def run_tool(args: list[str], cwd: Path) -> Sample:
    """Run a command: its elapsed time and, from ``wait4``, its CPU time and peak memory."""
    launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(cwd), *args]
    result = subprocess.run(launcher, capture_output=True, text=True, check=True)
    code, wall, cpu, peak, message = json.loads(result.stdout)
    if code not in (0, 3):  # 3: qpdf succeeded with warnings
        raise SystemExit(f"{args[0]} failed ({code}): {message.strip()}")
    return Sample(wall, cpu, peak)


def qpdf_baseline(project: Path, numbers: Path, files: list[str]) -> dict[str, Sample]:
    """The same merge and page-number overlay by the qpdf command line."""
    merged, numbered = OUT / "qpdf-merged.pdf", OUT / "qpdf-numbered.pdf"
    merge = ["qpdf", "--empty", "--pages", *files, "--", str(merged)]
    overlay = ["qpdf", str(merged), "--overlay", str(numbers), "--", str(numbered)]
    return {"qpdf merge": run_tool(merge, project), "qpdf overlay": run_tool(overlay, project)}


# --------------------------------------------------------------------------------------------
# the build's stages, each round in a fresh process (``--child``)


@dataclass(frozen=True)
class Typesets:
    front: Typeset
    parts: dict[str, Typeset]
    back: Typeset


def _load(project: Path) -> tuple[Volume, Layout]:
    volume = load_volume(project)
    return volume, compute_layout(volume, read_page_counts(volume))


def _parts(volume: Volume, layout: Layout, cache: PdfCache) -> dict[str, Typeset]:
    return {
        entry.part: render_part_page(volume, entry.part, number, cache)
        for number, entry in enumerate(layout.parts, 1)
    }


def _build(
    volume: Volume,
    layout: Layout,
    typesets: Typesets,
    cache: PdfCache,
    *,
    papers: bool,
    inks: InkQueue,
) -> PdfOutputs:
    """``build_pdfs``, then its files written to ``_bench/out/``."""
    front, parts, back = typesets.front, typesets.parts, typesets.back
    out = build_pdfs(volume, layout, front, parts, back, papers=papers, cache=cache, inks=inks)
    (OUT / "volume.pdf").write_bytes(out.volume)
    for paper_id, pdf in out.papers.items():
        (OUT / "papers" / f"{paper_id}.pdf").write_bytes(pdf)
    return out


def stages(project: Path, mode: str) -> dict[str, Any]:
    """A build's PDF stages, in order, each measured: load + layout, front matter, part pages,
    author index, then ``build_pdfs`` without (``assembly``) or with (``build``, then
    ``verify`` and storing the cache entries made, ``cache``) the per-paper PDFs. ``mode``:
    ``volume`` (no cache), ``whole`` (an empty cache: a first build) or ``rebuild`` (the cache
    the last ``whole`` left, updated). Run in a fresh process (:func:`child`)."""
    samples: dict[str, Sample] = {}
    facts = mode.endswith("-facts")  # the ink measured by an earlier run, kept in INK
    mode = mode.removesuffix("-facts")
    papers = mode != "volume"
    if mode == "whole":
        shutil.rmtree(CACHE, ignore_errors=True)
    cache = PdfCache(CACHE if papers else None)
    (volume, layout), samples["load"] = measure(lambda: _load(project))
    if facts:
        measure_pdfs([paper.pdf_path for paper in volume.archival_papers], INK)
    # As write_pdfs does: the ink is measured in other processes from here on.
    ink = INK if facts or mode == "rebuild" else None
    inks = InkQueue([paper.pdf_path for paper in volume.archival_papers], ink)
    front, samples["front"] = measure(lambda: render_front_matter(volume, layout, cache))
    parts, samples["parts"] = measure(lambda: _parts(volume, layout, cache))
    back, samples["index"] = measure(lambda: render_author_index(volume, layout, cache))
    typesets = Typesets(front, parts, back)
    name = "build" if papers else "assembly"
    with inks:
        out, samples[name] = measure(
            lambda: _build(volume, layout, typesets, cache, papers=papers, inks=inks)
        )
    problems: list[str] = []
    if papers:
        problems, samples["verify"] = measure(
            lambda: verify(volume, layout, out.volume, out.front_pages, out.reused)
        )
        _, samples["cache"] = measure(cache.commit)
    return {
        "samples": {name: astuple(sample) for name, sample in samples.items()},
        "problems": problems,
        "notes": list(out.notes),
        "front_pages": out.front_pages,
        "reused": len(out.reused),
        "files": [str(p.pdf_path.relative_to(project)) for p in volume.archival_papers],
    }


def child(mode: str, project: Path) -> dict[str, Any]:
    """:func:`stages` in a fresh process (``mode``: ``volume``, ``whole`` or ``rebuild``), as a
    real build runs: typst's font loading and caches are paid once per process, the peaks
    start from a clean heap, and no run inherits another's memory."""
    command = [sys.executable, __file__, "--child", mode, str(project)]
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    data: dict[str, Any] = json.loads(result.stdout)
    data["samples"] = {name: Sample(*values) for name, values in data["samples"].items()}
    return data


def revise(path: Path, original: bytes, revision: int) -> None:
    """A late correction of one paper: its first page's content changed (a rule under the
    text block, as long as ``revision`` says), its page count kept; written in place."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(original)))
    page = writer.pages[0]
    rule = StreamObject()
    rule.set_data(b"q 0.5 w 126 100 m %d 100 l S Q" % (130 + 10 * revision))
    contents = page.raw_get("/Contents")
    kept = list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]
    page[NameObject("/Contents")] = ArrayObject([*kept, writer._add_object(rule)])
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------------------------
# report


def _mib(path: Path) -> float:
    return path.stat().st_size / 2**20


def describe(project: Path, cache: Path) -> str:
    """One paragraph on the generated volume."""
    varieties = [Variety.of(i) for i in range(PAPERS)]
    pdfs = sorted(project.glob("papers/*/paper.pdf"))
    cjk = sum(
        1
        for path in project.glob("papers/*/paper.yaml")
        if re.search(r"[\u4e00-\u9fff]", path.read_text(encoding="utf-8"))
    )
    sizes = sum(p.stat().st_size for p in pdfs) / 2**20
    return (
        f"Synthetic volume: {len(pdfs)} papers x {PAGES} pages = {len(pdfs) * PAGES} pages in "
        f"{len(PARTS)} parts, {sizes:.1f} MiB of paper PDFs ({cache.relative_to(ROOT)}).\n"
        f"  {sum(v.letter for v in varieties)} on US Letter (re-boxed), the rest A4; "
        f"{sum(v.images for v in varieties)} with raster images (2 pages each); "
        f"{sum(v.code for v in varieties)} with DejaVu Sans Mono, "
        f"{sum(v.note for v in varieties)} with Libertinus Serif, {cjk} with a CJK name "
        "(Noto Serif CJK); all in New Computer Modern."
    )


def _row(label: str, sample: Sample | None, note: str = "") -> str:
    if sample is None:
        return f"{label:<46}{'-':>8}"
    peak = f"{sample.peak:8.0f}" if sample.peak is not None else f"{'-':>8}"
    return f"{label:<46}{sample.wall:8.2f}{sample.cpu:8.2f}{peak}  {note}".rstrip()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds; best shown (default 3)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PROJECT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, project_dir = args.child
        (OUT / "papers").mkdir(parents=True, exist_ok=True)
        print(json.dumps(stages(Path(project_dir), mode)))
        return 0
    if shutil.which("qpdf") is None:
        raise SystemExit("the baseline needs qpdf (Debian: apt-get install qpdf)")
    started = time.perf_counter()
    cache = prepare_cache()
    project, numbers = cache / "project", cache / "numbers.pdf"
    (OUT / "papers").mkdir(parents=True, exist_ok=True)

    typesetting = ("load", "front", "parts", "index")
    rounds: list[dict[str, Sample]] = []
    last: dict[str, Any] = {}
    for number in range(1, max(1, args.repeat) + 1):
        start = time.perf_counter()
        alone = child("volume", project)["samples"]
        last = child("whole", project)
        samples: dict[str, Sample] = last["samples"]
        # The same two builds with the ink already measured (by check, or an earlier build).
        known = child("volume-facts", project)["samples"]
        samples["known alone"] = combine(known[n] for n in (*typesetting[1:], "assembly"))
        known = child("whole-facts", project)["samples"]
        samples["known whole"] = combine(known[n] for n in (*typesetting[1:], "build"))
        # The typesetting rows: the same work in both builds; keep the faster.
        for name in typesetting:
            samples[name] = min(samples[name], alone[name], key=lambda s: s.wall)
        samples["assembly"] = alone["assembly"]
        samples["volume alone"] = combine(alone[name] for name in (*typesetting[1:], "assembly"))
        samples["whole"] = combine(last["samples"][name] for name in (*typesetting[1:], "build"))
        samples.update(qpdf_baseline(project, numbers, last["files"]))
        samples["qpdf"] = combine([samples["qpdf merge"], samples["qpdf overlay"]])
        rounds.append(samples)
        elapsed = time.perf_counter() - start
        print(f"round {number}/{args.repeat}: {elapsed:.1f} s", file=sys.stderr, flush=True)
    # The full PDF stage as a first build runs it, and again after one paper's PDF changes.
    stage_names = ("load", "front", "parts", "index", "build", "verify", "cache")
    touched = sorted(project.glob("papers/*/paper.pdf"))[PAPERS // 2]
    original = touched.read_bytes()
    rebuilds: list[tuple[Sample, int]] = []
    try:
        for revision in range(1, max(1, args.repeat) + 1):
            revise(touched, original, revision)
            again = child("rebuild", project)
            rebuilds.append((combine(again["samples"][n] for n in stage_names), again["reused"]))
            if again["problems"]:
                raise SystemExit(f"the rebuild fails its check: {again['problems'][:3]}")
    finally:
        touched.write_bytes(original)
    full = min((combine(r[n] for n in stage_names) for r in rounds), key=lambda s: s.wall)
    rebuilt, reused = min(rebuilds, key=lambda r: r[0].wall)

    def best(name: str) -> Sample:
        return min((r[name] for r in rounds), key=lambda s: s.wall)

    volume_alone, whole, qpdf = best("volume alone"), best("whole"), best("qpdf")
    known_alone, known_whole = best("known alone"), best("known whole")
    per_paper = whole.wall - volume_alone.wall
    build_stages = (*typesetting, "assembly", "build", "verify", "cache")
    peak = max(r[name].peak or 0.0 for r in rounds for name in build_stages)
    problems: list[str] = last["problems"]
    notes: list[str] = last["notes"]

    print()
    print(describe(project, cache))
    print(
        f"Volume: {_mib(OUT / 'volume.pdf'):.1f} MiB with {last['front_pages']} front-matter "
        f"pages; qpdf's: {_mib(OUT / 'qpdf-numbered.pdf'):.1f} MiB. Best of {len(rounds)} "
        "round(s) per row, each round in a fresh process."
    )
    if not _reset_peak():
        print("Peaks are ru_maxrss, the process's peak so far (VmHWM cannot be reset here).")
    print()
    print(f"{'stage':<46}{'wall s':>8}{'cpu s':>8}{'peak MiB':>9}")
    print("-" * 71)
    print(_row("load + layout", best("load")))
    print(_row("front matter (typst)", best("front")))
    print(_row("part pages (typst)", best("parts")))
    print(_row("author index (typst)", best("index")))
    print(_row("volume assembly (build_pdfs, papers=False)", best("assembly")))
    print(_row("= volume alone: typesetting + assembly", volume_alone, "[A]"))
    print(_row("volume + 200 per-paper PDFs (build_pdfs)", best("build")))
    print(_row("= whole PDF stage: typesetting + build_pdfs", whole, "[B]"))
    print(f"{'  the 200 per-paper PDFs: [B] - [A]':<46}{per_paper:8.2f}")
    print(_row("verify (in neither ratio)", best("verify")))
    print(_row("storing the cache entries made", best("cache")))
    print(_row("qpdf --empty --pages (200 files)", best("qpdf merge")))
    print(_row("qpdf --overlay numbers.pdf", best("qpdf overlay")))
    print(_row("= qpdf baseline", qpdf, "[Q]"))
    print(_row("volume alone, the ink known from a run before", known_alone, "[A']"))
    print(_row("whole PDF stage, the ink known", known_whole, "[B']"))
    print()
    ratio_a, ratio_b = volume_alone.wall / qpdf.wall, whole.wall / qpdf.wall
    known_a, known_b = known_alone.wall / qpdf.wall, known_whole.wall / qpdf.wall
    ratio_r = rebuilt.wall / full.wall
    targets = [
        ("volume alone / qpdf  [A]/[Q]", f"{ratio_a:.2f}x", f"<= {TARGET_VOLUME}x",
         ratio_a <= TARGET_VOLUME),
        ("whole PDF stage / qpdf  [B]/[Q]", f"{ratio_b:.2f}x", f"<= {TARGET_WHOLE}x",
         ratio_b <= TARGET_WHOLE),
        ("ink known: [A']/[Q]", f"{known_a:.2f}x", f"<= {TARGET_KNOWN_VOLUME}x",
         known_a <= TARGET_KNOWN_VOLUME),
        ("ink known: [B']/[Q]", f"{known_b:.2f}x", f"<= {TARGET_KNOWN_WHOLE}x",
         known_b <= TARGET_KNOWN_WHOLE),
        ("peak memory (any stage, any run)", f"{peak:.0f} MiB", f"< {TARGET_PEAK_MIB:.0f} MiB",
         peak < TARGET_PEAK_MIB),
        ("verify", f"{len(problems)} problems", "0 problems", not problems),
        ("rebuild / full PDF stage  [R]/[F]", f"{ratio_r:.2f}", f"< {TARGET_REBUILD}",
         ratio_r < TARGET_REBUILD),
    ]  # fmt: skip
    print(f"{'target':<34}{'result':>12}  {'wanted':<14}")
    for label, result, wanted, ok in targets:
        print(f"{label:<34}{result:>12}  {wanted:<14}{'PASS' if ok else 'FAIL'}")
    for problem in problems[:5]:
        print(f"  {problem}")
    if notes:
        print(f"Build notes: {len(notes)}, e.g. {notes[0]}")
    print()
    print(_row("full PDF stage: load to verify, cache stored", full, "[F]"))
    print(
        _row(
            f"rebuild after {touched.relative_to(project)} changed",
            rebuilt,
            f"[R], {reused} of {PAPERS} segments reused",
        )
    )
    print()
    print(f"Total {time.perf_counter() - started:.0f} s.")
    failed = not all(ok for *_, ok in targets)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
