"""The volume's own pages, typeset with typst: front matter, part pages and the author index.

Springer adds the title and copyright pages of an LNCS volume itself; a self-published volume
needs them from us, and the rest (preface, Organization, Contents, part pages, Author Index)
must look like llncs.cls made them (``../shared/reference/lncs-frontmatter/``). The layout lives
in ``frontmatter.typ``; this module only gathers the data and hands it over as JSON, so no model
text is ever escaped by hand. The hand-written MyST pages are converted by :mod:`.myst_typst`.

The workshop's own data (``event.yaml``, ``sponsors.yaml``) goes where an LNCS volume prints it,
after the preface: Organization (the organizers, advisory board and student organizers, then the
committees, in the order the site shows them), Sponsors (the logos by level) and Keynote Talks
(each talk's title, speaker, affiliation and abstract), then Contents. typst reads the images
(logos, the figures of the MyST pages) from the project folder, its root, and nowhere else;
each is checked first by :mod:`proceedings.images`, and an image typst cannot read after all is
named in the error.

Page numbers are read from the :class:`~proceedings.layout.Layout` and never computed here. The
places the assembled volume links from (contents lines, index page numbers) and bookmarks
(chapter heads) come back as :class:`~proceedings.pdf.typeset.Anchor` objects: the template
drops a zero-size mark at the baseline before and after each such text, typst reports where the
marks landed (``typst.query``), and the rectangle between them, widened by the font's ascent
and descent, is the anchor. The index's page numbers, thousands in a large volume, are typst
links to the anchor's URI instead (:data:`~proceedings.pdf.typeset.ANCHOR_URI`), which cost
typst no second layout: the link's rectangle, typst's own, is the anchor (and assembly drops
the link for its own). Asking the typesetter is exact and needs no text search in the PDF.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import typst

from proceedings.authors import group_authors
from proceedings.errors import ProceedingsError
from proceedings.fonts import fonts_for, typst_fonts
from proceedings.images import (
    PRINT_HINT,
    TYPST_FORMATS,
    image_path,
    image_problem,
    image_type,
    is_remote,
    print_problems,
)
from proceedings.layout import Layout
from proceedings.limits import read_regular
from proceedings.model import Person, Volume
from proceedings.pdf.cache import PdfCache, file_stamp, make_key
from proceedings.pdf.myst_typst import ImageResolver, abstract_to_typst, myst_title, myst_to_typst
from proceedings.pdf.typeset import ANCHOR_URI, Anchor, AnchorKind, Typeset, apart, linked_anchors

__all__ = [
    "page_titles",
    "render_author_index",
    "render_front_matter",
    "render_part_page",
]

_TEMPLATE = Path(__file__).with_name("frontmatter.typ")
_PT_PER_MM = 72 / 25.4
# Page sizes in mm; the LNCS text block (122 x 193 mm) is centred on either.
_PAGE_MM = {"a4": (210.0, 297.0), "lncs-trim": (155.0, 235.0)}
_BLOCK_MM = (122.0, 193.0)
# Computer Modern's ascent and descent (of parentheses and descenders), in em: the height of an
# anchor's rectangle above and below the baselines its marks report.
_ASCENT, _DESCENT = 0.75, 0.25


# The copyright page's licence statement, by SPDX id: what each Creative Commons licence permits.
_LICENCES = {
    "CC-BY-4.0": "use, sharing, adaptation, distribution",
    "CC-BY-SA-4.0": "use, sharing, adaptation (under the same licence), distribution",
    "CC-BY-NC-4.0": "non-commercial use, sharing, adaptation, distribution",
    "CC-BY-ND-4.0": "use, sharing, distribution",
    "CC-BY-NC-SA-4.0": "non-commercial use, sharing, adaptation (under the same licence)",
    "CC-BY-NC-ND-4.0": "non-commercial use, sharing, distribution",
}
_CC_TERMS = {"BY": "Attribution", "SA": "ShareAlike", "NC": "NonCommercial", "ND": "NoDerivatives"}


class _Document:
    """The data of one typst document and the anchors its marks stand for."""

    def __init__(self, volume: Volume, kind: str) -> None:
        self.volume = volume
        self.targets: dict[str, tuple[AnchorKind, str, str]] = {}  # id -> kind, target, title
        self.images: dict[str, bytes] = {}  # path from the project's root -> content
        width, height = _PAGE_MM[volume.info.pdf.volume_size]
        self.height_pt = height * _PT_PER_MM
        self.data: dict[str, Any] = {
            "kind": kind,
            "geometry": dict(
                width=width,
                height=height,
                x=(width - _BLOCK_MM[0]) / 2,
                top=(height - _BLOCK_MM[1]) / 2,
            ),
            "document": {
                "title": volume.info.title,
                "authors": [e.name.full for e in volume.info.editors],
            },
            "anchor_uri": ANCHOR_URI,
        }

    def anchor(self, kind: AnchorKind, target: str, title: str = "") -> str:
        """Register an anchor; its id goes into the data, next to the text it marks."""
        anchor_id = f"{kind}:{len(self.targets)}"
        self.targets[anchor_id] = (kind, target, title)
        return anchor_id

    def image(self, name: str, where: str) -> dict[str, str]:
        """The image file ``name`` (from the project's root) as the template takes it, after
        :func:`~proceedings.images.image_problem` has passed it; ``where`` (``file:line:
        field``) names it in the error otherwise. check reports the same problems first."""
        path = self.volume.root / name
        try:
            found = image_problem(path)
        except FileNotFoundError:
            raise ProceedingsError(f"{where}: {name} not found") from None
        if found is not None:
            raise ProceedingsError(f"{where}: {name} {found.reason}. {found.hint}")
        kind = image_type(path)
        assert kind is not None  # image_problem has read it
        self.images[name] = read_regular(path, "image_bytes")
        return {"path": "/" + name, "format": TYPST_FORMATS[kind]}

    def page_images(self, page: str) -> ImageResolver:
        """Where the images of the MyST page ``source/<page>`` are, for :mod:`.myst_typst`."""
        root = self.volume.root
        display = f"source/{page}"
        folder = (root / display).parent

        def resolve(target: str, line: int) -> tuple[str, str] | None:
            if is_remote(target):
                return None  # check warns (image.remote); its alt text is printed
            path = image_path(root, folder, target)
            where = f"{display}:{line}: image"
            if path is None:
                raise ProceedingsError(f"{where}: {target!r} leads outside the project folder")
            name = os.path.normpath(path.relative_to(root)).replace(os.sep, "/")
            found = self.image(name, where)
            return found["path"], found["format"]

        return resolve

    def typeset(self, cache: PdfCache | None = None) -> Typeset:
        """Compile the template with the data (or find the result in the cache)."""
        fonts = fonts_for(json.dumps(self.data, ensure_ascii=False))
        self.data["fallback_fonts"] = list(fonts.families)
        data = json.dumps(self.data, ensure_ascii=False, sort_keys=True)
        cache = cache or PdfCache(None)
        inputs = {
            "data": data,
            "fonts": [file_stamp(Path(path)) for path in fonts.paths],
            "images": sorted(self.images),
        }
        images = [self.images[name] for name in sorted(self.images)]
        key = make_key("typst", inputs, _TEMPLATE.read_bytes(), *images)
        found = cache.get("typst", key)
        if found is not None:
            return Typeset.from_json(found[0], found[1])
        args = (data, list(fonts.paths), bool(self.targets))
        root = str(self.volume.root) if self.images else None
        try:
            alone = self.data["kind"] != "part" and len(self.volume.archival_papers) >= ALONE_FROM
            if alone:
                pdf, marks = apart(_compile, *args, root)
            else:
                pdf, marks = _compile(*args, root)
        except typst.TypstError:
            if self.images:
                self._image_failure()
            raise
        typeset = Typeset(pdf, self._anchors(marks) + self._linked(pdf))
        cache.put("typst", key, typeset.anchors_json(), pdf)
        return typeset

    def _image_failure(self) -> None:
        """When typst fails, the image it could not read, if one is to blame (check reports
        it first: image.unprintable)."""
        found = print_problems(self.volume.root, list(self.images))
        if found:
            raise ProceedingsError(
                "\n".join(f"{name} {reason}. {PRINT_HINT}" for name, reason in found.items())
            )

    def _anchors(self, marks: list[dict[str, Any]]) -> tuple[Anchor, ...]:
        """Pair each anchor's start and end marks into a rectangle in PDF points."""
        starts: dict[str, dict[str, Any]] = {}
        anchors = []
        for mark in marks:
            if mark["edge"] == "start":
                starts[mark["id"]] = mark
                continue
            start, end = starts.pop(mark["id"]), mark
            if start["page"] != end["page"]:  # never for unbreakable lines; keep the start line
                end = {**start, "x": self.data["geometry"]["width"] * _PT_PER_MM}
            top = start["y"] - _ASCENT * start["size"]
            bottom = max(end["y"], start["y"]) + _DESCENT * end["size"]
            x0, y0, x1, y1 = (start["x"], self.height_pt - bottom, end["x"], self.height_pt - top)
            rect = (round(x0, 3), round(y0, 3), round(x1, 3), round(y1, 3))
            kind, target, title = self.targets[mark["id"]]
            anchors.append(Anchor(kind, start["page"] - 1, rect, target, title))
        return tuple(anchors)

    def _linked(self, pdf: bytes) -> tuple[Anchor, ...]:
        """The anchors typst linked to (the index's page numbers), in page order."""
        anchors = []
        for page, anchor, rect in linked_anchors(pdf):
            kind, target, title = self.targets[anchor]
            anchors.append(Anchor(kind, page, rect, target, title))
        return tuple(anchors)


ALONE_FROM = 500
"""Papers from which the front matter and the author index are typeset in a process of their
own (:func:`.typeset.apart`): typst keeps what a document needed (600 MB for the contents of
2,600 papers, 280 MB for its author index of 9,000 page numbers, linked: 1 GB while each
carried a mark), and a child process returns it when it ends, for some 0.5 s of start-up.
Below 500 papers the memory kept (under 350 MB) costs less than the start-up: at 200
papers, six child processes (front matter, four part pages, index) made the volume 2.6x
qpdf's merge instead of 2x. A part page holds a few titles: never apart."""


def _compile(
    data: str, font_paths: list[str], anchored: bool, root: str | None = None
) -> tuple[bytes, list[Any]]:
    """The template typeset with ``data``: the PDF, and the anchor marks if ``anchored``.

    With ``root`` (the project, when the front matter prints images) typst reads the images
    from there and nothing outside it. The template is then given as bytes (typst wants its
    main file inside the root) and queried with ``typst.query``, which compiles again (a
    Compiler's own query looks for the main file on disk): 0.1 s more, for volumes with
    images only.
    """
    options: dict[str, Any] = {
        "font_paths": typst_fonts(tuple(font_paths)),
        "sys_inputs": {"data": data},
    }
    if root is None:  # typst reads the template alone, in its folder
        compiler = typst.Compiler(str(_TEMPLATE), root=str(_TEMPLATE.parent), **options)
        pdf = compiler.compile(format="pdf", pdf_tags=False)
        marks = compiler.query("<fm-anchor>", field="value") if anchored else "[]"
    else:
        template = _TEMPLATE.read_bytes()
        pdf = typst.Compiler(template, root=root, **options).compile(format="pdf", pdf_tags=False)
        marks = (
            typst.query(template, "<fm-anchor>", field="value", root=root, **options)
            if anchored
            else "[]"
        )
    assert isinstance(pdf, bytes)
    return pdf, json.loads(marks)


# --------------------------------------------------------------------------------------------
# front matter


def _read_page(volume: Volume, name: str) -> str:
    """The MyST text of the hand-written page ``source/<name>``."""
    try:
        return (volume.root / "source" / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProceedingsError(f"cannot read the page ({exc})", path=f"source/{name}") from None


def page_title(markdown: str, name: str) -> str:
    """The title a hand-written page has in the volume (its chapter head and outline entry):
    its first level-1 heading, else its file name in words (``call-for-papers.md``: "Call For
    Papers")."""
    return myst_title(markdown) or Path(name).stem.replace("-", " ").replace("_", " ").title()


def page_titles(volume: Volume) -> dict[str, str]:
    """Each hand-written page of ``volume.yaml``'s ``pages`` -> its title in the volume."""
    return {name: page_title(_read_page(volume, name), name) for name in volume.info.pages}


def render_front_matter(volume: Volume, layout: Layout, cache: PdfCache | None = None) -> Typeset:
    """Title page, copyright page, the MyST pages, Organization, Sponsors, Keynote Talks and
    Contents, numbered I, II...

    Each chapter opens on a recto; the page count is even, so the papers start on a recto.
    """
    doc = _Document(volume, "front")
    doc.data["titlepage"] = _title_page(volume)
    doc.data["copyright"] = _copyright(volume)
    chapters: list[dict[str, Any]] = []
    for number, name in enumerate(volume.info.pages, 1):
        markdown = _read_page(volume, name)
        title = page_title(markdown, name)
        # The pages share one typst document: each names its footnotes' labels apart.
        body = myst_to_typst(
            markdown,
            drop_title=True,
            signature=True,
            path=f"source/{name}",
            labels=f"page{number}-fn",
            images=doc.page_images(name),
        )
        chapters.append(
            {"kind": "page", "id": doc.anchor("section", name, title), "title": title, "body": body}
        )
    if volume.committees or (volume.workshop and volume.workshop.people):
        chapters.append(_organization(doc))
    if volume.sponsors:
        chapters.append(_sponsors(doc))
    if volume.workshop and volume.workshop.keynotes:
        chapters.append(_keynotes(doc))
    chapters.append(_contents(doc, layout))
    doc.data["chapters"] = chapters
    return doc.typeset(cache)


def _organization(doc: _Document) -> dict[str, Any]:
    """Organization: the workshop's people by role (organizers, advisory board, student
    organizers: ``event.yaml``), then each committee, with names and institutions.

    The site's Organization page has the same order, so that both say who is who alike;
    ``event.yaml``'s groups are those who run the workshop, and LNCS lists those first and the
    program committee, with which ``committees.yaml`` ends in practice, last.
    """
    workshop = doc.volume.workshop
    groups: list[tuple[str, tuple[Person, ...]]] = [
        (g.role, g.people) for g in (workshop.people if workshop else ())
    ]
    groups += [(c.role, c.people) for c in doc.volume.committees]
    committees = [
        {
            "role": role,
            "members": [
                {"name": p.name.full, "affiliation": _short_affiliation(p)} for p in people
            ],
        }
        for role, people in groups
        if people
    ]
    anchor = doc.anchor("section", "organization", "Organization")
    return {"kind": "organization", "id": anchor, "title": "Organization", "committees": committees}


def _sponsors(doc: _Document) -> dict[str, Any]:
    """Sponsors: their logos (or names) by level, in the order of ``sponsors.yaml``; a level
    runs as long as the sponsors that follow one another share it, as on the site."""
    levels: list[dict[str, Any]] = []
    for index, sponsor in enumerate(doc.volume.sponsors):
        if not levels or levels[-1]["level"] != sponsor.level:
            levels.append({"level": sponsor.level, "sponsors": []})
        logo = None
        if sponsor.logo:
            where = f"source/sponsors.yaml: sponsors[{index}].logo"
            name = os.path.normpath(f"source/{sponsor.logo.lstrip('/')}").replace(os.sep, "/")
            logo = doc.image(name, where)
        levels[-1]["sponsors"].append({"name": _line(sponsor.name), "logo": logo})
    anchor = doc.anchor("section", "sponsors", "Sponsors")
    return {"kind": "sponsors", "id": anchor, "title": "Sponsors", "levels": levels}


def _keynotes(doc: _Document) -> dict[str, Any]:
    """Keynote Talks: each talk's title, its speaker and affiliation, and its abstract, as an
    LNCS volume prints its invited talks' abstracts (one a page)."""
    workshop = doc.volume.workshop
    assert workshop is not None
    talks = [
        {
            "title": _line(k.title) if k.title else None,
            "speaker": k.speaker.name.full,
            "affiliation": _short_affiliation(k.speaker),
            "abstract": abstract_to_typst(k.abstract) if k.abstract.strip() else None,
        }
        for k in workshop.keynotes
    ]
    anchor = doc.anchor("section", "keynotes", "Keynote Talks")
    return {"kind": "keynotes", "id": anchor, "title": "Keynote Talks", "talks": talks}


def _contents(doc: _Document, layout: Layout) -> dict[str, Any]:
    """Contents: the parts with archival papers, in volume order, each with its papers."""
    volume = doc.volume
    parts: list[dict[str, Any]] = []
    for part in volume.info.parts:
        papers = [p for p in volume.papers_in(part) if p.in_volume]
        if not papers:
            continue
        entries = []
        for paper in papers:
            title = _line(paper.info.title)
            if paper.info.award:
                title += f" ({paper.info.award})"
            entries.append(
                {
                    "anchor": doc.anchor("paper", paper.id, _line(paper.info.title)),
                    "title": title,
                    "authors": _and([a.name.full for a in paper.info.authors]),
                    "page": layout.of(paper.id).first,
                }
            )
        parts.append(
            {
                "anchor": doc.anchor("part", part.id, part.title),
                "number": layout.part_number(part.id),
                "title": _line(part.title),
                "papers": entries,
            }
        )
    anchor = doc.anchor("section", "contents", "Contents")
    return {"kind": "contents", "id": anchor, "title": "Contents", "parts": parts}


def _title_page(volume: Volume) -> dict[str, Any]:
    info = volume.info
    series = None
    if info.series:
        series = f"{info.series.name} {info.series.volume}" if info.series.volume else None
        series = series or info.series.name
    return {
        "series": series,
        "title": _line(info.title),
        "subtitle": _line(info.subtitle) if info.subtitle else None,
        "editors": [
            {"name": e.name.full, "affiliation": "; ".join(a.text for a in e.affiliations)}
            for e in info.editors
        ],
        "publisher": info.publisher.name if info.publisher else None,
        "place": info.publisher.place if info.publisher else None,
    }


def _copyright(volume: Volume) -> list[list[dict[str, Any]]]:
    """The copyright page's paragraphs, each a list of runs (text, bold text, links, breaks)."""
    info = volume.info
    paras: list[list[dict[str, Any]]] = []
    lines: list[dict[str, Any]] = []  # identifiers, one a line
    if info.series:
        volume_no = f", Volume {info.series.volume}" if info.series.volume else ""
        lines.append({"text": info.series.name + volume_no})
        lines += [{"text": f"ISSN {info.series.issn}"}] if info.series.issn else []
    isbn, doi = volume.book_isbn, volume.book_doi  # the record's, once published
    lines += [{"text": f"ISBN {isbn}"}] if isbn else []
    if doi:
        lines.append({"text": f"https://doi.org/{doi}", "url": f"https://doi.org/{doi}"})
    if lines:
        paras.append([run for line in lines for run in ({"break": True}, line)][1:])
    permits = _LICENCES.get(info.licence or "")
    statement = f"© The Editor(s) (if applicable) and The Author(s) {info.year}."
    if permits:
        statement += " This book is an open access publication."
    paras.append([{"text": statement}])
    if permits and info.licence:
        terms = info.licence.split("-")[1:-1]  # CC-BY-NC-4.0 -> BY, NC
        name = "-".join(_CC_TERMS[t] for t in terms)
        url = f"https://creativecommons.org/licenses/{'-'.join(terms).lower()}/4.0/"
        paras.append(
            [
                {"text": "Open Access", "bold": True},
                {"text": " This book is licensed under the terms of the Creative Commons "},
                {"text": f"{name} 4.0 International License ("},
                {"text": url, "url": url},
                {
                    "text": f"), which permits {permits} and reproduction in any medium or "
                    "format, as long as appropriate credit is given to the original author(s) "
                    "and the source, a link to the licence is provided and any changes made "
                    "are indicated."
                },
            ]
        )
    elif info.licence:
        paras.append([{"text": f"Licence: {info.licence}."}])
    else:
        paras.append([{"text": "All rights reserved."}])
    paras.append([{"text": _event_sentence(volume)}])
    if info.url:
        paras.append([{"text": "Proceedings website: "}, {"text": info.url, "url": info.url}])
    if info.publisher:
        where = f", {info.publisher.place}" if info.publisher.place else ""
        paras.append([{"text": f"Published by {info.publisher.name}{where}."}])
    return paras


def _event_sentence(volume: Volume) -> str:
    event = volume.info.event
    name = event.name + (f" ({event.short_name})" if event.short_name else "")
    sentence = f"The papers in this volume were presented at the {name}"
    if event.host:
        sentence += f", held with {event.host}"
    if event.place:
        sentence += f" in {event.place}"
    if event.dates:
        sentence += f", on {event.dates}"
    return sentence + "."


def _short_affiliation(person: Person) -> str:
    """Institution and country, as LNCS committee lists print them."""
    return "; ".join(
        ", ".join(p for p in (a.institution, a.country) if p) for a in person.affiliations
    )


def _line(text: str) -> str:
    """Model text on one line: a line break in YAML is not a line break on the page."""
    return " ".join(text.split())


def _and(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B, and C``: LNCS by-lines in the contents."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


# --------------------------------------------------------------------------------------------
# part pages and the author index


def render_part_page(
    volume: Volume, part_id: str, number: int, cache: PdfCache | None = None
) -> Typeset:
    """A part's opening recto ("Part I" and its title), then its blank verso; no numbers."""
    part = next((p for p in volume.info.parts if p.id == part_id), None)
    if part is None:
        raise KeyError(part_id)
    doc = _Document(volume, "part")
    doc.data["part"] = {"number": number, "title": _line(part.title)}
    return doc.typeset(cache)


def render_author_index(volume: Volume, layout: Layout, cache: PdfCache | None = None) -> Typeset:
    """The Author Index, numbered on from ``layout.backmatter_first``: every author of an
    archival paper once, with the first pages of their papers."""
    doc = _Document(volume, "index")
    groups: list[dict[str, Any]] = []
    for person, pages in _index_entries(volume, layout):
        letter = person.name.index_letter
        if not groups or groups[-1]["letter"] != letter:
            groups.append({"letter": letter, "entries": []})
        groups[-1]["entries"].append(
            {
                "name": person.name.inverted,
                "pages": [
                    {"page": page, "anchor": doc.anchor("page", str(page), person.name.inverted)}
                    for page in pages
                ],
            }
        )
    doc.data["index"] = {
        "title": "Author Index",
        "anchor": doc.anchor("section", "author-index", "Author Index"),
        "first_page": layout.backmatter_first,
        "groups": groups,
    }
    return doc.typeset(cache)


def _index_entries(volume: Volume, layout: Layout) -> list[tuple[Person, list[int]]]:
    """One entry per person of the archival papers, in index order, with the sorted first pages
    of their papers; who is one person is :func:`proceedings.authors.group_authors`'s to say."""
    return [
        (group.person, sorted(layout.of(paper.id).first for paper in group.papers))
        for group in group_authors(volume.archival_papers)
    ]
