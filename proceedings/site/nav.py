"""Furo's navigation tree, rendered once per build and patched for each page.

Furo renders the whole toctree on every page (``context["toctree"](...)``, then BeautifulSoup),
which makes a build quadratic in the number of pages. Here the tree is rendered once, for the
root document (which is never an entry of its own tree), through the same Sphinx and furo calls,
and each page gets a copy with its links made relative to it and its own entry marked the way
Sphinx and furo mark it: ``current`` on the link, on every ``<li>`` and ``<ul>`` of its branch,
the branch's toggles checked and ``current-page`` on the last current ``<li>``.

The tree is collapsed as Sphinx's ``collapse=True`` collapses it: a page shows every part but
only its own part's papers, so a paper's title appears in the sidebar of its own part's pages
alone. The sidebar sits between two HTML comments (:data:`NAV_START`, :data:`NAV_END`), so
that when only titles change (:func:`nav_changes`) the extension replaces it in the written
pages instead of having Sphinx write them all again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util.osutil import relative_uri

from proceedings.site.pages import Page

# The arguments of furo's only call (furo._compute_navigation_tree).
FURO_CALL: dict[str, Any] = {
    "collapse": False,
    "titles_only": True,
    "maxdepth": -1,
    "includehidden": True,
}
NAV_START = "<!-- proceedings:navigation -->"
NAV_END = "<!-- /proceedings:navigation -->"
_TAG = re.compile(r"<(/?)(ul|li|a|input)\b([^>]*)>")
_HREF = re.compile(r' href="([^"]*)"')
_CLASS = re.compile(r' class="([^"]*)"')


@dataclass
class _Link:
    docname: str
    href: tuple[int, int]  # the span of the href's value
    start: int  # where the <a> tag starts
    ancestors: list[int]  # the <li> and <ul> tags that hold it (start offsets)


@dataclass
class _Tree:
    html: str
    links: list[_Link] = field(default_factory=list)
    by_doc: dict[str, list[_Link]] = field(default_factory=dict)
    checkbox: dict[int, int] = field(default_factory=dict)  # <li> start -> its <input> start
    closing: dict[int, int] = field(default_factory=dict)  # <li> start -> its </li> start


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
            tree.by_doc.setdefault(link.docname, []).append(link)
    return tree


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


class Navigation:
    """The cached tree of one build; :meth:`for_page` gives furo's ``furo_navigation_tree``."""

    def __init__(self) -> None:
        self._tree: _Tree | None = None
        self._targets: dict[str, str] = {}

    def reset(self) -> None:
        self._tree = None

    def _build(self, app: Sphinx) -> _Tree:
        from furo.navigation import get_navigation_tree  # type: ignore[import-untyped]

        builder, env = cast(StandaloneHTMLBuilder, app.builder), app.env
        root = app.config.root_doc
        toctree = global_toctree_for_doc(env, root, builder, tags=builder.tags, **FURO_CALL)
        html = builder.render_partial(toctree)["fragment"] if toctree is not None else ""
        docnames = {builder.get_relative_uri(root, d): d for d in env.found_docs if d != root}
        return _parse(get_navigation_tree(html), docnames)

    def for_page(self, app: Sphinx, pagename: str) -> str:
        if self._tree is None:
            self._tree = self._build(app)
            self._targets = {}
        tree, builder = self._tree, app.builder
        html = tree.html
        # builder.get_relative_uri(page, doc), with each document's own URI worked out once
        # per build instead of once per link of every page.
        targets = self._targets
        for link in tree.links:
            if link.docname not in targets:
                targets[link.docname] = builder.get_target_uri(link.docname)
        base = builder.get_target_uri(pagename)
        edits: dict[int, tuple[int, str]] = {}  # start -> (end, replacement)
        for link in tree.links:
            if link.docname != pagename:
                edits[link.href[0]] = (link.href[1], relative_uri(base, targets[link.docname]))
        current = tree.by_doc.get(pagename, [])
        tags: dict[int, str] = {}  # opening tags to rewrite: start -> new tag
        items: list[int] = []

        def tag_at(start: int) -> str:
            return tags.get(start) or html[start : html.index(">", start) + 1]

        for link in current:
            tag = _add_class(tag_at(link.start), "current")
            tags[link.start] = _HREF.sub(' href="#"', tag, count=1)
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
        # Collapse the branches this page is not in: their children go, with their toggle, as
        # furo renders an entry without children; the toggles left are numbered from 1 again.
        removed: list[tuple[int, int]] = []
        number = 0
        for item, box in sorted(tree.checkbox.items()):
            if item in items:
                number += 1
                tags[box] = _renumber(tag_at(box), number)
                label = html.index("<label", box)
                tags[label] = _renumber(tag_at(label), number)
                continue
            if any(start < item < end for start, end in removed):
                continue
            removed.append((box, tree.closing[item]))
            tags[item] = _drop_class(tag_at(item), "has-children")
        skip = {link.href[0] for link in current}
        spans = [(s, e, r) for s, (e, r) in edits.items() if s not in skip]
        spans += [(s, html.index(">", s) + 1, t) for s, t in tags.items()]
        spans = [
            span for span in spans if not any(start <= span[0] < end for start, end in removed)
        ]
        spans += [(start, end, "") for start, end in removed]
        out: list[str] = []
        done = 0
        for start, end, replacement in sorted(spans):
            out.append(html[done:start])
            out.append(replacement)
            done = end
        out.append(html[done:])
        return "".join(out)


@dataclass(frozen=True)
class NavChanges:
    """How the navigation changed since the last build.

    ``everything``: its entries changed (a page added, removed or moved, a top-level title), so
    every page is written again. Otherwise ``retitled`` are the pages whose title changed and
    ``sidebar`` the pages that show one of them in their sidebar (their branch).
    """

    everything: bool
    retitled: frozenset[str] = frozenset()
    sidebar: frozenset[str] = frozenset()


def nav_shape(pages: Sequence[Page], found_docs: Iterable[str]) -> dict[str, Any]:
    """What the navigation shows, as plain data kept in Sphinx's environment between builds:
    the top level's entries (the home page's toctree) and every other page's toctree, each
    entry with its title (``None`` for hand-written pages, whose titles Sphinx tracks)."""
    titles = {page.docname: page.title for page in pages}
    trees = {page.docname: list(page.toctree) for page in pages if page.toctree}
    return {
        "docs": sorted(found_docs),
        "trees": {name: [[doc, titles.get(doc)] for doc in tree] for name, tree in trees.items()},
    }


def nav_changes(before: dict[str, Any] | None, after: dict[str, Any], home: str) -> NavChanges:
    """Compare two :func:`nav_shape` results: what has to be written again.

    The home page's toctree is the top level, shown on every page; any other toctree is a
    branch, shown (collapsed navigation) on its own pages: the branch's page and its entries.
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
        sidebar |= {name, *(doc for doc, _ in tree)}
    return NavChanges(False, frozenset(retitled), frozenset(sidebar))
