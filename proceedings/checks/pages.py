"""Volume -> problems with the front-matter pages ``volume.yaml`` lists (``source/preface.md``).

The PDF and the site typeset these pages, so a page that is not UTF-8, or shows an image that
is not there, stopped ``build`` halfway with a codec's or Sphinx's message. Each page is read
here as the build reads it, and each problem located at its ``file:line``. The loader has kept
only the pages inside the project; an image's path is confined the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from proceedings.checks.codes import CODES
from proceedings.checks.placeholders import CODE as PLACEHOLDER
from proceedings.checks.placeholders import PREFACE
from proceedings.errors import Problem
from proceedings.limits import RefusedFile, read_regular
from proceedings.load import SOURCE_DIR
from proceedings.model import Volume
from proceedings.paths import confine

# Where a page shows an image: Markdown ![alt](path "title"), a MyST or reST image or figure
# directive, or an HTML <img src="path">.
_IMAGES = (
    re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)"),
    re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{(?:image|figure)\}\s+(\S+)"),
    re.compile(r"^\s*\.\.\s+(?:image|figure)::\s+(\S+)"),
    re.compile(r"<img\s[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE),
)
# Where a page includes another file's text: a MyST or reST include or literalinclude directive.
_INCLUDES = (
    re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{(?:include|literalinclude)\}\s+(\S+)"),
    re.compile(r"^\s*\.\.\s+(?:include|literalinclude)::\s+(\S+)"),
)
_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//|#)")  # https:, data:, //host, #anchor


def check_pages(volume: Volume) -> Iterator[Problem]:
    """Each front-matter page that cannot be read as UTF-8, and each image it lacks."""
    source = volume.root / SOURCE_DIR
    for page in volume.info.pages:
        path = source / page
        if not path.is_file():
            continue  # metadata.missing-page
        display = f"{SOURCE_DIR.as_posix()}/{page}"
        try:
            data = read_regular(path, "yaml_bytes")
        except (RefusedFile, OSError) as exc:
            reason = exc.reason if isinstance(exc, RefusedFile) else exc.strerror or str(exc)
            yield _problem("page.unreadable", display, None, f"the page {reason}")
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield encoding_problem(display, data, exc)
            continue
        yield from check_page_text(volume.root, path.parent, display, text)


def check_page_text(root: Path, folder: Path, display: str, text: str) -> Iterator[Problem]:
    """The problems of one page's ``text`` (in ``folder``, shown as ``display``): the sample
    preface, an image that is missing or outside the project, an included file outside it."""
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern in _INCLUDES:
            for match in pattern.finditer(line):
                yield from _check_include(root, folder, display, number, match.group(1))
        if PREFACE in line:
            yield _problem(
                PLACEHOLDER,
                display,
                number,
                "the page is still the sample preface",
                hint="Replace the sample that 'init' wrote: the workshop's own preface.",
            )
        for pattern in _IMAGES:
            for match in pattern.finditer(line):
                yield from _check_image(root, folder, display, number, match.group(1))


def _check_include(
    root: Path, folder: Path, display: str, line: int, target: str
) -> Iterator[Problem]:
    # Sphinx reads '/x.md' from the source folder, anything else beside the page.
    base, name = (
        (root / SOURCE_DIR, target.lstrip("/")) if target.startswith("/") else (folder, target)
    )
    if confine(base, name, root) is None:
        yield _problem(
            "project.outside",
            display,
            line,
            f"the file {target!r} it includes leads outside the project folder",
            hint="Put the file inside the project (source/) and name it relative to the page.",
        )


def _check_image(
    root: Path, folder: Path, display: str, line: int, target: str
) -> Iterator[Problem]:
    if _REMOTE.match(target):
        return
    name = target.split("#")[0].split("?")[0]
    # Sphinx reads '/x.png' from the source folder, anything else beside the page.
    base, name = (root / SOURCE_DIR, name.lstrip("/")) if name.startswith("/") else (folder, name)
    path = confine(base, name, root)
    if path is None:
        yield _problem(
            "project.outside",
            display,
            line,
            f"the image {target!r} leads outside the project folder",
            hint="Put the image inside the project (source/) and name it relative to the page.",
        )
    elif not path.is_file():
        yield _problem(
            "page.missing-image",
            display,
            line,
            f"the image {target!r} does not exist",
            hint="Add the image beside the page, or correct its path.",
        )


def encoding_problem(display: str, data: bytes, exc: UnicodeDecodeError) -> Problem:
    """The ``page.encoding`` problem of a page whose bytes ``data`` are not UTF-8, at the line
    and column of the first bad byte (the site's build stops with the same one)."""
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    return _problem(
        "page.encoding",
        display,
        line,
        f"byte 0x{data[exc.start]:02X} at column {column} is not UTF-8 (the file is probably "
        "Latin-1 or Windows-1252)",
        hint="Save the page as UTF-8 (in the editor's 'Save with encoding').",
    )


def _problem(code: str, file: str, line: int | None, message: str, hint: str = "") -> Problem:
    return Problem(code, CODES[code][0], message, file, line, hint=hint or None)
