"""An image file the project names (a logo, a photo, a figure of a front-matter page) -> what is
wrong with it, if anything, for the site and for print.

Images come from other people as much as papers do: a logo that is an HTML page saved with a
``.png`` name, a 40-megabyte camera JPEG, an SVG that runs a script, a PNG of 50,000 x 50,000
pixels that unpacks from 5 MB into 10 GB. The checks (``image.*`` codes) and the PDF stage ask
here, so that the site, ``check`` and the volume refuse the same files for the same reasons.
What a browser shows is judged by the file's first bytes; what the volume prints is judged by
typst itself (:func:`print_problems`), the one program that has to read it, after the size in
pixels has been read off the header, so that no image is ever unpacked beyond the limit.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from proceedings.limits import (
    RefusedFile,
    current_limits,
    read_regular,
    require_regular,
    size_text,
    variable,
)
from proceedings.load import SOURCE_DIR
from proceedings.paths import confine

__all__ = [
    "PRINT_HINT",
    "TYPST_FORMATS",
    "ImageProblem",
    "image_kind",
    "image_path",
    "image_problem",
    "image_type",
    "is_remote",
    "pixel_size",
    "print_problems",
]

# How each image type a browser shows begins; an SVG is text, looked at apart.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)
_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
# What makes an SVG more than a picture when it is opened at its own address on the site (and
# entities, which can expand without end while the picture is read, on the site or in print).
_SVG_ACTIVE = re.compile(
    rb"<\s*script|<\s*foreignObject|<!ENTITY|\bon[a-z]+\s*=|javascript:", re.IGNORECASE
)
PRINT_HINT = "Export the image again as PNG or JPEG, whole (it may be damaged or cut short)."
"""How to fix an image that :func:`print_problems` refuses."""
# An SVG's <image> of another file (not a data: URL): browsers show none in an <img>, and typst
# would read it from the project, a file that no check has seen.
_SVG_LINK = re.compile(rb"""<\s*image\b[^>]*?\bhref\s*=\s*["']\s*(?!data:)([^"']*)["']""", re.I)
_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//|#)")  # https:, data:, //host, #anchor
_IMAGE_HINT = "Give a PNG, JPEG, GIF, WebP or SVG file with the extension of its type."
# JPEG's start-of-frame markers (they hold the size): C0-CF but DHT, JPG and DAC.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# A typst document that reads (measures) each image named in its input, placing none.
_PROBE = b"""#for (p, f) in json(bytes(sys.inputs.paths)) {
  context { let _ = measure(image(p, format: f)) }
}"""
# typst's name of each image type: given explicitly, so that a GIF named .png reads as a GIF
# (typst goes by the extension otherwise, browsers by the content).
TYPST_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WebP": "webp", "SVG": "svg"}


@dataclass(frozen=True)
class ImageProblem:
    """Why an image cannot be used: a problem code, what is wrong (after the file's name) and
    how to fix it."""

    code: str
    reason: str
    hint: str


def is_remote(target: str) -> bool:
    """Whether a page's image ``target`` is on the web or inline (``https:``, ``data:``,
    ``//host``, ``#anchor``), not a file of the project."""
    return _REMOTE.match(target) is not None


def image_path(root: Path, folder: Path, target: str) -> Path | None:
    """The file an image ``target`` of a page in ``folder`` names, as Sphinx reads it (``/x.png``
    from the source folder, anything else beside the page); ``None`` when it leads outside the
    project ``root`` or is remote. The path is not resolved (messages show it as written)."""
    if is_remote(target):
        return None
    name = target.split("#")[0].split("?")[0]
    base, name = (root / SOURCE_DIR, name.lstrip("/")) if name.startswith("/") else (folder, name)
    return confine(base, name, root)


def image_kind(head: bytes, suffix: str) -> str | None:
    """The image type ``head`` begins as, if its extension is an image's; else ``None``."""
    if suffix not in _EXTENSIONS:
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if suffix == ".svg" and b"<svg" in head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n"):
        return "SVG"
    return None


def image_type(path: Path) -> str | None:
    """The image type of the file ``path`` (``PNG``, ``JPEG``, ``GIF``, ``WebP``, ``SVG``) by its
    content and extension, or ``None``; FileNotFoundError, RefusedFile or OSError when it cannot
    be read within the limit."""
    return image_kind(read_regular(path, "image_bytes")[:4096], path.suffix.lower())


def pixel_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """Width and height in pixels, as the header of a raster image of type ``kind`` gives
    them; ``None`` when the header holds none (a damaged file) or for an SVG."""
    try:
        if kind == "PNG" and data[12:16] == b"IHDR":
            return struct.unpack(">II", data[16:24])
        if kind == "GIF":
            return struct.unpack("<HH", data[6:10])
        if kind == "WebP":
            return _webp_size(data)
        if kind == "JPEG":
            return _jpeg_size(data)
    except struct.error:
        return None
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X":  # 24-bit width - 1 and height - 1
        return (
            int.from_bytes(data[24:27], "little") + 1,
            int.from_bytes(data[27:30], "little") + 1,
        )
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and data[20:21] == b"\x2f":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The size in the first start-of-frame segment, walking the segments from the start."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None


def image_problem(path: Path) -> ImageProblem | None:
    """What is wrong with the image file ``path`` for the site and the volume: not a file,
    larger than the limits (bytes, pixels), not an image a browser shows, or an SVG that does
    more than show a picture. FileNotFoundError when it is missing: each caller has its own
    code for that."""
    try:
        status = require_regular(path)
    except FileNotFoundError:
        raise
    except (RefusedFile, OSError) as exc:
        reason = exc.reason if isinstance(exc, RefusedFile) else "is a folder or cannot be read"
        return ImageProblem("image.not-an-image", reason, _IMAGE_HINT)
    limits = current_limits()
    if status.st_size > limits.image_bytes:
        return ImageProblem(
            "image.too-large",
            f"is {size_text(status.st_size)}, more than the {size_text(limits.image_bytes)} an "
            "image may have",
            f"Scale it down (a photo of 400 x 400 pixels is plenty), or set "
            f"{variable('image_bytes')} to allow more.",
        )
    try:
        data = read_regular(path, "image_bytes")
    except (RefusedFile, OSError):  # changed since the stat
        return ImageProblem("image.not-an-image", "cannot be read", _IMAGE_HINT)
    kind = image_kind(data, path.suffix.lower())
    if kind is None:
        return ImageProblem("image.not-an-image", "is not an image", _IMAGE_HINT)
    if kind == "SVG" and _SVG_ACTIVE.search(data):
        return ImageProblem(
            "image.active-svg",
            "holds scripts, event handlers or entities",
            "Export the picture as PNG, or as an SVG without scripts.",
        )
    size = pixel_size(data, kind)
    if size is not None and size[0] * size[1] > limits.image_pixels:
        return ImageProblem(
            "image.too-large",
            f"is {size[0]} x {size[1]} pixels, more than the "
            f"{limits.image_pixels / 1e6:g} million an image may have",
            "Scale it down (a logo of 1000 pixels across is plenty, in print too), or set "
            f"{variable('image_pixels')} to allow more.",
        )
    return None


def print_problems(root: Path, names: list[str]) -> dict[str, str]:
    """The images among ``names`` (paths from the project folder ``root``, each already
    passed by :func:`image_problem`) that typst, which typesets the volume's own pages,
    cannot read, each with typst's reason.

    A raster image whose header gives no size is refused before typst sees it (it would be
    unpacked without a bound), and so is an SVG that links another file. The rest are read in
    one typst run, and one by one only when that run fails, to say which.
    """
    import typst  # the volume's typesetter; imported here, as only print asks

    found: dict[str, str] = {}
    readable: dict[str, str] = {}  # name -> typst's format
    for name in sorted(set(names)):
        data = read_regular(root / name, "image_bytes")
        kind = image_kind(data, Path(name).suffix.lower())
        linked = _SVG_LINK.search(data) if kind == "SVG" else None
        if kind is None:
            found[name] = "is not an image"
        elif linked is not None:
            target = linked.group(1).decode("utf-8", "replace")
            found[name] = f"links the file {target!r}, which typst would read from the project"
        elif kind != "SVG" and pixel_size(data, kind) is None:
            found[name] = f"is a damaged {kind} image (its header gives no size)"
        else:
            readable[name] = TYPST_FORMATS[kind]

    def failure(batch: list[str]) -> str | None:
        paths = json.dumps([["/" + name.lstrip("/"), readable[name]] for name in batch])
        try:
            typst.Compiler(
                _PROBE, root=str(root), ignore_system_fonts=True, sys_inputs={"paths": paths}
            ).compile(format="pdf")
        except typst.TypstError as exc:
            return str(exc.message)
        return None

    if readable and failure(list(readable)) is not None:
        for name in readable:
            reason = failure([name])
            if reason is not None:
                found[name] = f"cannot be read by typst, which typesets the volume ({reason})"
    return found
