"""Volume + layout -> the HTML site in the build folder's ``html/``, by Sphinx, no warning allowed.

Sphinx is run in-process, the way ``sphinx-build -M html source _build`` would run it (so both
share ``_build/doctrees`` and rebuild only what changed), with its messages silenced and its
warnings collected: any warning fails the build with a :class:`ProceedingsError` that lists them
all, since a warning on a proceedings site is a broken link or a page readers cannot find. The
extension is handed the volume and layout the build computed, so it decides nothing again.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import io
import os
import queue
import signal
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from multiprocessing import current_process, get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

from proceedings.buildpaths import unshare
from proceedings.errors import ProceedingsError
from proceedings.site.data import SiteData, handed

CONF = Path("source/conf.py")
YOUNG_OBJECTS = 10_000
"""The allocations between two collections of young objects while Sphinx runs (Python: 700)."""
_PR_SET_PDEATHSIG = 1  # prctl(2)
LATE_FROM = 500
"""Papers from which the site's process starts once the per-paper PDFs are made, not while
the volume is checked (:meth:`SiteBeside.begin`)."""
BESIDE_FROM = 50
"""Papers from which a build makes the site beside the PDFs (:class:`SiteBeside`): its
process takes some 0.6 s of CPU to start, which only a volume whose PDF stage has seconds to
share repays."""


def build_site(data: SiteData, *, jobs: int = 1) -> Path:
    """Build the site of ``data.volume`` into the build folder's ``html/``; return that folder."""
    from sphinx.application import Sphinx
    from sphinx.errors import ExtensionError, SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from proceedings.site.sphinx_ import default_config

    paths = data.paths
    unshare(paths)  # Sphinx writes in place: not through links into the last build
    root = data.volume.root.resolve()
    srcdir = root / "source"
    # Without a conf.py of its own, the project gets the defaults a new project's conf.py has.
    confdir = srcdir if (root / CONF).is_file() else None
    overrides = {} if confdir else default_config(data.volume.info)
    warnings = io.StringIO()
    try:
        with (
            patch_docutils(srcdir),
            docutils_namespace(),
            handed(data),
            _fewer_collections(),
        ):
            app = Sphinx(
                srcdir,
                confdir,
                paths.html,
                paths.doctrees,
                "html",
                confoverrides=overrides,
                status=None,
                warning=warnings,
                freshenv=False,
                parallel=jobs,
            )
            app.build()
    except ExtensionError as error:
        # A user's error, or a disk that is full or read-only (the command line words it).
        if isinstance(error.orig_exc, ProceedingsError | OSError):
            raise error.orig_exc from None
        raise  # anything else in our extension is a bug: keep its traceback
    except SphinxError as error:
        raise ProceedingsError(f"the site could not be built: {error}") from error
    text = warnings.getvalue().strip()
    if text:
        count = len([line for line in text.splitlines() if "WARNING" in line or "ERROR" in line])
        raise ProceedingsError(
            f"the site has {count or 'some'} warning(s), which would be broken pages or links:\n"
            + text
        )
    return paths.html


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Let Python's garbage collector run less often while Sphinx builds.

    Sphinx makes and drops millions of docutils nodes, whose parent links make cycles only the
    collector frees; at Python's default pace it ran a thousand times in a 200-paper build,
    six of them over everything the build holds (the volume, the environment), 14% of the
    site's CPU time. Every :data:`YOUNG_OBJECTS` allocations it runs about a quarter as often
    and once over everything, for the same peak memory.
    """
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


class SiteBeside:
    """The site built in a process of its own while the build's process makes the PDFs.

    Both cores are busy while the papers are stamped, but not while the stamps and the front
    matter are typeset, nor while the volume is put together, written and read back: the
    site, one core's work, fills those. Sphinx reads the pages meanwhile; it needs two things
    of the pdf stage, and waits for each (:class:`~proceedings.site.data.PdfsToCome`): the
    per-paper PDFs' sizes, which the pages show when they are written (:meth:`papers_made`),
    and the files in place, which it links beside the pages at its very end
    (:meth:`pdfs_written`). The pages are those a build after the PDFs makes.

    The process is spawned (the build runs threads, which a fork would copy mid-work) as soon
    as the volume is loaded (:meth:`begin`), and loads Sphinx while the build checks; it is
    handed what makes the site's data once the build folder is staged (:meth:`hand`). Its
    outcome comes back by pipe: done, or the error, raised here by :meth:`result`. Where it
    cannot start, the site is built here after the PDFs, as before.
    """

    def __init__(self, *, early: bool = True) -> None:
        self._handed: tuple[Callable[[], SiteData], Path] | None = None
        self._process: BaseProcess | None = None
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._sender: threading.Thread | None = None
        if early:
            self._start()

    def _start(self) -> None:
        """Start the process, from this thread, whose end the kernel ends the process with
        (see _end_with_parent), and the thread that sends it what :attr:`_outbox` gets, in
        order: the process reads the volume (1.5 MB at 200 papers) only once Sphinx is
        loaded, which the build need not wait for."""
        context = get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_build_beside, args=(theirs, os.getpid()), name="proceedings-site"
        )
        try:
            process.start()
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self._pipe, self._process = ours, process
        self._sender = threading.Thread(target=self._send_all, name="proceedings-site-send")
        self._sender.start()

    def _send_all(self) -> None:
        while (message := self._outbox.get()) is not None:
            with contextlib.suppress(OSError):  # the process has ended: result() says why
                self._pipe.send_bytes(message)

    def _post(self, kind: str, value: Any) -> None:
        """Send a message (once the process runs), pickled here: the build's threads go on
        changing what it holds (a layout fills its caches) while the sender sends."""
        self._outbox.put(ForkingPickler.dumps((kind, value)).tobytes())

    @classmethod
    def begin(cls, papers: int) -> SiteBeside | None:
        """The site's process for a volume of ``papers``, started while the build checks the
        volume: it loads Sphinx meanwhile (half a second), then waits for :meth:`hand`. From
        :data:`LATE_FROM` papers, started only once the per-paper PDFs are made: half a
        second is nothing there, and its memory (170 MB at 2,600 papers, idle) would meet
        typst's and the stamping workers'. None where building beside does not pay (a small
        volume) or cannot be (a daemon process has no children)."""
        if papers < BESIDE_FROM or current_process().daemon:
            return None
        return cls(early=papers < LATE_FROM)

    def hand(self, make: Callable[[], SiteData], html: Path) -> None:
        """Give the site's process what makes the site's data (sent once it runs; called
        there: the papers' citations take the build a tenth of a second at 200 papers) and
        the folder it builds into."""
        self._handed = (make, html)
        self._post("data", make)

    def papers_made(self, sizes: Mapping[str, int]) -> None:
        """Every per-paper PDF is made: their sizes, by paper id."""
        if self._process is None:
            self._start()
        self._post("sizes", dict(sizes))

    def pdfs_written(self) -> None:
        """The PDFs are in place in the build folder."""
        self._post("written", None)

    def result(self) -> Path:
        """Wait for the site; raise its error, if it had one."""
        assert self._handed is not None, "hand() the site's data first"
        make, html = self._handed
        if self._process is None:  # never started: no per-paper PDF was made
            return build_site(make())
        started = False
        try:
            while True:
                kind, value = self._pipe.recv()
                if kind == "started":
                    started = True
                    continue
                break
        except (EOFError, OSError):  # it ended without a word (a reset: with ours unread)
            kind, value = "gone", None
        finally:
            self._finish()
        if kind == "done":
            return html
        if kind == "error":
            raise value
        if kind == "gone" and not started:  # it never ran (a script without a main guard)
            return build_site(make())
        raise RuntimeError(
            value or f"the site's process ended with exit code {self._process.exitcode}"
        )

    def stop(self) -> None:
        """End the site's process: its work is done, or the build failed (then at once,
        before the staging folder it writes into is removed)."""
        if self._process is None:
            return
        self._process.terminate()
        self._finish()

    def _finish(self) -> None:
        """Stop sending, close the pipe, wait for the process (ended, or ending)."""
        assert self._process is not None
        assert self._sender is not None
        self._outbox.put(None)
        self._sender.join()
        self._pipe.close()
        self._process.join()


class _PdfsFromPipe:
    """:class:`~proceedings.site.data.PdfsToCome` in the site's process: what
    :class:`SiteBeside` sends."""

    def __init__(self, pipe: Connection) -> None:
        self._pipe = pipe

    def sizes(self) -> Mapping[str, int]:
        sizes: Mapping[str, int] = self.receive("sizes")
        return sizes

    def written(self) -> None:
        self.receive("written")

    def receive(self, expected: str) -> Any:
        """The next message from the build, which must be ``expected``."""
        try:
            kind, value = self._pipe.recv()
        except EOFError:
            raise SystemExit(1) from None  # the build stopped: nothing is left to do
        if kind != expected:
            raise RuntimeError(f"the site expected {expected!r} from the build, got {kind!r}")
        return value


def _build_beside(pipe: Connection, parent: int) -> None:
    """The site's process (:class:`SiteBeside`): build, and say how it went."""
    _end_with_parent(parent)
    import proceedings.site.sphinx_  # noqa: F401  Sphinx and the extension, loaded meanwhile

    make: Callable[[], SiteData] = _PdfsFromPipe(pipe).receive("data")
    _say(pipe, "started", None)
    try:
        build_site(replace(make(), pdfs=_PdfsFromPipe(pipe)))
    except KeyboardInterrupt:
        return
    except (ProceedingsError, OSError) as error:
        _say(pipe, "error", error)
    except Exception:
        _say(pipe, "bug", traceback.format_exc())
    else:
        _say(pipe, "done", None)
    finally:
        # What Sphinx left is the system's to take back whole: Python's last collection of it,
        # at exit, took 0.45 s at 200 papers, which the build waits for (see cli.run).
        gc.freeze()


def _say(pipe: Connection, kind: str, value: Any) -> None:
    """Tell the build's process; if it has ended, so has the build, and so does this one."""
    try:
        pipe.send((kind, value))
    except OSError:
        raise SystemExit(1) from None


def _end_with_parent(parent: int) -> None:
    """Have the kernel end this process when the build's process ends (Linux), so that a build
    killed mid-way (``kill -9``, the OOM killer) leaves no site half-written into its staging
    folder while the next build clears it. Elsewhere the process ends at its next wait for
    the build, which then finds the pipe closed. (The kernel ends it when the *thread* that
    started it ends: :class:`SiteBeside` starts it from the build's own.)"""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the request took hold
        os._exit(1)
