"""What every publisher's package does with files: copy the project's, write its own, and cut
the volume's front matter out of the built volume."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
from pypdf.constants import PageLabelStyle

from proceedings.errors import ProceedingsError
from proceedings.layout import roman
from proceedings.output import write_atomic
from proceedings.pdfoutline import outline_entries


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
    reader, labels = _read_volume(volume_pdf)
    return _pdf_of(reader, range(_front_pages(labels)))


def front_matter_chapter(volume_pdf: Path, title: str) -> tuple[bytes, list[str]]:
    """One chapter of the built volume's front matter (a hand-written page such as the
    preface) and its page labels: the pages from its top-level outline entry ``title`` on a
    Roman-numbered page to the page before the next top-level entry (or the first Arabic
    page), less the blank pages after it that open the next chapter on a recto.

    The volume's outline and page labels say where the chapter is, so the package stage reads
    it off the volume the build checked rather than typesetting it again. The first entry of
    that title counts: the hand-written pages come before Organization and Contents.
    """
    reader, labels = _read_volume(volume_pdf)
    front = _front_pages(labels)
    pages = {
        page.indirect_reference.idnum: index
        for index, page in enumerate(reader.pages)
        if page.indirect_reference is not None
    }
    entries = [
        (text, page) for _, text, page in outline_entries(reader, pages, 1) if page is not None
    ]
    chapter = [page for text, page in entries if text == title and page < front]
    if not chapter:
        raise ProceedingsError(
            f"the front matter has no outline entry '{title}'; build the volume again",
            path=str(volume_pdf),
        )
    start = chapter[0]
    end = min([page for _, page in entries if page > start] + [front])
    while end - 1 > start and _blank(reader.pages[end - 1]):
        end -= 1
    # Its pages keep the numbers they print (III, IV...) when the front matter is numbered
    # from I, as the PDF stage numbers it.
    roman_from = (
        start + 1 if labels[start:end] == [roman(n) for n in range(start + 1, end + 1)] else None
    )
    return _pdf_of(reader, range(start, end), roman_from, title), labels[start:end]


def _read_volume(volume_pdf: Path) -> tuple[pypdf.PdfReader, list[str]]:
    try:
        reader = pypdf.PdfReader(volume_pdf)
        return reader, list(reader.page_labels)
    except (OSError, pypdf.errors.PyPdfError) as exc:
        raise ProceedingsError(
            f"cannot read the built volume ({exc})", path=str(volume_pdf)
        ) from None


def _front_pages(labels: list[str]) -> int:
    """How many pages come before the first Arabic-numbered one."""
    return next((index for index, label in enumerate(labels) if label.isdigit()), len(labels))


def _blank(page: pypdf.PageObject) -> bool:
    """Whether the page shows nothing: the pages the typesetter adds so that a chapter opens
    on a recto have an empty content stream."""
    contents = page.get_contents()
    return contents is None or not contents.get_data().strip()


def _pdf_of(
    reader: pypdf.PdfReader,
    indices: range,
    roman_from: int | None = None,
    title: str | None = None,
) -> bytes:
    """The pages ``indices`` of ``reader`` as a PDF of their own; with ``roman_from``, labelled
    in upper-case Roman numerals from that number; with ``title``, titled so (a reader's window
    shows it)."""
    writer = pypdf.PdfWriter()
    if title is not None:
        writer.add_metadata({"/Title": title})
    for index in indices:
        writer.add_page(reader.pages[index])
    if roman_from is not None and indices:
        last = len(indices) - 1
        writer.set_page_label(0, last, style=PageLabelStyle.UPPERCASE_ROMAN, start=roman_from)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def one_line(text: str) -> str:
    """Model text on one line: a line break in YAML is not one in a list or a metadata file."""
    return " ".join(text.split())
