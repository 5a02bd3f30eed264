"""Benchmark what users run on a synthetic volume of 200 papers x 12 pages, against qpdf.

Usage: ``make bench``, or ``python tools/bench.py [--repeat N] [--check]``.

The volume is :mod:`bench_project`'s (2,400 pages in 4 parts, A4 and Letter, several fonts,
images; generated once into ``_bench/``, one to two minutes). Each round (``--repeat``,
default 3; about 90 s each) measures:

What users run (issue 17)
    Each command in a fresh process, the installed ``proceedings ... --timings`` (start-up,
    ``check`` and all), from a clean build folder, measured by
    :func:`bench_measure.run_command`: wall time; CPU time with the worker processes waited
    for; peak resident memory, ``ru_maxrss`` from ``wait4`` as ``time -v`` reports it (the
    largest process; the two ink workers' own memory is not added to the build's). Each run's
    ``--timings`` lines give its stages, printed under it.

    * ``[E]`` ``proceedings build`` from a clean build folder: check, exports, PDFs, site.
    * ``[T]`` ``proceedings build`` again after one paper's title changes (one word's case: the
      first page still shows the title, its running heads and the contents change).
    * ``[P]`` ``proceedings pdf`` from a clean build folder.
    * ``[R]`` ``proceedings pdf`` again after one paper's PDF changes: a late correction, a
      rule drawn on its first page, its page count kept.
    * ``[Q]`` the baseline, in the same round: the same merge and a page-number overlay by the
      ``qpdf`` command line, ``qpdf --empty --pages <200 PDFs> -- merged.pdf`` then ``qpdf
      merged.pdf --overlay numbers.pdf -- numbered.pdf`` (``numbers.pdf``: 2,400 pages of
      page numbers, made once with typst); two processes, measured alike.

    The runs edit a copy of the project made of hard links, made again each round, so the
    generated project never changes.

The PDF stage inside one process (issue 13)
    ``[A]`` the volume alone, ``[B]`` the whole PDF stage (volume and 200 per-paper PDFs), and
    ``[A']``, ``[B']`` the same with the papers' ink measured already: stage by stage, each
    build in a fresh process (:mod:`bench_stages`, which says why they stay there).

How to read it
    Every row is the median of the rounds (the highest peak); every ratio is the median of the
    rounds' own ratios, each against the qpdf run of its round, with their range; the targets
    are on wall time, and the same ratios of CPU time are shown beside them, steadier on a
    busy machine. ``cpu`` can exceed ``wall``: typst sets the stamps in a thread and the ink
    is measured in two processes. The load average is printed at the start and the end:
    other work on the machine slows every row, the ratios less.

Targets
    Issue 17: ``[E]`` within 8 s and under 600 MiB; ``[P]/[Q]`` within 3x; ``[T]/[E]`` within
    0.25. Issue 13: ``[A]/[Q]`` within 2x and ``[B]/[Q]`` within 3x, the ink measured;
    ``[A']/[Q]`` within 1.5x and ``[B']/[Q]`` within 2x; no problem found by ``verify``; and
    issue 4's rebuild after a late correction within a quarter of a full PDF stage, now read
    from the real runs: the ``pdf`` stage of ``[R]`` over that of ``[P]``. ``--check`` exits
    with status 1 when a target fails; timings vary with the machine and its load, so
    ``make bench`` only reports.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench_measure import (
    Run,
    Sample,
    combine,
    header,
    load_average,
    proceedings,
    row,
    run_command,
    spread,
    typical,
)
from bench_project import BENCH, PAPERS, describe, link_copy, prepare_cache, replace_file
from bench_project import revise as revise_pdf
from bench_stages import OUT, child

RUNS = BENCH / "runs"  # the build folders of the runs, emptied each round
TOUCHED = PAPERS // 2  # the paper whose title, then whose PDF, changes

TARGET_BUILD_S = 8.0  # [E], issue 17
TARGET_BUILD_MIB = 600.0
TARGET_PDF = 3.0  # [P]/[Q]
TARGET_TITLE = 0.25  # [T]/[E]
TARGET_VOLUME = 2.0  # [A]/[Q], issue 13
TARGET_WHOLE = 3.0  # [B]/[Q]
TARGET_KNOWN_VOLUME = 1.5  # [A']/[Q]
TARGET_KNOWN_WHOLE = 2.0  # [B']/[Q]
TARGET_REBUILD = 0.25  # the pdf stage of [R] / that of [P], issue 4

STAGE_NOTES = {
    "start-up": "interpreter, imports",
    "check": "load, check, layout",
    "staging": "links to the last build",
    "pdf": "ink, stamps, per-paper PDFs, verify",
    "exports": "",
    "site": "what is left of it, built beside",
    "swap": "the new build put in place",
}


@dataclass
class Round:
    """One round's measurements, by name."""

    runs: dict[str, Run]  # E, T, P, R: the commands users run
    samples: dict[str, Sample]  # qpdf and the in-process stages
    problems: list[str]
    notes: list[str]
    front_pages: int


def _title_changed(project: Path) -> None:
    """Change the case of one word of one paper's title: the first page still shows it (the
    title check folds case), and its running heads and contents entry change."""
    path = sorted(project.glob("papers/*/paper.yaml"))[TOUCHED]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    changed = lines[title].replace(" for ", " For ", 1)
    if changed == lines[title]:  # the rebuild would measure no change at all
        raise SystemExit(f"{path}: no ' for ' in the title line to change")
    lines[title] = changed
    replace_file(path, "".join(lines).encode())


def _qpdf(project: Path, numbers: Path, files: list[str]) -> dict[str, Sample]:
    """The same merge and page-number overlay by the qpdf command line."""
    merged, numbered = OUT / "qpdf-merged.pdf", OUT / "qpdf-numbered.pdf"
    merge = ["qpdf", "--empty", "--pages", *files, "--", str(merged)]
    overlay = ["qpdf", str(merged), "--overlay", str(numbers), "--", str(numbered)]
    ok = (0, 3)  # 3: qpdf succeeded with warnings
    return {
        "qpdf merge": run_command(merge, project, ok=ok).whole,
        "qpdf overlay": run_command(overlay, project, ok=ok).whole,
    }


def one_round(cached: Path, numbers: Path) -> Round:
    """What users run, the qpdf baseline, then the PDF stage in one process (module doc)."""
    project = link_copy(cached / "project", BENCH / "work" / "project")
    shutil.rmtree(RUNS, ignore_errors=True)
    built, pdfs = str(RUNS / "build"), str(RUNS / "pdf")
    runs: dict[str, Run] = {}
    runs["E"] = run_command(proceedings("build", "--timings", "-o", built), project)
    _title_changed(project)
    runs["T"] = run_command(proceedings("build", "--timings", "-o", built), project)
    runs["P"] = run_command(proceedings("pdf", "--timings", "-o", pdfs), project)
    pdf = sorted(project.glob("papers/*/paper.pdf"))[TOUCHED]
    files = [str(path.relative_to(project)) for path in sorted(project.glob("papers/*/paper.pdf"))]
    samples = _qpdf(project, numbers, files)
    revise_pdf(pdf, pdf.read_bytes(), 1)
    runs["R"] = run_command(proceedings("pdf", "--timings", "-o", pdfs), project)

    stages = cached / "project"  # the in-process builds read the generated project as it is
    volume = child("volume", stages)["samples"]
    whole = child("whole", stages)
    known_volume = child("volume-facts", stages)["samples"]
    known_whole = child("whole-facts", stages)["samples"]
    samples["load"] = min(whole["samples"]["load"], volume["load"], key=lambda s: s.wall)
    for name in ("build", "verify", "cache"):
        samples[name] = whole["samples"][name]
    samples["A"] = volume["assembly"]
    samples["B"] = whole["samples"]["build"]
    samples["A'"] = known_volume["assembly"]
    samples["B'"] = known_whole["build"]
    samples["Q"] = combine([samples["qpdf merge"], samples["qpdf overlay"]])
    return Round(runs, samples, whole["problems"], whole["notes"], whole["front_pages"])


# --------------------------------------------------------------------------------------------
# report


def _ratios(rounds: Sequence[Round], ratio: Callable[[Round], float]) -> tuple[float, str]:
    """The median of the rounds' own ratios, and the text showing it with its range."""
    median, low, high = spread([ratio(r) for r in rounds])
    shown = f"{median:.2f}" if len(rounds) == 1 else f"{median:.2f} ({low:.2f}-{high:.2f})"
    return median, shown


def _run(rounds: Sequence[Round], name: str) -> Sample:
    return typical([r.runs[name].whole for r in rounds])


def _stage(rounds: Sequence[Round], name: str, stage: str) -> Sample | None:
    found = [r.runs[name].stages[stage] for r in rounds if stage in r.runs[name].stages]
    return typical(found) if found else None


def _sample(rounds: Sequence[Round], name: str) -> Sample:
    return typical([r.samples[name] for r in rounds])


def _print_run(rounds: Sequence[Round], name: str, label: str) -> None:
    print(row(label, _run(rounds, name), f"[{name}]"))
    for stage, note in STAGE_NOTES.items():
        sample = _stage(rounds, name, stage)
        if sample is not None:
            print(row(f"  {stage}" + (f" ({note})" if note else ""), sample))


def report(rounds: Sequence[Round], cached: Path, loads: tuple[str, str]) -> bool:
    """Print the tables and the targets; True when every target is met."""
    project = cached / "project"
    touched = sorted(project.glob("papers/*"))[TOUCHED].relative_to(project)
    last = rounds[-1]
    print()
    print(describe(project, cached))
    volume = OUT / "volume.pdf"
    print(
        f"Volume: {volume.stat().st_size / 2**20:.1f} MiB with {last.front_pages} front-matter "
        f"pages; qpdf's: {(OUT / 'qpdf-numbered.pdf').stat().st_size / 2**20:.1f} MiB. "
        f"{len(rounds)} round(s): medians (peaks: the highest)."
    )
    print(f"Load average (1, 5, 15 min): {loads[0]} at the start, {loads[1]} at the end.")
    print()
    print(header("What users run (fresh process, clean build folder)"))
    _print_run(rounds, "E", "proceedings build, from clean")
    _print_run(rounds, "T", f"proceedings build, after {touched}'s title changes")
    _print_run(rounds, "P", "proceedings pdf, from clean")
    _print_run(rounds, "R", f"proceedings pdf, after {touched}/paper.pdf changes")
    print(row(f"qpdf --empty --pages ({PAPERS} files)", _sample(rounds, "qpdf merge")))
    print(row("qpdf --overlay numbers.pdf", _sample(rounds, "qpdf overlay")))
    print(row("= qpdf merge + overlay", _sample(rounds, "Q"), "[Q]"))
    print()
    print(header("The PDF stage in one process (issue 13)"))
    print(row("load + layout", _sample(rounds, "load")))
    print(row("volume alone: typesetting + assembly", _sample(rounds, "A"), "[A]"))
    print(row(f"whole PDF stage: + {PAPERS} per-paper PDFs", _sample(rounds, "B"), "[B]"))
    print(row("verify (in neither ratio)", _sample(rounds, "verify")))
    print(row("storing the cache entries made", _sample(rounds, "cache")))
    print(row("volume alone, the ink known from a run before", _sample(rounds, "A'"), "[A']"))
    print(row("whole PDF stage, the ink known", _sample(rounds, "B'"), "[B']"))
    print()

    build = _run(rounds, "E")
    problems = last.problems
    # name: (ratio of two Samples of a round, target); judged on wall time, shown with CPU too
    ratios: dict[str, tuple[str, Callable[[Round], tuple[Sample, Sample]], float | None]] = {
        "P": ("[P]/[Q] pdf from clean / qpdf", lambda r: (r.runs["P"].whole, r.samples["Q"]),
              TARGET_PDF),
        "T": ("[T]/[E] title rebuild / clean", lambda r: (r.runs["T"].whole, r.runs["E"].whole),
              TARGET_TITLE),
        "A": ("[A]/[Q] volume alone / qpdf", lambda r: (r.samples["A"], r.samples["Q"]),
              TARGET_VOLUME),
        "B": ("[B]/[Q] whole PDF stage / qpdf", lambda r: (r.samples["B"], r.samples["Q"]),
              TARGET_WHOLE),
        "A'": ("[A']/[Q] the ink known", lambda r: (r.samples["A'"], r.samples["Q"]),
               TARGET_KNOWN_VOLUME),
        "B'": ("[B']/[Q] the ink known", lambda r: (r.samples["B'"], r.samples["Q"]),
               TARGET_KNOWN_WHOLE),
        "R": ("pdf stage of [R] / of [P]",
              lambda r: (r.runs["R"].stages["pdf"], r.runs["P"].stages["pdf"]), TARGET_REBUILD),
        "info": ("pdf stage of [P] / [Q] (no target)",
                 lambda r: (r.runs["P"].stages["pdf"], r.samples["Q"]), None),
    }  # fmt: skip
    rows = [
        ("[E] build from clean", f"{build.wall:.1f} s", f"{build.cpu:.1f} s",
         f"<= {TARGET_BUILD_S:g} s", build.wall <= TARGET_BUILD_S),
        ("[E] its peak memory", f"{build.peak:.0f} MiB", "", f"< {TARGET_BUILD_MIB:.0f} MiB",
         build.peak < TARGET_BUILD_MIB),
    ]  # fmt: skip
    for label, pair, target in ratios.values():
        median, shown = _ratios(rounds, lambda r, pair=pair: pair(r)[0].wall / pair(r)[1].wall)
        _, cpu = _ratios(rounds, lambda r, pair=pair: pair(r)[0].cpu / pair(r)[1].cpu)
        wanted = "" if target is None else f"<= {target:g}"
        rows.append((label, shown, cpu, wanted, target is None or median <= target))
    rows.append(("verify", f"{len(problems)} problems", "", "0 problems", not problems))
    print(f"{'target':<36}{'wall (range)':>19}{'cpu (range)':>19}  {'wanted':<11}")
    targets = []
    for label, result, cpu, wanted, ok in rows:
        verdict = ("PASS" if ok else "FAIL") if wanted else ""
        print(f"{label:<36}{result:>19}{cpu:>19}  {wanted:<11}{verdict}".rstrip())
        targets.append(ok)
    for problem in problems[:5]:
        print(f"  {problem}")
    if last.notes:
        print(f"Build notes: {len(last.notes)}, e.g. {last.notes[0]}")
    return all(targets)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args()
    if shutil.which("qpdf") is None:
        raise SystemExit("the baseline needs qpdf (Debian: apt-get install qpdf)")
    started = time.perf_counter()
    cached = prepare_cache()
    (OUT / "papers").mkdir(parents=True, exist_ok=True)
    loads = load_average()
    rounds: list[Round] = []
    for number in range(1, max(1, args.repeat) + 1):
        start = time.perf_counter()
        rounds.append(one_round(cached, cached / "numbers.pdf"))
        elapsed = time.perf_counter() - start
        print(
            f"round {number}/{args.repeat}: {elapsed:.0f} s, load average {load_average()}",
            file=sys.stderr,
            flush=True,
        )
    ok = report(rounds, cached, (loads, load_average()))
    print(f"\nTotal {time.perf_counter() - started:.0f} s on {os.cpu_count()} cores.")
    shutil.rmtree(BENCH / "work", ignore_errors=True)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
