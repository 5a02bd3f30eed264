"""The Sphinx extension of the site: volume + layout -> generated pages, head tags and files.

``source/conf.py`` lists ``proceedings.sphinx`` in its extensions, the public name under which
:mod:`proceedings.sphinx` registers this module with a way to load a volume (:func:`register`).
The project's root is the parent of Sphinx's source folder (``proceedings_root`` overrides it,
so that another Sphinx project can publish a volume's pages), and ``_build/`` under it is where
the pdf stage's files are looked for (``proceedings_build_dir``). What happens:

``builder-inited``
    take what ``proceedings build`` computed (:func:`handed`: the volume, its layout, the
    citations), or, when plain ``sphinx-build`` runs, have it loaded (a structural error stops
    here).
``env-get-outdated``
    write the generated pages (:mod:`.pages`) as MyST files into
    ``<doctreedir>/proceedings-pages/``, Sphinx's own cache folder in the build directory, and
    add them to the project under their document names. They never land in ``source/``: the
    user's tree holds only what the user wrote, and deleting ``_build/`` loses nothing. A page is
    rewritten only when its bytes change, so Sphinx's change detection (file times) rebuilds just
    the pages that show something new. A hand-written page with the same document name (say
    ``source/index.md``) wins over the generated one.
``env-get-updated``
    find the PDFs' sizes (waiting for the pdf stage when the site is built beside it, so that
    Sphinx reads the pages while the papers are stamped), and write again the pages of papers
    whose size shows otherwise.
``doctree-resolved``
    give links inside the site their relative URLs for the builder at hand; write in the
    PDFs' sizes.
``html-page-context``
    add each generated page's head tags (Scholar, JSON-LD, OpenGraph) and make the canonical URL
    of a folder page its folder (``papers/001/``).
``build-finished``
    copy the PDFs and attachments next to their pages, publish the volume's BibTeX and write
    ``sitemap.xml``.

Adding documents from outside the source folder has no public Sphinx API: the pages are entered
in the ``Project``'s docname-to-path map (``Project._docname_to_path``, Sphinx 7.2 to 9.0), where
Sphinx itself records the files it discovered. The tests build the demo site with the pinned
Sphinx, so a change there fails loudly instead of silently dropping pages.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util.typing import ExtensionMetadata

from proceedings.buildpaths import BuildPaths
from proceedings.layout import Layout
from proceedings.limits import RefusedFile, read_regular
from proceedings.load import VOLUME_FILE
from proceedings.model import Volume, VolumeInfo
from proceedings.output import link_atomic, write_atomic
from proceedings.site.calendar import write_calendar
from proceedings.site.data import Loader, SiteData, handed_data
from proceedings.site.directives import (
    DIRECTIVES,
    HEAD,
    PLACED,
    PLACING,
    Placed,
    fill_sizes,
    resolve_links,
    restore_smart_quotes,
)
from proceedings.site.event import calendar_name, workshop_pages
from proceedings.site.eventdirectives import EVENT_DIRECTIVES
from proceedings.site.files import (
    attachment_sources,
    paper_pdf_source,
    sitemap,
    volume_pdf_source,
)
from proceedings.site.head import render_head
from proceedings.site.mathml import RENDERER, visit_displaymath, visit_math
from proceedings.site.nav import (
    FURO_CALL,
    NAV_END,
    NAV_START,
    NavChanges,
    Navigation,
    nav_changes,
    nav_shape,
)
from proceedings.site.pages import HOME, SiteFiles, paper_doc, part_listings, site_pages, size_text
from proceedings.site.search import CachedEnglish
from proceedings.yamlfile import read_yaml

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
SEARCH_TEMPLATE = "proceedings-search.html"  # furo's search page, with an <h1>
PAGES_FOLDER = "proceedings-pages"
NOT_PAGES = {"search", "genindex", "py-modindex"}
SIZES = "proceedings_sizes"
"""The environment's attribute holding each paper PDF's size as its written page shows it."""
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\n?')


def default_config(root: Path | VolumeInfo) -> dict[str, Any]:
    """The Sphinx settings of a proceedings site, used when ``source/conf.py`` is absent.

    A project's own ``conf.py`` starts from these (``globals().update(default_config(...))``)
    and adds or changes what it needs; nothing here needs the network. ``root`` is the
    project's folder, or its volume's settings when they are loaded already.
    """
    volume = volume_settings(root)
    return {
        "project": volume["project"],
        "author": volume["author"],
        "copyright": volume["copyright"],
        "html_title": volume["html_title"],
        "html_baseurl": volume["url"],
        "extensions": ["myst_parser", "proceedings.sphinx"],
        "source_suffix": {".md": "markdown", ".rst": "restructuredtext"},
        "myst_enable_extensions": ["dollarmath"],
        "exclude_patterns": ["conf.py", "*.yaml"],
        "html_theme": "furo",
        "html_use_index": False,
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_last_updated_fmt": None,
    }


def volume_settings(root: Path | VolumeInfo) -> dict[str, Any]:
    """What ``conf.py`` takes from ``source/volume.yaml``: project, title, author, base URL."""
    info = root if isinstance(root, VolumeInfo) else _read_info(root)
    if info is None:  # the extension's own load reports the problems, with their lines
        return {
            "project": "Proceedings",
            "html_title": "Proceedings",
            "author": "",
            "copyright": "",
            "url": "",
        }
    url = info.url or ""
    return {
        "project": info.acronym,
        "html_title": f"{info.title} ({info.acronym})",
        "author": ", ".join(e.name.full for e in info.editors),
        "copyright": f"{info.year}, {', '.join(e.name.full for e in info.editors)}",
        "url": url if not url or url.endswith("/") else url + "/",
    }


def _read_info(root: Path) -> VolumeInfo | None:
    doc, problems = read_yaml(root / VOLUME_FILE, str(VOLUME_FILE))
    try:
        return VolumeInfo.model_validate(doc.data if doc and not problems else {})
    except ValueError:
        return None


def _site_data(app: Sphinx, load: Loader) -> SiteData:
    """What the build handed over for this project, or the project loaded (``load``)."""
    setting = app.config.proceedings_root
    root = (Path(app.confdir) / setting if setting else Path(app.srcdir).parent).resolve()
    given = handed_data(root)
    if given is not None:
        return given
    out = app.config.proceedings_build_dir
    return load(root, BuildPaths.of(root, Path(app.confdir) / out if out else None))


def _site_files(data: SiteData) -> SiteFiles:
    """The PDFs the site publishes: those in the build folder, or those the pdf stage is making
    beside the site (every archival paper's)."""
    volume, paths = data.volume, data.paths
    coming = {paper.id for paper in volume.archival_papers} if data.pdfs is not None else set()
    papers = frozenset(
        paper.id for paper in volume.papers if paper.id in coming or paper_pdf_source(paper, paths)
    )
    volume_pdf = data.pdfs is not None or volume_pdf_source(volume, paths) is not None
    return SiteFiles(volume_pdf, papers)


def _pdf_sizes(data: SiteData, files: SiteFiles) -> dict[str, str]:
    """Each published paper PDF's size as its page shows it, by paper id: waits for the pdf
    stage to make them, when it is making them beside the site."""
    stamped = data.pdfs.sizes() if data.pdfs is not None else {}
    sizes = {}
    for paper in data.volume.papers:
        if paper.id in stamped:
            sizes[paper.id] = size_text(stamped[paper.id])
        elif paper.id in files.paper_pdfs and (source := paper_pdf_source(paper, data.paths)):
            sizes[paper.id] = size_text(source.stat().st_size)
    return sizes


@dataclass
class _State:
    data: SiteData
    pages_dir: Path
    files: SiteFiles

    @property
    def volume(self) -> Volume:
        return self.data.volume

    @property
    def layout(self) -> Layout:
        return self.data.layout


class _Site:
    """The extension's state for one Sphinx application: the volume, its layout, its pages."""

    def __init__(self, load: Loader) -> None:
        self._load = load
        self._state: _State | None = None
        self._changes = NavChanges(everything=True)
        self._patch: set[str] = set()  # pages whose written sidebar is replaced in place
        self._rendered: set[str] = set()  # pages written by this build
        self._nav = Navigation()
        self._listings: dict[str, tuple[str, ...]] = {}  # each part's listing pages
        self._sizes: dict[str, str] = {}  # each paper PDF's size as shown, by paper id

    @property
    def state(self) -> _State:
        if self._state is None:
            raise ExtensionError("proceedings: the volume was not loaded (builder-inited)")
        return self._state

    def config_inited(self, app: Sphinx, config: Config) -> None:
        """Defaults that make the site work offline: dollar math as MathML, our static files."""
        extensions = list(config.myst_enable_extensions)
        if "dollarmath" not in extensions:
            config.myst_enable_extensions = [*extensions, "dollarmath"]
        if not config.html_math_renderer:
            config.html_math_renderer = RENDERER
        config.html_static_path = [*config.html_static_path, str(STATIC)]
        config.templates_path = [*config.templates_path, str(TEMPLATES)]
        if not config.html_favicon:
            config.html_favicon = str(STATIC / "favicon.svg")

    def builder_inited(self, app: Sphinx) -> None:
        """Take (or load) the volume and its layout; find the PDFs to publish."""
        data = _site_data(app, self._load)
        files = _site_files(data)
        pages_dir = Path(app.doctreedir) / PAGES_FOLDER
        self._state = _State(data, pages_dir, files)
        self._nav.reset()
        if isinstance(app.builder, StandaloneHTMLBuilder):
            _render_titles_once(app.builder)
            _one_formatter(app.builder)

    def env_get_outdated(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        """Write the generated pages and add them to the project; return those to read again."""
        state = self.state
        project = env.project
        if not hasattr(project, "_docname_to_path"):
            raise ExtensionError("proceedings: this Sphinx version is not supported (< 7.2)")
        pages = site_pages(
            state.volume,
            state.layout,
            state.files,
            env.found_docs,
            state.data.citations,
            workshop_pages(state.volume, state.data.now),
        )
        setattr(env, PLACED, Placed((page.docname, page.data) for page in pages))
        listings = self._listings = part_listings(pages)
        pages = [page for page in pages if page.docname not in env.found_docs]
        wanted = {state.pages_dir / f"{page.docname}.md": page for page in pages}
        for path, page in wanted.items():  # Sphinx's cache folder: no wait for the disk
            write_atomic(path, page.myst(), durable=False)
        _remove_stale(state.pages_dir, set(wanted))
        # Every page shows the navigation (furo's sidebar), collapsed to the page's own branch
        # (see .nav). When the top level or a branch's entries change, every page is written
        # again; when only titles in a branch change, the retitled pages' neighbours are written
        # again (furo shows the previous and next page's title) and the branch's other pages
        # get their sidebar replaced in place (see build_finished).
        shape = nav_shape(pages, env.found_docs)
        before = getattr(env, "proceedings_nav", None)
        self._changes = nav_changes(before if isinstance(before, dict) else None, shape, HOME)
        env.proceedings_nav = shape  # type: ignore[attr-defined]
        self._nav.reset(listings)
        outdated = []
        for path, page in wanted.items():
            docname = page.docname
            project.docnames.add(docname)
            project._docname_to_path[docname] = path
            project._path_to_docname[path] = docname
            removed.discard(docname)
            if docname not in env.all_docs:
                added.add(docname)
            elif os.stat(path).st_mtime_ns // 1000 > env.all_docs[docname]:
                outdated.append(docname)
        placing: set[str] = getattr(env, PLACING, set())
        return [*outdated, *sorted(placing & env.found_docs - set(outdated))]

    def env_purge_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        """Forget that a page placed a directive: reading it again says whether it still does."""
        getattr(env, PLACING, set()).discard(docname)

    def env_merge_info(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        """Keep the pages that place a directive, read in parallel processes."""
        setattr(env, PLACING, getattr(env, PLACING, set()) | getattr(other, PLACING, set()))

    def env_get_updated(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """The pages to write again besides those Sphinx read again: all of them when the
        navigation's entries changed; else the papers whose PDF's size shows otherwise, the
        neighbours of retitled pages, and the pages of a retitled branch whose written file
        cannot have its sidebar replaced.

        The sizes are written in as the pages are (:func:`fill_sizes`): Sphinx has read the
        pages by now, and a site built beside the pdf stage waits here for its PDFs."""
        self._sizes = _pdf_sizes(self.state.data, self.state.files)
        shown = getattr(env, SIZES, None)
        sized = {
            paper_doc(paper)
            for paper, size in self._sizes.items()
            if not isinstance(shown, dict) or shown.get(paper) != size
        }
        setattr(env, SIZES, self._sizes)
        changes = self._changes
        if changes.everything:
            self._patch = set()
            return sorted(env.found_docs)
        relations = env.collect_relations()
        full = {
            doc
            for doc, related in relations.items()
            if changes.retitled & {name for name in related if name}
        }
        patch = (changes.sidebar & env.found_docs) - full - sized
        unpatchable = {doc for doc in patch if not _has_nav_markers(app, doc)}
        self._patch = set(patch - unpatchable)
        return sorted((full | unpatchable | sized) & env.found_docs)

    def doctree_resolved(self, app: Sphinx, doctree: Any, docname: str) -> None:
        """Write in the PDFs' sizes; note the pages this build writes: Sphinx resolves each
        in this process, also when the writing itself happens in parallel processes (whose
        notes would be lost)."""
        fill_sizes(doctree, self._sizes)
        self._rendered.add(docname)

    def page_context(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: Any,
    ) -> str | None:
        """Head tags of generated pages; canonical URLs of folder pages end with ``/``; furo's
        search page in our template, which gives it the ``<h1>`` furo's lacks.

        Docutils' HTML writer adds a viewport tag to every page's meta tags, and the theme's
        layout (furo's, Sphinx's basic one) writes its own: the page keeps the theme's one."""
        context["metatags"] = _VIEWPORT.sub("", context.get("metatags", ""))
        head = app.env.metadata.get(pagename, {}).get(HEAD)
        if head:
            context["metatags"] = context.get("metatags", "") + render_head(
                head["meta"], head["jsonld"]
            )
        base = app.config.html_baseurl
        if base and context.get("pageurl") and pagename.endswith("index"):
            context["pageurl"] = _folder_url(base, pagename)
        theme = getattr(app.builder, "theme", None)
        if templatename == "search.html" and getattr(theme, "name", None) == "furo":
            return SEARCH_TEMPLATE
        return None

    def nav_before_furo(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: Any,
    ) -> None:
        """Spare furo its own rendering of the whole toctree on every page (see :mod:`.nav`)."""
        theme = getattr(app.builder, "theme", None)
        toctree = context.get("toctree")
        if getattr(theme, "name", None) != "furo" or toctree is None:
            return

        def cached_toctree(**kwargs: Any) -> str:
            if kwargs == FURO_CALL:
                context["proceedings_nav"] = True
                return ""
            return toctree(**kwargs)  # type: ignore[no-any-return]

        context["toctree"] = cached_toctree

    def nav_after_furo(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: Any,
    ) -> None:
        """Furo's navigation tree for this page, from the tree rendered once per build."""
        if context.pop("proceedings_nav", False):
            context["furo_navigation_tree"] = (
                NAV_START + self._nav.for_page(app, pagename) + NAV_END
            )

    def build_finished(self, app: Sphinx, exception: Exception | None) -> None:
        """Copy the PDFs beside their pages; write the volume's BibTeX and the sitemap."""
        if exception is not None or app.builder.format != "html" or self._state is None:
            return
        state, out = self._state, Path(app.outdir)
        if state.data.pdfs is not None:
            state.data.pdfs.written()
        for doc in sorted(self._patch - self._rendered):
            _replace_nav(app, doc, self._nav.for_page(app, doc))
        volume = state.volume
        _remove_stale_papers(out / "papers", {paper.id for paper in volume.papers})
        _remove_stale_listings(out / "parts", self._listings)
        paths = state.data.paths
        for paper in volume.papers:
            folder = out / "papers" / paper.id
            source = paper_pdf_source(paper, paths)
            if source and paper.id in state.files.paper_pdfs:
                _publish(source, folder / volume.pdf_name(paper), paths)
            attachments = attachment_sources(paper)
            taken = {volume.pdf_name(paper), "index.html"}
            for name, path in attachments.items():
                if name not in taken:
                    write_atomic(folder / name, _read_attachment(path))
            _remove_stale_files(folder, {*taken, *attachments})
        volume_pdf = volume_pdf_source(volume, paths)
        if volume_pdf:
            _publish(volume_pdf, out / f"{volume.info.slug}.pdf", paths)
        write_atomic(out / f"{volume.info.slug}.bib", state.data.bibtex)
        calendar = out / calendar_name(volume)
        if volume.program or (volume.workshop and volume.workshop.dates):
            write_atomic(calendar, write_calendar(volume))
        elif calendar.is_file():  # no dates any more: a build starts from a copy of the last
            calendar.unlink()
        _tidy_search_index(out / "searchindex.js", state.pages_dir)
        base = app.config.html_baseurl
        if base:
            pages = sorted(set(app.env.found_docs) - NOT_PAGES)
            urls = [_page_url(app, base, docname) for docname in pages]
            write_atomic(out / "sitemap.xml", sitemap(urls))


def _remove_stale_papers(folder: Path, ids: set[str]) -> None:
    """Delete the output folders of papers that are gone: Sphinx never removes old pages."""
    if folder.is_dir():
        for stale in folder.iterdir():
            if stale.is_dir() and stale.name not in ids:
                shutil.rmtree(stale)


def _remove_stale_listings(folder: Path, listings: dict[str, tuple[str, ...]]) -> None:
    """Delete the continued listings of a part that are gone (``parts/<id>/3/`` once the part
    has 200 papers or fewer): Sphinx never removes old pages."""
    keep = {doc.removesuffix("/index") for docs in listings.values() for doc in docs}
    if not folder.is_dir():
        return
    for part in folder.iterdir():
        if not part.is_dir():
            continue
        for stale in part.iterdir():
            name = f"parts/{part.name}/{stale.name}"
            if stale.is_dir() and stale.name.isdigit() and name not in keep:
                shutil.rmtree(stale)


def _publish(source: Path, target: Path, paths: BuildPaths) -> None:
    """Publish a PDF: the pdf stage's own (in the build folder) linked, so that a volume's
    PDFs (93 MB at 200 papers of 12 pages) are neither copied nor read again at each rebuild;
    a camera-ready PDF, an input, copied."""
    if source.parent in (paths.pdf, paths.paper_pdfs):
        link_atomic(source, target)
    else:
        write_atomic(target, source.read_bytes())


def _read_attachment(path: Path) -> bytes:
    """An attachment's bytes, within the limit ``check`` enforced (the file may have changed)."""
    try:
        return read_regular(path, "attachment_bytes")
    except RefusedFile as exc:
        raise ExtensionError(f"{path}: {exc.reason}") from None


def _remove_stale_files(folder: Path, keep: set[str]) -> None:
    """Delete the files of a paper's folder that it no longer publishes (an attachment taken
    away): a build starts from a copy of the last one."""
    if folder.is_dir():
        for stale in folder.iterdir():
            if stale.is_file() and stale.name not in keep and stale.suffix != ".html":
                stale.unlink()


def _tidy_search_index(index: Path, pages_dir: Path) -> None:
    """Make the search index what a clean build would write.

    Sphinx records each page's source path there; for pages generated outside the source folder
    that is an absolute path of the build machine, which would leak into the published site and
    make two builds in different folders differ: those paths become relative to their folder.
    And an incremental build keeps the words that no page holds any more, with no page
    (``"calibr":[]`` after a title lost "calibrated"): those are dropped.
    """
    if not index.is_file():
        return
    from sphinx.search import js_index

    prefix = json.dumps(f"{pages_dir}{os.sep}")[1:-1]
    data = js_index.loads(index.read_text(encoding="utf-8").replace(prefix, ""))
    for key in ("terms", "titleterms"):
        words = data.get(key)
        if isinstance(words, dict):
            data[key] = {word: docs for word, docs in words.items() if docs != []}
    write_atomic(index, js_index.dumps(data))


def _render_titles_once(builder: StandaloneHTMLBuilder) -> None:
    """Have ``builder`` render each page's title once per build.

    For every page it writes, Sphinx renders the titles of the previous and next pages, of the
    page's parents and of the page itself (``get_doc_context``), each time through a docutils
    document of its own, its transforms and an HTML translator: 1,238 renderings of 208 titles
    at 200 papers, 4% of the build. A title node renders to the same HTML each time: the first
    rendering is kept, with the node (whose ``id`` stays its own while it is kept)."""
    render = builder.render_partial
    rendered: dict[int, tuple[nodes.Node, dict[str, str]]] = {}

    def render_partial(node: nodes.Node | None) -> dict[str, str]:
        if not isinstance(node, nodes.title):
            return render(node)
        kept = rendered.get(id(node))
        if kept is None:
            kept = rendered[id(node)] = (node, render(node))
        return dict(kept[1])

    builder.render_partial = render_partial  # type: ignore[method-assign]


def _one_formatter(builder: StandaloneHTMLBuilder) -> None:
    """Have ``builder`` highlight code blocks with one Pygments formatter and one lexer a
    language.

    Sphinx makes a new formatter for every block it highlights, and each new formatter
    builds the style's whole stylesheet (and looks its lexer up by name): three blocks on
    each paper's page (its reference, BibTeX and RIS), 5% of the time to write a 200-paper
    site. A formatter keeps no state between blocks, nor does a lexer: one is kept for each
    set of options (line numbers or not), and blocks with highlighted lines get their own."""
    highlighter = builder.highlighter
    make_formatter, make_lexer = highlighter.get_formatter, highlighter.get_lexer
    formatters: dict[tuple[tuple[str, Any], ...], Any] = {}
    lexers: dict[tuple[str, bool], Any] = {}

    def get_formatter(**kwargs: Any) -> Any:
        key = tuple(sorted(kwargs.items()))  # Sphinx passes linenos=False for every block
        try:
            found = formatters.get(key)
        except TypeError:  # an option that is a list (highlighted lines): a formatter of its own
            return make_formatter(**kwargs)
        if found is None:
            found = formatters[key] = make_formatter(**kwargs)
        return found

    def get_lexer(
        source: str,
        lang: str,
        opts: dict[str, Any] | None = None,
        force: bool = False,
        location: Any = None,
    ) -> Any:
        if opts or lang in ("guess", "default") or lang.startswith(("py", "python")):
            return make_lexer(source, lang, opts, force, location)  # chosen by the source
        key = (lang, force)
        if key not in lexers:
            lexers[key] = make_lexer(source, lang, opts, force, location)
        return lexers[key]

    highlighter.get_formatter = get_formatter  # type: ignore[method-assign]
    highlighter.get_lexer = get_lexer  # type: ignore[method-assign]


def _folder_url(base: str, pagename: str) -> str:
    base = base if base.endswith("/") else base + "/"
    return base + pagename.removesuffix("index")


def _page_url(app: Sphinx, base: str, docname: str) -> str:
    """The public URL of a page: its folder for ``.../index``, else its file."""
    if docname.endswith("index"):
        return _folder_url(base, docname)
    base = base if base.endswith("/") else base + "/"
    return base + app.builder.get_target_uri(docname)


def _page_file(app: Sphinx, doc: str) -> Path:
    return Path(app.outdir) / app.builder.get_target_uri(doc)


def _has_nav_markers(app: Sphinx, doc: str) -> bool:
    try:
        text = _page_file(app, doc).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return text.count(NAV_START) == 1 and text.count(NAV_END) == 1


def _replace_nav(app: Sphinx, doc: str, nav: str) -> None:
    """Put the page's new sidebar between the markers of its written file, nothing else."""
    path = _page_file(app, doc)
    text = path.read_text(encoding="utf-8")
    start = text.index(NAV_START) + len(NAV_START)
    write_atomic(path, text[:start] + nav + text[text.index(NAV_END, start) :])


def _remove_stale(folder: Path, keep: set[Path]) -> None:
    """Delete generated pages that are no longer generated (a paper was withdrawn)."""
    if not folder.is_dir():
        return
    for path in folder.rglob("*.md"):
        if path not in keep:
            path.unlink()


def setup(app: Sphinx) -> ExtensionMetadata:
    """The extension's former name (``proceedings.site.sphinx_``), kept for the ``conf.py`` files
    that list it: it sets up :mod:`proceedings.sphinx`, which registers this module."""
    app.setup_extension("proceedings.sphinx")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def register(app: Sphinx, load: Loader) -> ExtensionMetadata:
    """Register the extension (directives, math renderer, static files, event handlers), with
    ``load`` to make a project's :class:`SiteData` when no build handed it over."""
    app.setup_extension("myst_parser")
    app.add_config_value("proceedings_root", "", "env", types=frozenset({str}))
    app.add_config_value("proceedings_build_dir", "", "env", types=frozenset({str}))
    for name, directive in {**DIRECTIVES, **EVENT_DIRECTIVES}.items():
        app.add_directive(name, directive)
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_displaymath, None))
    app.add_js_file("proceedings.js", loading_method="defer")
    app.add_css_file("proceedings.css")
    app.add_search_language(CachedEnglish)
    site = _Site(load)
    app.connect("config-inited", site.config_inited)
    app.connect("builder-inited", site.builder_inited)
    app.connect("env-get-outdated", site.env_get_outdated)
    app.connect("env-get-updated", site.env_get_updated)
    app.connect("env-purge-doc", site.env_purge_doc)
    app.connect("env-merge-info", site.env_merge_info)
    app.connect("doctree-read", restore_smart_quotes)
    app.connect("doctree-resolved", resolve_links)
    app.connect("doctree-resolved", site.doctree_resolved)
    app.connect("html-page-context", site.page_context)
    app.connect("html-page-context", site.nav_before_furo, priority=400)
    app.connect("html-page-context", site.nav_after_furo, priority=600)
    app.connect("build-finished", site.build_finished)
    return {
        "version": "1",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
