"""The PDF stage's cache: work already done, found again by a hash of everything it came from.

A rebuild after one late correction should not parse, stamp and serialize the 199 papers that
did not change. Each piece of work (a typst document, a paper's stamped pages serialized for
the volume, a per-paper PDF) is stored under ``_build/.cache/pdf/<kind>/<key>``, where the key
hashes every input that reaches its bytes, plus the cache format, proceedings, pypdf and typst
versions. The cache only ever saves work: an entry that is missing, truncated, corrupted or made
from other inputs is never found, and the work is done again (and stored). Nothing outside the
cache folder depends on it, so deleting ``_build/`` loses nothing.

Each entry is ``MAGIC``, the SHA-256 of the rest, a JSON header and a binary body. Entries are
written through a temporary file and a rename but not synced: a crash may lose an entry or leave
a damaged one, which the checksum catches, and the work is done again.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from proceedings import __version__

FORMAT = "1"  # bump whenever what an entry holds, or how it is made, changes
MAGIC = b"proceedings-pdf-cache\n"
_VERSIONS = (FORMAT, __version__, version("pypdf"), version("typst"))


def file_stamp(path: Path) -> list[Any]:
    """A font file's identity for a key: its path, size and modification time (system fonts
    are large and never edited in place, so hashing their bytes on every build buys nothing).
    A folder (what typst is given) stands for every file in it: a font copied over another
    leaves the folder's own time unchanged."""
    stat = path.stat()
    found: list[Any] = [str(path), stat.st_size, stat.st_mtime_ns]
    if path.is_dir():
        found += [file_stamp(item) for item in sorted(path.rglob("*")) if item.is_file()]
    return found


def make_key(kind: str, inputs: Any, *blobs: bytes) -> str:
    """The key of a piece of work: its kind, its inputs as JSON, and the bytes it reads."""
    digest = hashlib.sha256()
    text = json.dumps([kind, _VERSIONS, inputs], sort_keys=True, ensure_ascii=False)
    for part in (text.encode(), *blobs):
        digest.update(struct.pack(">Q", len(part)))
        digest.update(part)
    return digest.hexdigest()


def content_hash(data: bytes) -> str:
    """The SHA-256 of some bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class PdfCache:
    """A cache folder (None: caching off, every lookup misses and nothing is stored)."""

    root: Path | None
    used: set[Path] = field(default_factory=set)
    pending: dict[Path, tuple[bytes, bytes]] = field(default_factory=dict)

    def _path(self, kind: str, key: str) -> Path | None:
        return None if self.root is None else self.root / kind / key

    def get(self, kind: str, key: str) -> tuple[Any, bytes] | None:
        """The header and body stored under ``key``, or None when absent or damaged."""
        path = self._path(kind, key)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        found = _unpack(data)
        if found is not None:
            self.used.add(path)
        return found

    def put(self, kind: str, key: str, header: Any, body: bytes) -> None:
        """Keep a header (JSON) and a body for ``key``, to store at :meth:`commit`."""
        path = self._path(kind, key)
        if path is not None:
            self.used.add(path)
            self.pending[path] = (json.dumps(header, ensure_ascii=False).encode(), body)

    def commit(self) -> None:
        """Store what :meth:`put` kept. Called once the build's outputs passed the read-back
        check, so every entry was verified when made (which lets :mod:`.verify` trust them).

        An entry that cannot be stored (a cache folder that cannot be written, a disk full,
        a temporary file pruned by another build at the same time) is left out: the outputs
        are written already, and the cache only ever saves work."""
        for path, (header, body) in self.pending.items():
            size = struct.pack(">Q", len(header))
            digest = hashlib.sha256(size)
            digest.update(header)
            digest.update(body)
            tmp: str | None = None
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
                with os.fdopen(fd, "wb") as handle:
                    for part in (MAGIC, digest.digest(), size, header, body):
                        handle.write(part)
                os.replace(tmp, path)
            except BaseException as exc:
                if tmp is not None:
                    Path(tmp).unlink(missing_ok=True)
                if not isinstance(exc, OSError):
                    raise
        self.pending.clear()

    def prune(self, kinds: tuple[str, ...]) -> None:
        """Remove the entries of ``kinds`` this build did not use: the cache holds one build."""
        if self.root is None:
            return
        for kind in kinds:
            folder = self.root / kind
            try:  # a folder removed or unreadable meanwhile holds nothing to keep
                for path in folder.iterdir() if folder.is_dir() else ():
                    if path not in self.used:
                        path.unlink(missing_ok=True)
            except OSError:
                continue


def _unpack(data: bytes) -> tuple[Any, bytes] | None:
    if not data.startswith(MAGIC):
        return None
    start = len(MAGIC) + 32
    digest, rest = data[len(MAGIC) : start], memoryview(data)[start:]
    if len(rest) < 8 or hashlib.sha256(rest).digest() != digest:
        return None
    (size,) = struct.unpack(">Q", rest[:8])
    try:
        header = json.loads(bytes(rest[8 : 8 + size]))
    except ValueError:
        return None
    return header, bytes(rest[8 + size :])
