"""The synthetic volume the benches measure: 200 papers x 12 pages, generated once into _bench/.

200 fictional LNCS papers of 12 pages (2,400 pages) in 4 parts, typeset with
:mod:`proceedings.samplepaper` and authored by the demo volume's people (``papers/*/paper.yaml``
and ``source/committees.yaml``, so some names need the CJK font). For variety, a quarter of
the papers are re-boxed to US Letter (the MediaBox of every page re-centred on the A4 text,
612 x 792 pt at a non-zero origin), a third carry a raster image (a different PNG on two
pages), and two fifths have a second embedded font on some pages (a DejaVu Sans Mono code
box or a Libertinus Serif note, typst's other built-in fonts), overlaid with pypdf. The
project is generated once into ``_bench/<key>/`` and reused while the key (generator
version, typst and pypdf versions) is unchanged, so only the first run typesets papers
(one to two minutes); ``rm -rf _bench`` forces a new one. Beside it, ``numbers.pdf``: a
2,400-page PDF of page numbers, which the qpdf baseline overlays.

Used by ``tools/bench.py``, ``tools/bench_site.py`` and ``tools/bench_scale.py`` (which
borrows the metadata generator and the papers' body pages).
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import random
import re
import shutil
import struct
import sys
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import typst
import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject, RectangleObject, StreamObject

from proceedings.load import load_volume
from proceedings.samplepaper import SamplePaper, render_sample_paper

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "_bench"  # not in _build/, which a build replaces whole

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


BOOK_FILES = ("committees.yaml", "conf.py", "preface.md")
"""The demo's ``source/`` files the generated volumes take as they are (``volume.yaml`` is
given their parts)."""


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


def write_metadata(
    project: Path,
    count: int = PAPERS,
    parts: tuple[tuple[str, str], ...] = PARTS,
    prefixes: tuple[str, ...] = ("",),
) -> None:
    """``source/`` (the demo's, with ``parts``) and ``count`` papers' ``papers/NNN/paper.yaml``
    (ids of at least three digits), spread over the parts in order. Titles are distinct, as in
    a real volume (verify finds a paper's outline entry by its title): a method, a task and a
    setting, after one of ``prefixes`` when more are needed than the 560 those make."""
    source = project / "source"
    source.mkdir(parents=True, exist_ok=True)
    # The book's files only: the workshop's (event.yaml, program.yaml, sponsors.yaml) name the
    # demo's papers, photos and logos, which the generated volume does not have.
    for name in BOOK_FILES:
        shutil.copyfile(ROOT / "source" / name, source / name)
    info = yaml.safe_load((ROOT / "source" / "volume.yaml").read_text(encoding="utf-8"))
    info["parts"] = [{"id": ident, "title": title} for ident, title in parts]
    _dump(source / "volume.yaml", info)
    people = _demo_people()
    abstracts = _demo_abstracts()
    titles = [
        f"{p}{m} for {t}{s}" for p in prefixes for m in _METHODS for t in _TASKS for s in _SETTINGS
    ]
    titles = random.Random("bench/titles").sample(titles, count)
    width = max(3, len(str(count)))
    for index, title in enumerate(titles):
        rng = random.Random(f"bench/{index}")
        abstract, keywords = abstracts[index % len(abstracts)]
        authors = rng.sample(people, rng.choice((1, 2, 3, 3, 4, 4, 5, 6)))
        paper = {
            "title": title,
            "authors": authors,
            "abstract": abstract,
            "keywords": keywords,
            "part": parts[index * len(parts) // count][0],
            "order": index + 1,
        }
        _dump(project / "papers" / f"{index + 1:0{width}d}" / "paper.yaml", paper)


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
    make_in_pool(
        _make_paper,
        jobs,
        f"typesetting {len(jobs)} synthetic papers",
        f"in {cache.relative_to(ROOT)}",
        chunksize=4,
        every=25,
    )
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


def revise(path: Path, original: bytes, revision: int) -> None:
    """A late correction of one paper: its first page's content changed (a rule under the
    text block, as long as ``revision`` says), its page count kept; ``path`` replaced (not
    written through: it may be a link to the generated project's file)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(original)))
    page = writer.pages[0]
    rule = StreamObject()
    rule.set_data(b"q 0.5 w 126 100 m %d 100 l S Q" % (130 + 10 * revision))
    contents = page.raw_get("/Contents")
    kept = list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]
    page[NameObject("/Contents")] = ArrayObject([*kept, writer._add_object(rule)])
    out = io.BytesIO()
    writer.write(out)
    replace_file(path, out.getvalue())


def replace_file(path: Path, data: bytes) -> None:
    """Give ``path`` new bytes in a new file, so that a hard link to the old one keeps them."""
    temp = path.with_name(path.name + ".tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def link_copy(project: Path, target: Path) -> Path:
    """A copy of ``project`` at ``target`` whose files are hard links (instant, no space),
    for runs that edit their inputs: they replace a file (:func:`replace_file`), never write
    through it, so the generated project is never changed."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(project, target, copy_function=os.link, ignore=shutil.ignore_patterns("_build"))
    return target


def make_in_pool(
    worker: Callable[[Any], None],
    jobs: list[Any],
    what: str,
    where: str,
    *,
    chunksize: int,
    every: int,
) -> None:
    """Run ``worker`` on every job in one process a core (spawned: typst in a forked child is
    not safe), saying how far it is every ``every`` jobs; nothing when there is no job (the
    project is cached)."""
    if not jobs:
        return
    workers = os.cpu_count() or 1
    print(f"{what} with {workers} processes (once; cached {where})", file=sys.stderr, flush=True)
    start = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for done, _ in enumerate(pool.map(worker, jobs, chunksize=chunksize), 1):
            if done % every == 0 or done == len(jobs):
                elapsed = time.perf_counter() - start
                print(f"  {done}/{len(jobs)} ({elapsed:.0f} s)", file=sys.stderr, flush=True)
