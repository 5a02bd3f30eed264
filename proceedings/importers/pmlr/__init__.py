"""A PMLR volume's repository -> an imported volume: ``_config.yml`` and ``_posts/*.md``.

PMLR publishes each volume as a Jekyll repository (``github.com/mlresearch/v225``):
``_config.yml`` holds the volume (booktitle, short name, year, volume number, editors as
given/family, the conference's name, place and dates) and each ``_posts/<date>-<id>.md`` a paper
in YAML front matter: ``id`` (``afzal23a``, which names the PDF), ``title`` and ``abstract`` in
Unicode, ``author`` as given/family, ``firstpage``/``lastpage``, ``software``, ``extras``
(supplementary files: each becomes an attachment, the file itself when the repository holds it,
else a link to PMLR's copy). It says everything
the volume's ``.bib`` says, with the ids that join papers to their PDFs, which the ``.bib``'s
keys do not (``groeger23`` is ``groger23a.pdf``), and with less LaTeX to decode: only the debris
PMLR's rendering leaves (``{’}``, ``{\\}%``), decoded by :func:`~proceedings.latex.decode_debris`.

A folder (or ZIP) without ``_config.yml`` that holds one ``.bib`` is read as what the volume's
editors send PMLR before it makes that repository (PMLR's Proceedings Specification: the
volume's BibTeX with ``<key>.pdf`` beside it): the ``bibtex`` import, PDFs from the folder.

``proceedings import pmlr DIR|ZIP`` reads it: papers in page order, ids from PMLR's, pages kept
to compare with the PDFs. PDFs come from ``--pdfs`` or from beside the posts, as the repository
keeps them (``<id>/<id>.pdf``, or a ``pdfs/`` folder), by file name, else by first-page title.
PMLR's own site is not the volume's: ``url`` is set only by ``--url``.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.importers.attachments import Found, take_attachments
from proceedings.importers.bibtex import read_bibtex
from proceedings.importers.imported import DEFAULT_PART, ImportedVolume, PaperDraft
from proceedings.importers.kinds import editors_from_preface, guess_kind
from proceedings.importers.notes import Context
from proceedings.importers.pdfs import compare_pages, find_pdfs
from proceedings.importers.skips import Skips
from proceedings.importers.sources import apply_overrides, make_id
from proceedings.importers.text import clean_text, is_group
from proceedings.latex import decode_debris, find_lost_markup
from proceedings.limits import RefusedFile, read_regular
from proceedings.text import plural
from proceedings.yamlfile import parse_yaml

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions

__all__ = ["read"]

CONFIG = "_config.yml"
POSTS = "_posts"


def _load(path: Path, text: str, what: str) -> dict[str, Any]:
    """YAML within the limits on nesting and aliases (dates stay text, which :func:`_iso`
    reads); one error naming the line."""
    document, problems = parse_yaml(text, path, str(path))
    if document is None or problems:
        problem = problems[0]
        line = f":{problem.line}" if problem.line else ""
        raise ProceedingsError(f"{path}{line}: the {what} is not valid YAML ({problem.message})")
    if not isinstance(document.data, dict):
        raise ProceedingsError(f"{path}: the {what} is not a YAML mapping")
    return document.data


def _text(path: Path) -> str:
    """A file of the repository as UTF-8 text, within the limit on YAML files."""
    try:
        return read_regular(path, "yaml_bytes").decode("utf-8")
    except RefusedFile as exc:
        raise ProceedingsError(exc.reason, path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProceedingsError(f"cannot be read as UTF-8 text ({exc})", path=str(path)) from None


def _front_matter(path: Path) -> dict[str, Any]:
    text = _text(path)
    parts = text.split("---", 2)
    if not text.startswith("---") or len(parts) < 3:
        raise ProceedingsError("has no YAML front matter between '---' lines", path=str(path))
    return _load(path, parts[1], "front matter")


def _iso(value: Any) -> str | None:
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = clean_text(value)
    return text or None


def _person(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not clean_text(value.get("family")):
        raise ProceedingsError(f"{where}: a person without a family name: {value!r}")
    family, given = clean_text(value["family"]), clean_text(value.get("given"))
    if given and is_group(given, family):  # PMLR inverts "Labelling Consortium" as a person's
        return {"family": f"{given} {family}", "mononym": True}
    return {"given": given, "family": family} if given else {"family": family}


def _volume(config: dict[str, Any], where: str) -> dict[str, Any]:
    year = clean_text(config.get("year"))
    short = clean_text(config.get("shortname"))
    found = config.get("conference")
    conference: dict[str, Any] = found if isinstance(found, dict) else {}
    dates = [d for d in conference.get("dates") or () if isinstance(d, datetime.date)]
    start = _iso(config.get("start")) or (dates[0].isoformat() if dates else None)
    end = _iso(config.get("end")) or (dates[-1].isoformat() if dates else None)
    event = {
        "name": clean_text(conference.get("name")) or clean_text(config.get("booktitle")),
        "short_name": f"{short} {year}".strip() or None,
        "place": clean_text(conference.get("location")) or None,
        "start": start,
        "end": end,
    }
    series = {
        "name": clean_text(config.get("series")) or "Proceedings of Machine Learning Research",
        "short_name": "PMLR",
        "volume": int(config["volume"]) if str(config.get("volume", "")).isdigit() else None,
        "issn": clean_text(config.get("issn")) or None,
    }
    volume: dict[str, Any] = {
        "title": clean_text(config.get("booktitle")) or clean_text(config.get("title")),
        "acronym": f"{short} {year}".strip(),
        "year": int(year) if year.isdigit() else None,
        "event": {k: v for k, v in event.items() if v},
        "series": {k: v for k, v in series.items() if v},
        "publisher": {"name": clean_text(config.get("publisher")) or "PMLR"},
        "licence": None,
        "editors": [
            _person(e, f"{where}: editor {n}") for n, e in enumerate(config.get("editor") or (), 1)
        ],
        "parts": [dict(DEFAULT_PART)],
    }
    return {k: v for k, v in volume.items() if v not in (None, "", {}, [])}


def _pages(post: dict[str, Any]) -> tuple[int, int] | None:
    first, last = post.get("firstpage"), post.get("lastpage")
    if isinstance(first, int) and isinstance(last, int) and 0 < first <= last:
        return first, last
    return None


def _clean(value: Any, where: str, what: str, notes: list[str], *, markdown: bool = False) -> str:
    """A post's text, with the LaTeX debris PMLR leaves (``{’}``, ``{\\}%``) decoded where it
    has one reading; what has none is kept and noted."""
    decoded = decode_debris(clean_text(value, markdown=markdown), markdown=markdown)
    notes.extend(f"{where}: {what}: {remark}" for remark in decoded.remarks)
    return decoded.text


def _paper(
    path: Path,
    post: dict[str, Any],
    order: int,
    taken: set[str],
    notes: list[str],
    volume: dict[str, Any],
) -> PaperDraft:
    key = clean_text(post.get("id")) or path.stem.split("-", 3)[-1]
    where = f"{path.parent.name}/{path.name}"
    title = _clean(post.get("title"), where, "title", notes)
    if not title:
        raise ProceedingsError(f"{where}: paper {key} has no title; add 'title:' to its post")
    authors = [
        _person(a, f"{where}: author {n}") for n, a in enumerate(post.get("author") or (), 1)
    ]
    if not authors:
        raise ProceedingsError(f"{where}: paper {key} has no authors ('author:' list)")
    data: dict[str, Any] = {"title": title, "authors": authors}
    abstract = _clean(post.get("abstract"), where, "abstract", notes, markdown=True)
    kind, why = guess_kind(
        title,
        abstract=abstract,
        authors=authors,
        section=clean_text(post.get("section")),
        volume_titles=[volume.get("title", ""), volume.get("event", {}).get("name", "")],
        editors=volume.get("editors", ()),
    )
    if kind != "paper":
        data = {"kind": kind, **data}
        notes.append(f"{where}: {key} is read as kind '{kind}' ({why})")
    if abstract:
        data["abstract"] = abstract
        notes.extend(f"{where}: abstract: {remark}" for remark in find_lost_markup(abstract))
    elif kind == "paper":
        notes.append(
            f"{where}: paper {key} has no abstract; check will report metadata.missing-abstract"
        )
    data["part"] = DEFAULT_PART["id"]
    data["order"] = order
    if software := clean_text(post.get("software")):
        data["links"] = {"code": software}
    paper_id = make_id(key, taken)
    return PaperDraft(key, paper_id, data, _pages(post), origin=f"{where} ({key})")


def _extras(folder: Path, paper: PaperDraft, post: dict[str, Any], notes: list[str]) -> None:
    """PMLR's ``extras`` (``{label: Supplementary PDF, link: .../<id>/<id>-supp.pdf}``) as
    attachments: the file itself where the repository keeps it (``<id>/<name>``, or beside
    the PDFs in ``pdfs/``), else the link to PMLR's copy."""
    found = []
    extras = post.get("extras")
    for n, extra in enumerate(extras if isinstance(extras, list) else [], 1):
        if not isinstance(extra, dict):
            continue
        label, link = clean_text(extra.get("label")), clean_text(extra.get("link"))
        if not link:
            notes.append(f"{paper.where}: extras[{n}] has no link; not imported")
            continue
        kind = _EXTRA_KINDS.get(label.lower())
        name = link.rstrip("/").rsplit("/", 1)[-1]
        files = (folder / paper.key / name, folder / "pdfs" / name)
        local = next((f for f in files if "." in name and f.is_file()), None)
        label = "" if kind and label.lower() == _EXTRA_LABEL.get(kind) else label
        if local is not None:
            found.append(Found(f"{label or name}", file=local, kind=kind, label=label or None))
        else:
            found.append(Found(f"{label or link}", url=link, kind=kind, label=label or None))
    take_attachments(paper, found, folder, lambda text: notes.append(f"{paper.where}: {text}"))


# PMLR's labels of extras, as kinds of attachment (PMLR's default label is the kind's own).
_EXTRA_KINDS = {
    "supplementary pdf": "supplement",
    "supplementary material": "supplement",
    "supplementary zip": "other",
    "code": "code",
    "software": "code",
    "video": "video",
    "slides": "slides",
    "poster": "poster",
}
_EXTRA_LABEL = {"supplement": "supplementary pdf", "code": "code", "video": "video"}


def _beside(folder: Path, papers: list[PaperDraft]) -> None:
    """PDFs where the repository keeps them: ``<id>/<id>.pdf``, or in a ``pdfs/`` folder."""
    for paper in papers:
        for candidate in (
            folder / paper.key / f"{paper.key}.pdf",
            folder / "pdfs" / f"{paper.key}.pdf",
        ):
            if candidate.is_file():
                paper.pdf = candidate
                break


def read(source: Path, options: ImportOptions) -> ImportedVolume:
    """The ``pmlr`` import format: a PMLR volume repository (folder or ZIP)."""
    folder = options.folder(source)
    entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    if not (folder / CONFIG).is_file() and len(entries) == 1 and entries[0].is_dir():
        folder = entries[0]  # a ZIP of the repository holds its folder
    config_path = folder / CONFIG
    bibs = sorted(p for p in folder.glob("*.bib") if p.is_file())
    if not config_path.is_file() and len(bibs) == 1:  # what the editors send PMLR
        return read_bibtex(
            bibs[0], options.pdfs or folder, strict=options.strict, **options.overrides
        )
    if not config_path.is_file():
        raise ProceedingsError(
            f"no {CONFIG}: give the folder of a PMLR volume repository (mlresearch/vNNN)",
            path=str(source),
        )
    config = _load(config_path, _text(config_path), "volume configuration")
    posts = sorted((folder / POSTS).glob("*.md"))
    if not posts:
        raise ProceedingsError(f"no papers: {POSTS}/ has no .md posts", path=str(folder))
    notes: list[str] = []
    taken: set[str] = set()
    skips = Skips(options.strict, "post")
    loaded = []
    for path in posts:
        try:
            loaded.append((path, _front_matter(path)))
        except ProceedingsError as error:
            skips.add(f"{POSTS}/{path.name}", [error.format_message()])
    loaded.sort(key=lambda item: (_pages(item[1]) or (10**9, 0), item[0].name))
    volume = _volume(config, CONFIG)
    apply_overrides(volume, options.overrides)
    papers: list[PaperDraft] = []
    for path, post in loaded:
        try:
            paper = _paper(path, post, len(papers) + 1, taken, notes, volume)
        except ProceedingsError as error:
            skips.add(f"{POSTS}/{path.name}", [error.format_message()])
            continue
        paper.where = f"{POSTS}/{path.name}"
        _extras(folder, paper, post, notes)
        papers.append(paper)
    skips.settle(
        notes,
        kept=len(papers),
        summary=f"{folder}: {plural(len(skips.records), 'post')} cannot be imported; nothing "
        "was imported",
    )
    editors_from_preface(volume, papers, notes, CONFIG)

    note = Context(
        str(folder), notes=notes, places={p.key: f"{POSTS}/{p.key}" for p in papers}
    ).note
    _beside(folder, papers)
    if options.pdfs is not None:
        find_pdfs(papers, options.pdfs, note)
    elif any(p.pdf is None for p in papers) and (folder / "pdfs").is_dir():
        find_pdfs(papers, folder / "pdfs", note)
    missing = [p.id for p in papers if p.pdf is None]
    if missing:
        notes.append(f"{folder}: no PDF for {plural(len(missing), 'paper')}; add them with --pdfs")
    compare_pages(papers, note)
    if "url" not in volume:
        notes.append(f"{CONFIG}: PMLR's site is not this volume's; give --url for yours")
    notes.append(
        f"{POSTS}/: PMLR has no affiliations or keywords: check warns once for the volume "
        "(people.missing-affiliation, metadata.missing-keywords) until they are added"
    )
    return ImportedVolume(
        volume,
        [p.imported(p.origin) for p in papers],
        notes,
        origin=str(source),
    )
