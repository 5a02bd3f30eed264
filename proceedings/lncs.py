"""The LNCS geometry a stamp is placed by: the text block, the trim, and where LNCS puts a
running head, a footer and a citation line on a page of any size.

Measured on Springer's llncs.cls (``shared/reference/lncs-frontmatter/frontmatter.pdf``, the
llncs sample paper): the text block is 122 x 193 mm, centred in the page's visible box; the
running head's baseline is 16 pt above the block's top (in llncs the first text baseline is
10 pt below the top, so head and first line are 26 pt, about 9 mm, apart); the number sits at
the block's outer edge. A footer's baseline is 30 pt below the block (LaTeX's ``\\footskip``).
Pages smaller than the LNCS trim get the whole geometry scaled down with the page, so a stamp
never falls off it. Coordinates are points on the page as displayed, origin at the lower left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from proceedings.pdfink import PT_PER_MM, Box

BLOCK = (122 * PT_PER_MM, 193 * PT_PER_MM)
"""The LNCS text block."""
TRIM = (155 * PT_PER_MM, 235 * PT_PER_MM)
"""The printed LNCS book page."""
HEAD_RAISE = 16.0
"""A head's baseline above the LNCS block's top (pt)."""
FOOT_DROP = 30.0
"""A footer's baseline below the block's bottom (pt, LaTeX's ``\\footskip``)."""
CITATION_DROP = {"lncs": 22.0, "footer": 38.0}
"""The top of a citation paragraph below the block: where a footer would be, or under it."""
LINE_HEIGHT = 12.0
"""A head or footer stamp page is 12 pt high, with its baseline :data:`BASELINE` above its
bottom edge. Its ink is taken as the whole page (the Form XObject's BBox clips anything
outside it): :data:`ASCENT` above the baseline and :data:`DESCENT` below, which holds the
accents of capitals (Å reaches 8.7 pt) and the descenders."""
BASELINE = 3.0
ASCENT = LINE_HEIGHT - BASELINE
DESCENT = BASELINE
CLEARANCE = 2 * PT_PER_MM
"""A stamp keeps 2 mm from the paper's ink (the issue's test asks 1.5 mm of the result)."""
EDGE = 6 * PT_PER_MM
"""A stamp keeps 6 mm from the page's edges: inside what a printer can print and trim."""
HEAD_GAP = 4 * PT_PER_MM
"""Between a head we place and the text under it, as in LNCS (about 3.5 mm there)."""
MIN_SHRINK = 0.9
"""A page's content is shrunk at most to 90% to make room (LNCS 10 pt text stays above 9 pt);
beyond that it is refused."""
CITATION_ESTIMATE = 22.0
"""A citation paragraph's height before it is typeset (two lines of 8 pt), for the checks."""
MIN_SCALE = 0.5
"""Pages under half the LNCS trim (stamps under 4.5 pt) are left unstamped."""
TRIM_TEXT = (136 * PT_PER_MM, 190 * PT_PER_MM)
"""The most a scaled paper's text takes of the trimmed page: 9.5 mm side margins, 22.5 mm
above and below for a head, or a citation line and a footer."""
TRIM_CROP = (BLOCK[0] + 8 * PT_PER_MM, BLOCK[1] + 6 * PT_PER_MM)
"""A paper whose text fits this, centred on its page, is only cropped: the LNCS block and a
little more (glyphs and figures may stick out of the block a little)."""

Where = Literal["head", "foot"]


@dataclass(frozen=True)
class Transform:
    """How a paper's pages are put on the volume's pages: scaled by ``scale`` and moved by
    ``(dx, dy)``, in displayed coordinates, onto a page ``size`` (pt); ``crop``: only cut."""

    scale: float
    dx: float
    dy: float
    size: tuple[float, float]
    crop: bool = True

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (x * self.scale + self.dx, y * self.scale + self.dy)

    def box(self, box: Box) -> Box:
        x0, y0 = self.point(box[0], box[1])
        x1, y1 = self.point(box[2], box[3])
        return (x0, y0, x1, y1)


@dataclass(frozen=True)
class Line:
    """A head or footer line: its stamp page's lower-left corner (x, baseline - BASELINE * s)
    is placed at (``x``, ``y``), scaled by ``scale``; ``where`` it ended up."""

    x: float
    y: float
    scale: float
    where: Where

    @property
    def baseline(self) -> float:
        return self.y + BASELINE * self.scale

    def ink(self, width: float) -> Box:
        """The box the line's ink may take (the whole stamp width: a head runs across)."""
        b = self.baseline
        return (
            self.x,
            b - DESCENT * self.scale,
            self.x + width * self.scale,
            b + ASCENT * self.scale,
        )


@dataclass(frozen=True)
class Citation:
    """A citation paragraph: its stamp page's top-left corner at (``x``, ``top``)."""

    x: float
    top: float
    scale: float
    height: float

    def ink(self, width: float) -> Box:
        return (self.x, self.top - self.height * self.scale, self.x + width * self.scale, self.top)


def block_of(size: tuple[float, float], scale: float) -> Box:
    """The (scaled) LNCS text block centred on a page of ``size``."""
    w, h = size
    bw, bh = BLOCK[0] * scale, BLOCK[1] * scale
    return ((w - bw) / 2, (h - bh) / 2, (w + bw) / 2, (h + bh) / 2)


def scale_of(size: tuple[float, float]) -> float:
    """1 on pages at least as large as the LNCS trim; smaller pages scale the geometry."""
    return min(1.0, size[0] / TRIM[0], size[1] / TRIM[1])


def standard_line(size: tuple[float, float], where: Where, x: float | None = None) -> Line:
    """Where LNCS puts a head (``head``) or a footer (``foot``) on a page of ``size`` (at
    ``x``, if given, instead of the block's left edge)."""
    s = scale_of(size)
    x0, y0, _, y1 = block_of(size, s)
    y = y1 + (HEAD_RAISE - BASELINE) * s if where == "head" else y0 - (FOOT_DROP + BASELINE) * s
    return Line(x0 if x is None else x, y, s, where)


def standard_citation(
    size: tuple[float, float], style: str, height: float, x: float | None = None
) -> Citation:
    """Where the LNCS geometry puts a citation paragraph of ``height``."""
    s = scale_of(size)
    x0, y0, _, _ = block_of(size, s)
    return Citation(x0 if x is None else x, y0 - CITATION_DROP[style] * s, s, height)


def page_ranges(numbers: Sequence[int]) -> str:
    """``2, 3, 4, 7`` -> ``2-4, 7``: pages named in messages."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
