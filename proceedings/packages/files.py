"""What every publisher's package does with files: copy the project's, write its own, and cut
the volume's front matter out of the built volume."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf

from proceedings.errors import ProceedingsError
from proceedings.output import write_atomic


def copy_file(path: Path, target: Path) -> Path:
    """Copy a project's or the build's file into the package. The package's folder is new
    (``Package.write`` empties it), so no file of an earlier build, shared with this one by a
    hard link, is ever written through."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return target


def write_file(path: Path, data: bytes | str) -> Path:
    """Write one file of the package."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return path


def front_matter_pdf(volume_pdf: Path) -> bytes:
    """The built volume's pages before its first Arabic-numbered one: its front matter (the
    page labels say which: I, II, ... then 1, 2, ...). The same bytes for the same volume."""
    try:
        reader = pypdf.PdfReader(volume_pdf)
        labels = reader.page_labels
    except (OSError, pypdf.errors.PyPdfError) as exc:
        raise ProceedingsError(
            f"cannot read the built volume ({exc})", path=str(volume_pdf)
        ) from None
    writer = pypdf.PdfWriter()
    for page, label in zip(reader.pages, labels, strict=True):
        if label.isdigit():
            break
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def one_line(text: str) -> str:
    """Model text on one line: a line break in YAML is not one in a list or a metadata file."""
    return " ".join(text.split())
