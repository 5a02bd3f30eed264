"""Images the PDF volume prints (figures of front-matter pages, sponsors' logos) that it cannot
print: each one line naming file, line, field, what is wrong and the fix; the build stops."""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

from click.testing import CliRunner

from proceedings.checks import check_project
from proceedings.cli import main
from proceedings.images import image_kind, pixel_size


def png(width: int, height: int) -> bytes:
    """A whole grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress((b"\x00" + b"\x80" * width) * height))
        + chunk(b"IEND", b"")
    )


GOOD = png(20, 10)
DAMAGED = GOOD[:41] + bytes(8) + GOOD[49:]  # the pixel data's bytes zeroed: a CRC error
HUGE = GOOD[:16] + struct.pack(">II", 60_000, 60_000) + GOOD[24:]  # 3.6 billion pixels

PREFACE = """\
# Preface

![Fine](figs/good.png)

![Damaged](figs/damaged.png)

Text, then ![huge](figs/huge.png) and <img src="figs/text.png" alt="not an image">.
"""


def _plant(workshop: Path) -> None:
    figs = workshop / "source" / "figs"
    figs.mkdir()
    for name, data in (
        ("good.png", GOOD),
        ("damaged.png", DAMAGED),
        ("huge.png", HUGE),
        ("text.png", b"<html>a page</html>"),
    ):
        (figs / name).write_bytes(data)
    (workshop / "source" / "preface.md").write_text(PREFACE, encoding="utf-8")
    (workshop / "source" / "sponsors.yaml").write_text(
        "sponsors:\n"
        "  - {name: Good Co, level: Gold, logo: figs/good.png}\n"
        "  - {name: Broken Co, level: Gold, logo: figs/damaged.png}\n",
        encoding="utf-8",
    )


EXPECTED = [
    "source/preface.md:5: error: image: the image 'figs/damaged.png' (source/figs/damaged.png) "
    "cannot be read by typst, which typesets the volume (failed to decode image (Format error "
    "decoding Png: *)). Export the image again as PNG or JPEG, whole (it may be damaged or "
    "cut short). [image.unprintable]",
    "source/preface.md:7: error: image: the image 'figs/text.png' is not an image. Give a PNG, "
    "JPEG, GIF, WebP or SVG file with the extension of its type. [image.not-an-image]",
    "source/preface.md:7: error: image: the image 'figs/huge.png' is 60000 x 60000 pixels, "
    "more than the 50 million an image may have. Scale it down (a logo of 1000 pixels across "
    "is plenty, in print too), or set PROCEEDINGS_MAX_IMAGE_MEGAPIXELS to allow more. "
    "[image.too-large]",
    "source/sponsors.yaml:3: error: sponsors[1].logo: source/figs/damaged.png cannot be read by "
    "typst, which typesets the volume (failed to decode image (Format error decoding Png: *)). "
    "Export the image again as PNG or JPEG, whole (it may be damaged or cut short). "
    "[image.unprintable]",
]


def _matches(found: list[str], expected: list[str]) -> bool:
    import re

    patterns = [".*".join(re.escape(part) for part in want.split("*")) for want in expected]
    return len(found) == len(expected) and all(
        re.fullmatch(pattern, line) for pattern, line in zip(patterns, found, strict=True)
    )


def test_images_the_volume_cannot_print_are_reported(workshop: Path) -> None:
    """This test ensures that a damaged PNG, one of too many pixels and a file that is no
    image, shown by a front-matter page or given as a logo, are each one line naming the
    file, the line, the field and the fix, and that a sound image is not reported."""
    _plant(workshop)
    _, problems = check_project(workshop, pdfs=False)
    found = [p.format() for p in problems if p.code.startswith("image.")]
    assert _matches(found, EXPECTED), found


def test_the_pdf_stops_on_an_image_it_cannot_print(complete_workshop: Path) -> None:
    """This test ensures that `proceedings pdf` stops before writing anything on those
    images, with check's lines, and builds once they are removed."""
    _plant(complete_workshop)
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(complete_workshop), "pdf"])
    assert result.exit_code == 1, result.output
    lines = [line.removeprefix("error: ") for line in result.output.splitlines()]
    assert _matches([line for line in lines if "[image." in line], EXPECTED), result.output
    assert not (complete_workshop / "_build" / "pdf").exists()
    (complete_workshop / "source" / "preface.md").write_text(
        "# Preface\n\n![Fine](figs/good.png)\n", encoding="utf-8"
    )
    (complete_workshop / "source" / "sponsors.yaml").write_text(
        "sponsors:\n  - {name: Good Co, level: Gold, logo: figs/good.png}\n", encoding="utf-8"
    )
    result = runner.invoke(main, ["-C", str(complete_workshop), "pdf"])
    assert result.exit_code == 0, result.output


def test_pixel_sizes_read_off_headers() -> None:
    """This test ensures that the size in pixels is read from each raster type's header
    (PNG, GIF, JPEG after an EXIF segment, the three WebP kinds), and is none for a header
    that gives none."""
    jpeg = (
        b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00" + bytes(8)  # APP1, 16 bytes long
        + b"\xff\xc0\x00\x11\x08\x01\x2c\x02\x58\x03" + bytes(9)  # SOF0: 300 high, 600 wide
    )  # fmt: skip
    webp_x = (
        b"RIFF\0\0\0\0WEBPVP8X"
        + bytes(8)
        + (639).to_bytes(3, "little")
        + (479).to_bytes(3, "little")
    )
    webp_lossy = b"RIFF\0\0\0\0WEBPVP8 " + bytes(7) + b"\x9d\x01\x2a" + struct.pack("<HH", 320, 200)
    webp_lossless = (
        b"RIFF\0\0\0\0WEBPVP8L" + bytes(4) + b"\x2f" + ((99) | (49 << 14)).to_bytes(4, "little")
    )
    cases = [
        (GOOD, ".png", (20, 10)),
        (b"GIF89a\x40\x01\xf0\x00" + bytes(10), ".gif", (320, 240)),
        (jpeg, ".jpg", (600, 300)),
        (webp_x, ".webp", (640, 480)),
        (webp_lossy, ".webp", (320, 200)),
        (webp_lossless, ".webp", (100, 50)),
        (b"\x89PNG\r\n\x1a\n" + bytes(32), ".png", None),
        (b"\xff\xd8\xff\xd9", ".jpg", None),
    ]
    for data, suffix, size in cases:
        kind = image_kind(data, suffix)
        assert kind is not None, suffix
        assert pixel_size(data, kind) == size, (suffix, size)


def test_an_svg_logo_that_links_another_file_is_not_printed(workshop: Path) -> None:
    """This test ensures that an SVG logo whose picture is another file of the project (an
    <image href>, which typst would read unchecked) is refused for print, while one with its
    picture inline (a data: URL) is printed."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<image href="{}" width="10" height="10"/></svg>'
    )
    (workshop / "source" / "a.svg").write_text(svg.format("../papers/a/paper.pdf"), "utf-8")
    inline = "data:image/png;base64," + base64.b64encode(png(2, 2)).decode()
    (workshop / "source" / "b.svg").write_text(svg.format(inline), "utf-8")
    (workshop / "source" / "sponsors.yaml").write_text(
        "sponsors:\n  - {name: A, logo: a.svg}\n  - {name: B, logo: b.svg}\n", encoding="utf-8"
    )
    _, problems = check_project(workshop, pdfs=False)
    found = [p.format() for p in problems if p.code.startswith("image.")]
    assert found == [
        "source/sponsors.yaml:2: error: sponsors[0].logo: source/a.svg links the file "
        "'../papers/a/paper.pdf', which typst would read from the project. Export the image "
        "again as PNG or JPEG, whole (it may be damaged or cut short). [image.unprintable]"
    ]
