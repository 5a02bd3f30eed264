"""How the benches measure: a stretch of their own process, or a command as users run it.

A stretch of this process (:func:`measure`) gets its wall and CPU time and its own peak
resident memory, the kernel's high-water mark reset before it (see
:mod:`proceedings.timings`, which ``--timings`` uses the same way). A command
(:func:`run_command`) is started by a small launcher that waits for it with ``wait4``, which
gives its CPU time (with the worker processes it waited for) and its peak resident memory
(``ru_maxrss``, the largest of the process and the children it waited for, as ``time -v``
reports it), and samples the resident memory of the command's processes together; its
``--timings`` lines, if it prints any, give each stage. The launcher is
there because a child's ``ru_maxrss`` starts from the size of the process that forked it
(Linux carries the high-water mark over exec): forked from the bench, a small ``qpdf`` would
report the bench's size.

Every command runs in :func:`users_environment`: the bench's own, but writing Python's
bytecode caches as an installed Python does (a shell or CI that sets
``PYTHONDONTWRITEBYTECODE`` would make every process, worker processes too, compile again the
modules changed since their caches were written).
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from proceedings.timings import Timing, cpu_seconds, peak_mib, reset_peak

T = TypeVar("T")


@dataclass(frozen=True)
class Sample:
    """One measured stretch: elapsed and CPU seconds, peak resident memory (MiB)."""

    wall: float
    cpu: float
    peak: float

    @classmethod
    def of(cls, timing: Timing) -> Sample:
        return cls(timing.wall, timing.cpu, timing.peak)


def measure(action: Callable[[], T]) -> tuple[T, Sample]:
    """Run ``action`` in this process (after a collection) and measure it."""
    gc.collect()
    reset_peak()
    cpu, wall = cpu_seconds(), time.perf_counter()
    result = action()
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    return result, Sample(wall, cpu, peak_mib())


def combine(samples: Iterable[Sample]) -> Sample:
    """Stretches run one after another: times add up, the peak is the highest."""
    items = list(samples)
    return Sample(sum(s.wall for s in items), sum(s.cpu for s in items), max(s.peak for s in items))


def typical(samples: Sequence[Sample]) -> Sample:
    """Rounds of the same run: the median times (load from other work only slows a run
    down, but one slow round should not decide), the highest peak."""
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        max(s.peak for s in samples),
    )


@dataclass(frozen=True)
class Run:
    """A command as users run it: the whole process, and each stage it reported."""

    whole: Sample
    stages: dict[str, Sample]


_LAUNCHER = """\
import json, os, subprocess, sys, tempfile, threading, time
PAGE = os.sysconf("SC_PAGE_SIZE")
together = [0]
done = threading.Event()

def resident(root):
    # the resident memory of process root and of all its descendants, in bytes
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as stat:
                    parents[int(name)] = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            pass
    return total

def sample(root):
    while not done.wait(0.1):
        together[0] = max(together[0], resident(root))

with tempfile.TemporaryFile() as errors:
    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=errors)
    sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    errors.seek(0)
    text = errors.read().decode(errors="replace")
code = os.waitstatus_to_exitcode(status)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps([code, wall, cpu, usage.ru_maxrss / 1024, together[0] / 2**20, text]))
"""


def users_environment() -> dict[str, str]:
    """This process's environment as a user's Python has it: bytecode caches written."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_command(args: list[str], cwd: Path, *, ok: tuple[int, ...] = (0,)) -> Run:
    """Run a command to its end and measure it (see the module docstring).

    The command's peak is the highest of: ``ru_maxrss``; the highest peak its ``--timings``
    lines show (resetting the high-water mark for each stage, as ``--timings`` does, hides
    the stages before the last one from ``ru_maxrss``); and the most resident memory its
    processes held together, sampled every 0.1 s (a build's site process works beside it,
    and its stamping and ink workers: each one's own peak is not the machine's).
    """
    launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(cwd), *args]
    result = subprocess.run(
        launcher, capture_output=True, text=True, check=True, env=users_environment()
    )
    code, wall, cpu, peak, together, errors = json.loads(result.stdout)
    if code not in ok:
        raise SystemExit(f"{' '.join(args[:6])} ... failed ({code}): {errors.strip()[-2000:]}")
    timings = [t for t in map(Timing.parse, errors.splitlines()) if t is not None]
    stages = {timing.stage: Sample.of(timing) for timing in timings}
    peak = max([peak, together, *(stage.peak for stage in stages.values())])
    return Run(Sample(wall, cpu, peak), stages)


def proceedings(*args: str) -> list[str]:
    """The command line of ``proceedings ARGS``: the installed script beside this interpreter,
    which users run (its worker processes run it again: see ``proceedings/__main__.py``), or
    ``python -m proceedings`` where none is installed."""
    script = Path(sys.executable).with_name("proceedings")
    if script.is_file():
        return [str(script), *args]
    return [sys.executable, "-m", "proceedings", *args]


def load_average() -> str:
    """The system's load average over 1, 5 and 15 minutes: how busy the machine was."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    """The median and the range of per-round figures."""
    return statistics.median(values), min(values), max(values)


def row(label: str, sample: Sample | None, note: str = "", width: int = 54) -> str:
    """One line of a table: wall s, cpu s, peak MiB."""
    if sample is None:
        return f"{label:<{width}}{'-':>8}"
    return f"{label:<{width}}{sample.wall:8.2f}{sample.cpu:8.2f}{sample.peak:9.0f}  {note}".rstrip()


def header(title: str, width: int = 54) -> str:
    """The heading of a table of :func:`row` lines."""
    return f"{title:<{width}}{'wall s':>8}{'cpu s':>8}{'peak MiB':>9}\n" + "-" * (width + 25)
