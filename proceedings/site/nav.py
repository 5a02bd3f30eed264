"""Furo's navigation tree, rendered once per build and patched for each page.

Furo renders the whole toctree on every page (``context["toctree"](...)``, then BeautifulSoup),
which makes a build quadratic in the number of pages. Here the tree is rendered once, for the
root document (which is never an entry of its own tree), through the same Sphinx and furo calls,
and each page gets a copy with its links made relative to it and its own entry marked the way
Sphinx and furo mark it: ``current`` on the link, on every ``<li>`` and ``<ul>`` of its branch,
the branch's toggles checked and ``current-page`` on the last current ``<li>``.

The tree is collapsed as Sphinx's ``collapse=True`` collapses it: a page shows every part but
only its own part's papers, so a paper's title appears in the sidebar of its own part's pages
alone. A part of more than :data:`WINDOW` papers (an imported PMLR volume has one part of
thousands) shows only :data:`WINDOW` of them, around the page's own entry, and in place of the
others a link to the part's listing page that holds the nearest of them (see :func:`window`):
a page's sidebar, and the work of writing it, stay the same size however many papers the part
has. The part's continued listings (``parts/<id>/2/``, outside every toctree) show the sidebar
of the part's page, their window starting at their first paper. Each page's copy is made from
the parts of the tree it shows, never from the whole tree.

The sidebar sits between two HTML comments (:data:`NAV_START`, :data:`NAV_END`), so that when
only titles change (:func:`nav_changes`) the extension replaces it in the written pages instead
of having Sphinx write them all again.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util.osutil import relative_uri

from proceedings.site.pages import LISTING_SIZE, Page, part_listings

# The arguments of furo's only call (furo._compute_navigation_tree).
FURO_CALL: dict[str, Any] = {
    "collapse": False,
    "titles_only": True,
    "maxdepth": -1,
    "includehidden": True,
}
NAV_START = "<!-- proceedings:navigation -->"
NAV_END = "<!-- /proceedings:navigation -->"
WINDOW = 25
"""The papers of a part that a page's sidebar lists, at most.

A workshop's parts (the demo's, most LNCS volumes') have fewer and are listed whole, as Sphinx
lists them; 25 titles are about two screens of sidebar, enough to browse a paper's neighbours."""
_TAG = re.compile(r"<(/?)(ul|li|a|input)\b([^>]*)>")
_HREF = re.compile(r' href="([^"]*)"')
_CLASS = re.compile(r' class="([^"]*)"')
_END_LI = len("</li>")


@dataclass
class _Link:
    docname: str
    href: tuple[int, int]  # the span of the href's value
    start: int  # where the <a> tag starts
    ancestors: list[int]  # the <li> and <ul> tags that hold it (start offsets)


@dataclass
class _Tree:
    html: str
    links: list[_Link] = field(default_factory=list)  # in document order
    hrefs: list[int] = field(default_factory=list)  # where each link's href starts, for bisect
    by_doc: dict[str, list[_Link]] = field(default_factory=dict)
    checkbox: dict[int, int] = field(default_factory=dict)  # <li> start -> its <input> start
    closing: dict[int, int] = field(default_factory=dict)  # <li> start -> its </li> start
    children: dict[int, list[int]] = field(default_factory=dict)  # <li> -> its entries' <li>
    parent: dict[int, tuple[int, int]] = field(default_factory=dict)  # <li> -> (<li>, index)
    doc_of: dict[int, str] = field(default_factory=dict)  # <li> -> the document it links to


def _parse(html: str, docnames: dict[str, str]) -> _Tree:
    tree = _Tree(html)
    stack: list[tuple[str, int]] = []
    for match in _TAG.finditer(html):
        closing, name, attrs = match.group(1), match.group(2), match.group(3)
        if name in ("ul", "li"):
            if closing:
                while stack:
                    kind, start = stack.pop()
                    if kind == name:
                        if name == "li":
                            tree.closing[start] = match.start()
                        break
            else:
                if name == "li":
                    parent = next((start for kind, start in reversed(stack) if kind == "li"), None)
                    if parent is not None:
                        siblings = tree.children.setdefault(parent, [])
                        tree.parent[match.start()] = (parent, len(siblings))
                        siblings.append(match.start())
                stack.append((name, match.start()))
        elif name == "input" and not closing and stack and stack[-1][0] == "li":
            tree.checkbox.setdefault(stack[-1][1], match.start())
        elif name == "a" and not closing:
            href = _HREF.search(attrs)
            if href is None or href.group(1) not in docnames:
                continue
            offset = match.start(3) + href.start(1)
            link = _Link(
                docnames[href.group(1)],
                (offset, offset + len(href.group(1))),
                match.start(),
                [start for _, start in stack],
            )
            tree.links.append(link)
            tree.hrefs.append(offset)
            tree.by_doc.setdefault(link.docname, []).append(link)
            if stack and stack[-1][0] == "li":
                tree.doc_of.setdefault(stack[-1][1], link.docname)
    return tree


def window(count: int, position: int | None, first: int = 0) -> tuple[int, int]:
    """The entries ``[start, end)`` of a list of ``count`` that a sidebar shows: all of a list
    of :data:`WINDOW` or fewer; else :data:`WINDOW` of them, centred on the page's own entry
    (``position``) or, on the list's own pages, starting at the first entry the page lists."""
    if count <= WINDOW:
        return 0, count
    start = first if position is None else position - WINDOW // 2
    start = max(0, min(start, count - WINDOW))
    return start, start + WINDOW


def _first_class(tag: str) -> str | None:
    match = _CLASS.search(tag)
    return match.group(1).split()[0] if match and match.group(1).split() else None


def _add_class(tag: str, name: str, *, after: str | None = None) -> str:
    """``tag`` (an opening tag) with class ``name`` added, after class ``after`` if given."""
    match = _CLASS.search(tag)
    if match is None:
        end = tag.index(" ") if " " in tag else len(tag) - 1
        return f'{tag[:end]} class="{name}"{tag[end:]}'
    classes = match.group(1).split()
    if name in classes:
        return tag
    if after is None:
        at = 0
    elif after in classes:
        at = classes.index(after) + 1
    else:
        at = len(classes)
    classes.insert(at, name)
    return f"{tag[: match.start(1)]}{' '.join(classes)}{tag[match.end(1) :]}"


_CHECKBOX_NUMBER = re.compile(r"toctree-checkbox-[0-9]+")


def _renumber(tag: str, number: int) -> str:
    """A toggle's ``<input>`` or ``<label>`` with its id (and name, for) made ``number``."""
    return _CHECKBOX_NUMBER.sub(f"toctree-checkbox-{number}", tag)


def _drop_class(tag: str, name: str) -> str:
    match = _CLASS.search(tag)
    if match is None:
        return tag
    classes = [c for c in match.group(1).split() if c != name]
    return f"{tag[: match.start(1)]}{' '.join(classes)}{tag[match.end(1) :]}"


def _papers(count: int, which: str) -> str:
    return f"{count:,} {which} paper{'' if count == 1 else 's'}"


class Navigation:
    """The cached tree of one build; :meth:`for_page` gives furo's ``furo_navigation_tree``."""

    def __init__(self) -> None:
        self._tree: _Tree | None = None
        self._targets: dict[str, str] = {}
        self._listings: dict[str, tuple[str, ...]] = {}
        self._listed_by: dict[str, tuple[str, int]] = {}

    def reset(self, listings: Mapping[str, Sequence[str]] | None = None) -> None:
        """Forget the tree; ``listings`` are the listing pages of each part, by its page."""
        self._tree = None
        self._targets = {}
        if listings is not None:
            self._listings = {doc: tuple(docs) for doc, docs in listings.items()}
            self._listed_by = {
                page: (doc, i)
                for doc, docs in self._listings.items()
                for i, page in enumerate(docs)
            }

    def _build(self, app: Sphinx) -> _Tree:
        from furo.navigation import get_navigation_tree  # type: ignore[import-untyped]

        builder, env = cast(StandaloneHTMLBuilder, app.builder), app.env
        root = app.config.root_doc
        toctree = global_toctree_for_doc(env, root, builder, tags=builder.tags, **FURO_CALL)
        html = builder.render_partial(toctree)["fragment"] if toctree is not None else ""
        docnames = {builder.get_relative_uri(root, d): d for d in env.found_docs if d != root}
        return _parse(get_navigation_tree(html), docnames)

    def _target(self, app: Sphinx, docname: str) -> str:
        """``builder.get_target_uri``, worked out once per document and build."""
        target = self._targets.get(docname)
        if target is None:
            target = self._targets[docname] = app.builder.get_target_uri(docname)
        return target

    def for_page(self, app: Sphinx, pagename: str) -> str:
        if self._tree is None:
            self._tree = self._build(app)
        tree = self._tree
        html = tree.html
        base = self._target(app, pagename)

        def href(doc: str) -> str:
            return relative_uri(base, self._target(app, doc))

        # A part's continued listing shows its part's sidebar, the part's link kept a link.
        own, listing = self._listed_by.get(pagename, (pagename, 0))
        stand_in = own != pagename
        current = tree.by_doc.get(own, [])
        tags: dict[int, str] = {}  # opening tags to rewrite: start -> new tag
        items: list[int] = []

        def tag_at(start: int) -> str:
            return tags.get(start) or html[start : html.index(">", start) + 1]

        own_href = f' href="{href(own)}"' if stand_in else ' href="#"'
        for link in current:
            tag = _add_class(tag_at(link.start), "current")
            tags[link.start] = _HREF.sub(lambda _: own_href, tag, count=1)
            for start in link.ancestors:
                tag = tag_at(start)
                if tag.startswith("<li"):
                    tags[start] = _add_class(tag, "current", after=_first_class(tag))
                    items.append(start)
                    box = tree.checkbox.get(start)
                    if box is not None and box not in tags:
                        tags[box] = tag_at(box).replace(
                            ' class="toctree-checkbox"', ' checked="" class="toctree-checkbox"', 1
                        )
                else:
                    tags[start] = _add_class(tag, "current", after="")
        if items:
            last = max(items)
            tags[last] = _add_class(tags[last], "current-page", after="")
        on_path = set(items)
        # What this page does not show: (start, end, what replaces it), never overlapping.
        cuts: list[tuple[int, int, str]] = []
        for item in on_path:  # the long parts this page is in: a window of their papers
            doc, entries = tree.doc_of.get(item), tree.children.get(item, [])
            if doc not in self._listings or len(entries) <= WINDOW:
                continue
            position = next(
                (tree.parent[i][1] for i in on_path if tree.parent.get(i, (None,))[0] == item),
                None,
            )
            first = listing * LISTING_SIZE if doc == own else 0
            start, end = window(len(entries), position, first)
            level = _first_class(html[entries[0] : html.index(">", entries[0])]) or ""
            if start > 0:
                more = self._more(doc, start - 1, -1, pagename, level, href, start, "earlier")
                cuts.append((entries[0], entries[start], more + "\n" if more else ""))
            if end < len(entries):
                more = self._more(doc, end, 1, pagename, level, href, len(entries) - end, "later")
                after = tree.closing[entries[end - 1]] + _END_LI
                last_end = tree.closing[entries[-1]] + _END_LI
                cuts.append((after, last_end, "\n" + more if more else ""))
        windows = list(cuts)
        # Collapse the branches this page is not in: their children go, with their toggle, as
        # furo renders an entry without children; the toggles left are numbered from 1 again.
        number = 0
        collapsed_to = -1
        for item, box in sorted(tree.checkbox.items()):
            if item in on_path:
                number += 1
                tags[box] = _renumber(tag_at(box), number)
                label = html.index("<label", box)
                tags[label] = _renumber(tag_at(label), number)
                continue
            if item < collapsed_to or any(a <= item < b for a, b, _ in windows):
                continue
            collapsed_to = tree.closing[item]
            cuts.append((box, collapsed_to, ""))
            tags[item] = _drop_class(tag_at(item), "has-children")
        cuts.sort()
        # The links of what is shown, made relative to this page (the current ones are done).
        skip = {link.href[0] for link in current}
        spans = [(s, html.index(">", s) + 1, t) for s, t in tags.items()]
        kept = 0
        for cut_start, cut_end, _ in [*cuts, (len(html), len(html), "")]:
            first_link = bisect.bisect_left(tree.hrefs, kept)
            for link in tree.links[first_link : bisect.bisect_left(tree.hrefs, cut_start)]:
                if link.href[0] not in skip:
                    spans.append((link.href[0], link.href[1], href(link.docname)))
            kept = cut_end
        spans += cuts
        out: list[str] = []
        done = 0
        for start, end, replacement in sorted(spans):
            out.append(html[done:start])
            out.append(replacement)
            done = end
        out.append(html[done:])
        return "".join(out)

    def _more(
        self,
        part: str,
        entry: int,
        step: int,
        pagename: str,
        level: str,
        href: Callable[[str], str],
        count: int,
        which: str,
    ) -> str:
        """The sidebar entry that stands for the ``count`` papers a window leaves out on one
        side: a link to the listing page that holds the nearest of them (``entry``), or, when
        that is this page, to the next listing page on that side; none when there is none."""
        docs = self._listings[part]
        at = min(entry // LISTING_SIZE, len(docs) - 1)
        if docs[at] == pagename:
            at += step
            if not 0 <= at < len(docs):
                return ""
        return (
            f'<li class="{level} proceedings-more"><a class="reference internal" '
            f'href="{href(docs[at])}">{_papers(count, which)}</a></li>'
        )


@dataclass(frozen=True)
class NavChanges:
    """How the navigation changed since the last build.

    ``everything``: its entries changed (a page added, removed or moved, a top-level title), so
    every page is written again. Otherwise ``retitled`` are the pages whose title changed and
    ``sidebar`` the pages that show one of them in their sidebar (in their branch's window).
    """

    everything: bool
    retitled: frozenset[str] = frozenset()
    sidebar: frozenset[str] = frozenset()


def nav_shape(pages: Sequence[Page], found_docs: Iterable[str]) -> dict[str, Any]:
    """What the navigation shows, as plain data kept in Sphinx's environment between builds:
    the top level's entries (the home page's toctree) and every other page's toctree, each
    entry with its title (``None`` for hand-written pages, whose titles Sphinx tracks), and the
    parts' listing pages."""
    titles = {page.docname: page.title for page in pages}
    trees = {page.docname: list(page.toctree) for page in pages if page.toctree}
    return {
        "docs": sorted(found_docs),
        "trees": {name: [[doc, titles.get(doc)] for doc in tree] for name, tree in trees.items()},
        "listings": {name: list(docs) for name, docs in part_listings(pages).items()},
    }


def nav_changes(before: dict[str, Any] | None, after: dict[str, Any], home: str) -> NavChanges:
    """Compare two :func:`nav_shape` results: what has to be written again.

    The home page's toctree is the top level, shown on every page; any other toctree is a
    branch, shown (collapsed navigation) on its own pages: the branch's page, its entries and,
    for a part, its listing pages; in a long part, only on those whose window holds the entry.
    """
    if before is None or before.get("docs") != after["docs"]:
        return NavChanges(everything=True)
    old, new = before.get("trees", {}), after["trees"]
    if set(old) != set(new) or any(
        [doc for doc, _ in old[name]] != [doc for doc, _ in tree] for name, tree in new.items()
    ):
        return NavChanges(everything=True)
    retitled: set[str] = set()
    sidebar: set[str] = set()
    for name, tree in new.items():
        changed = {
            doc for (doc, title), (_, was) in zip(tree, old[name], strict=True) if title != was
        }
        if not changed:
            continue
        if name == home:
            return NavChanges(everything=True)
        retitled |= changed
        sidebar |= _showing(name, [doc for doc, _ in tree], changed, after.get("listings", {}))
    return NavChanges(False, frozenset(retitled), frozenset(sidebar))


def _showing(
    branch: str, docs: list[str], changed: set[str], listings: Mapping[str, Sequence[str]]
) -> set[str]:
    """The pages of ``branch`` (its own, its entries', its listings') whose sidebar shows one of
    the ``changed`` entries, by the windows :meth:`Navigation.for_page` cuts."""
    if branch not in listings:  # not a part: the whole branch is shown
        return {branch, *docs}
    positions = [i for i, doc in enumerate(docs) if doc in changed]
    pages: list[tuple[str, int | None, int]] = [(doc, i, 0) for i, doc in enumerate(docs)]
    pages += [(doc, None, i * LISTING_SIZE) for i, doc in enumerate(listings[branch])]
    showing = set()
    for page, position, first in pages:
        start, end = window(len(docs), position, first)
        if any(start <= i < end for i in positions):
            showing.add(page)
    return showing
