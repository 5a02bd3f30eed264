"""A CEUR-WS volume page (``index.html``) -> a :class:`~.volume.CeurVolume`.

CEUR-WS marks up every volume page with class names so that its own tools can read it:
``CEURVOLACRONYM``, ``CEURVOLTITLE``, ``CEURFULLTITLE``, ``CEURVOLNR``, ``CEURPUBYEAR``,
``CEURLOCTIME``, ``CEURVOLEDITOR`` (or ``CEUREDITOR``) in the header, and in the table of
contents (``CEURTOC``) ``CEURSESSION``, ``CEURTITLE``, ``CEURAUTHOR`` and ``CEURPAGES``.
:func:`read_index` reads those marks with the standard library's :mod:`html.parser`. Pages are
often edited by hand, so they are read by their classes in document order rather than by their
exact layout: a paper is a ``CEURTITLE`` and the ``CEURAUTHOR``/``CEURPAGES`` after it, up to
the next title; a ``CEURSESSION`` starts a session; an editor's affiliation is the first line
of text after the name. Text of an entry outside these marks (an original-language title in
parentheses) is not imported, and a note quotes it. A ``CEURLOCTIME`` given only as text is
read by :mod:`~proceedings.importers.ceur.dates`.

CEUR-WS asks editors to mark the entries that are no papers to index (the preface, a keynote's
abstract) as auxiliary, "AUX" papers, which ceur-make leaves to the editor: pages do so with
classes that carry ``AUX``, on the entry (``<li class="AUX">``), its list or session, or in
place of a mark (``CEURAUXTITLE``, ``CEURTITLEAUX``, ``AUXTITLE``). Each is read as the mark
without ``AUX`` (a title is a title), and the entry keeps the class that made it auxiliary
(:attr:`~.volume.CeurPaper.aux`): the importer makes it a preface or an invited talk. An
auxiliary entry without a title mark takes its link's text as its title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from proceedings.errors import ProceedingsError
from proceedings.importers.ceur.dates import parse_loctime
from proceedings.importers.ceur.volume import (
    CeurEditor,
    CeurPaper,
    CeurVolume,
    Found,
    iso_date,
    read_ceur_file,
)
from proceedings.importers.text import clean_text

__all__ = ["HTML_TERMS", "read_index", "read_page"]

# What the page calls each value, for messages ("no CEURVOLACRONYM: give --acronym").
HTML_TERMS: Mapping[str, str] = {
    "title": "CEURFULLTITLE",
    "acronym": "CEURVOLACRONYM",
    "event": "CEURVOLTITLE",
    "year": "CEURPUBYEAR",
    "editors": "CEURVOLEDITOR",
    "papers": "CEURTITLE",
}


# --- a small document tree ------------------------------------------------------------------

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Elements that end a line of text: an editor's affiliation is the first line after the name.
_BLOCKS = frozenset(
    {"address", "blockquote", "body", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5",
     "h6", "hr", "li", "ol", "p", "section", "table", "td", "th", "tr", "ul"}
)  # fmt: skip


@dataclass(eq=False)
class _Node:
    """An element: enough of a DOM to find elements by class and read text in order."""

    tag: str
    attrs: dict[str, str]
    line: int
    parent: _Node | None = None
    children: list[_Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def descendants(self) -> Iterator[_Node]:
        """Every element below this one, in document order."""
        for child in self.children:
            if isinstance(child, _Node):
                yield child
                yield from child.descendants()

    def closest(self, tags: frozenset[str]) -> _Node | None:
        """This element or its nearest ancestor with one of ``tags``."""
        node: _Node | None = self
        while node is not None and node.tag not in tags:
            node = node.parent
        return node

    def text(self) -> str:
        """The element's text as one clean line (``CO<sub>2</sub>`` stays ``CO2``)."""
        return clean_text("".join(_texts(self)))


def _texts(node: _Node) -> Iterator[str]:
    for child in node.children:
        if isinstance(child, str):
            yield child
        elif child.tag == "br":
            yield " "
        else:
            yield from _texts(child)


class _TreeBuilder(HTMLParser):
    """HTML -> a tree of :class:`_Node`, forgiving the unclosed ``<li>`` and ``<p>`` of
    hand-written pages. Comments are dropped: ceur-make leaves a commented-out
    ``CEURCOLOCATED`` in every page of a stand-alone workshop."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#document", {}, 1)
        self.stack = [self.root]

    def _close(self, tag: str, stop: frozenset[str]) -> None:
        """Close an open ``tag`` unless one of ``stop`` is opened after it."""
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag in stop:
                return
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self._close("li", frozenset({"ul", "ol"}))
        elif tag in _BLOCKS:
            self._close("p", frozenset({"div", "li", "td", "th", "blockquote"}))
        node = _Node(tag, {k: v or "" for k, v in attrs}, self.getpos()[0], self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return  # an end tag nothing opened is ignored, as browsers do

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


# --- reading the page ---------------------------------------------------------------------

_EDITOR_CLASSES = frozenset({"CEURVOLEDITOR", "CEUREDITOR"})
_PAPER_MARKS = frozenset({"CEURTITLE", "CEURAUTHOR", "CEURPAGES"})
_ORCID = re.compile(r"orcid\.org/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.IGNORECASE)
_CONNECTIVES = frozenset({"and", "&", "pp", "p", "pages", "by"})


def _mark(name: str) -> str:
    """A class as the mark it stands for, without ``AUX``: ``CEURAUXTITLE``, ``CEURTITLEAUX``
    and ``AUXTITLE`` are ``CEURTITLE``; a bare ``AUX`` (or ``AUXpreface``) is no mark."""
    if name.startswith("AUX"):
        rest = name[3:].lstrip("-_")
        return f"CEUR{rest}" if f"CEUR{rest}" in _PAPER_MARKS else ""
    if name.startswith("CEUR") and "AUX" in name:
        return name.replace("AUX", "")
    return name


def _aux(node: _Node) -> str:
    """The class that marks ``node`` auxiliary (``AUX``, ``CEURAUXTITLE``), else ``""``."""
    return next((c for c in sorted(node.classes) if c.startswith("AUX") or "AUX" in c), "")


def _marks(node: _Node) -> set[str]:
    return {_mark(name) for name in node.classes} - {""}


def _by_class(root: _Node) -> dict[str, list[_Node]]:
    found: dict[str, list[_Node]] = {}
    for node in root.descendants():
        for name in node.classes:
            found.setdefault(name, []).append(node)
    return found


def _first(found: Mapping[str, list[_Node]], name: str) -> Found | None:
    for node in found.get(name, []):
        text = node.text()
        if text:
            return Found(text, node.line)
    return None


def _flatten(node: _Node, editors: set[int], texts: bool = True) -> Iterator[_Node | str]:
    """The text under ``node`` with line ends (``\\n``) for ``<br>`` and blocks, and the
    editors' elements and ORCID links as markers; an ORCID link's own text (the iD, or an
    icon's alt text) is left out, since it is no affiliation."""
    for child in node.children:
        if isinstance(child, str):
            if texts:
                yield child
        elif id(child) in editors:
            yield child
        elif _ORCID.search(child.attrs.get("href", "")):
            yield child
            yield from _flatten(child, editors, texts=False)
        elif child.tag == "br" or child.tag in _BLOCKS:
            yield "\n"
            yield from _flatten(child, editors, texts)
            yield "\n"
        else:
            yield from _flatten(child, editors, texts)


def _finish(editor: CeurEditor | None, after: list[str], volume: CeurVolume) -> None:
    """Give ``editor`` the first line of the text after the name, and keep them."""
    if editor is None:
        return
    lines = (line.strip(" ,;:-–\t") for line in "".join(after).split("\n"))
    line = next((line for line in lines if line), "")
    editor.affiliation = clean_text(line)
    volume.editors.append(editor)


def _read_editors(nodes: list[_Node], volume: CeurVolume) -> None:
    """Each editor with the first line of text after the name: ``, Institution, Country``."""
    ids = {id(node) for node in nodes}
    blocks: list[_Node] = []
    for node in nodes:
        block = node.closest(_BLOCKS) or node
        if block not in blocks:
            blocks.append(block)
    for block in blocks:
        current: CeurEditor | None = None
        after: list[str] = []
        for item in _flatten(block, ids):
            if isinstance(item, str):
                after.append(item)
            elif id(item) in ids:
                _finish(current, after, volume)
                current, after = CeurEditor(Found(item.text(), item.line)), []
                link = item.closest(frozenset({"a"}))
                match = _ORCID.search(link.attrs.get("href", "")) if link else None
                current.orcid = match.group(1).upper() if match else ""
            elif current is not None and not any(id(n) in ids for n in item.descendants()):
                match = _ORCID.search(item.attrs["href"])
                current.orcid = current.orcid or (match.group(1).upper() if match else "")
        _finish(current, after, volume)


def _loctime(found: Mapping[str, list[_Node]], volume: CeurVolume) -> None:
    """Place and dates from ``CEURLOCTIME``: ceur-make's RDFa gives ISO dates in ``content``
    attributes; a hand-written page gives only text such as ``Heraklion, Greece, June 4th,
    2018``."""
    node = next(iter(found.get("CEURLOCTIME", [])), None)
    if node is None:
        return
    text = node.text()
    place_node = next(
        (n for n in node.descendants() if "event:place" in n.attrs.get("rel", "")), None
    )
    days = [
        day
        for n in node.descendants()
        if n.attrs.get("datatype") == "xsd:date" and (day := iso_date(n.attrs.get("content", "")))
    ]
    place, start, end = parse_loctime(text)
    if place_node is not None:
        place = place_node.text()
    if days:
        start, end = min(days), max(days)
    volume.place = place
    volume.start, volume.end = start, end
    if start is None:
        volume.dates = Found(text, node.line)


def _licence(page: str) -> str | None:
    """The licence the page states: CEUR-WS has published under CC BY 4.0 since 2019; older
    volumes said only "Copying permitted for private and academic purposes"."""
    if re.search(r"CC[ -]BY[ -]4\.0|Attribution 4\.0", page, re.IGNORECASE):
        return "CC-BY-4.0"
    if re.search(r"Copying\s+permitted", page, re.IGNORECASE):
        return ""
    return None


def _beside(entry: _Node) -> list[str]:
    """Text of a table-of-contents entry outside its CEUR marks (an original-language title
    in parentheses, say): it is not imported, and a note says so."""
    out: list[str] = []

    def visit(node: _Node) -> None:
        for child in node.children:
            if isinstance(child, _Node):
                if not _marks(child) & _PAPER_MARKS:
                    visit(child)
                continue
            text = clean_text(child).strip(" ,;:.-–—|")
            if text and text.casefold() not in _CONNECTIVES and re.search(r"\w", text):
                out.append(text)

    visit(entry)
    return out


def _pdf_link(node: _Node) -> str:
    link = node.closest(frozenset({"a"}))
    href = link.attrs.get("href", "") if link else ""
    return href if href.lower().split("?")[0].endswith(".pdf") else ""


def _aux_above(node: _Node, toc: _Node) -> str:
    """An ``AUX`` class on ``node`` or on an element around it inside the table of contents."""
    current: _Node | None = node
    while current is not None and current is not toc:
        if found := _aux(current):
            return found
        current = current.parent
    return ""


def _untitled_aux(item: _Node, session: Found | None, aux: str) -> CeurPaper:
    """An auxiliary entry without a title mark: its link's text (else its own) is the title."""
    link = next((n for n in item.descendants() if n.tag == "a" and _pdf_link(n)), None)
    paper = CeurPaper(Found((link or item).text(), item.line), session=session, aux=aux)
    paper.file = _pdf_link(link) if link is not None else ""
    return paper


def _read_toc(toc: _Node, volume: CeurVolume) -> None:
    """Papers and sessions in document order; entries without a ``CEURTITLE`` are noted,
    except auxiliary ones, which are imported with their link's text as the title."""
    session: Found | None = None
    session_aux = ""
    current: CeurPaper | None = None
    entry: _Node | None = None
    titled = {id(n) for n in toc.descendants() if "CEURTITLE" in _marks(n)}
    taken: set[int] = set()
    for node in toc.descendants():
        marks = _marks(node)
        if "CEURSESSION" in marks:
            session, current, session_aux = Found(node.text(), node.line), None, _aux(node)
        elif "CEURTITLE" in marks:
            entry = node.closest(frozenset({"li"}))
            aux = _aux_above(node, toc) or session_aux
            aux = aux or next((_aux(n) for n in (entry.descendants() if entry else ())), "")
            current = CeurPaper(Found(node.text(), node.line), session=session, aux=aux)
            current.file = _pdf_link(node)
            current.beside = _beside(entry) if entry is not None else []
            volume.papers.append(current)
        elif (
            node.tag == "li"
            and (aux := _aux_above(node, toc) or session_aux)
            and node.text()
            and not any(id(n) in titled for n in node.descendants())
        ):
            current, entry = _untitled_aux(node, session, aux), node
            taken.add(id(node))
            volume.papers.append(current)
        elif current is None:
            continue
        elif "CEURAUTHOR" in marks:
            current.authors.append(node.text())
        elif "CEURPAGES" in marks:
            current.pages = node.text()
        elif node.tag == "a" and not current.file and entry is not None:
            inside = node.closest(frozenset({"li"})) is entry
            current.file = _pdf_link(node) if inside else ""
    for item in (n for n in toc.descendants() if n.tag == "li"):
        if id(item) in taken or any(id(n) in titled for n in item.descendants()):
            continue
        if item.text():
            volume.note(item.line, f"'{item.text()}' has no CEURTITLE: not imported as a paper")


def read_index(page: str, display: str) -> CeurVolume:
    """Read a CEUR-WS volume page (its text) into a :class:`CeurVolume`.

    Raises :class:`ProceedingsError` when the page has neither a ``CEURTOC`` nor a single
    ``CEURTITLE``: it is then no CEUR volume page.
    """
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    root = builder.root
    found = _by_class(root)
    volume = CeurVolume(display, HTML_TERMS)
    toc = next(iter(found.get("CEURTOC", [])), None)
    if toc is None:
        if not found.get("CEURTITLE"):
            raise ProceedingsError(
                "no element of class CEURTOC or CEURTITLE, so this is not a CEUR-WS volume "
                'page: CEUR marks the table of contents class="CEURTOC" and each paper\'s '
                "title class=\"CEURTITLE\". Give the volume's index.html, or ceur-make's toc.xml",
                path=display,
            )
        volume.note(None, "no CEURTOC: papers read from the CEURTITLE marks of the whole page")
        toc = root
    volume.title = _first(found, "CEURFULLTITLE")
    volume.acronym = _first(found, "CEURVOLACRONYM")
    volume.event = _first(found, "CEURVOLTITLE")
    volume.year = _first(found, "CEURPUBYEAR")
    number = next(iter(found.get("CEURVOLNR", [])), None)
    if number is not None:
        text = number.attrs.get("content") or number.text()
        volume.number = Found(re.sub(r"(?i)^vol-", "", text.strip()), number.line)
    host = _first(found, "CEURCOLOCATED")
    volume.host = host.text if host and host.text.upper() != "NONE" else ""
    _loctime(found, volume)
    _read_editors([n for n in root.descendants() if n.classes & _EDITOR_CLASSES], volume)
    volume.licence = _licence(root.text())
    _read_toc(toc, volume)
    return volume


def read_page(path: Path, display: str) -> CeurVolume:
    """The page decoded as UTF-8 (CEUR's template), else as its ``<meta charset>`` says."""
    data = read_ceur_file(path, display)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = re.search(rb"charset\s*=\s*[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
        try:
            text = data.decode(declared.group(1).decode("ascii") if declared else "")
        except (LookupError, UnicodeDecodeError):
            line = data.count(b"\n", 0, exc.start) + 1
            raise ProceedingsError(
                f"{display}:{line}: the page is not UTF-8 (byte 0x{data[exc.start]:02x}) and "
                "declares no charset that reads it; convert it, e.g. 'iconv -f latin1 -t utf-8'"
            ) from None
    return read_index(text, display)
