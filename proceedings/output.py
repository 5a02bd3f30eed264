"""Write generated files atomically, so a crash or a full disk never leaves half a file."""

from __future__ import annotations

import contextlib
import datetime
import filecmp
import io
import os
import tempfile
import zipfile
from pathlib import Path

from proceedings.errors import ProceedingsError


def source_date() -> datetime.datetime | None:
    """The build's date from ``SOURCE_DATE_EPOCH`` (reproducible builds), or ``None`` if unset.

    Outputs carry no date unless it is set, so the same inputs give the same bytes; a value
    that is not a number of seconds is an error rather than silently ignored.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    except (ValueError, OverflowError, OSError):
        raise ProceedingsError(
            f"SOURCE_DATE_EPOCH is {epoch!r}, not a number of seconds since 1970-01-01 UTC; "
            "set it to e.g. $(date +%s) or unset it"
        ) from None


def write_atomic(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Readers see the old file or the new one, never a mix; unchanged files are left untouched so
    their modification times keep meaning something to ``make`` and static hosts. The bytes
    reach the disk before the rename, unless ``durable`` is false: for a cache's files, which
    the next build compares byte for byte and writes again (a crash may leave one empty), the
    wait for the disk is the slowest part of writing thousands of small files.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == payload:
        return
    pending = PendingFile(path, durable=durable)
    try:
        pending.write(payload)
    except BaseException:
        pending.discard()
        raise
    pending.commit()


def link_atomic(source: Path, path: Path) -> None:
    """Put the build's own file ``source`` at ``path`` too: as a hard link where the system
    allows one, else as a copy (:func:`write_atomic`), atomically either way.

    For the files one stage of a build publishes from another's output (the site's PDFs, the
    pdf stage's): a link copies no bytes and waits for no disk, the source having reached it
    already, and a rebuild sees a file that did not change as the same file without reading
    it. A ``path`` holding the same bytes is left untouched, as :func:`write_atomic` leaves it.
    Never for an input: the published file would be the input itself.
    """
    if path.is_file() and (
        os.path.samefile(source, path)
        or (
            path.stat().st_size == source.stat().st_size
            and filecmp.cmp(source, path, shallow=False)
        )
    ):
        return
    path.parent.mkdir(parents=True, exist_ok=True)  # its error names the folder
    tmp = path.with_name(f".{path.name}.{os.getpid()}.link")
    try:
        tmp.unlink(missing_ok=True)
        os.link(source, tmp)
    except OSError:  # a file system without hard links, a source on another device
        write_atomic(path, source.read_bytes())
        return
    try:
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from exc


class PendingFile:
    """A file written piece by piece under a temporary name beside ``path``, put in place
    (:meth:`commit`) or dropped (:meth:`discard`) as a whole: what :func:`write_atomic` does
    for bytes in memory, for a file too large to hold (the PDF volume) or one that must wait
    for a check before it may replace the old one."""

    def __init__(self, path: Path, *, durable: bool = True) -> None:
        self.path = path
        self.durable = durable  # whether commit waits for the disk (see write_atomic)
        self.tmp: Path | None = None
        path.parent.mkdir(parents=True, exist_ok=True)  # its error names the folder
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            self.tmp = Path(tmp)
            self.handle = os.fdopen(fd, "w+b", buffering=1 << 20)
        except OSError as exc:
            raise self._named(exc) from exc

    def write(self, data: bytes) -> None:
        """Append ``data``."""
        try:
            self.handle.write(data)
        except OSError as exc:
            raise self._named(exc) from exc

    def close(self) -> None:
        """Hand everything to the system (after which the file may be read back, by name)."""
        if self.handle.closed:
            return
        try:
            self.handle.flush()
            self.handle.close()
        except OSError as exc:
            raise self._named(exc) from exc

    def commit(self) -> None:
        """Put the file in place, or leave ``path`` untouched if it holds the same bytes.

        The bytes reach the disk before the rename (unless not ``durable``), and only then: a
        rebuild compares its 200 unchanged per-paper PDFs with the old ones and drops them
        without waiting for the disk at all.
        """
        assert self.tmp is not None
        try:
            self.close()
            if self.path.is_file() and filecmp.cmp(self.tmp, self.path, shallow=False):
                self.discard()
                return
            if self.durable:
                _sync(self.tmp)
            os.chmod(self.tmp, 0o644)
            os.replace(self.tmp, self.path)
        except BaseException as exc:
            self.discard()
            if isinstance(exc, OSError):
                raise self._named(exc) from exc
            raise
        self.tmp = None

    def discard(self) -> None:
        """Drop the file (the old one, if any, stays)."""
        with contextlib.suppress(OSError):  # keep the error that matters, not this one
            self.handle.close()
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                self.tmp.unlink(missing_ok=True)
            self.tmp = None

    def _named(self, exc: OSError) -> OSError:
        """Name the file being written, not its temporary twin (nor nothing, as a write that
        finds the disk full does), so the message says which output failed."""
        if exc.errno is None:
            return exc
        return OSError(exc.errno, exc.strerror, str(self.path))


def _sync(path: Path) -> None:
    """Wait until the file's bytes are on the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def zip_folder(folder: Path) -> bytes:
    """The files under ``folder`` as ZIP bytes that depend on their names and contents alone.

    Members are sorted, dated ``SOURCE_DATE_EPOCH`` (1980-01-01, ZIP's first day, when unset)
    and given the same permissions, so the same package gives the same archive, byte for byte.
    """
    date = source_date()
    first = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)  # ZIP dates nothing earlier
    when = first if date is None else max(date, first)
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
