"""Stamping papers on every core: each paper's work is independent of the others'.

A paper's work (parse it, stamp it, copy out its per-paper PDF, serialize its segment:
:func:`.segments.stamp_paper`) reads nothing but its own bytes, its ink and the stamp sheet,
and gives bytes. So once a volume has a few papers to make, the work runs in worker processes,
one a core, and the build's process only reads the files, keeps the results and writes the
volume. Results come back in the order the jobs were given, whatever order the workers finish
them in, and a worker makes the same bytes as the build's process would: the outputs do not
depend on where, or on how many cores, they were made.

A small volume, or a rebuild that remakes a few papers (a late correction, a title), is made
here: starting the workers would cost more than it saves. At most :data:`IN_FLIGHT` jobs a
worker are under way, their bytes and results held, so the memory held does not grow with the
volume.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from proceedings.layout import Layout
from proceedings.model import Paper, Volume
from proceedings.pdf.stamp import StampSheet
from proceedings.pdfink import PaperInk

START_AFTER = 4
"""Jobs made here before the workers may start: a rebuild that remakes fewer papers (a late
correction, a title changed) never starts them."""
WORTH = 16
"""Papers left from which the workers start: a worker process takes half a second to start,
some fifteen papers' work."""
LOCAL_MOST = START_AFTER + WORTH
"""The most jobs that are all made here: the workers start from one more."""
IN_FLIGHT = 3
"""Jobs under way a worker: enough that a worker never waits for the next one."""


@dataclass(frozen=True)
class Job:
    """One paper to make: its bytes, its ink (None: unknown), and what is wanted of it."""

    paper: Paper
    data: bytes
    ink: PaperInk | None
    pdf: bool
    segment: bool


@dataclass(frozen=True)
class Made:
    """A paper's work: its per-paper PDF, its segment's header (JSON data) and packed
    objects, each if it was wanted."""

    paper: str
    pdf: bytes | None
    header: dict[str, Any] | None
    packed: bytes | None


Work = Callable[[Volume, Layout, StampSheet, Job], Made]
"""What makes a paper: :func:`.segments.stamp_paper`."""


class PaperWorkers:
    """Makes papers in job order: here for the first jobs, then in worker processes.

    ``submit`` a job and get back the papers made since, in order; ``drain`` gives the rest.
    """

    def __init__(
        self,
        volume: Volume,
        layout: Layout,
        sheet: StampSheet,
        work: Work,
        *,
        workers: int | None = None,
    ) -> None:
        self._context = (volume, layout, sheet)
        self._work = work
        self._workers = min(2, os.cpu_count() or 1) if workers is None else workers
        self._pool: ProcessPoolExecutor | None = None
        self._pending: deque[Future[Made]] = deque()
        self._jobs = 0

    def __enter__(self) -> PaperWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit(self, job: Job, left: int) -> Iterator[Made]:
        """Start the job (``left``: the papers after it that may become jobs); give the
        papers made before it that are done (all of them, when the job was made here), in
        order."""
        self._jobs += 1
        if self._pool is None and (self._workers < 2 or self._jobs <= START_AFTER or left < WORTH):
            yield from self.drain()
            yield self._made_here(job)
            return
        pool = self._pool or self._start()
        self._pending.append(pool.submit(_work_apart, job))
        while self._pending and (
            self._pending[0].done() or len(self._pending) > IN_FLIGHT * self._workers
        ):
            yield self._pending.popleft().result()

    def drain(self) -> Iterator[Made]:
        """The papers still under way, in order, as they are done."""
        while self._pending:
            yield self._pending.popleft().result()

    def _made_here(self, job: Job) -> Made:
        volume, layout, sheet = self._context
        return _collected(self._work(volume, layout, sheet, job))

    def _start(self) -> ProcessPoolExecutor:
        """The workers, spawned (the build runs threads, which a fork would copy in an unknown
        state), each given the volume, its layout and the stamp sheet once."""
        self._pool = ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=get_context("spawn"),
            initializer=_start_worker,
            initargs=(*self._context, self._work),
        )
        return self._pool


_worker: tuple[Volume, Layout, StampSheet, Work] | None = None
"""A worker process's volume, layout, stamp sheet and work, given when it starts."""


def _start_worker(volume: Volume, layout: Layout, sheet: StampSheet, work: Work) -> None:
    global _worker
    _worker = (volume, layout, sheet, work)
    # What is given stays for the worker's life: the collector's passes need not walk it.
    gc.disable()
    gc.freeze()


def _work_apart(job: Job) -> Made:
    """One job, in a worker."""
    assert _worker is not None, "the worker was not started"
    volume, layout, sheet, work = _worker
    return _collected(work(volume, layout, sheet, job))


def _collected(made: Made) -> Made:
    """``made``, the cycles its work left (a stamped writer's objects) collected: pypdf's
    objects refer to each other, and the build runs with the collector paused
    (:func:`.sources.bulk_pypdf`)."""
    gc.collect()
    return made
