"""`proceedings serve`: the site on 127.0.0.1, rebuilt when a paper's metadata changes."""

from __future__ import annotations

import queue
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import edit

from proceedings.build import site_builder
from proceedings.buildpaths import BuildPaths
from proceedings.errors import ProceedingsError
from proceedings.site.serve import make_server, serve

TITLE = "Calibrated Risk Scores for Sepsis Onset"
NEW_TITLE = "Recalibrated Risk Scores for Sepsis Onset"


def fetch(url: str) -> str:
    """The page at ``url`` (on 127.0.0.1 only), as text."""
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["Cache-Control"] == "no-store"
        text: str = response.read().decode("utf-8")
        return text


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    """Poll ``condition`` every 0.2 s for at most ``seconds``; whether it came true."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


class Served:
    """A project's site being served by :func:`serve` in a thread: its URL and its messages."""

    def __init__(self, url: str, messages: list[str]) -> None:
        self.url = url
        self.messages = messages


@pytest.fixture
def served(complete_workshop: Path) -> Iterator[Served]:
    """The tiny workshop served on a free port of 127.0.0.1; stopped (and checked) afterwards."""
    stop = threading.Event()
    started: queue.Queue[str | BaseException] = queue.Queue()
    messages: list[str] = []
    paths = BuildPaths.of(complete_workshop)

    def run() -> None:
        try:
            serve(
                complete_workshop,
                paths.html,
                site_builder(complete_workshop, paths),
                port=0,
                stop=stop,
                interval=0.1,
                report=messages.append,
                ready=started.put,
            )
        except BaseException as error:  # handed to the test thread, which fails with it
            started.put(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        first = started.get(timeout=120)  # the first build of the site
        if isinstance(first, BaseException):
            raise first
        yield Served(first, messages)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive(), "serve did not stop"
    assert started.empty(), started.get()
    with pytest.raises(ConnectionRefusedError):  # the port is closed again
        socket.create_connection(("127.0.0.1", int(first.rsplit(":", 1)[1].strip("/"))), 2)


def test_serve_rebuilds_when_a_paper_changes(served: Served, complete_workshop: Path) -> None:
    """This test ensures that 'serve' shows a paper's new title after its paper.yaml is edited,
    and that a rebuild that fails is reported while the last good site stays served."""
    page = served.url + "papers/a/"
    assert TITLE in fetch(page)
    assert fetch(served.url + "__reload__") == "0"
    assert "const built = '0'" in fetch(page)  # the page reloads itself after a rebuild
    assert "__reload__" not in (complete_workshop / "_build/html/papers/a/index.html").read_text(
        encoding="utf-8"
    )  # the script is added to the response only, never to the built files
    paper = complete_workshop / "papers/a/paper.yaml"
    edit(paper, {f"title: {TITLE}": f"title: {NEW_TITLE}"})
    assert wait_for(lambda: NEW_TITLE in fetch(page), 20), served.messages
    assert any(m.startswith("changed: papers/a/paper.yaml;") for m in served.messages)
    assert wait_for(lambda: fetch(served.url + "__reload__") == "1", 5)

    edit(paper, {f"title: {NEW_TITLE}": "title: [unclosed"})
    assert wait_for(lambda: "the rebuild failed" in " ".join(served.messages), 20), served.messages
    assert NEW_TITLE in fetch(page)


def test_serve_reports_a_port_in_use(tmp_path: Path) -> None:
    """This test ensures that a port already taken is reported at once, with what to do."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ProceedingsError, match="choose another port with --port"):
            make_server(tmp_path, "127.0.0.1", port)


def test_open_page_reloads_itself_after_a_rebuild(
    served: Served, complete_workshop: Path, browser: Any
) -> None:
    """This test ensures that a page open in a real browser (headless Chromium) shows the new
    title by itself once 'serve' has rebuilt the site, with no console error."""
    context = browser.new_context(base_url=served.url)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    try:
        tab.goto("papers/a/", wait_until="networkidle")
        assert TITLE in tab.locator("h1").inner_text()
        edit(complete_workshop / "papers/a/paper.yaml", {f"title: {TITLE}": f"title: {NEW_TITLE}"})
        tab.wait_for_function(
            # While the page reloads it has no h1 for a moment: null until the new one is there.
            f"document.querySelector('h1')?.innerText.includes({NEW_TITLE!r})",
            timeout=20_000,
        )
        assert problems == []
    finally:
        context.close()
