"""pybtex entries -> ``paper.yaml`` mappings and people, with notes placed at ``file:line``.

The pieces of the BibTeX importer (:mod:`proceedings.importers.bibtex`) that read one entry:
an ``@inproceedings`` entry becomes a :class:`BibPaper` (:func:`read_paper`), the ``author`` or
``editor`` names of any entry become people (:func:`read_people`), and :class:`Context` decodes
LaTeX and puts every note against the entry's line in the ``.bib`` file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pybtex.database import Entry, Person

from proceedings.identifiers import doi_problem, url_problem
from proceedings.importers.latex import decode_latex, find_lost_markup
from proceedings.names import fold, is_cjk

__all__ = ["PAPER_FIELDS", "BibPaper", "Context", "bare_doi", "read_paper", "read_people"]

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
    | set(_LINK_FIELDS)
)
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")
# Words that mark an author as a group ("Consortium, Labelling" is the Labelling Consortium).
_GROUP_WORDS = frozenset(
    {
        "consortium",
        "collaboration",
        "collaborative",
        "group",
        "initiative",
        "investigators",
        "committee",
        "team",
        "alliance",
        "network",
        "society",
        "association",
        "organization",
        "organisation",
    }
)


# --- notes and people ---------------------------------------------------------------------


@dataclass
class Context:
    """Where we are, to put notes against the right line."""

    display: str
    lines: Mapping[str, int]
    notes: list[str]

    def where(self, key: str | None) -> str:
        """``file:line: key`` of the entry ``key``, or the file alone for ``None``."""
        if key is None:
            return self.display
        line = self.lines.get(key.lower())
        return f"{self.display}:{line}: {key}" if line else f"{self.display}: {key}"

    def origin(self, key: str) -> str:
        """``file:line (key)``: where a paper came from."""
        line = self.lines.get(key.lower())
        return f"{self.display}:{line} ({key})" if line else f"{self.display} ({key})"

    def note(self, key: str | None, message: str) -> None:
        """Record a note about the entry ``key`` (``None``: about the whole file)."""
        self.notes.append(f"{self.where(key)}: {message}")

    def decode(self, key: str | None, what: str, value: str, *, markdown: bool = False) -> str:
        """``value`` decoded from LaTeX; each remark of the decoder is noted on ``what``."""
        decoded = decode_latex(value, markdown=markdown)
        for remark in decoded.remarks:
            self.note(key, f"{what}: {remark}")
        return decoded.text


def _person(person: Person, ctx: Context, key: str, role: str) -> dict[str, Any]:
    """A pybtex person as given/family/suffix; one name is a mononym, a group one name too."""

    def part(names: Iterable[str]) -> str:
        return " ".join(filter(None, (ctx.decode(key, role, n) for n in names)))

    given = part([*person.first_names, *person.middle_names])
    family = part([*person.prelast_names, *person.last_names])
    suffix = part(person.lineage_names)
    written = str(person)
    out: dict[str, Any] = {}
    words = {fold(w) for w in re.findall(r"\w+", f"{given} {family}")}
    if given and words & _GROUP_WORDS:
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


def bare_doi(value: str) -> str:
    """A DOI without its resolver or ``doi:`` prefix: ``https://doi.org/10.1/x`` -> ``10.1/x``."""
    value = value.strip()
    value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    return value


def _pages(value: str | None) -> tuple[int, int] | None:
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
        value = _raw(entry, name)
        if value and link not in links:
            links[link] = value
    url = _raw(entry, "url")
    if url:
        host = re.sub(r"^https?://(?:www\.)?", "", url).split("/")[0].lower()
        if host.endswith("openreview.net") and "openreview" not in links:
            links["openreview"] = url
        elif host in _CODE_HOSTS and "code" not in links:
            links["code"] = url
        elif url not in links.values():
            ctx.note(entry.key, f"url '{url}' not kept: links have no key for it")
    for name, value in list(links.items()):
        reason = url_problem(value)
        if reason:
            ctx.note(entry.key, f"links.{name}: '{value}' {reason}; not imported")
            del links[name]
    return links


def _raw(entry: Entry, name: str) -> str:
    """A verbatim field (URL, DOI): braces and escapes of URL characters dropped."""
    value = entry.fields.get(name, "")
    value = re.sub(r"\\([_%&#~$])", r"\1", value)
    return "".join(value.replace("{", "").replace("}", "").split())


def _keywords(value: str) -> list[str]:
    out: list[str] = []
    for word in re.split(r"[;,]", value):
        word = word.strip()
        if word and word.casefold() not in {w.casefold() for w in out}:
            out.append(word)
    return out


@dataclass
class BibPaper:
    """A paper entry being imported: ``data`` for ``paper.yaml``, and its PDF once found."""

    key: str
    id: str
    data: dict[str, Any]
    pages: tuple[int, int] | None
    pdf: Path | None = None


def read_paper(entry: Entry, paper_id: str, order: int, part: str, ctx: Context) -> BibPaper:
    """The ``@inproceedings`` entry as the paper ``paper_id``, ``order``-th in ``part``."""
    key = entry.key
    fields = entry.fields
    data: dict[str, Any] = {"title": ctx.decode(key, "title", fields.get("title", ""))}
    for remark in find_lost_markup(data["title"]):
        ctx.note(key, f"title: {remark}")
    data["authors"] = read_people(entry, "author", ctx, key)
    if not data["authors"]:
        ctx.note(key, "no authors; check will report metadata.no-authors")
    abstract = ctx.decode(key, "abstract", fields.get("abstract", ""), markdown=True)
    if abstract:
        data["abstract"] = abstract
        for remark in find_lost_markup(abstract):
            ctx.note(key, f"abstract: {remark}")
    else:
        ctx.note(
            key,
            "no abstract; check will report metadata.missing-abstract (if this entry is front "
            "matter such as a preface, remove the paper or mark it 'archival: false')",
        )
    keywords = fields.get("keywords") or fields.get("keyword")
    if keywords:
        words = _keywords(ctx.decode(key, "keywords", keywords))
        if words:
            data["keywords"] = words
    data["part"] = part
    data["order"] = order
    doi = bare_doi(_raw(entry, "doi"))
    if doi:
        reason = doi_problem(doi)
        if reason:
            ctx.note(key, f"doi '{doi}' {reason}; not imported")
        else:
            data["doi"] = doi
    links = _links(entry, ctx)
    if links:
        data["links"] = links
    pages = _pages(fields.get("pages"))
    if fields.get("pages") and pages is None:
        ctx.note(key, f"pages '{fields['pages']}' is not a page range; not compared")
    return BibPaper(key, paper_id, data, pages)
