"""Atomic writes (:mod:`proceedings.output`): when they wait for the disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from proceedings.output import write_atomic


def test_only_durable_writes_wait_for_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that an output is synced to the disk before its rename, that a cache's
    file (``durable=False``: the site's generated pages) is not, and that bytes already in
    place are not written again."""
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    output, cache = tmp_path / "out" / "volume.bib", tmp_path / "cache" / "page.md"
    write_atomic(output, "@book{x}\n")
    assert len(synced) == 1
    write_atomic(cache, "# Page\n", durable=False)
    assert len(synced) == 1
    assert output.read_text(encoding="utf-8") == "@book{x}\n"
    assert cache.read_text(encoding="utf-8") == "# Page\n"
    before = cache.stat().st_mtime_ns
    write_atomic(cache, "# Page\n", durable=False)
    assert cache.stat().st_mtime_ns == before
    assert sorted(p.name for p in cache.parent.iterdir()) == ["page.md"]  # no temporary left
