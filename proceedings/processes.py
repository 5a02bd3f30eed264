"""Where the build's worker processes come from: one fork server, whose modules are imported once.

A build starts worker processes twice: to read the papers' PDFs (:mod:`proceedings.pdfink`)
and to stamp them (:mod:`proceedings.pdf.workers`). A spawned worker starts a new interpreter
and imports what it runs (pypdf, PDFium, numpy, proceedings' modules): some 0.4 s of CPU each,
paid on cores the build itself needs. Forking the build's process would be instant, but it
runs threads (typst typesets in one), which a fork copies in an unknown state. A fork server
is both: a process started fresh, once, that imports the modules :func:`preload` names and
then forks each worker from itself, with nothing running but its own one thread. Where there
is none (Windows), workers are spawned.

A worker forked from the server would have the server's environment and working folder, as
they were when it started: each worker takes the caller's (``SOURCE_DATE_EPOCH`` decides
bytes), so it works as a spawned one would.

The workers are the server's children, not the build's, so what they cost is not in the
build's ``getrusage(RUSAGE_CHILDREN)``: :func:`server_cpu_seconds` reads it while the server
runs (``--timings``), and the server is stopped and waited for when the build's process
exits, so that ``time -v`` and the benchmarks count it too.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver
from multiprocessing.context import BaseContext
from typing import Any

_PRELOAD: list[str] = []
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def preload(*modules: str) -> None:
    """Have the fork server import ``modules`` before it forks any worker. Only what is named
    before the first worker starts counts (the server then runs until the process ends): a
    caller that knows what its workers will run names it early (:func:`proceedings.build.build`)."""
    for module in modules:
        if module not in _PRELOAD:
            _PRELOAD.append(module)


def worker_pool(
    workers: int,
    modules: tuple[str, ...] = (),
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> ProcessPoolExecutor:
    """``workers`` processes from the fork server (``modules`` preloaded if it is not running
    yet; a worker imports what it lacks itself), each begun with ``initializer(*initargs)``
    in the caller's environment and folder."""
    context: BaseContext = multiprocessing.get_context("spawn")
    if "forkserver" in multiprocessing.get_all_start_methods():
        preload(*modules)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(_PRELOAD))
        _stop_at_exit()
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_begin,
        initargs=(dict(os.environ), os.getcwd(), initializer, initargs),
    )


def _begin(
    environ: dict[str, str],
    folder: str,
    initializer: Callable[..., object] | None,
    initargs: tuple[Any, ...],
) -> None:
    """A worker's start: the caller's environment and folder, then its own initializer."""
    os.environ.clear()
    os.environ.update(environ)
    os.chdir(folder)
    if initializer is not None:
        initializer(*initargs)


def server_cpu_seconds() -> float:
    """The CPU time of the running fork server and of the workers it has seen end (0 when
    none runs, or where ``/proc`` cannot tell)."""
    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    if not isinstance(pid, int):  # multiprocessing keeps the server's id privately
        return 0.0
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # Counted from the state (field 3): utime, stime, cutime, cstime are fields 14 to 17.
    return sum(int(value) for value in fields[11:15]) / _TICKS


_STOPPED_AT_EXIT: list[bool] = []


def _stop_at_exit() -> None:
    """Stop the fork server when this process exits (once registered)."""
    if not _STOPPED_AT_EXIT:
        atexit.register(_stop_server)
        _STOPPED_AT_EXIT.append(True)


def _stop_server() -> None:
    """Stop the fork server and wait for it, so that its time (and its workers') is this
    process's children's."""
    with contextlib.suppress(Exception):  # a private method of multiprocessing: best effort
        forkserver._forkserver._stop()  # type: ignore[attr-defined]
