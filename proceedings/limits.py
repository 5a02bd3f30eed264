"""Limits on the work one input file may cause -> :class:`Limits`, and a size-bounded read.

Everything proceedings reads comes from other people, so no file may make it read without end,
fill the memory or recurse until Python gives up: a PDF pointing at ``/dev/zero``, a FIFO, a
1 GiB member in a 1 MB ZIP, a YAML alias bomb, an export nested 100,000 deep. Each limit is
generous for a real volume and is set with an environment variable (the README lists them);
a file beyond one is refused with a message that names it and the variable to raise.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from proceedings.errors import ProceedingsError

__all__ = [
    "Limits",
    "RefusedFile",
    "current_limits",
    "load_json",
    "read_regular",
    "require_regular",
    "size_text",
    "variable",
]

MB = 1_000_000
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """The limits in force, in bytes (or a count); :func:`variable` names each one's setting."""

    pdf_bytes: int = 200 * MB
    """A camera-ready paper is 0.1-20 MB; 200 MB leaves room for image-heavy ones while a
    PDF's bytes (held about three times over while pypdf and pdfium read them) fit in memory."""
    member_bytes: int = 200 * MB
    """One file unpacked from a ZIP: in practice a PDF, so the same as a PDF."""
    unpacked_bytes: int = 2000 * MB
    """A whole ZIP unpacked: 200 papers of 10 MB."""
    ratio: int = 100
    """Unpacked over compressed size of a ZIP member: PDFs hardly compress (1-2:1), CSV and
    XML reach 10-20:1; only a crafted member (zeros) goes beyond 100:1."""
    yaml_bytes: int = 10 * MB
    """A paper.yaml is 1-5 kB, a volume.yaml or committees.yaml some 100 kB."""
    yaml_aliases: int = 100_000
    """Values that aliases (``*name``) stand for, counting every value inside each repeat:
    anchors save typing an affiliation or a committee, not 100,000 values."""
    json_bytes: int = 500 * MB
    """An exported JSON file (OpenReview notes with replies: some 10 MB per 1,000 papers)."""
    export_bytes: int = 200 * MB
    """Any other export an import reads (CSV, spreadsheet, BibTeX, XML, HTML): a 2,600-paper
    BibTeX or CMT table is some 10 MB."""
    depth: int = 100
    """Nesting of YAML and JSON values: proceedings' own files nest 5 deep, exports 10."""
    attachment_bytes: int = 100 * MB
    """A paper's supplementary file, published on the site: GitHub Pages refuses files over
    100 MB, and a reader downloading more than that wants a data repository instead."""
    image_bytes: int = 5 * MB
    """A photo or a logo of the workshop's site (``event.yaml``, ``sponsors.yaml``): a portrait
    for the web is 50-500 kB; 5 MB still takes a camera's JPEG, and no more reaches a page."""
    image_pixels: int = 50 * MB
    """Pixels of one image (width x height): a camera's photo has 12-50 million; each takes
    4 bytes once unpacked, so 5 MB of PNG cannot become gigabytes in the typesetter."""


# Each limit's environment variable and the factor from its unit to the field's.
_VARIABLES: dict[str, tuple[str, int]] = {
    "pdf_bytes": ("PROCEEDINGS_MAX_PDF_MB", MB),
    "member_bytes": ("PROCEEDINGS_MAX_MEMBER_MB", MB),
    "unpacked_bytes": ("PROCEEDINGS_MAX_UNPACKED_MB", MB),
    "ratio": ("PROCEEDINGS_MAX_RATIO", 1),
    "yaml_bytes": ("PROCEEDINGS_MAX_YAML_MB", MB),
    "yaml_aliases": ("PROCEEDINGS_MAX_YAML_ALIASES", 1),
    "json_bytes": ("PROCEEDINGS_MAX_JSON_MB", MB),
    "export_bytes": ("PROCEEDINGS_MAX_EXPORT_MB", MB),
    "depth": ("PROCEEDINGS_MAX_DEPTH", 1),
    "attachment_bytes": ("PROCEEDINGS_MAX_ATTACHMENT_MB", MB),
    "image_bytes": ("PROCEEDINGS_MAX_IMAGE_MB", MB),
    "image_pixels": ("PROCEEDINGS_MAX_IMAGE_MEGAPIXELS", MB),
}


def variable(name: str) -> str:
    """The environment variable that sets the limit ``name`` (a field of :class:`Limits`)."""
    return _VARIABLES[name][0]


def current_limits() -> Limits:
    """The defaults, each replaced by its environment variable when that is set.

    Read at each use (it costs microseconds), so a test or a wrapper script can set them. A
    value that is not a positive whole number is an error naming the variable.
    """
    values: dict[str, int] = {}
    for item in fields(Limits):
        name, unit = _VARIABLES[item.name]
        raw = os.environ.get(name, "").strip()
        if not raw:
            continue
        try:
            number = int(raw.replace("_", ""))
        except ValueError:
            number = 0
        if number <= 0:
            raise ProceedingsError(f"{name}={raw!r} is not a positive whole number")
        values[item.name] = number * unit
    return Limits(**values)


def size_text(size: int) -> str:
    """``1073741824`` -> ``1074 MB``; a size in the unit the variables use."""
    if size >= 10 * MB:
        return f"{size / MB:.0f} MB"
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{size} bytes"


class RefusedFile(Exception):
    """A file not read: not a regular file, or larger than its limit. ``reason`` reads after
    the file's name (``is a named pipe (FIFO), not a regular file``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((kind for test, kind in _KINDS if test(mode)), "not a file")


def _too_large(size: str, limit: int, what: str, name: str) -> RefusedFile:
    return RefusedFile(
        f"is {size}, more than the {size_text(limit)} {what} may have (set {variable(name)} "
        "to allow more)"
    )


def require_regular(path: Path) -> os.stat_result:
    """The status of ``path`` (links followed); :class:`RefusedFile` unless it is a regular
    file (IsADirectoryError for a folder). A FIFO or a device is never opened: reading one
    hangs or never ends."""
    status = path.stat()
    if stat.S_ISDIR(status.st_mode):  # as reading it would say
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(status.st_mode):
        raise RefusedFile(f"is {_kind(status.st_mode)}, not a regular file; only files are read")
    return status


def read_regular(path: Path, limit: str) -> bytes:
    """The bytes of the regular file ``path``, at most the limit named ``limit`` (a field of
    :class:`Limits`: ``pdf_bytes``, ``yaml_bytes``, ``json_bytes``, ``export_bytes``).

    :class:`RefusedFile` for anything else or anything larger, before reading it; OSError when
    it cannot be read. The size is checked again while reading, for a file that grows.
    """
    most = getattr(current_limits(), limit)
    what = {
        "pdf_bytes": "a PDF",
        "yaml_bytes": "a YAML file",
        "json_bytes": "a JSON file",
        "export_bytes": "an exported file",
        "attachment_bytes": "an attachment",
        "image_bytes": "an image",
    }[limit]
    status = require_regular(path)
    if status.st_size > most:
        raise _too_large(size_text(status.st_size), most, what, limit)
    # O_NONBLOCK: should the file have become a FIFO since the stat, opening it does not wait.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    with open(descriptor, "rb", closefd=True) as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise RefusedFile("is not a regular file; only files are read")
        chunks = []
        total = 0
        while chunk := handle.read(min(_CHUNK, most + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > most:
                raise _too_large(f"over {size_text(most)}", most, what, limit)
    return b"".join(chunks)


def load_json(text: str) -> Any:
    """``json.loads(text)``, refused (:class:`RefusedFile`) when values nest deeper than the
    ``depth`` limit, so that the code that walks them never meets a RecursionError.

    json.JSONDecodeError as from json.loads for text that is not JSON.
    """
    most = current_limits().depth
    try:
        data = json.loads(text)
    except RecursionError:  # Python's own limit (about 1,000 levels) came first
        data = None
        place: list[str | int] | None = []
    else:
        place = _deeper_than(data, most)
    if place is None:
        return data
    where = f" (at {_json_path(place)})" if place else ""
    raise RefusedFile(
        f"nests values more than {most} deep{where}; set {variable('depth')} to allow more"
    )


def _deeper_than(data: Any, most: int) -> list[str | int] | None:
    """The path of a value nested more than ``most`` deep in ``data``, or None; no recursion."""
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if len(path) > most:
            return path[:most]
        if isinstance(value, dict):
            stack.extend((item, [*path, str(key)]) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, [*path, index]) for index, item in enumerate(value))
    return None


def _json_path(path: list[str | int]) -> str:
    shown = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path[:4])
    return shown.lstrip(".") + ("..." if len(path) > 4 else "")
