"""A generated page's JSON data -> docutils nodes: the directives of :mod:`proceedings.site.pages`.

The same directives, written without a body in a page of the user's own (``{proceedings-part}
robustness``, ``{proceedings-authors}``), show the lists the volume's pages show: a Sphinx
project that is not ours places them where it wants.

Everything from the model becomes ``Text`` nodes, which the HTML writer escapes; no value is ever
pasted into markup. Links inside the site are references with a ``proceedings-target`` attribute
(a document, an anchor, or a file relative to the site's root) that the extension turns into a
relative URL once the builder is known (:func:`resolve_links`).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from proceedings.layout import roman
from proceedings.site.markdown import parse_markdown
from proceedings.site.pages import (
    AUTHORS,
    HOME,
    ORGANIZATION,
    PROGRAM,
    SPONSORS,
    paper_doc,
    part_doc,
)

TARGET = "proceedings-target"
SMART_QUOTES = "proceedings-smart-quotes"
"""The document's attribute keeping its ``smart_quotes`` setting while a generated page is
read without it (:func:`restore_smart_quotes`)."""
HEAD = "proceedings-head"
PLACED = "proceedings_placed"
"""The environment's attribute holding every generated page's data by document name
(:class:`Placed`)."""
PLACING = "proceedings_placing"
"""The environment's attribute holding the user's pages that place a directive: they are read
again on every build, since what they show comes from the volume."""


class PdfSize(nodes.Inline, nodes.TextElement):
    """The size of a paper's PDF (``paper``: its id), written in as the page is written
    (:func:`fill_sizes`), not when it is read: a site built beside the PDF stage reads its
    pages while the PDFs are still being stamped."""


def fill_sizes(doctree: nodes.Node, sizes: Mapping[str, str]) -> None:
    """Write each paper's PDF size (by paper id, as shown) into the page."""
    for node in list(doctree.findall(PdfSize)):
        node.replace_self(nodes.Text(sizes.get(node["paper"], "")))


class Placed(dict[str, dict[str, Any]]):
    """Every generated page's data by document name, for the directives placed without a body:
    made again by each build before its pages are read, so never pickled with the environment.

    Sphinx pickles the environment after reading, loads it at the next build's start and, in a
    parallel build, sends each reading process's copy back whole: the whole volume's data
    (1.6 of the 2.8 MB at 200 papers) would be written, loaded and sent every time for nothing.
    """

    def __reduce__(self) -> tuple[type[Placed], tuple[()]]:
        return Placed, ()


def site_link(
    text: str, doc: str | None = None, anchor: str | None = None, file: str = ""
) -> nodes.reference:
    """A reference to a page of the site (and an anchor in it) or to a file of the site."""
    ref = nodes.reference("", text, internal=True)
    ref[TARGET] = {"doc": doc, "anchor": anchor, "file": file}
    return ref


def external(text: str, url: str, classes: list[str] | None = None) -> nodes.reference:
    """A reference to another site."""
    return nodes.reference("", text, refuri=url, classes=classes or [])


def resolve_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give every site link its URL relative to ``docname``, for the builder at hand."""
    builder = app.builder
    here = posixpath.dirname(builder.get_target_uri(docname))
    for ref in doctree.findall(nodes.reference):
        target = ref.get(TARGET)
        if not target:
            continue
        if target["file"]:
            ref["refuri"] = posixpath.relpath(target["file"], here or ".")
        else:
            doc = target["doc"]
            uri = "" if doc in (None, docname) else builder.get_relative_uri(docname, doc)
            anchor = f"#{target['anchor']}" if target["anchor"] else ""
            ref["refuri"] = (uri + anchor) or "#"
        del ref[TARGET]


def restore_smart_quotes(app: Sphinx, doctree: nodes.document) -> None:
    """Give a generated page's settings back their ``smart_quotes`` once it is read: before
    Sphinx 9 one settings object serves every page of a kind, so the hand-written pages read
    next would lose their smart quotes."""
    if SMART_QUOTES in doctree:
        doctree.settings.smart_quotes = doctree.attributes.pop(SMART_QUOTES)


def _paragraph(*children: nodes.Node | str, classes: list[str] | None = None) -> nodes.paragraph:
    parts = [nodes.Text(c) if isinstance(c, str) else c for c in children]
    return nodes.paragraph("", "", *parts, classes=classes or [])


def heading(
    text: str, level: int = 2, ids: list[str] | None = None, classes: list[str] | None = None
) -> nodes.rubric:
    """A heading of a generated page (``<h2>`` under the page's title): a rubric with a heading
    level, so that screen readers list it among the page's headings while the sidebar and the
    table of contents, which only list sections, stay as they are."""
    return nodes.rubric("", text, ids=ids or [], classes=classes or [], **{"heading-level": level})


def _badge(text: str, kind: str) -> nodes.inline:
    return nodes.inline("", text, classes=["proceedings-badge", f"proceedings-badge-{kind}"])


def _person(person: dict[str, Any], linked: bool = False) -> nodes.list_item:
    """Name (linked to the author index), ORCID iD, affiliations."""
    name: nodes.Element = nodes.strong("", person["name"])
    if linked and person.get("anchor"):
        name = site_link("", "authors/index", person["anchor"])
        name += nodes.strong("", person["name"])
    line = _paragraph(name)
    if person.get("orcid"):
        line += nodes.Text(" ")
        line += _orcid(person["orcid"], person["name"])
    item = nodes.list_item("", line)
    if person.get("affiliations"):
        item += _paragraph("; ".join(person["affiliations"]), classes=["proceedings-affiliation"])
    return item


def _orcid(orcid: str, name: str) -> nodes.reference:
    """The link to a person's ORCID record, named after them for a screen reader, which lists
    a page's links out of context ("ORCID of Jane Doe", not ten times "ORCID")."""
    ref = external("ORCID", f"https://orcid.org/{orcid}", ["proceedings-orcid"])
    ref += nodes.inline("", f" of {name}", classes=["proceedings-hidden"])
    ref["reftitle"] = f"ORCID iD {orcid}"
    return ref


def _people(people: list[dict[str, Any]], linked: bool = False) -> nodes.bullet_list:
    return nodes.bullet_list(
        "", *[_person(p, linked) for p in people], classes=["proceedings-people"]
    )


def _pages(pages: list[int] | None) -> str:
    if not pages:
        return "not in the volume"
    first, last = pages
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


class _DataDirective(SphinxDirective):
    """A directive whose body is a page's data as JSON; it also keeps the page's head tags.

    Without a body it shows the data of the generated page it names (see :meth:`page`).
    """

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        if not self.content:
            return self.render(self._placed())
        data = json.loads("\n".join(self.content))
        # Names and titles are shown as the model spells them: no "smart" quotes (O'Brien keeps
        # its apostrophe, a title its straight quotes), on the whole generated page.
        document = self.state.document
        document["support_smartquotes"] = False
        # Nor the smart-quotes pass at all, which would walk every text of the page to change
        # none (the 200 paper pages and the whole volume's index: 3% of a site's build).
        if SMART_QUOTES not in document:
            document[SMART_QUOTES] = document.settings.smart_quotes
            document.settings.smart_quotes = False
        self.env.metadata[self.env.docname][HEAD] = data.get("head")
        return self.render(data)

    def page(self, argument: str | None) -> str:
        """The generated page whose data this directive shows when placed without a body."""
        raise NotImplementedError

    def _argument(self, what: str, argument: str | None) -> str:
        if argument is None:
            raise self.error(f"{self.name}: name {what}")
        return argument

    def _placed(self) -> dict[str, Any]:
        doc = self.page(self.arguments[0] if self.arguments else None)
        placed: dict[str, dict[str, Any]] = getattr(self.env, PLACED, {})
        if doc not in placed:
            raise self.error(f"{self.name}: the volume has no {doc.removesuffix('/index')!r}")
        placing: set[str] = getattr(self.env, PLACING, set())
        placing.add(self.env.docname)
        setattr(self.env, PLACING, placing)
        return placed[doc]

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        raise NotImplementedError


class HomeDirective(_DataDirective):
    """The home page: the volume, its event, editors and downloads."""

    def page(self, argument: str | None) -> str:
        return HOME

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if data["subtitle"]:
            out.append(_paragraph(data["subtitle"], classes=["proceedings-subtitle"]))
        event = _paragraph(nodes.strong("", data["event"]), classes=["proceedings-event"])
        details = [x for x in (data["host"], data["place"], data["dates"]) if x]
        if data["host"]:
            details[0] = f"a workshop at {data['host']}"
        if details:
            event += nodes.Text(": " + ", ".join(details))
        out.append(event)
        published = data.get("published")
        if published:  # the volume's record says where it was published; it replaces the plan
            out.append(_published(published))
        facts = [f"Published in {data['series']}" if data["series"] and not published else ""]
        facts += [f"by {data['publisher']}" if data["publisher"] and not published else ""]
        sentence = " ".join(f for f in facts if f)
        groups: list[list[nodes.Node]] = [[nodes.Text(sentence + ".")]] if sentence else []
        if data["isbn"]:
            groups.append([nodes.Text(f"ISBN {data['isbn']}.")])
        if data["doi"]:
            link = external(data["doi"], f"https://doi.org/{data['doi']}")
            groups.append([nodes.Text("DOI "), link, nodes.Text(".")])
        if data["licence"]:
            groups.append([nodes.Text(f"Papers published under the licence {data['licence']}.")])
        line = _paragraph(classes=["proceedings-facts"])
        for number, group in enumerate(groups):  # one space between facts, none before
            line += [nodes.Text(" "), *group] if number else group
        out.append(line)
        out.append(heading("Editors"))
        out.append(_people(data["editors"]))
        out.append(heading("Downloads"))
        items = [
            nodes.list_item("", _paragraph(site_link(d["label"], file=d["file"])))
            for d in data["downloads"]
        ]
        out.append(nodes.bullet_list("", *items, classes=["proceedings-downloads"]))
        for group in data.get("apart", ()):  # the preface, invited talks: listed apart
            out.append(heading(group["heading"]))
            entries = [
                nodes.list_item(
                    "",
                    _paragraph(site_link(i["title"], i["doc"]), classes=["proceedings-title"]),
                    _paragraph(", ".join(i["authors"]), classes=["proceedings-byline"]),
                )
                for i in group["items"]
            ]
            out.append(nodes.bullet_list("", *entries, classes=["proceedings-papers"]))
        if data["parts"]:  # a volume with no paper yet lists none
            out.append(heading("Papers"))
            out += [node for part in data["parts"] for node in _listed_part(part)]
        # The toctree that follows lists the contents. It has no caption of its own, because
        # Sphinx writes a caption as <p role="heading"> without aria-level, which is invalid.
        out.append(heading("Contents"))
        return out


def _published(published: dict[str, Any]) -> nodes.paragraph:
    """``Published as`` the book (linked to its page at the publisher, else its DOI), its series
    and publisher as printed, and its DOI of record."""
    title = published["title"]
    line = _paragraph("Published as ", classes=["proceedings-record"])
    line += external(title, published["link"]) if published["link"] else nodes.emphasis("", title)
    if published["details"]:
        line += nodes.Text(f", {published['details']}")
    line += nodes.Text(".")
    if published["doi"]:
        line += nodes.Text(" DOI ")
        line += external(published["doi"], f"https://doi.org/{published['doi']}")
        line += nodes.Text(".")
    return line


def _listed_part(part: dict[str, Any]) -> list[nodes.Node]:
    """A part on the home page: its heading (linked to its page), each paper with its authors
    and links to its PDF and BibTeX, and where the rest of a long part is listed."""
    title = nodes.rubric("", "", site_link(part["title"], part["doc"]), **{"heading-level": 3})
    items = []
    for paper in part["papers"]:
        links = _paragraph(classes=["proceedings-links"])
        if paper["pdf"]:
            links += _named(site_link("PDF", file=paper["pdf"]), paper["title"])
        if paper["bibtex"]:
            links += nodes.Text(" ")
            links += _named(site_link("BibTeX", paper["doc"], "bibtex"), paper["title"])
        items.append(
            nodes.list_item(
                "",
                _paragraph(site_link(paper["title"], paper["doc"]), classes=["proceedings-title"]),
                _paragraph(", ".join(paper["authors"]), classes=["proceedings-byline"]),
                links,
            )
        )
    out: list[nodes.Node] = [title, nodes.bullet_list("", *items, classes=["proceedings-papers"])]
    if part["more"]:
        shown = len(part["papers"])
        line = _paragraph(
            f"Papers 1–{shown:,} of {part['total']:,}. ", classes=["proceedings-listing"]
        )
        line += site_link(f"Papers {shown + 1:,} and after", part["more"])
        out.append(line)
    return out


def _named(ref: nodes.reference, title: str) -> nodes.reference:
    """``ref`` (a short label such as "PDF") named after the paper for a screen reader, which
    lists a page's links out of context."""
    ref += nodes.inline("", f" of “{title}”", classes=["proceedings-hidden"])
    return ref


class PartDirective(_DataDirective):
    """A part: its papers, with authors, pages and badges."""

    def page(self, argument: str | None) -> str:
        return part_doc(self._argument("a part's id, as in volume.yaml", argument))

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        items = []
        for paper in data["papers"]:
            line = _paragraph(
                site_link(paper["title"], paper["doc"]), classes=["proceedings-title"]
            )
            if paper.get("kind"):
                line += [nodes.Text(" "), _badge(paper["kind"], "kind")]
            if paper["award"]:
                line += [nodes.Text(" "), _badge(paper["award"], "award")]
            if not paper["archival"]:
                line += [nodes.Text(" "), _badge("Non-archival", "nonarchival")]
            byline = _paragraph(", ".join(paper["authors"]), classes=["proceedings-byline"])
            pages = _paragraph(_pages(paper["pages"]), classes=["proceedings-pages"])
            items.append(nodes.list_item("", line, byline, pages))
        out: list[nodes.Node] = []
        if data["number"] is not None:  # only non-archival papers: the volume prints no part
            out.append(_paragraph(f"Part {roman(data['number'])} of the volume."))
        listing = data.get("listing")
        if listing:
            out.append(_listing(listing))
        out.append(nodes.bullet_list("", *items, classes=["proceedings-papers"]))
        if listing:
            out.append(_listing(listing))
        return out


def _listing(listing: dict[str, Any]) -> nodes.paragraph:
    """Where a long part's page is in its listing (``Papers 101–200 of 2,600``) and a link to
    each of the part's other listing pages, named by the papers it lists."""
    _, first, last = listing["pages"][listing["current"]]
    line = _paragraph(
        f"Papers {first:,}–{last:,} of {listing['total']:,}. All the papers: ",
        classes=["proceedings-listing"],
    )
    for i, (doc, start, end) in enumerate(listing["pages"]):
        if i:
            line += nodes.Text(" · ")
        text = f"{start:,}–{end:,}"
        line += nodes.strong("", text) if i == listing["current"] else site_link(text, doc)
    return line


class PaperDirective(_DataDirective):
    """A paper's page: everything a reader or an indexer needs."""

    def page(self, argument: str | None) -> str:
        return paper_doc(self._argument("a paper's id (its folder's name)", argument))

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        badges = []
        if data.get("kind"):
            badges.append(_badge(data["kind"], "kind"))
        if data["award"]:
            badges.append(_badge(data["award"], "award"))
        if not data["archival"]:
            badges.append(_badge("Non-archival", "nonarchival"))
        if badges:
            out.append(_paragraph(*badges, classes=["proceedings-badges"]))
        out.append(_people(data["authors"], linked=True))
        out.append(self._where(data))
        actions = []
        if data["pdf"]:
            link = site_link("PDF, ", file=_in_folder(data))
            link += PdfSize(paper=data["id"])
            actions.append(link)
        if data.get("record"):  # published: the publisher's version, the one to cite
            actions.append(external("Version of record", data["record"]))
        actions += [external(label, url) for label, url in data["links"]]
        if actions:
            line = _paragraph(classes=["proceedings-actions"])
            for ref in actions:
                ref["classes"].append("proceedings-button")
                line += ref
                line += nodes.Text(" ")
            out.append(line)
        if data.get("attachments"):
            out.append(_attachments(data))
        if data["abstract"].strip():  # a preface or an invited talk may have none
            out.append(heading("Abstract"))
            out.append(nodes.container("", *parse_markdown(data["abstract"]), classes=["abstract"]))
        if data["keywords"]:
            keywords = _paragraph(nodes.strong("", "Keywords: "), " · ".join(data["keywords"]))
            keywords["classes"].append("proceedings-keywords")
            out.append(keywords)
        if data["bibtex"]:
            out.append(heading("Cite this paper"))
            out.append(_copy_block("Text", data["reference"], "text", "reference"))
            out.append(_copy_block("BibTeX", data["bibtex"], "bibtex"))
            out.append(_copy_block("RIS", data["ris"], "text"))
        out.append(_pager(data))
        return out

    def _where(self, data: dict[str, Any]) -> nodes.paragraph:
        part = site_link(data["part"]["title"], data["part"]["doc"])
        if data["archival"]:
            line = _paragraph(f"{_pages(data['pages'])} in ", nodes.emphasis("", data["booktitle"]))
            line += [nodes.Text(", part “"), part, nodes.Text("”.")]
        else:
            line = _paragraph("Presented at the workshop; not part of the proceedings volume (")
            line += [part, nodes.Text(").")]
        if data["doi"]:
            line += [nodes.Text(" DOI: "), external(data["doi"], f"https://doi.org/{data['doi']}")]
        line["classes"].append("proceedings-where")
        return line


def _in_folder(data: dict[str, Any]) -> str:
    """The PDF, beside the page: ``papers/<id>/<slug>-<id>.pdf`` from the site's root."""
    return f"papers/{data['id']}/{data['pdf']}"


def _attachments(data: dict[str, Any]) -> nodes.bullet_list:
    """The paper's supplementary files (beside its PDF, with type and size) and links."""
    items = []
    for attachment in data["attachments"]:
        if "url" in attachment:
            line = _paragraph(external(attachment["label"], attachment["url"]))
        else:
            where = f"papers/{data['id']}/{attachment['file']}"
            line = _paragraph(site_link(attachment["label"], file=where))
            if attachment["details"]:
                line += nodes.Text(f" ({attachment['details']})")
        items.append(nodes.list_item("", line))
    return nodes.bullet_list("", *items, classes=["proceedings-attachments"])


def _copy_block(label: str, text: str, language: str, kind: str | None = None) -> nodes.container:
    """A titled block of text with a copy button (added by proceedings.js); not searched."""
    block = nodes.literal_block(text, text, language=language, force=True)
    caption = heading(label, 3, classes=["proceedings-copy-label"])
    kind = kind or label.lower()
    classes = ["proceedings-copy", f"proceedings-copy-{kind}", "no-search"]
    return nodes.container("", caption, block, classes=classes, ids=[kind])


def _pager(data: dict[str, Any]) -> nodes.paragraph:
    line = _paragraph(classes=["proceedings-pager"])
    if data["previous"]:
        line += site_link(f"← {data['previous']['title']}", data["previous"]["doc"])
    if data["next"]:
        line += nodes.Text(" ")
        line += site_link(f"{data['next']['title']} →", data["next"]["doc"])
    return line


class AuthorsDirective(_DataDirective):
    """The author index: one entry a person, grouped by letter, linking to their papers."""

    def page(self, argument: str | None) -> str:
        return AUTHORS

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        letters: list[str] = []
        for entry in data["entries"]:
            if entry["letter"] not in letters:
                letters.append(entry["letter"])
        ids = {letter: f"letter-{n}" for n, letter in enumerate(letters, start=1)}
        jump = _paragraph(classes=["proceedings-letters"])
        for letter in letters:
            jump += [nodes.reference("", letter, refid=ids[letter]), nodes.Text(" ")]
        out: list[nodes.Node] = [jump]
        current = None
        group = nodes.bullet_list()
        for entry in data["entries"]:
            if entry["letter"] != current:
                current = entry["letter"]
                out.append(heading(current, ids=[ids[current]]))
                group = nodes.bullet_list("", classes=["proceedings-index"])
                out.append(group)
            line = _paragraph(nodes.strong("", entry["name"]))
            if entry["orcid"]:
                line += [nodes.Text(" "), _orcid(entry["orcid"], entry["full"])]
            papers = nodes.bullet_list()
            for paper in entry["papers"]:
                item = _paragraph(site_link(paper["title"], paper["doc"]))
                item += nodes.Text(f" ({_pages(paper['pages'])})")
                papers += nodes.list_item("", item)
            group += nodes.list_item("", line, papers, ids=[entry["anchor"]])
        return out


class OrganizationDirective(_DataDirective):
    """The committees, in printed order."""

    def page(self, argument: str | None) -> str:
        return ORGANIZATION

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for committee in data["committees"]:
            out.append(heading(committee["role"]))
            out.append(_people(committee["people"]))
        return out


class ProgramDirective(_DataDirective):
    """The program, day by day: sessions with times, rooms, chairs and linked papers."""

    def page(self, argument: str | None) -> str:
        return PROGRAM

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if data.get("zone"):
            line = _paragraph(f"All times are in the venue's time zone, {data['zone']}.")
            if data.get("calendar"):
                line += [
                    nodes.Text(" "),
                    site_link("Add to your calendar (.ics)", file=data["calendar"]),
                ]
            out.append(line)
        for day in data["days"]:
            if day["day"]:
                out.append(heading(day["day"]))
            out.append(_sessions(day["sessions"]))
        return out


_KIND_BADGES = {"keynote": "Keynote", "posters": "Posters", "break": "Break"}


def _sessions(sessions: list[dict[str, Any]]) -> nodes.bullet_list:
    items = []
    for session in sessions:
        line = _paragraph(classes=["proceedings-session"])
        if session["time"]:
            line += nodes.strong("", session["time"])
            line += nodes.Text(" ")
        keynote = session.get("keynote")
        if keynote:
            line += site_link(session["title"], keynote["doc"], keynote["anchor"])
            line += nodes.Text(f" ({keynote['speaker']})")
        else:
            line += nodes.Text(session["title"])
        kind = session.get("kind", "session")
        if kind in _KIND_BADGES:
            line += [nodes.Text(" "), _badge(_KIND_BADGES[kind], "kind")]
        item = nodes.list_item("", line, classes=[f"proceedings-session-{kind}"])
        details = [session["room"] or "", f"Chair: {session['chair']}" if session["chair"] else ""]
        if any(details):
            item += _paragraph(" · ".join(d for d in details if d), classes=["proceedings-room"])
        if session["papers"]:
            papers = nodes.bullet_list("", classes=["proceedings-program-papers"])
            for paper in session["papers"]:
                entry = _paragraph()
                if paper["time"]:
                    entry += [nodes.Text(paper["time"]), nodes.Text(" ")]
                if paper["doc"]:
                    entry += site_link(paper["title"], paper["doc"])
                else:
                    entry += nodes.Text(paper["title"])
                papers += nodes.list_item("", entry)
            item += papers
        if session["sessions"]:
            item += _sessions(session["sessions"])
        items.append(item)
    return nodes.bullet_list("", *items, classes=["proceedings-program"])


class SponsorsDirective(_DataDirective):
    """The sponsors by level: logo (if given), name linked to their site."""

    def page(self, argument: str | None) -> str:
        return SPONSORS

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for level in data["levels"]:
            if level["level"]:
                out.append(heading(level["level"]))
            items = []
            for sponsor in level["sponsors"]:
                item = nodes.list_item()
                if sponsor["logo"]:  # the name is written beside it: the logo adds no word
                    item += nodes.image(
                        "", uri=sponsor["logo"], alt="", classes=["proceedings-logo"]
                    )
                name: nodes.Node = nodes.Text(sponsor["name"])
                if sponsor["url"]:
                    name = external(sponsor["name"], sponsor["url"])
                item += _paragraph(name)
                items.append(item)
            out.append(nodes.bullet_list("", *items, classes=["proceedings-sponsors"]))
        return out


DIRECTIVES: dict[str, type[_DataDirective]] = {
    "proceedings-home": HomeDirective,
    "proceedings-part": PartDirective,
    "proceedings-paper": PaperDirective,
    "proceedings-authors": AuthorsDirective,
    "proceedings-organization": OrganizationDirective,
    "proceedings-program": ProgramDirective,
    "proceedings-sponsors": SponsorsDirective,
}
