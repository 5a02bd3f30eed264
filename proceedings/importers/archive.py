"""A folder or a ZIP archive -> a folder to read, with ZIPs unpacked safely.

Review systems hand out ZIPs (EasyChair's proceedings export, a CMT camera-ready download, a
folder of PDFs zipped by a co-chair). :func:`unpacked` gives every importer a plain folder
whatever it got. A ZIP is read defensively, since it comes from outside: a member whose name
would land outside the folder (``../x``, ``/etc/x``, ``C:\\x``), a link, too many members,
too many bytes or a member that unpacks to far more than its compressed size (see
:mod:`proceedings.limits`) stop the import with one message, and nothing unpacked is kept.
"""

from __future__ import annotations

import lzma
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from proceedings.errors import ProceedingsError
from proceedings.limits import (
    Limits,
    RefusedFile,
    current_limits,
    require_regular,
    size_text,
    variable,
)

__all__ = ["MAX_MEMBERS", "unpacked"]

MAX_MEMBERS = 20_000
_CHUNK = 1 << 20
# Below this, a member's ratio is not judged: a small text file of repeated lines may compress
# 200:1 and costs nothing to unpack.
_RATIO_FLOOR = 1_000_000


def _member_path(info: zipfile.ZipInfo, archive: Path) -> PurePosixPath | None:
    """Where a member goes, relative to the folder; ``None`` for a folder entry."""
    name = info.filename.replace("\\", "/")
    path = PurePosixPath(name)
    unsafe = (
        name.startswith("/")
        or (len(name) > 1 and name[1] == ":")
        or any(part == ".." for part in path.parts)
    )
    if unsafe:
        raise ProceedingsError(
            f"the ZIP has a member named '{info.filename}', which points outside the archive; "
            "nothing was unpacked. Re-create the ZIP from the folder itself",
            path=str(archive),
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ProceedingsError(
            f"the ZIP member '{info.filename}' is a symbolic link; nothing was unpacked. "
            "Re-create the ZIP without links",
            path=str(archive),
        )
    # A folder entry written with Windows separators (``camera\\``) is a folder too.
    if info.is_dir() or name.endswith("/") or not path.parts:
        return None
    return path


def _check(
    members: list[zipfile.ZipInfo], archive: Path
) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    if len(members) > MAX_MEMBERS:
        raise ProceedingsError(
            f"the ZIP has {len(members)} members, more than the {MAX_MEMBERS} an import reads",
            path=str(archive),
        )
    files = [(info, path) for info in members if (path := _member_path(info, archive))]
    # Two members unpacking to one file (a repeat, or ``a/b`` and ``a\\b``) would keep one of
    # them silently: which one is the camera-ready is the organizer's call.
    seen: set[PurePosixPath] = set()
    for _, path in files:
        if path in seen:
            raise ProceedingsError(
                f"the ZIP has two members named '{path}'; nothing was unpacked. Re-create the "
                "ZIP with one file of each name",
                path=str(archive),
            )
        seen.add(path)
    limits = current_limits()
    for info, path in files:  # what the members say they hold; checked again as they unpack
        _within(info, path, info.file_size, limits, archive)
    declared = sum(info.file_size for info, _ in files)
    if declared > limits.unpacked_bytes:
        raise _too_much(archive, f"unpacks to {size_text(declared)}", limits)
    return files


def _too_much(archive: Path, size: str, limits: Limits) -> ProceedingsError:
    return ProceedingsError(
        f"the ZIP {size}, more than the {size_text(limits.unpacked_bytes)} an import unpacks; "
        f"nothing was imported (set {variable('unpacked_bytes')} to allow more)",
        path=str(archive),
    )


def _within(
    info: zipfile.ZipInfo, path: PurePosixPath, size: int, limits: Limits, archive: Path
) -> None:
    """Stop when ``size`` bytes of the member are more than a member may hold or than its
    compressed size explains (a ZIP bomb: 1 GiB of zeros is 1 MB compressed)."""
    if size > limits.member_bytes:
        raise ProceedingsError(
            f"the ZIP member '{path}' unpacks to more than {size_text(limits.member_bytes)}, "
            f"the most one file may hold; nothing was imported (set "
            f"{variable('member_bytes')} to allow more)",
            path=str(archive),
        )
    if size > _RATIO_FLOOR and size > limits.ratio * max(info.compress_size, 1):
        raise ProceedingsError(
            f"the ZIP member '{path}' unpacks to more than {limits.ratio} times its "
            f"compressed size ({size_text(info.compress_size)}), as only a ZIP bomb does; "
            f"nothing was imported (set {variable('ratio')} to allow more)",
            path=str(archive),
        )


def _unzip(archive: Path, into: Path) -> None:
    try:
        with zipfile.ZipFile(archive) as zf:
            files = _check(zf.infolist(), archive)
            limits = current_limits()
            total = 0
            for info, path in files:
                target = into.joinpath(*path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as source, target.open("wb") as sink:
                    # Count what is really unpacked, chunk by chunk: a declared size can lie.
                    written = 0
                    while chunk := source.read(_CHUNK):
                        written += len(chunk)
                        total += len(chunk)
                        _within(info, path, written, limits, archive)
                        if total > limits.unpacked_bytes:
                            raise _too_much(archive, "unpacks to more", limits)
                        sink.write(chunk)
    except zipfile.BadZipFile as exc:
        raise ProceedingsError(
            f"not a readable ZIP archive ({exc}); download it again", path=str(archive)
        ) from None
    except (RuntimeError, NotImplementedError) as exc:  # encrypted or exotic compression
        raise ProceedingsError(
            f"the ZIP cannot be unpacked ({exc}); re-create it without a password",
            path=str(archive),
        ) from None
    except (zlib.error, EOFError, lzma.LZMAError) as exc:  # damaged compressed data
        raise ProceedingsError(
            f"the ZIP's data is damaged ({exc}); download it again", path=str(archive)
        ) from None
    except OSError as exc:  # a member that is a file and a folder, a name too long...
        member = str(exc.filename or "").replace(f"{into}/", "")
        reason = f"{exc.strerror}: {member}" if exc.strerror and member else str(exc)
        raise ProceedingsError(
            f"the ZIP cannot be unpacked ({reason}); nothing was unpacked. Re-create the ZIP",
            path=str(archive),
        ) from None


@contextmanager
def unpacked(source: Path) -> Iterator[Path]:
    """``source`` itself if it is a folder; a ZIP unpacked into a temporary folder otherwise.

    The temporary folder is removed on exit; the archive is only read.
    """
    if source.is_dir():
        yield source
        return
    try:
        require_regular(source)  # is_zipfile would open a FIFO and wait for ever
    except RefusedFile as exc:
        raise ProceedingsError(exc.reason, path=str(source)) from None
    except OSError:
        pass  # missing: is_zipfile says "neither a folder nor a ZIP archive"
    if not zipfile.is_zipfile(source):
        raise ProceedingsError("neither a folder nor a ZIP archive", path=str(source))
    folder = Path(tempfile.mkdtemp(prefix="proceedings-import-"))
    try:
        _unzip(source, folder)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
