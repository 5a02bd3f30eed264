"""Write generated files atomically, so a crash or a full disk never leaves half a file."""

from __future__ import annotations

import contextlib
import datetime
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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):  # keep the error that matters, not this one
                Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno is not None:
            # Name the file being written, not its temporary twin (nor nothing, as a write
            # that finds the disk full does), so the message says which output failed.
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


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
