"""Volume -> problems with the front-matter pages ``volume.yaml`` lists (``source/preface.md``).

The PDF and the site typeset these pages, so a page that is not UTF-8, or shows an image that
is not there, stopped ``build`` halfway with a codec's or Sphinx's message; an image the PDF
volume cannot print (damaged, too large, no image) is said here too, never dropped. Each page
is read here as the build reads it, and each problem located at its ``file:line``. The loader
has kept only the pages inside the project; an image's path is confined the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from proceedings.checks.codes import CODES
from proceedings.checks.placeholders import CODE as PLACEHOLDER
from proceedings.checks.placeholders import PREFACE
from proceedings.errors import Problem
from proceedings.images import PRINT_HINT, image_path, image_problem, is_remote, print_problems
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
        yield from check_page_text(volume.root, path.parent, display, text, printed=True)


def check_page_text(
    root: Path, folder: Path, display: str, text: str, *, printed: bool = False
) -> Iterator[Problem]:
    """The problems of one page's ``text`` (in ``folder``, shown as ``display``): the sample
    preface, an image that is missing, outside the project or no usable image, an included
    file outside it. A ``printed`` page (one of the volume's front matter) must also have
    images that typst can read."""
    images: dict[str, tuple[int, str]] = {}  # from the project's root -> line, as written
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
                target = match.group(1)
                found = list(_check_image(root, folder, display, number, target))
                if printed and is_remote(target) and not target.startswith("#"):
                    found.append(
                        _problem(
                            "image.remote",
                            display,
                            number,
                            f"the image {target!r} is on the web: the PDF volume, which "
                            "reads nothing from the network, prints its alternative text instead",
                            hint="Download the image into source/ and name it from the page.",
                            field="image",
                        )
                    )
                yield from found
                path = image_path(root, folder, target)
                if not found and path is not None and path.is_file():
                    images.setdefault(path.relative_to(root).as_posix(), (number, target))
    if printed and images:
        for name, reason in print_problems(root, list(images)).items():
            number, target = images[name]
            yield _problem(
                "image.unprintable",
                display,
                number,
                f"the image {target!r} ({name}) {reason}",
                hint=PRINT_HINT,
                field="image",
            )


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
    if is_remote(target):
        return
    path = image_path(root, folder, target)
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
    elif (found := image_problem(path)) is not None:
        yield _problem(
            found.code,
            display,
            line,
            f"the image {target!r} {found.reason}",
            hint=found.hint,
            field="image",
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


def _problem(
    code: str,
    file: str,
    line: int | None,
    message: str,
    hint: str = "",
    field: str | None = None,
) -> Problem:
    return Problem(code, CODES[code][0], message, file, line, field=field, hint=hint or None)
