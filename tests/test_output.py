"""The shared writers of outputs (:mod:`proceedings.output`): atomic writes and when they wait
for the disk, ZIP archives that depend on their contents alone."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from proceedings.output import link_atomic, write_atomic, zip_folder


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


def test_a_build_file_is_published_as_a_link_and_left_alone_when_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that link_atomic publishes a build's file as a hard link to it, keeps
    a published file with the same bytes untouched (its time too), replaces one with other
    bytes, and copies the file where no hard link can be made, leaving no temporary behind."""
    source, target = tmp_path / "pdf" / "001.pdf", tmp_path / "html" / "papers" / "x.pdf"
    source.parent.mkdir()
    source.write_bytes(b"%PDF-1.7 one\n")
    link_atomic(source, target)
    assert target.samefile(source)
    copy = tmp_path / "html" / "copy.pdf"
    copy.write_bytes(source.read_bytes())
    before = copy.stat().st_mtime_ns
    link_atomic(source, copy)
    assert not copy.samefile(source)
    assert copy.stat().st_mtime_ns == before
    source.unlink()  # the pdf stage writes a new file in place of the old one
    source.write_bytes(b"%PDF-1.7 two\n")
    link_atomic(source, target)
    assert target.samefile(source)

    def no_links(src: object, dst: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    link_atomic(source, copy)
    assert copy.read_bytes() == b"%PDF-1.7 two\n"
    assert not copy.samefile(source)
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.pdf"]
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copy.pdf", "papers"]


def _folder(root: Path) -> Path:
    (root / "Vol-1" / "papers").mkdir(parents=True)
    (root / "Vol-1" / "index.html").write_text("<html></html>", encoding="utf-8")
    (root / "Vol-1" / "papers" / "paper1.pdf").write_bytes(b"%PDF-1.7\n")
    return root


def test_zip_is_sorted_and_dated_by_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    archive = zipfile.ZipFile(io.BytesIO(zip_folder(_folder(tmp_path))))
    assert archive.namelist() == ["Vol-1/index.html", "Vol-1/papers/paper1.pdf"]
    assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert archive.read("Vol-1/papers/paper1.pdf") == b"%PDF-1.7\n"


def test_zip_bytes_do_not_depend_on_when_or_in_what_order_files_were_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = zip_folder(_folder(tmp_path / "a"))
    later = _folder(tmp_path / "b")
    (later / "Vol-1" / "index.html").touch()  # a newer modification time
    assert zip_folder(later) == first
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {
        (1980, 1, 1, 0, 0, 0)
    }
