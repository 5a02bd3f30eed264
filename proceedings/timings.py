"""How long each stage of a run took and how much memory it held (``--timings``).

A user wondering where a slow or large build spends itself, and ``tools/bench.py``, which must
measure what users run rather than stages called from inside one process, both read the same
lines. :class:`Stopwatch` times a run stage by stage: each :meth:`~Stopwatch.lap` ends one
stage and starts the next, the first stage (``start-up``: the interpreter, the imports, the
command line) counting from the moment the process started. Each stage gives one line::

    timing: pdf wall 9.41 s, cpu 14.02 s, peak 731 MiB

``wall`` is elapsed time; ``cpu`` is the CPU time of every thread of this process plus that
of the worker processes it waited for (the ink is measured in two), so it may exceed
``wall``; ``peak`` is this process's peak resident memory during the stage (workers not
included): the kernel's high-water mark (``VmHWM``) is reset at each lap (``clear_refs``), so
a stage's peak includes what the stages before it still hold, as in any run, and nothing
they let go. Resetting it also resets what ``getrusage`` and ``time -v`` see as the process's
peak: the ``total`` line gives the run's. Where the reset is not allowed, ``peak`` is the
peak so far. Reading ``/proc`` costs microseconds, and nothing is read unless asked for.
"""

from __future__ import annotations

import os
import re
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_LINE = re.compile(
    r"^timing: (?P<stage>\S+) wall (?P<wall>[\d.]+) s, cpu (?P<cpu>[\d.]+) s, "
    r"peak (?P<peak>[\d.]+) MiB$"
)


@dataclass(frozen=True)
class Timing:
    """One stage of a run: elapsed and CPU seconds, peak resident memory in MiB."""

    stage: str
    wall: float
    cpu: float
    peak: float

    def format(self) -> str:
        """The stable line that :meth:`parse` reads back."""
        return (
            f"timing: {self.stage} wall {self.wall:.2f} s, cpu {self.cpu:.2f} s, "
            f"peak {self.peak:.0f} MiB"
        )

    @classmethod
    def parse(cls, line: str) -> Timing | None:
        """The timing a line shows, or None for any other line."""
        found = _LINE.match(line.strip())
        if found is None:
            return None
        return cls(found["stage"], float(found["wall"]), float(found["cpu"]), float(found["peak"]))


def cpu_seconds() -> float:
    """CPU time since the process started: its threads, and the children it waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def reset_peak() -> bool:
    """Reset this process's peak resident memory to its current size; False if not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def peak_mib() -> float:
    """This process's peak resident memory (MiB) since the last :func:`reset_peak`."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        status = ""
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    if found is None:  # no /proc: the peak so far
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return int(found[1]) / 1024


def _uptime_at_start() -> float | None:
    """Seconds since boot at which this process started (``/proc/self/stat``), if known."""
    try:
        stat = Path("/proc/self/stat").read_text(encoding="ascii")
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count after its last ')'.
    fields = stat.rpartition(")")[2].split()
    return int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22, starttime, in clock ticks


class Stopwatch:
    """Times a run stage by stage, giving each stage's :class:`Timing` to ``report``.

    Without ``report`` it measures nothing, so a run that was not asked for timings pays
    nothing for them.
    """

    def __init__(self, report: Callable[[Timing], None] | None) -> None:
        self._report = report
        self._peak = 0.0
        if report is None:
            return
        started = _uptime_at_start()
        since = 0.0 if started is None else time.clock_gettime(time.CLOCK_BOOTTIME) - started
        self._start = time.perf_counter() - max(0.0, since)
        self._wall, self._cpu = self._start, 0.0  # the first lap counts from the start

    def lap(self, stage: str) -> None:
        """End ``stage`` (started by the lap before, or at the process's start) and report it."""
        if self._report is None:
            return
        wall, cpu, peak = time.perf_counter(), cpu_seconds(), peak_mib()
        self._peak = max(self._peak, peak)
        self._report(Timing(stage, wall - self._wall, cpu - self._cpu, peak))
        reset_peak()
        self._wall, self._cpu = time.perf_counter(), cpu_seconds()

    def total(self) -> None:
        """Report the whole run so far: from the process's start, its highest peak."""
        if self._report is None:
            return
        peak = max(self._peak, peak_mib())
        self._report(Timing("total", time.perf_counter() - self._start, cpu_seconds(), peak))
