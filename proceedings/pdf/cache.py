"""The PDF stage's cache: work already done, found again by a hash of everything it came from.

A rebuild after one late correction should not parse, stamp and serialize the 199 papers that
did not change. Each piece of work (a typst document, a paper's stamped pages serialized for
the volume, a per-paper PDF) is stored under ``_build/.cache/pdf/<kind>/<key>``, where the key
hashes every input that reaches its bytes, plus the cache format, proceedings, pypdf and typst
versions. The cache only ever saves work: an entry that is missing, truncated, corrupted or made
from other inputs is never found, and the work is done again (and stored). Nothing outside the
cache folder depends on it, so deleting ``_build/`` loses nothing.

Each entry is ``MAGIC``, the SHA-256 of the rest, a JSON header and a binary body. The header
names the entry's own kind and key, so an entry is used only where it was stored: one copied,
moved or swapped to another key's file name (by hand, a sync tool, a bad restore) is refused as
surely as a damaged one, and its work done again, with a note (:attr:`PdfCache.notes`).
Entries are written as soon as they are made, under a temporary name, put in place by a
rename once the build passed its checks (:meth:`PdfCache.commit`), but not synced: a crash
may lose an entry or leave a damaged one, which the checksum catches, and the work is done
again.
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

from proceedings._version import __version__

FORMAT = "3"  # bump whenever what an entry holds, or how it is made, changes
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


@dataclass
class PdfCache:
    """A cache folder (None: caching off, every lookup misses and nothing is stored).

    ``notes`` says which entries were there but refused (damaged, or holding another key's
    work): the build made their work again, and the user may want to know why it was slow or
    who is writing into the cache."""

    root: Path | None
    used: set[Path] = field(default_factory=set)
    pending: dict[Path, Path] = field(default_factory=dict)  # entry -> its temporary file
    notes: list[str] = field(default_factory=list)

    def _path(self, kind: str, key: str) -> Path | None:
        return None if self.root is None else self.root / kind / key

    def get(self, kind: str, key: str) -> tuple[Any, bytes] | None:
        """The header and body stored under ``key``, or None when absent, damaged or made for
        another key (those two with a note)."""
        path = self._path(kind, key)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:  # absent (the usual miss) or unreadable: the work is done again
            return None
        found = _unpack(data)
        if found is None:
            self._note(f"cache entry {path} is damaged; its work was done again")
            return None
        owner, header, body = found
        if owner != [kind, key]:
            other = "/".join(map(str, owner)) if _is_owner(owner) else "an unknown key"
            self._note(
                f"cache entry {path} holds the work of {other}, not its own; "
                "it was not used and its work was done again"
            )
            return None
        self.used.add(path)
        return header, body

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry is stored under ``key`` (unread: :meth:`get` may still refuse it)."""
        path = self._path(kind, key)
        return path is not None and path.is_file()

    def touch(self, kind: str, key: str) -> None:
        """Keep the entry under ``key`` (if any) through :meth:`prune`, unread: its work is in
        the build folder already."""
        path = self._path(kind, key)
        if path is not None:
            self.used.add(path)

    def _note(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def put(self, kind: str, key: str, header: Any, body: bytes) -> None:
        """Write a header (JSON) and a body for ``key`` under a temporary name, to be put in
        place at :meth:`commit` (written now: a volume's work need not fit in memory).

        An entry that cannot be written (a cache folder that cannot be written, a disk full)
        is left out: the cache only ever saves work."""
        path = self._path(kind, key)
        if path is None:
            return
        self.used.add(path)
        entry = json.dumps({"kind": kind, "key": key, "header": header}, ensure_ascii=False)
        size = struct.pack(">Q", len(entry.encode()))
        digest = hashlib.sha256(size)
        digest.update(entry.encode())
        digest.update(body)
        tmp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                for part in (MAGIC, digest.digest(), size, entry.encode(), body):
                    handle.write(part)
        except OSError:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            return
        old = self.pending.pop(path, None)
        if old is not None:
            old.unlink(missing_ok=True)
        self.pending[path] = Path(tmp)

    def commit(self) -> None:
        """Put in place what :meth:`put` wrote. Called once the build's outputs passed the
        read-back check, so every entry was verified when made (which lets :mod:`.verify`
        trust them).

        An entry that cannot be put in place (its temporary file pruned by another build at
        the same time) is left out: the outputs are written already, and the cache only ever
        saves work."""
        for path, tmp in self.pending.items():
            try:
                os.replace(tmp, path)
            except OSError:
                tmp.unlink(missing_ok=True)
        self.pending.clear()

    def discard(self) -> None:
        """Drop what :meth:`put` wrote: the build failed, and its work was not verified."""
        for tmp in self.pending.values():
            tmp.unlink(missing_ok=True)
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


def _is_owner(owner: Any) -> bool:
    return isinstance(owner, list) and len(owner) == 2 and all(isinstance(x, str) for x in owner)


def _unpack(data: bytes) -> tuple[list[Any], Any, bytes] | None:
    """The kind and key an entry was stored for, its header and its body; None if damaged."""
    if not data.startswith(MAGIC):
        return None
    start = len(MAGIC) + 32
    digest, rest = data[len(MAGIC) : start], memoryview(data)[start:]
    if len(rest) < 8 or hashlib.sha256(rest).digest() != digest:
        return None
    (size,) = struct.unpack(">Q", rest[:8])
    try:
        entry = json.loads(bytes(rest[8 : 8 + size]))
    except ValueError:
        return None
    if not isinstance(entry, dict) or "header" not in entry:
        return None
    return [entry.get("kind"), entry.get("key")], entry["header"], bytes(rest[8 + size :])
