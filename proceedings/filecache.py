"""Facts read off files, kept between runs while the files are unchanged.

Reading 200 papers' PDFs (their page counts for the layout, their fonts, sizes and first-page
text for the checks) takes seconds that a rebuild after one corrected paper should not spend
again. A :class:`FileCache` keeps, in one JSON file under ``_build/.cache/``, each input file's
value next to its size and modification time, and hands a value back only while both are
unchanged. It only ever saves work: a missing, unreadable or stale cache, or one written by
another version of proceedings, is ignored, and a cache that cannot be written costs only
speed. A value is kept under the size and time the file had before it was read (see
:func:`identity`), so a file replaced while it was read, or before its value was kept, is read
again by the next run, unless the new file has the same size and a time within the file
system's clock tick. The PDF stage's read-back check catches a file changed behind the
cache's back.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from proceedings._version import __version__
from proceedings.output import write_atomic

__all__ = ["FileCache", "Identity", "identity"]

Identity = tuple[int, int]
"""A file's size and modification time (ns): what a cached value is valid for."""


def identity(file: Path) -> Identity | None:
    """The file's size and modification time now (None if it cannot be read): taken before a
    file is read, and given to :meth:`FileCache.put` with what was read."""
    try:
        stat = file.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


class FileCache:
    """Values by input file, valid while the file's size and modification time are unchanged.

    ``path`` is the cache's JSON file (``None``: no cache, every lookup misses); ``kind``
    names what is cached, and with the proceedings version decides whether an old file counts.
    With ``root``, files are known by their path inside that folder, wherever it is: the build
    folder, whose staging copy is built in another place and then renamed.
    """

    def __init__(self, path: Path | None, kind: str, *, root: Path | None = None) -> None:
        self.path = path
        self.stamp = f"{kind} {__version__}"
        self.root = root.resolve() if root is not None else None
        self._known = self._read()
        self._fresh: dict[str, list[Any]] = {}
        self._changed = False  # a value put that differs: the file is written again

    def _read(self) -> dict[str, list[Any]]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("stamp") != self.stamp:
            return {}
        entries = data.get("entries")
        if not isinstance(entries, dict):
            return {}
        return {k: v for k, v in entries.items() if isinstance(v, list) and len(v) == 3}

    def _key(self, file: Path) -> str:
        where = file.resolve()
        if self.root is not None:
            where = where.relative_to(self.root)
        return str(where)

    def get(self, file: Path) -> Any:
        """The value stored for ``file`` if it is unchanged since, else ``None``."""
        now = identity(file)
        if now is None:
            return None
        key = self._key(file)
        entry = self._known.get(key)
        if entry is None or entry[:2] != list(now):
            return None
        self._fresh[key] = entry
        return entry[2]

    def read_at(self, file: Path) -> Identity | None:
        """The identity of ``file`` that the value this run got or put for it is valid for."""
        entry = self._fresh.get(self._key(file))
        return None if entry is None else (int(entry[0]), int(entry[1]))

    def put(self, file: Path, value: Any, read_at: Identity | None = None) -> None:
        """Remember ``value`` (JSON data) for ``file`` as it was when read: ``read_at``, the
        file's :func:`identity` taken before it was read (without it, as the file is now,
        for a value that does not come from its bytes)."""
        stamp = read_at if read_at is not None else identity(file)
        if stamp is not None:
            key = self._key(file)
            entry = self._fresh[key] = [*stamp, value]
            self._changed = self._changed or self._known.get(key) != entry

    def save(self) -> None:
        """Write what this run used or made, if it differs from what was read: something was
        put, or some entry read was not used (comparing the values themselves would cost a
        rebuild as much as reading them)."""
        if self.path is None or not (self._changed or self._fresh.keys() != self._known.keys()):
            return
        data = {"stamp": self.stamp, "entries": self._fresh}
        with contextlib.suppress(OSError):
            write_atomic(self.path, json.dumps(data, sort_keys=True, ensure_ascii=False) + "\n")
