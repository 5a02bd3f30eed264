"""Read one PDF file and return its facts (pages, sizes, fonts, text, hash) as a PdfFacts.

pypdf reads the structure (pages, boxes, fonts, metadata); pdfium reads the text of the leading
pages, with each first-page line's font size and place, several times faster than pypdf.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import hashlib
import logging
import math
import re
import threading
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c
from pypdf import PageObject, PasswordType, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, PdfObject, RectangleObject, StreamObject

from proceedings.limits import RefusedFile, read_regular
from proceedings.text import plural

Also = Callable[[Any, tuple[Any, Any] | None], None]
"""What :func:`inspect_pdf` gives the open document to: it and, when the text facts were read
off it, its first page and that page's text page (``pypdfium2.PdfPage``, ``PdfTextPage``), open."""
MM_PER_PT = 25.4 / 72
TEXT_PAGES = 3
"""Text is extracted from this many leading pages only: enough to tell a scan from a typeset
paper and to find the title, while keeping a 100-page file fast to inspect."""
MAX_FIRST_PAGE_LINES = 60
# The error of a well-formed PDF whose page tree is empty.
NO_PAGES = "the PDF has no pages"

_HEADER_WINDOW = 1024  # the PDF specification lets "%PDF-" start anywhere in the first 1024 bytes
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_FONT_FILE_KEYS = ("/FontFile", "/FontFile2", "/FontFile3")
_TRUNCATED = "file is damaged: it ends early (no %%EOF marker), probably cut off in transfer"
# pdfium keeps global state and is not thread-safe: one document is read at a time, process-wide.
_PDFIUM = threading.Lock()
# What pdfium gives for a hyphen that breaks a word at the end of a line (GetText, GetUnicode).
_PDFIUM_HYPHENS = "\ufffe\x02"
# A word of pdfium's text: up to a space or a line-end hyphen (the next line may follow at once).
_PDFIUM_WORD = re.compile(r"[^\s\ufffe\x02]+[\ufffe\x02]?|[\ufffe\x02]")
# Characters that show nothing: controls, surrogates, private use, unassigned code points.
_NOT_SHOWN = frozenset(("Cc", "Cs", "Co", "Cn"))


@dataclass(frozen=True)
class PdfFacts:
    """What the check stage needs to know about one PDF; failures are data here, never exceptions.

    ``error`` is None exactly when the pages could be read; then ``page_count`` is positive.
    Otherwise ``error`` is a short reason for a human and the page facts are empty.
    """

    path: Path
    size_bytes: int
    error: str | None
    encrypted: bool = False
    needs_password: bool = False
    page_count: int = 0
    page_sizes_mm: tuple[tuple[float, float], ...] = ()
    rotations: tuple[int, ...] = ()
    unembedded_fonts: tuple[str, ...] = ()
    text_chars: int = 0  # non-whitespace characters up to the first page with text
    image_only: bool = False
    first_page_lines: tuple[str, ...] = ()
    # Per first-page line: the font size (pt) of most of its characters, 0 when unknown (text
    # read by pypdf), and how far down the page its baseline is (0 top, 1 bottom).
    first_page_sizes: tuple[float, ...] = ()
    first_page_depths: tuple[float, ...] = ()
    # The first page's whole text, whitespace folded: a publisher's clause stands at its foot.
    first_page_text: str = ""
    title_metadata: str | None = None
    sha256: str | None = None  # of the file's bytes, whenever it could be read and is not empty

    def as_json(self) -> dict[str, Any]:
        """The facts as JSON data (for :class:`~proceedings.filecache.FileCache`)."""
        data = dataclasses.asdict(self)
        del data["path"]
        return data

    @classmethod
    def from_json(cls, path: Path, data: dict[str, Any]) -> PdfFacts:
        """The facts :meth:`as_json` gave, for the file at ``path``; KeyError when ``data`` has
        other fields (written by another layout of PdfFacts)."""
        if set(data) != {field.name for field in dataclasses.fields(cls)} - {"path"}:
            raise KeyError("the fields of another layout of PdfFacts")
        tuples = {
            "page_sizes_mm": tuple(tuple(size) for size in data["page_sizes_mm"]),
            "rotations": tuple(data["rotations"]),
            "unembedded_fonts": tuple(data["unembedded_fonts"]),
            "first_page_lines": tuple(data["first_page_lines"]),
            "first_page_sizes": tuple(data["first_page_sizes"]),
            "first_page_depths": tuple(data["first_page_depths"]),
        }
        return cls(path=path, **{**data, **tuples})


def inspect_pdf(path: Path, also: Also | None = None) -> PdfFacts:
    """Return the facts of the PDF at ``path``; never raises, whatever the file contains.

    The check stage must report every problem of every paper in one run, so one broken upload
    must not abort it: unreadable, non-PDF, damaged and password-protected files all come back as
    a PdfFacts whose ``error`` says why. ``also`` is given the PDFium document (a
    ``pypdfium2.PdfDocument``) the text was read from, when PDFium opened the file, before it is
    closed, with its first page (see :data:`Also`): the ink is measured in the same opening,
    and the first page loaded once (see :mod:`proceedings.pdfink`).
    """
    try:
        data = read_regular(path, "pdf_bytes")
    except RefusedFile as exc:  # a FIFO, a device, a file beyond the limit: never read
        return PdfFacts(path, _size_on_disk(path), exc.reason)
    except OSError as exc:
        return PdfFacts(path, _size_on_disk(path), f"cannot be read: {exc.strerror or exc}")
    if not data:
        return PdfFacts(path, 0, "file is empty")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        # Nothing of the file is quoted: it may be anything, a system file included.
        facts = PdfFacts(path, len(data), "not a PDF file (it does not start with %PDF-)")
    else:
        with quiet_pypdf():
            facts = _inspect(path, data, also)
    # Two papers with the same bytes are one paper's PDF uploaded twice, whatever they hold.
    return dataclasses.replace(facts, sha256=hashlib.sha256(data).hexdigest())


def _inspect(path: Path, data: bytes, also: Also | None) -> PdfFacts:
    """Gather the facts from the bytes of a file that at least claims to be a PDF."""
    size = len(data)
    # The broad excepts below all wrap pypdf calls only: on damaged input pypdf raises nearly any
    # exception type (PdfReadError, ValueError, KeyError, TypeError, AttributeError,
    # RecursionError, ...), and inspect_pdf promises to turn every one of them into data.
    try:
        reader = PdfReader(BytesIO(data))
        encrypted = bool(reader.is_encrypted)
    except Exception as exc:  # see above: any pypdf failure means a damaged file
        return PdfFacts(path, size, _damaged(exc, data))
    if encrypted:
        reason = _decrypt_with_empty_password(reader)
        if reason is not None:
            return PdfFacts(path, size, reason, encrypted=True, needs_password=True)
    try:
        pages = list(reader.pages)
        rotations = tuple(_rotation(page) for page in pages)
        sizes = tuple(_displayed_size_mm(page) for page in pages)
    except Exception as exc:  # see above: the page tree or a page box is broken
        return PdfFacts(path, size, _damaged(exc, data), encrypted=encrypted)
    if not pages:
        reason = _TRUNCATED if _is_truncated(data) else NO_PAGES
        return PdfFacts(path, size, reason, encrypted=encrypted)
    declared = declared_page_count(reader)
    if declared is not None and declared != len(pages):
        reason = (
            f"file is damaged: its page tree says {plural(declared, 'page')} but holds "
            f"{len(pages)}, so viewers disagree on its length; re-export it"
        )
        return PdfFacts(path, size, reason, encrypted=encrypted)

    leading = pages[:TEXT_PAGES]
    text = _pdfium_text(data, len(pages), also)
    if text is None:
        text = _pypdf_text(leading)
    return PdfFacts(
        path=path,
        size_bytes=size,
        error=None,
        encrypted=encrypted,
        needs_password=False,
        page_count=len(pages),
        page_sizes_mm=sizes,
        rotations=rotations,
        unembedded_fonts=_unembedded_fonts(pages),
        text_chars=text.chars,
        # When extraction failed on a page we cannot claim the pages carry no text.
        image_only=text.complete and text.chars == 0 and _has_images(leading),
        first_page_lines=tuple(line.text for line in text.lines),
        first_page_sizes=tuple(line.size for line in text.lines),
        first_page_depths=tuple(line.depth for line in text.lines),
        first_page_text=text.first,
        title_metadata=_title(reader),
    )


@contextlib.contextmanager
def quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's log messages and Python warnings while inspecting.

    pypdf logs every robustness fix it applies to a broken file; those would reach stderr through
    logging's last-resort handler, yet the problems they describe are reported as ``error``.
    Changing the logger level is process-wide, so this is not meant for concurrent threads.
    """
    logger = logging.getLogger("pypdf")
    previous_level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(previous_level)


def _size_on_disk(path: Path) -> int:
    """Return the file size, or 0 when even that is unavailable (missing file, no permission)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _reason(exc: BaseException) -> str:
    """Turn a pypdf exception into a short one-line reason, without any traceback."""
    if isinstance(exc, RecursionError):
        return "objects are nested too deeply (probably a reference cycle)"
    text = " ".join(str(exc).split()) or type(exc).__name__
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text if len(text) <= 160 else text[:157] + "..."


def declared_page_count(reader: PdfReader) -> int | None:
    """The page count the page tree's root declares (``/Count``), without reading the pages.

    Reading every page object of a long PDF is most of the cost of counting its pages; the
    layout trusts this number, which :func:`inspect_pdf` (run by every check) compares with the
    pages really there. ``None`` when the root has no usable count.
    """
    try:
        pages = reader.root_object["/Pages"].get_object()
        count = pages["/Count"] if isinstance(pages, DictionaryObject) else None
    except Exception:  # pypdf call on a damaged catalog: no usable count
        return None
    return count if isinstance(count, int) and count > 0 else None


def _damaged(exc: BaseException, data: bytes) -> str:
    """Phrase a pypdf failure as damage to the file, which is what it almost always means.

    A missing end-of-file marker points at the commonest cause, an interrupted upload or
    download, which pypdf itself reports only as an obscure parsing failure.
    """
    if _is_truncated(data):
        return _TRUNCATED
    return f"file is damaged: {_reason(exc)}"


def _is_truncated(data: bytes) -> bool:
    """Tell whether the file lacks the %%EOF marker that every complete PDF ends with."""
    return b"%%EOF" not in data[-_HEADER_WINDOW:]


def _decrypt_with_empty_password(reader: PdfReader) -> str | None:
    """Try the empty user password (what viewers do silently); return why it failed, or None."""
    try:
        result = reader.decrypt("")
    except Exception as exc:  # pypdf call: unsupported or broken /Encrypt data raise assorted types
        return f"encrypted in a way that cannot be opened: {_reason(exc)}"
    if result == PasswordType.NOT_DECRYPTED:
        return "encrypted with a user password"
    return None


def _rotation(page: PageObject) -> int:
    """Return /Rotate as 0, 90, 180 or 270; like pdf.js, treat a non-multiple of 90 as 0."""
    value = page.rotation
    if not isinstance(value, int | float) or value % 90:
        return 0
    return int(value) % 360


def _bounds(box: RectangleObject) -> tuple[float, float, float, float]:
    """Return a rectangle as (left, bottom, right, top), whichever corners the file lists."""
    x1, y1, x2, y2 = (float(v) for v in box)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _displayed_size_mm(page: PageObject) -> tuple[float, float]:
    """Return the page's (width, height) in mm as a viewer shows it.

    The visible area is the CropBox clipped to the MediaBox (pypdf already falls back to the
    MediaBox when there is no CropBox), and a quarter-turn /Rotate swaps width and height.
    """
    media = _bounds(page.mediabox)
    crop = _bounds(page.cropbox)
    left, bottom = max(media[0], crop[0]), max(media[1], crop[1])
    right, top = min(media[2], crop[2]), min(media[3], crop[3])
    if right <= left or top <= bottom:  # a CropBox outside the page is ignored, as viewers do
        left, bottom, right, top = media
    width = round((right - left) * MM_PER_PT, 1)
    height = round((top - bottom) * MM_PER_PT, 1)
    return (height, width) if _rotation(page) in (90, 270) else (width, height)


def _resolve(obj: object) -> object:
    """Follow an indirect reference; pypdf's dict.get and iteration return them unresolved."""
    return obj.get_object() if isinstance(obj, PdfObject) else obj


def _dict_values(container: DictionaryObject, key: str) -> list[object]:
    """Return the resolved values of the sub-dictionary ``container[key]``, or [] if it is none."""
    sub = _resolve(container.get(key))
    if not isinstance(sub, DictionaryObject):
        return []
    return [_resolve(value) for value in sub.values()]


def _subtype(obj: DictionaryObject) -> object:
    """Return the resolved /Subtype entry (a name such as "/Form" or "/Type0"), or None."""
    return _resolve(obj.get("/Subtype"))


def _first_visit(obj: PdfObject, seen: set[Hashable]) -> bool:
    """Record ``obj`` in ``seen``; tell whether this is the first time it is met.

    Objects are identified by object number when they have one (pypdf sets
    ``indirect_reference`` only on objects read as indirect ones), else by Python identity.
    """
    ref = getattr(obj, "indirect_reference", None)
    key: Hashable = (ref.idnum, ref.generation) if ref is not None else id(obj)
    if key in seen:
        return False
    seen.add(key)
    return True


def _unembedded_fonts(pages: Sequence[PageObject]) -> tuple[str, ...]:
    """Return the sorted base names of the fonts used on any page without an embedded program.

    Resources are walked with a work list through Form XObjects and Type3 glyph resources;
    every resource dictionary and font is visited once, which both guards against reference
    cycles and keeps long papers (fonts shared by every page) fast.
    """
    seen: set[Hashable] = set()
    names: set[str] = set()
    pending: list[object] = [page.get("/Resources") for page in pages]
    while pending:
        try:
            resources = _resolve(pending.pop())
            if not isinstance(resources, DictionaryObject) or not _first_visit(resources, seen):
                continue
            fonts = _dict_values(resources, "/Font")
            pending.extend(
                xobject.get("/Resources")
                for xobject in _dict_values(resources, "/XObject")
                if isinstance(xobject, StreamObject) and _subtype(xobject) == "/Form"
            )
        except Exception:  # pypdf call on a damaged resource dictionary: its fonts are unknowable
            continue
        for font in fonts:
            if not isinstance(font, DictionaryObject) or not _first_visit(font, seen):
                continue
            try:
                name = _unembedded_font_name(font)
                if _subtype(font) == "/Type3":
                    pending.append(font.get("/Resources"))
            except Exception:  # pypdf call on a damaged font dictionary: skip just this font
                continue
            if name is not None:
                names.add(name)
    return tuple(sorted(names))


def _unembedded_font_name(font: DictionaryObject) -> str | None:
    """Return the font's base name if its program is not embedded, else None.

    Type3 glyphs are drawn by content streams inside the file, so they are always embedded.
    A Type0 font carries its FontDescriptor (and name) on its descendant CIDFont.
    """
    subtype = _subtype(font)
    if subtype == "/Type3":
        return None
    described: DictionaryObject = font
    if subtype == "/Type0":
        descendants = _resolve(font.get("/DescendantFonts"))
        if isinstance(descendants, ArrayObject) and descendants:
            descendant = _resolve(descendants[0])
            if isinstance(descendant, DictionaryObject):
                described = descendant
    descriptor = _resolve(described.get("/FontDescriptor"))
    if isinstance(descriptor, DictionaryObject) and any(
        isinstance(_resolve(descriptor.get(key)), StreamObject) for key in _FONT_FILE_KEYS
    ):
        return None
    return _base_font_name(described) or _base_font_name(font) or "(unnamed font)"


def _base_font_name(font: DictionaryObject) -> str:
    """Return /BaseFont without its slash and subset prefix ("ABCDEF+Arial" -> "Arial")."""
    base = _resolve(font.get("/BaseFont"))
    if not isinstance(base, str):
        return ""
    return _SUBSET_PREFIX.sub("", base.removeprefix("/"))


@dataclass(frozen=True)
class _Line:
    """One line of the first page: its text, font size (pt; 0 unknown) and depth (0 top, 1 foot)."""

    text: str
    size: float = 0.0
    depth: float = 0.0


@dataclass(frozen=True)
class _Text:
    """The text facts: non-whitespace characters up to the first page with text, the first
    page's lines, and whether every page could be read (else no text proves nothing)."""

    chars: int
    lines: tuple[_Line, ...]
    complete: bool
    first: str = ""  # the first page's whole text, whitespace folded


def _pdfium_text(data: bytes, pages: int, also: Also | None) -> _Text | None:
    """The text facts read by pdfium, or None when pdfium cannot open the file (pypdf could)
    or sees another number of ``pages`` than pypdf: its text would not be of the same pages.
    ``also`` is given the open document either way, and the first page when it was read
    (see :func:`inspect_pdf`).

    The count only has to tell a text layer from none (a scan), so reading stops at the first
    page with text. pdfium is a C library: every document, page and text page is closed here
    rather than left to the garbage collector, and only one thread uses it at a time.
    """
    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError:  # a file pdfium cannot repair: pypdf's text instead
            return None
        first: tuple[Any, Any] | None = None
        try:
            if len(document) != pages:
                if also is not None:
                    also(document, None)
                return None
            with contextlib.suppress(pypdfium2.PdfiumError):  # unreadable: see below
                first = _open_page(document, 0)
            if also is not None:
                also(document, first)
            chars, complete, text = 0, True, ""
            lines: tuple[_Line, ...] = ()
            for index in range(min(TEXT_PAGES, len(document))):
                read = _page_text(document, index, first if index == 0 else None)
                if read is None:  # this page's text is unreadable
                    complete = False
                    continue
                chars += read[0]
                if index == 0:
                    lines, text = read[1], " ".join(read[2].split())
                if chars:
                    break
            return _Text(chars, lines, complete, text)
        finally:
            if first is not None:
                _close_page(first)
            document.close()


def _open_page(document: Any, index: int) -> tuple[Any, Any]:
    """A page of the document and its text page, open (PdfiumError when either fails)."""
    page = document[index]
    try:
        return page, page.get_textpage()
    except BaseException:
        page.close()
        raise


def _close_page(opened: tuple[Any, Any]) -> None:
    page, textpage = opened
    textpage.close()
    page.close()


def _page_text(
    document: Any, index: int, opened: tuple[Any, Any] | None
) -> tuple[int, tuple[_Line, ...], str] | None:
    """Non-whitespace characters of one page, its lines when it is the first page, its text;
    None when pdfium cannot read it. ``opened`` is the page and its text page when the caller
    holds them open (the first page: see :func:`_pdfium_text`)."""
    try:
        page, textpage = opened or _open_page(document, index)
    except pypdfium2.PdfiumError:
        return None
    try:
        text = textpage.get_text_range()
        chars = len("".join(text.split()))  # split() and isspace() agree on what is a space
        lines = _page_lines(textpage, text, page.get_bbox()) if index == 0 else ()
        return chars, lines, text
    except pypdfium2.PdfiumError:
        return None
    finally:
        if opened is None:
            _close_page((page, textpage))


def _page_lines(
    textpage: Any, text: str, bbox: tuple[float, float, float, float]
) -> tuple[_Line, ...]:
    """The first lines of a pdfium text page whose text is ``text``; a line is a run of words
    on one baseline, in the order the page draws them (which keeps columns apart).

    A word whose baseline is within half a font size of the line's stays on it (footnote
    marks, the raised A of LaTeX's logo). A word's size is its first character's font size
    scaled by its text matrix: many PDFs draw at ``1 Tf`` and scale with the matrix. Each word
    (not each character) costs three calls into pdfium, and reading stops after
    :data:`MAX_FIRST_PAGE_LINES` lines.
    """
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    if len(text) != count:  # pdfium's text does not map one to one to its characters
        text = "".join(_char(pdfium_c.FPDFText_GetUnicode(handle, i)) for i in range(count))
    font_size, get_matrix = pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetMatrix
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    matrix, x, y = pdfium_c.FS_MATRIX(), ctypes.c_double(), ctypes.c_double()
    matrix_ref, x_ref, y_ref = ctypes.byref(matrix), ctypes.byref(x), ctypes.byref(y)
    top, height = bbox[3], bbox[3] - bbox[1]
    lines: list[_Line] = []
    line: list[str] = []
    sizes: Counter[float] = Counter()
    baseline = 0.0

    def end_line() -> None:
        joined = " ".join("".join(line).split())
        if joined:
            size = max(sizes.items(), key=lambda item: (item[1], item[0]))[0]
            depth = (top - baseline) / height if height > 0 else 0.0
            lines.append(_Line(joined, size, round(min(max(depth, 0.0), 1.0), 4)))
        line.clear()
        sizes.clear()

    for word in _PDFIUM_WORD.finditer(text):
        shown = word[0]
        if not shown.isprintable():  # printable: no character of the _NOT_SHOWN categories
            shown = "".join(c for c in shown if unicodedata.category(c) not in _NOT_SHOWN)
        if word[0][-1] in _PDFIUM_HYPHENS:
            shown += "-"
        if not shown:
            continue
        index = word.start()
        size = font_size(handle, index)
        if get_matrix(handle, index, matrix_ref):
            size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        get_origin(handle, index, x_ref, y_ref)
        if line and abs(y.value - baseline) > 0.5 * max(size, *sizes):
            end_line()
            if len(lines) == MAX_FIRST_PAGE_LINES:
                return tuple(lines)
        if not line:
            baseline = y.value
        elif index and text[index - 1].isspace():
            line.append(" ")
        line.append(shown)
        sizes[round(size, 1)] += len(shown)
    end_line()
    return tuple(lines)


def _char(code: int) -> str:
    """The character of a code point pdfium reported; "" for none."""
    return chr(code) if 0 < code < 0x110000 else ""


def _pypdf_text(pages: Sequence[PageObject]) -> _Text:
    """The text facts read by pypdf (slower; lines without sizes), for files pdfium rejects."""
    chars, first = 0, ""
    lines: tuple[_Line, ...] = ()
    complete = True
    for index, page in enumerate(pages):
        try:
            text = page.extract_text()
        except Exception:  # pypdf call: a broken content stream or font hides this page's text
            complete = False
            continue
        chars += sum(1 for char in text if not char.isspace())
        if index == 0:
            found = (" ".join(line.split()) for line in text.splitlines())
            lines = tuple(_Line(line) for line in found if line)[:MAX_FIRST_PAGE_LINES]
            first = " ".join(text.split())
        if chars:
            break
    return _Text(chars, lines, complete, first)


def _has_images(pages: Sequence[PageObject]) -> bool:
    """Tell whether any of the pages shows an image (XObject or inline), as a scan does."""
    for page in pages:
        try:
            if len(page.images) > 0:
                return True
        except Exception:  # pypdf call: an unparsable page counts as showing no image
            continue
    return False


def _title(reader: PdfReader) -> str | None:
    """Return the document information /Title without NULs and outer whitespace, or None.

    An empty title is reported as None: for the checks it is as good as absent.
    """
    try:
        info = reader.metadata
        raw = info.title if info is not None else None
    except Exception:  # pypdf call: a damaged Info dictionary just means no title
        return None
    if not isinstance(raw, str):
        return None
    return raw.replace("\x00", "").strip() or None
