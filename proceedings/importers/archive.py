"""A folder or a ZIP archive -> a folder to read, with ZIPs unpacked safely.

Review systems hand out ZIPs (EasyChair's proceedings export, a CMT camera-ready download, a
folder of PDFs zipped by a co-chair). :func:`unpacked` gives every importer a plain folder
whatever it got. A ZIP is read defensively, since it comes from outside: a member whose name
would land outside the folder (``../x``, ``/etc/x``, ``C:\\x``), a link, too many members or
too many bytes stop the import with one message before anything is unpacked.
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

__all__ = ["MAX_BYTES", "MAX_MEMBERS", "unpacked"]

MAX_MEMBERS = 20_000
MAX_BYTES = 4 * 1024**3  # unpacked; a volume's PDFs are far below this
_CHUNK = 1 << 20


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
    declared = sum(info.file_size for info, _ in files)
    if declared > MAX_BYTES:
        raise ProceedingsError(
            f"the ZIP unpacks to {declared / 1024**3:.1f} GiB, more than the "
            f"{MAX_BYTES // 1024**3} GiB an import reads",
            path=str(archive),
        )
    return files


def _unzip(archive: Path, into: Path) -> None:
    try:
        with zipfile.ZipFile(archive) as zf:
            files = _check(zf.infolist(), archive)
            budget = MAX_BYTES
            for info, path in files:
                target = into.joinpath(*path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as source, target.open("wb") as sink:
                    # Count what is really unpacked: a member's declared size can lie.
                    while chunk := source.read(_CHUNK):
                        budget -= len(chunk)
                        if budget < 0:
                            raise ProceedingsError(
                                f"the ZIP unpacks to more than {MAX_BYTES // 1024**3} GiB; "
                                "nothing was imported",
                                path=str(archive),
                            )
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
    if not zipfile.is_zipfile(source):
        raise ProceedingsError("neither a folder nor a ZIP archive", path=str(source))
    folder = Path(tempfile.mkdtemp(prefix="proceedings-import-"))
    try:
        _unzip(source, folder)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
