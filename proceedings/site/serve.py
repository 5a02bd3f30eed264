"""``proceedings serve``: the site on localhost, rebuilt whenever the volume's files change.

Organizers edit ``paper.yaml`` files and MyST pages and want to see the page at once, so this
builds the site, serves ``<out>/html`` with the standard library's HTTP server in a thread, and
polls the modification times of the files under ``source/`` and ``papers/``. Polling (every half
second) rather than an OS file-watching library keeps proceedings free of another dependency, and
a volume has a few hundred files at most, so a poll costs next to nothing.

Pages reload themselves after a rebuild: every HTML page is served with a small script (added
to the response, never to the files in ``_build``) that asks ``/__reload__`` each second for the
number of builds so far and reloads the page when it has grown, as sphinx-autobuild does.

A rebuild is the ``build`` function it is given (the command line's: check, lay out, build the
site, as ``proceedings site`` does); its Sphinx environment is kept in ``_build/doctrees``, so
only the pages that show something new are written again. A rebuild that fails prints its error
lines and the server keeps running: builds are whole (see :mod:`proceedings.buildpaths`), so the
last good site is served, unchanged, until the next good build replaces it.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from proceedings.errors import ProceedingsError

WATCHED = ("source", "papers")
"""The folders of a project whose files the site is built from."""

Snapshot = dict[str, tuple[int, int]]
"""Each watched file's path and its (modification time in ns, size)."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without a log line per request, and tell the browser never to cache them.

    The console is where rebuild messages go, so it must not drown in request logs; without
    ``no-store`` a browser may show the page from before the rebuild when the user reloads.
    """

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def snapshot(root: Path) -> Snapshot:
    """Every file under ``root``'s watched folders with its time and size.

    The size is recorded too because two writes within the file system's time resolution would
    otherwise look like one. Hidden files and editors' backups (``.paper.yaml.swp``,
    ``preface.md~``) are skipped: saving in an editor must trigger one rebuild, not several.
    """
    files: Snapshot = {}
    for folder in WATCHED:
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
            for name in filenames:
                if name.startswith(".") or name.endswith("~"):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except FileNotFoundError:  # deleted between the listing and the stat
                    continue
                files[path] = (stat.st_mtime_ns, stat.st_size)
    return files


RELOAD = "/__reload__"
_RELOADER = (
    "<script>(() => {{ const built = '{generation}'; setInterval(async () => {{ try {{ "
    "const answer = await fetch('" + RELOAD + "', {{cache: 'no-store'}}); "
    "if ((await answer.text()) !== built) location.reload(); }} catch (e) {{}} }}, 1000); }})();"
    "</script>"
)


class Builds:
    """How many times the site has been built; read by the pages' reload script."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def done(self) -> None:
        with self._lock:
            self.count += 1


class _ReloadingHandler(_QuietHandler):
    """Serve ``/__reload__`` (the build count) and HTML pages with the reload script added."""

    builds: Builds

    def do_GET(self) -> None:
        route = self.path.split("?", 1)[0].split("#", 1)[0]
        if route == RELOAD:
            self._send(str(self.builds.count).encode(), "text/plain; charset=utf-8")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and route.endswith("/"):
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            super().do_GET()
            return
        page = path.read_bytes()
        script = _RELOADER.format(generation=self.builds.count).encode()
        at = page.rfind(b"</body>")
        page = page[:at] + script + page[at:] if at >= 0 else page + script
        self._send(page, "text/html; charset=utf-8")

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def make_server(
    html: Path, host: str, port: int, builds: Builds | None = None
) -> http.server.ThreadingHTTPServer:
    """A server of the folder ``html``, bound now (so a port in use is reported at once).

    With ``builds``, pages reload themselves when the count grows.
    """
    if builds is None:
        handler = functools.partial(_QuietHandler, directory=str(html))
    else:
        reloading = type("Handler", (_ReloadingHandler,), {"builds": builds})
        handler = functools.partial(reloading, directory=str(html))
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        raise ProceedingsError(
            f"cannot serve on {host}:{port} ({error.strerror or error}); "
            "choose another port with --port"
        ) from error


def rebuild(
    build: Callable[[], Path], report: Callable[[str], None], builds: Builds | None = None
) -> bool:
    """Build the site again; on failure report the error's lines and return ``False``.

    Only :class:`ProceedingsError` (something the user can fix) is caught: any other exception is
    a bug in proceedings and stops the server with its traceback.
    """
    start = time.perf_counter()
    try:
        build()
    except ProceedingsError as error:
        for line in error.format_message().splitlines():
            report(line)
        report("the rebuild failed; still serving the last site built")
        return False
    report(f"rebuilt the site in {time.perf_counter() - start:.1f} s")
    if builds is not None:
        builds.done()
    return True


def _changes(root: Path, before: Snapshot, after: Snapshot) -> str:
    """The files that differ between two snapshots, relative to ``root``, for the console."""
    paths = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    names = [os.path.relpath(p, root) for p in paths[:3]]
    return ", ".join(names) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def serve(
    root: Path,
    html: Path,
    build: Callable[[], Path],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    stop: threading.Event | None = None,
    interval: float = 0.5,
    report: Callable[[str], None] = print,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Build the site of ``root`` (``build``), serve ``html`` and rebuild it on every change.

    Runs until ``stop`` is set (a test, or another thread) or until KeyboardInterrupt (Ctrl-C on
    the command line); either way the server is shut down and its port freed before returning.
    ``ready`` is called with the site's URL once it is served, which lets a caller that asked for
    port 0 (any free port) learn the port. A failed first build raises: there is no site to serve.

    A change is debounced: the rebuild starts once a poll finds the files as they were at the
    poll before, so saving several files at once (or an editor writing a file in steps) makes
    one rebuild, from complete files.
    """
    stop = stop or threading.Event()
    builds = Builds()
    server = make_server(html, host, port, builds)
    thread: threading.Thread | None = None
    try:
        seen = snapshot(root)
        build()
        thread = threading.Thread(target=server.serve_forever, name="proceedings-serve")
        thread.daemon = True
        thread.start()
        url = f"http://{host}:{server.server_address[1]}/"
        report(f"serving {html} at {url} (Ctrl-C stops)")
        if ready is not None:
            ready(url)
        built = seen
        while not stop.wait(interval):
            current = snapshot(root)
            if current != seen:
                seen = current  # wait for a quiet poll before rebuilding
            elif current != built:
                report(f"changed: {_changes(root, built, current)}; rebuilding")
                built = current
                rebuild(build, report, builds)
    finally:
        if thread is not None:
            server.shutdown()
            thread.join(timeout=5)
        server.server_close()
