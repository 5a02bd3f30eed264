"""Reading stamped pages back in tests: where the stamp's text lands on the page as displayed.

The positions are computed here independently of :mod:`proceedings.pdf.placement`: the CTM at
the stamp's ``Do`` (as pypdf's text extraction reports it), times the text matrices inside the
stamp, mapped to the displayed page by the rotation rules of the PDF specification.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pypdf import PageObject

from proceedings.pdf.verify import stamp_of


@dataclass(frozen=True)
class Run:
    """A text run of a stamp: its text, origin (u, v) and direction on the displayed page."""

    text: str
    u: float
    v: float
    du: float
    dv: float


def _times(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def displayed(page: PageObject, x: float, y: float, vector: bool = False) -> tuple[float, float]:
    """A user-space point (or direction, if ``vector``) on the page as a viewer shows it."""
    x0, y0, x1, y1 = (float(v) for v in page.cropbox)
    if vector:
        x0 = y0 = x1 = y1 = 0.0
    rotation = page.rotation % 360
    if rotation == 90:
        return (y - y0, x1 - x)
    if rotation == 180:
        return (x1 - x, y1 - y)
    if rotation == 270:
        return (y1 - y, x - x0)
    return (x - x0, y - y0)


def displayed_size(page: PageObject) -> tuple[float, float]:
    """Width and height of the page as displayed."""
    width, height = float(page.cropbox.width), float(page.cropbox.height)
    return (height, width) if page.rotation % 180 else (width, height)


def stamp_runs(page: PageObject) -> list[Run]:
    """The text runs of the stamp drawn last on the page, placed on the displayed page."""
    form = stamp_of(page)
    assert form is not None, "the page carries no stamp"
    at_do: list[list[float]] = []

    def before(operator: bytes, operands: Any, cm: Any, tm: Any) -> None:
        if operator == b"Do":
            at_do.append([float(v) for v in cm])

    page.extract_text(visitor_operand_before=before)
    ctm = at_do[-1]
    runs: list[Run] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            full = _times(_times([float(v) for v in tm], [float(v) for v in cm]), ctm)
            u, v = displayed(page, full[4], full[5])
            du, dv = displayed(page, full[0], full[1], vector=True)
            runs.append(Run(text.strip(), u, v, du, dv))

    page.extract_xform_text(form, visitor_text=visit)  # type: ignore[arg-type]
    return runs
