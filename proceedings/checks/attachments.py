"""Volume -> problems of the papers' attachments: files that exist, are files, fit the limit and
hold what their extension says; links that are http(s)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from proceedings.checks.codes import report
from proceedings.errors import Problem
from proceedings.limits import RefusedFile, current_limits, require_regular, size_text, variable
from proceedings.model import Attachment, Paper, Volume

# The first bytes a file of each extension starts with; the Office formats are ZIP archives.
_MAGIC: dict[str, tuple[bytes, str]] = {
    ".pdf": (b"%PDF-", "PDF"),
    ".zip": (b"PK\x03\x04", "ZIP"),
    ".pptx": (b"PK\x03\x04", "ZIP"),
    ".docx": (b"PK\x03\x04", "ZIP"),
    ".xlsx": (b"PK\x03\x04", "ZIP"),
    ".gz": (b"\x1f\x8b", "gzip"),
    ".tgz": (b"\x1f\x8b", "gzip"),
}
# The file names a paper's folder of the site already has.
_TAKEN = ("index.html",)


def check_attachments(volume: Volume) -> list[Problem]:
    """Every problem of every paper's attachments."""
    problems: list[Problem] = []
    for paper in volume.papers:
        published = {volume.pdf_name(paper), *_TAKEN}
        for index, attachment in enumerate(paper.info.attachments):
            problems.extend(_check(paper, index, attachment, published))
    return problems


def _check(
    paper: Paper, index: int, attachment: Attachment, published: set[str]
) -> Iterator[Problem]:
    doc, pid = paper.source, paper.id
    if attachment.url is not None:
        parts = urlsplit(attachment.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            yield report(
                doc,
                "attachment.bad-url",
                ("attachments", index, "url"),
                f"{attachment.url!r} is not an http(s) URL",
                paper=pid,
                hint="Give the whole address, starting with https://.",
            )
        return
    path, name = paper.attachment_path(attachment), attachment.name
    assert path is not None
    assert name is not None
    assert attachment.file is not None
    loc = ("attachments", index, "file")
    shown = str(Path(doc.display).parent / attachment.file)
    if name in published:
        yield report(
            doc,
            "attachment.name-taken",
            loc,
            f"{name!r} is the name of a file the site already publishes beside the paper",
            paper=pid,
            hint="Rename the file.",
        )
        return
    published.add(name)
    try:
        status = require_regular(path)
    except FileNotFoundError:
        yield report(
            doc,
            "attachment.missing",
            loc,
            f"{shown} not found",
            paper=pid,
            hint="Put the file there, or remove the attachment.",
        )
        return
    except (RefusedFile, OSError) as exc:
        yield report(
            doc,
            "attachment.not-a-file",
            loc,
            f"{shown} {_unreadable(exc)}",
            paper=pid,
            hint="Attach a regular file (a folder: attach it as a ZIP archive).",
        )
        return
    most = current_limits().attachment_bytes
    if status.st_size > most:
        yield report(
            doc,
            "attachment.too-large",
            loc,
            f"{shown} is {size_text(status.st_size)}, more than the {size_text(most)} an "
            "attachment may have",
            paper=pid,
            hint=f"Publish it elsewhere and attach its URL, or set {variable('attachment_bytes')} "
            "to allow more.",
        )
        return
    mismatch = wrong_type(path)
    if mismatch:
        yield report(
            doc,
            "attachment.wrong-type",
            loc,
            f"{shown} {mismatch}",
            paper=pid,
            hint="Attach the right file, or give it the extension of its type.",
        )


def wrong_type(path: Path) -> str | None:
    """Why the regular file ``path`` is not what its extension says (``is not a PDF file, as
    its extension .pdf says``), or ``None``: it starts as its type does, or its type is one
    we do not know the start of."""
    suffix = os.path.splitext(path.name.lower())[1]
    if suffix not in _MAGIC:
        return None
    magic, kind = _MAGIC[suffix]
    if _start(path, len(magic)) == magic:
        return None
    return f"is not a {kind} file, as its extension {suffix} says"


def _unreadable(error: Exception) -> str:
    """Why a file is not read, after its name."""
    if isinstance(error, RefusedFile):
        return error.reason
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    return f"cannot be read ({getattr(error, 'strerror', None) or error})"


def _start(path: Path, count: int) -> bytes:
    """The first ``count`` bytes of the regular file ``path`` (empty if it cannot be read);
    opened without waiting, should it have become a pipe since it was looked at."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
        with open(descriptor, "rb", closefd=True) as handle:
            return handle.read(count)
    except OSError:
        return b""
