"""The workshop's data in the PDF front matter: Organization with event.yaml's people, Sponsors
with their logos, Keynote Talks; the figures of the MyST pages; hostile text printed as typed."""

from __future__ import annotations

import dataclasses
import shutil
import struct
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from proceedings.errors import ProceedingsError
from proceedings.layout import Layout
from proceedings.model import Sponsor, Volume
from proceedings.pdf.frontmatter import render_front_matter
from proceedings.pdf.typeset import Typeset


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A whole PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = (b"\x00" + bytes(rgb) * width) * height
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# A red PNG, and the same with its pixel data damaged (its header is sound).
RED_PNG = png(40, 30, (230, 20, 20))
CUT_PNG = RED_PNG[:41] + bytes(8) + RED_PNG[49:]


def squash(text: str) -> str:
    return "".join(text.split())


def pdfium_pages(pdf: bytes) -> list[str]:
    """The text of each page, as PDFium reads it; a hyphen that ends a line, which PDFium
    reads as a soft hyphen (U+FFFE) whether it was typed or not, as typed."""
    document = pypdfium2.PdfDocument(pdf)
    return [page.get_textpage().get_text_range().replace("\ufffe", "-") for page in document]


def images_on(pdf: bytes, index: int) -> int:
    """How many image objects page ``index`` draws (inside forms too)."""
    page = pypdfium2.PdfDocument(pdf)[index]
    return sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=5))


def render(pdf: bytes, index: int, dpi: int = 80) -> np.ndarray[Any, Any]:
    """Page ``index`` as an RGB array."""
    page = pypdfium2.PdfDocument(pdf)[index]
    return page.render(scale=dpi / 72, rev_byteorder=True).to_numpy()[:, :, :3]


def colored(pixels: np.ndarray[Any, Any]) -> int:
    """Pixels that are neither grey nor white: ink of a logo, not of the text."""
    channels = pixels.astype(int)
    return int(((channels.max(axis=2) - channels.min(axis=2)) > 60).sum())


def page_of(typeset: Typeset, title: str) -> int:
    return next(a.page for a in typeset.sections if a.title == title)


@pytest.fixture(scope="module")
def front(demo_volume: Volume, demo_layout: Layout) -> Typeset:
    return render_front_matter(demo_volume, demo_layout)


def test_chapters_follow_lncs_order(front: Typeset) -> None:
    """This test ensures that the workshop's chapters come where an LNCS volume has them:
    preface, Organization, Sponsors, Keynote Talks, then Contents, each on a recto."""
    sections = [(a.title, a.page) for a in front.sections]
    assert [t for t, _ in sections] == [
        "Preface",
        "Organization",
        "Sponsors",
        "Keynote Talks",
        "Contents",
    ]
    assert all(page % 2 == 0 for _, page in sections)  # 0-based even: a recto


def test_organization_lists_event_people_by_role_then_committees(
    front: Typeset, demo_volume: Volume
) -> None:
    """This test ensures that Organization names event.yaml's groups in order, each person
    under their role with their institution, before the committees of committees.yaml."""
    workshop = demo_volume.workshop
    assert workshop is not None
    first = page_of(front, "Organization")
    text = "".join(pdfium_pages(front.pdf)[first : page_of(front, "Sponsors")])
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    expected = []
    for group in workshop.people:
        expected.append(group.role)
        expected += [f"{p.name.full} {p.affiliations[0].institution}".strip() for p in group.people]
    assert lines[1 : 1 + len(expected)] == expected
    roles = [line for line in lines if line in {g.role for g in workshop.people}] + [
        line for line in lines if line in {c.role for c in demo_volume.committees}
    ]
    assert roles == [g.role for g in workshop.people] + [c.role for c in demo_volume.committees]
    assert lines.index("Student Organizers") < lines.index("General Chairs")


def test_keynote_talks_print_title_speaker_affiliation_abstract(
    front: Typeset, demo_volume: Volume
) -> None:
    """This test ensures that each keynote has a page of its own with its title, its speaker,
    the speaker's affiliation and the abstract after a bold run-in 'Abstract.'."""
    workshop = demo_volume.workshop
    assert workshop is not None
    first = page_of(front, "Keynote Talks")
    pages = pdfium_pages(front.pdf)
    for offset, keynote in enumerate(workshop.keynotes):
        page = squash(pages[first + offset])
        assert keynote.title is not None
        parts = [
            keynote.title,
            keynote.speaker.name.full,
            keynote.speaker.affiliations[0].institution,
            "Abstract.",
            keynote.abstract.split(".")[0],
        ]
        positions = [page.find(squash(part)) for part in parts]
        assert -1 not in positions, (keynote.id, page)
        assert positions == sorted(positions), keynote.id


def test_sponsors_page_shows_each_logo_by_level(front: Typeset, demo_volume: Volume) -> None:
    """This test ensures that the Sponsors page has a head per level, in the order of
    sponsors.yaml, and draws each sponsor's logo as an image, in colour, on the page."""
    index = page_of(front, "Sponsors")
    text = [line.strip() for line in pdfium_pages(front.pdf)[index].splitlines()]
    levels = [s.level for s in demo_volume.sponsors]
    assert [line for line in text if line in levels] == levels
    assert images_on(front.pdf, index) == len(demo_volume.sponsors) == 3
    assert colored(render(front.pdf, index)) > 2000  # the three coloured squares of the logos
    assert colored(render(front.pdf, page_of(front, "Organization"))) == 0


def test_a_sponsor_without_a_logo_is_its_name(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that a sponsor with no logo is printed as its name, under its level,
    a sponsor without a level under no head, and several in one level side by side (the
    SIGDIAL 2020 import's levels: the template once named the logos' box height as typst's
    spacing function, and a second sponsor in a level stopped the build)."""
    sponsors = (
        Sponsor(name="Acme Clinic Trust"),
        Sponsor(name="Beta", level="Bronze"),
        Sponsor(name="Gamma", level="Bronze"),
    )
    volume = dataclasses.replace(demo_volume, sponsors=sponsors)
    typeset = render_front_matter(volume, demo_layout)
    index = page_of(typeset, "Sponsors")
    lines = [line.strip() for line in pdfium_pages(typeset.pdf)[index].splitlines()]
    assert lines == ["Sponsors", "Acme Clinic Trust", "Bronze", "Beta Gamma"]
    assert images_on(typeset.pdf, index) == 0


def test_front_matter_pages_in_png(front: Typeset, tmp_path: Path) -> None:
    """This test ensures that the new pages render (PDFium) to pages with ink: what the
    report looked at beside the LNCS reference."""
    for title in ("Organization", "Sponsors", "Keynote Talks"):
        pixels = render(front.pdf, page_of(front, title))
        assert (pixels < 128).any(axis=2).sum() > 500, title


# ---- figures of the MyST pages ----------------------------------------------------------------


def _with_preface(volume: Volume, root: Path, preface: str) -> Volume:
    """The demo with its root at ``root`` (the demo's source/ copied there) and its preface
    replaced."""
    shutil.copytree(volume.root / "source", root / "source")
    (root / "source" / "preface.md").write_text(preface, encoding="utf-8")
    return dataclasses.replace(volume, root=root)


FIGURES = """\
# Preface

The workshop in one picture:

![The organizers at the poster session](figs/red.png)

```{figure} /figs/red.png
:alt: A red square

The organizers, again, with a *caption*.
```

An icon ![dot](figs/red.png) in a line, and one from the web ![remote logo](https://example.org/x.png).
"""


def test_images_in_a_myst_page_are_typeset(
    demo_volume: Volume, demo_layout: Layout, tmp_path: Path
) -> None:
    """This test ensures that a page's images (Markdown, a figure directive with its caption, an
    image in a line of text) are drawn, and that an image on the web prints its alt text."""
    volume = _with_preface(demo_volume, tmp_path, FIGURES)
    (tmp_path / "source/figs").mkdir()
    (tmp_path / "source/figs/red.png").write_bytes(RED_PNG)
    typeset = render_front_matter(volume, demo_layout)
    preface = page_of(typeset, "Preface")
    assert images_on(typeset.pdf, preface) == 3
    text = squash(pdfium_pages(typeset.pdf)[preface])
    assert squash("The organizers, again, with a caption.") in text
    assert squash("and one from the web remote logo.") in text
    assert "Theorganizersattheposter" not in text  # the alt text is no caption
    pixels = render(typeset.pdf, preface)
    red = (pixels[:, :, 0] > 200) & (pixels[:, :, 1] < 60) & (pixels[:, :, 2] < 60)
    assert red.sum() > 100
    assert render_front_matter(volume, demo_layout) == typeset  # the same bytes again


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "source/preface.md:5: image: source/figs/red.png not found"),
        (b"<html>", "source/preface.md:5: image: source/figs/red.png is not an image."),
        (
            RED_PNG[:16] + b"\x00\x01\x00\x00\x00\x01\x00\x00" + RED_PNG[24:],
            "source/preface.md:5: image: source/figs/red.png is 65536 x 65536 pixels, more than "
            "the 50 million an image may have.",
        ),
        (CUT_PNG, "source/figs/red.png cannot be read by typst, which typesets the volume"),
    ],
)
def test_an_image_that_cannot_be_printed_stops_the_front_matter(
    demo_volume: Volume,
    demo_layout: Layout,
    tmp_path: Path,
    content: bytes | None,
    message: str,
) -> None:
    """This test ensures that an image the volume cannot print (missing, no image, too many
    pixels, damaged) stops the front matter with one message naming it, never a traceback and
    never a page without it (check says the same first: tests/checks/test_images.py)."""
    volume = _with_preface(demo_volume, tmp_path, FIGURES.split("```")[0])
    if content is not None:
        (tmp_path / "source/figs").mkdir()
        (tmp_path / "source/figs/red.png").write_bytes(content)
    with pytest.raises(ProceedingsError) as caught:
        render_front_matter(volume, demo_layout)
    assert str(caught.value.message).startswith(message)


# ---- hostile text from event.yaml -------------------------------------------------------------

_HOSTILE = st.text(
    alphabet=st.sampled_from(list("#$]*_[<>@`\\/=~{}()-+.;'\"abcXYZ ")), min_size=1, max_size=24
).filter(lambda text: bool(text.strip()))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(title=_HOSTILE, name=_HOSTILE, role=_HOSTILE, level=_HOSTILE)
@example(title=";X", name="-", role="a", level="a")  # a hyphen at the end of a line
def test_hostile_text_in_event_yaml_prints_as_typed(
    demo_volume: Volume, demo_layout: Layout, title: str, name: str, role: str, level: str
) -> None:
    """This test ensures that a keynote's title and speaker, a role of the workshop's people
    and a sponsor's level and name reach the page as typed, whatever typst markup they hold
    (``#``, ``$``, ``]``, ``*``, ``<b>``...)."""
    workshop = demo_volume.workshop
    assert workshop is not None
    keynote = workshop.keynotes[0]
    speaker = keynote.speaker.model_copy(update={"given": "", "family": name, "mononym": True})
    keynotes = (keynote.model_copy(update={"title": title, "speaker": speaker}),)
    group = workshop.people[0].model_copy(update={"role": role})
    workshop = workshop.model_copy(update={"keynotes": keynotes, "people": (group,)})
    sponsors = (Sponsor(name=name, level=level),)
    volume = dataclasses.replace(demo_volume, workshop=workshop, sponsors=sponsors)
    typeset = render_front_matter(volume, demo_layout)
    pages = pdfium_pages(typeset.pdf)
    organization = squash(pages[page_of(typeset, "Organization")])
    assert squash(role) in organization
    assert squash(pages[page_of(typeset, "Sponsors")]) == squash(f"Sponsors{level}{name}")
    talk = squash(pages[page_of(typeset, "Keynote Talks")])
    assert squash(f"Keynote Talks{title}{name}") in talk
