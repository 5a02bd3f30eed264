"""A tiny stand-in for the front-matter typesetter, so the assembly tests depend on no other stage.

It typesets with typst, at fixed positions (so every anchor's rectangle is known without a
query): a front matter with 'Preface' and 'Contents' (one line per part and per paper), part
pages, and an author index with one line per author and page.
"""

from __future__ import annotations

import json

import typst

from proceedings.layout import Layout
from proceedings.model import Volume
from proceedings.pdf.typeset import Anchor, Typeset

A4 = (595.2756, 841.8898)
TOP = 100.0  # the first line's top, from the page's top edge
STEP = 16.0
LINE = 12.0
PER_PAGE = 40
LEFT = 72.0

_SOURCE = r"""
#let data = json(bytes(sys.inputs.data))
#set document(date: none)
#set page(width: data.width * 1pt, height: data.height * 1pt, margin: 0pt)
#set text(font: "New Computer Modern", size: 10pt, top-edge: "ascender", bottom-edge: "descender")
#for (i, lines) in data.pages.enumerate() {
  if i > 0 { pagebreak() }
  for (j, line) in lines.enumerate() {
    place(top + left, dx: data.left * 1pt, dy: (data.top + j * data.step) * 1pt,
      if line.at("bold", default: false) { strong(line.text) } else { line.text })
  }
  if lines.len() == 0 { [] }
}
"""


def _typeset(pages: list[list[dict[str, object]]], size: tuple[float, float]) -> Typeset:
    """Typeset ``pages`` of lines; each line with a ``kind`` becomes an anchor on its rectangle."""
    data = {
        "width": size[0],
        "height": size[1],
        "top": TOP,
        "step": STEP,
        "left": LEFT,
        "pages": [
            [{"text": str(line["text"]), "bold": line.get("kind") == "section"} for line in lines]
            for lines in pages
        ],
    }
    pdf = typst.compile(
        _SOURCE.encode(),
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        pdf_tags=False,
    )
    assert isinstance(pdf, bytes)
    anchors = []
    for number, lines in enumerate(pages):
        for j, line in enumerate(lines):
            if "kind" not in line:
                continue
            top = size[1] - TOP - j * STEP
            rect = (LEFT, top - LINE, LEFT + 300.0, top)
            anchors.append(
                Anchor(
                    line["kind"],  # type: ignore[arg-type]
                    number,
                    rect,
                    target=str(line.get("target", "")),
                    title=str(line.get("title", "")),
                )
            )
    return Typeset(pdf, tuple(anchors))


def _paginate(lines: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    return [lines[i : i + PER_PAGE] for i in range(0, len(lines), PER_PAGE)] or [[]]


def front_matter(volume: Volume, layout: Layout, size: tuple[float, float] = A4) -> Typeset:
    """Preface (one page), then Contents: a line per part and per paper, linked."""
    preface: list[dict[str, object]] = [
        {"text": "Preface", "kind": "section", "title": "Preface"},
        {"text": f"This volume holds the papers of {volume.info.acronym}."},
    ]
    contents: list[dict[str, object]] = [
        {"text": "Contents", "kind": "section", "title": "Contents"}
    ]
    for part in volume.info.parts:
        contents.append({"text": part.title, "kind": "part", "target": part.id})
        for paper in volume.archival_papers:
            if paper.info.part == part.id:
                first = layout.of(paper.id).first
                contents.append(
                    {"text": f"{paper.info.title} ... {first}", "kind": "paper", "target": paper.id}
                )
    return _typeset([preface, *_paginate(contents)], size)


def part_pages(
    volume: Volume, layout: Layout, size: tuple[float, float] = A4
) -> dict[str, Typeset]:
    """One page per part ('Part I' and its title); the assembly adds the blank verso."""
    pages = {}
    for number, part in enumerate(volume.info.parts, 1):
        pages[part.id] = _typeset([[{"text": f"Part {number}"}, {"text": part.title}]], size)
    return pages


def author_index(volume: Volume, layout: Layout, size: tuple[float, float] = A4) -> Typeset:
    """'Author Index', then a line per author and page, each linked to its page."""
    entries: dict[str, list[int]] = {}
    for paper in volume.archival_papers:
        for person in paper.info.authors:
            entries.setdefault(person.name.inverted, []).append(layout.of(paper.id).first)
    lines: list[dict[str, object]] = [
        {"text": "Author Index", "kind": "section", "title": "Author Index"}
    ]
    for name in sorted(entries):
        for page in entries[name]:
            lines.append({"text": f"{name}  {page}", "kind": "page", "target": str(page)})
    return _typeset(_paginate(lines), size)


def with_pdf_options(volume: Volume, **options: object) -> Volume:
    """The volume with some ``pdf:`` options of volume.yaml changed (stamp, volume_size...)."""
    import dataclasses

    pdf = volume.info.pdf.model_copy(update=options)
    return dataclasses.replace(volume, info=volume.info.model_copy(update={"pdf": pdf}))


def standins(volume: Volume, layout: Layout) -> tuple[Typeset, dict[str, Typeset], Typeset]:
    """Front matter, part pages and author index for ``volume``, all stand-ins."""
    return front_matter(volume, layout), part_pages(volume, layout), author_index(volume, layout)
