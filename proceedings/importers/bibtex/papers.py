"""pybtex entries -> ``paper.yaml`` mappings and people, with notes placed at ``file:line``.

The pieces of the BibTeX importer (:mod:`proceedings.importers.bibtex`) that read one entry:
an ``@inproceedings`` entry becomes a :class:`~proceedings.importers.PaperDraft`
(:func:`read_paper`) and the ``author`` or ``editor`` names of any entry become people
(:func:`read_people`); a :class:`~proceedings.importers.notes.Context` decodes the LaTeX and
puts every note against the entry's line in the ``.bib`` file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pybtex.database import Entry, Person

from proceedings.identifiers import bare_doi, doi_problem
from proceedings.importers.imported import PaperDraft
from proceedings.importers.kinds import guess_kind
from proceedings.importers.notes import Context
from proceedings.importers.sources import drop_bad_links, keep_valid, unique
from proceedings.importers.text import is_group
from proceedings.latex import find_lost_markup
from proceedings.names import is_cjk

__all__ = ["PAPER_FIELDS", "raw_field", "read_pages", "read_paper", "read_people"]

_LINK_FIELDS = {
    "software": "code",
    "code": "code",
    "data": "data",
    "dataset": "data",
    "video": "video",
    "slides": "slides",
    "poster": "poster",
    "openreview": "openreview",
}
# Fields of a paper entry that are imported (the rest are reported as not imported).
PAPER_FIELDS = frozenset(
    {"title", "author", "abstract", "keywords", "keyword", "doi", "url", "pdf", "pages", "part"}
    | {"section"}
    | set(_LINK_FIELDS)
)
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")


# --- people ---------------------------------------------------------------------------------


def _person(person: Person, ctx: Context, key: str, role: str) -> dict[str, Any]:
    """A pybtex person as given/family/suffix; one name is a mononym, a group one name too."""

    def part(names: Iterable[str]) -> str:
        return " ".join(filter(None, (ctx.decode(key, role, n) for n in names)))

    given = part([*person.first_names, *person.middle_names])
    family = part([*person.prelast_names, *person.last_names])
    suffix = part(person.lineage_names)
    written = str(person)
    out: dict[str, Any] = {}
    if given and is_group(given, family):
        ctx.note(
            key,
            f"{role} '{written}' looks like a group; imported as the single name "
            f"'{given} {family}' (mononym)",
        )
        return {"family": f"{given} {family}", "mononym": True}
    if not family and given:  # "Jean-Pierre," : only a given name was written
        family, given = given, ""
    if given:
        out["given"] = given
    out["family"] = family
    if suffix:
        out["suffix"] = suffix
    if not given and not is_cjk(family):
        out["mononym"] = True
        ctx.note(key, f"{role} '{family}' has a single name; imported as a mononym")
    return out


def read_people(entry: Entry, role: str, ctx: Context, key: str) -> list[dict[str, Any]]:
    """The entry's people in ``role`` (``author``, ``editor``) as ``paper.yaml`` people."""
    return [_person(p, ctx, key, role) for p in entry.persons.get(role, [])]


# --- papers ---------------------------------------------------------------------------------


def read_pages(value: str | None) -> tuple[int, int] | None:
    """A ``pages`` field as a range: ``13--26``, ``13-26``, ``13{\\textendash}26`` or ``7``;
    ``None`` for anything else, or for a range that runs backwards."""
    match = re.fullmatch(
        r"\s*(\d+)\s*(?:(?:-+|–|—|\\textendash\s*|\{\\textendash\})\s*(\d+))?\s*", value or ""
    )
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else first
    return (first, last) if last >= first else None


def _links(entry: Entry, ctx: Context) -> dict[str, str]:
    links: dict[str, str] = {}
    for name, link in _LINK_FIELDS.items():
        value = raw_field(entry, name)
        if value and link not in links:
            links[link] = value
    url = raw_field(entry, "url")
    if url:
        host = re.sub(r"^https?://(?:www\.)?", "", url).split("/")[0].lower()
        if host.endswith("openreview.net") and "openreview" not in links:
            links["openreview"] = url
        elif host in _CODE_HOSTS and "code" not in links:
            links["code"] = url
        elif url not in links.values():
            ctx.note(entry.key, f"url '{url}' not kept: links have no key for it")
    drop_bad_links(links, lambda message: ctx.note(entry.key, message))
    return links


def raw_field(entry: Entry, name: str) -> str:
    """A verbatim field (URL, DOI): braces and escapes of URL characters dropped."""
    value = entry.fields.get(name, "")
    value = re.sub(r"\\([_%&#~$])", r"\1", value)
    return "".join(value.replace("{", "").replace("}", "").split())


def _keywords(value: str) -> list[str]:
    return unique(word.strip() for word in re.split(r"[;,]", value) if word.strip())


def read_paper(
    entry: Entry,
    paper_id: str,
    order: int,
    part: str,
    ctx: Context,
    volume: dict[str, Any] | None = None,
) -> PaperDraft:
    """The ``@inproceedings`` entry as the paper ``paper_id``, ``order``-th in ``part``; its
    kind guessed from its ``section``, title and abstract against ``volume`` (a preface, an
    invited talk: :func:`~proceedings.importers.kinds.guess_kind`)."""
    key = entry.key
    fields = entry.fields
    data: dict[str, Any] = {"title": ctx.decode(key, "title", fields.get("title", ""))}
    for remark in find_lost_markup(data["title"]):
        ctx.note(key, f"title: {remark}")
    data["authors"] = read_people(entry, "author", ctx, key)
    if not data["authors"]:
        ctx.note(key, "no authors; check will report metadata.no-authors")
    abstract = ctx.decode(key, "abstract", fields.get("abstract", ""), markdown=True)
    volume = volume or {}
    kind, why = guess_kind(
        data["title"],
        abstract=abstract,
        authors=data["authors"],
        section=ctx.decode(key, "section", fields.get("section", "")),
        volume_titles=[volume.get("title", ""), volume.get("event", {}).get("name", "")],
        editors=volume.get("editors", ()),
    )
    if kind != "paper":
        data = {"kind": kind, **data}
        ctx.note(key, f"read as kind '{kind}' ({why})")
    if abstract:
        data["abstract"] = abstract
        for remark in find_lost_markup(abstract):
            ctx.note(key, f"abstract: {remark}")
    elif kind == "paper":
        ctx.note(
            key,
            "no abstract; check will report metadata.missing-abstract (if this entry is front "
            "matter, give it its kind: 'kind: preface', 'invited' or 'frontmatter')",
        )
    keywords = fields.get("keywords") or fields.get("keyword")
    if keywords:
        words = _keywords(ctx.decode(key, "keywords", keywords))
        if words:
            data["keywords"] = words
    data["part"] = part
    data["order"] = order
    keep_valid(
        data, "doi", bare_doi(raw_field(entry, "doi")), doi_problem, lambda m: ctx.note(key, m)
    )
    links = _links(entry, ctx)
    if links:
        data["links"] = links
    pages = read_pages(fields.get("pages"))
    if fields.get("pages") and pages is None:
        ctx.note(key, f"pages '{fields['pages']}' is not a page range; not compared")
    return PaperDraft(key, paper_id, data, pages)
