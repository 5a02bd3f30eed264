"""Helpers of the site tests: where the real tools are, and a parser of a page's head."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Head:
    """What a page's ``<head>`` says: its meta tags in order, its JSON-LD scripts, its title."""

    meta: list[tuple[str, str]] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    title: str = ""

    def values(self, name: str) -> list[str]:
        """The contents of every meta tag called ``name``, in order."""
        return [content for key, content in self.meta if key == name]

    def value(self, name: str) -> str | None:
        """The content of the one meta tag called ``name`` (``None`` without one)."""
        values = self.values(name)
        assert len(values) <= 1, f"{name} appears {len(values)} times"
        return values[0] if values else None


class _HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.head = Head()
        self._in: str | None = None
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._done:
            return
        values = dict(attrs)
        if tag == "meta" and values.get("content") is not None:
            key = values.get("name") or values.get("property")
            if key:
                self.head.meta.append((key, values["content"] or ""))
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in = "jsonld"
            self.head.jsonld.append("")
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag: str) -> None:
        self._in = None
        if tag == "head":
            self._done = True

    def handle_data(self, data: str) -> None:
        if self._in == "jsonld":
            self.head.jsonld[-1] += data
        elif self._in == "title":
            self.head.title += data


def parse_head(path: Path) -> Head:
    """The head of an HTML page, parsed with the standard library's HTML parser."""
    parser = _HeadParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.head


def jsonld(head: Head) -> list[dict[str, object]]:
    """The JSON-LD objects of a head."""
    return [json.loads(text) for text in head.jsonld]


def build_site(root: Path, out: Path) -> Path:
    """The site of the project at ``root``, built into the build folder ``out`` as
    ``proceedings site -o out`` builds it (checked, laid out, staged); its ``html`` folder."""
    from proceedings.build import build
    from proceedings.buildpaths import BuildPaths

    return build(root, BuildPaths.of(root, out), only="site").written[0]


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on 127.0.0.1 (a free port) by a thread; its base URL."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
