"""An aclpub2 input folder -> an imported volume.

``proceedings import aclpub2 DIR`` reads the folder that the ACL's proceedings builder
(https://github.com/acl-org/aclpub2) takes as input, or a ZIP of it:

- ``conference_details.yml`` gives the volume: ``book_title`` (the title), ``event_name``,
  ``anthology_venue_id`` (the acronym, with the year), ``start_date``/``end_date`` (the event's
  dates and the year), ``location``, ``isbn``, ``publisher`` and ``editors``. The older schema's
  ``name`` and ``abbreviation`` are read too. Options override or fill in.
- ``organizing_committee.yml`` then ``program_committee.yml`` give the committees, in order; a
  member is ``first_name``/``middle_name``/``last_name`` or one ``name``, and ``institution``.
- ``papers.yml`` gives the papers, in its order (one part, ``papers``): the id (zero-padded to
  three digits), ``title`` and ``abstract`` (aclpub2 typesets both with LaTeX, so they are
  decoded from it), ``authors`` (names, ``institution``, ``email``/``emails``, ``orcid``, and
  the OpenReview, Softconf or Semantic Scholar profile that links one person's papers),
  ``archival`` and ``attributes.paper_type`` (the paper's track). The first attachment with a URL
  of each kind ``links`` has becomes a link; the others, and files under ``attachments/``,
  become ``attachments`` (the files copied into the paper's folder). The PDF is
  ``papers/<file>`` (or ``papers/<id>.pdf``), copied; ``--pdfs`` finds the others by name or
  first-page title.
- Without ``papers.yml``, a Softconf/START ``paper-metadata.csv`` (what aclpub2's ``softconf``
  scripts start from) gives the accepted papers instead.

``program.yml`` and ``sponsors.yml`` become ``source/program.yaml`` and ``source/sponsors.yaml``
(:mod:`~proceedings.importers.aclpub2.program`). Prefaces and invited talks are typeset LaTeX
with no place in ``volume.yaml``: each is listed in a note saying where to put it by hand.

Quirks repaired here, each with a note: a misspelt author key (``instituion``), editors with
first and last names swapped (recognised from the committees and authors), titles such as
``President:`` typed into a name, ``NA`` as an institution, ordinals such as ``21th``, and an
author the OpenReview export could not resolve (``~Jane_Doe1``).

This module finds the folder and runs the import; the people are read by
:mod:`~proceedings.importers.aclpub2.people`, the papers by
:mod:`~proceedings.importers.aclpub2.papers` and the volume and committees by
:mod:`~proceedings.importers.aclpub2.volume`, all through the :class:`Folder`, which places
every note and error at its ``file:line``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.importers.aclpub2.papers import (
    PAPERS,
    SOFTCONF,
    Raw,
    attach_pdfs,
    check_papers,
    find_attachments,
    find_pdf,
    read_paper,
    read_papers_yml,
    read_softconf,
)
from proceedings.importers.aclpub2.people import as_text, unswap_editors
from proceedings.importers.aclpub2.program import read_program, read_sponsors
from proceedings.importers.aclpub2.volume import (
    CONFERENCE,
    finish_volume,
    read_committees,
    read_volume,
)
from proceedings.importers.attachments import take_attachments
from proceedings.importers.imported import ImportedVolume, PaperDraft
from proceedings.importers.notes import NoteHere, note_at
from proceedings.importers.skips import Skips
from proceedings.importers.sources import make_id, zero_padded
from proceedings.importers.text import split_name
from proceedings.latex import decode_latex
from proceedings.text import plural
from proceedings.yamlfile import YamlDocument, read_yaml

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions

__all__ = ["Folder", "read", "read_aclpub2"]

Loc = tuple[str | int, ...]


# --- the folder and its files ---------------------------------------------------------------


@dataclass
class Folder:
    """The aclpub2 folder being read: where it is, the notes so far and the errors found.

    Errors are collected rather than raised, so that one run reports every problem of the
    folder (an unparsable committee file and an untitled paper alike). Every part of the
    importer files its notes and errors here, each placed at its ``file:line``.
    """

    root: Path
    display: str
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def shown(self, name: str) -> str:
        """How the file ``name`` of the folder is named in messages."""
        return f"{self.display.rstrip('/')}/{name}"

    def load(
        self, name: str, *, required: bool = False, imported: bool = True
    ) -> YamlDocument | None:
        """The YAML file ``name``; ``None`` when it is absent or empty (errors if
        ``required``) or does not parse (an error naming its line; only a note for a file
        whose content is not ``imported``)."""
        path = self.root / name
        if not path.is_file():
            if required:
                self.errors.append(f"{self.shown(name)}: missing; an aclpub2 folder needs it")
            return None
        document, problems = read_yaml(path, self.shown(name))
        for problem in problems:
            hint = f" {problem.hint}" if problem.hint else ""
            message = f"{problem.location()}: {problem.message}.{hint}"
            (self.errors if imported else self.notes).append(message)
        if problems or document is None:
            return None
        if document.data is None:
            if required:
                self.errors.append(f"{self.shown(name)}: the file is empty")
            return None
        return document

    def at(self, document: YamlDocument, loc: Loc) -> str:
        """``file:line`` of ``loc`` in ``document``."""
        line = document.line(loc)
        return f"{document.display}:{line}" if line else document.display

    def noter(self, where: str) -> NoteHere:
        """A :data:`NoteHere` that files its messages under ``where``."""
        return note_at(self.notes, where)

    def fail(self) -> None:
        """Raise the errors found so far as one message, if there are any."""
        if self.errors:
            count = plural(len(self.errors), "error")
            summary = f"{self.display}: the aclpub2 folder could not be imported: {count}"
            raise ProceedingsError("\n".join([*self.errors, summary]))


def _open(source: Path, options: ImportOptions) -> Folder:
    """The folder to read: ``source``, its ZIP unpacked, or the one folder inside that ZIP."""
    if source.is_file() and source.suffix.lower() in {".yml", ".yaml", ".csv"}:
        raise ProceedingsError(
            f"give the aclpub2 folder ({source.parent}), not one of its files", path=str(source)
        )
    root = options.folder(source)
    if not (root / CONFERENCE).is_file():
        inner = [p for p in root.iterdir() if p.is_dir() and (p / CONFERENCE).is_file()]
        if len(inner) == 1:  # a ZIP of the folder itself
            return Folder(inner[0], f"{source}/{inner[0].name}")
    return Folder(root, str(source))


# --- what is not carried over ---------------------------------------------------------------


INVITED_PART = {"id": "invited", "title": "Invited Talks"}


def _front_matter_notes(folder: Folder) -> None:
    """Say what of the folder is not carried over, and where to put it instead."""
    prefaces = folder.load("prefaces.yml", imported=False)
    if prefaces is not None and isinstance(prefaces.data, list):
        for index, item in enumerate(prefaces.data):
            if not isinstance(item, dict):
                continue
            title, name = as_text(item.get("title")), as_text(item.get("file"))
            found = name and any((folder.root / d / name).is_file() for d in ("prefaces", "."))
            folder.notes.append(
                f"{folder.at(prefaces, (index,))}: preface '{title}' ({name}"
                f"{'' if found else ', not in the folder'}) not carried over: write it as a "
                "MyST page in source/ and list it under pages in volume.yaml"
            )


def _invited_talks(folder: Folder, volume: dict[str, Any], taken: set[str]) -> list[PaperDraft]:
    """``invited_talks.yml`` as invited talks (kind ``invited``) in a part of their own before
    the papers: title, speaker and institution; aclpub2 gives no PDF for a talk (``pdf: null``)
    and its abstract only as a LaTeX file, read when it is in the folder."""
    talks = folder.load("invited_talks.yml", imported=False)
    if talks is None or not isinstance(talks.data, list):
        return []
    drafts: list[PaperDraft] = []
    for index, talk in enumerate(talks.data):
        where = folder.at(talks, (index,))
        title = as_text(talk.get("title")) if isinstance(talk, dict) else ""
        if not isinstance(talk, dict) or not title:
            folder.notes.append(f"{where}: an invited talk without a title: skipped")
            continue
        speaker = split_name(as_text(talk.get("speaker_name")))
        if institution := as_text(talk.get("institution")):
            speaker["affiliations"] = [institution]
        data: dict[str, Any] = {
            "kind": "invited",
            "title": title,
            "authors": [speaker] if speaker.get("family") else [],
            "part": INVITED_PART["id"],
            "order": len(drafts) + 1,
            "pdf": None,
        }
        name = as_text(talk.get("abstract_file"))
        path = folder.root / name if name else None
        if path is not None and path.is_file():
            data["abstract"] = decode_latex(path.read_text(encoding="utf-8", errors="replace")).text
        elif name:
            folder.notes.append(f"{where}: abstract_file {name} is not in the folder")
        drafts.append(
            PaperDraft(
                f"invited-{index + 1}", make_id(f"invited-{index + 1}", taken), data, where=where
            )
        )
    if drafts:
        volume["parts"] = [dict(INVITED_PART), *volume.get("parts", [])]
        folder.notes.append(
            f"{talks.display}: {plural(len(drafts), 'invited talk')} imported as kind 'invited' "
            f"(part '{INVITED_PART['title']}', on the site only until a PDF is added)"
        )
    return drafts


# --- the importer ---------------------------------------------------------------------------


def read_aclpub2(source: Path, options: ImportOptions) -> ImportedVolume:
    """Read an aclpub2 folder (or its ZIP) into an :class:`ImportedVolume`.

    Raises one :class:`ProceedingsError` listing every problem that stops the import: a
    missing, empty or unparsable file (with its line), a paper without id or title, an id used
    twice, a placeholder papers.yml, a required volume value missing (with the option to pass).
    """
    folder = _open(source, options)
    details = folder.load(CONFERENCE, required=True)
    raws: list[Raw] = []
    if (folder.root / PAPERS).is_file() or not (folder.root / SOFTCONF).is_file():
        papers_doc = folder.load(PAPERS, required=True)
        if papers_doc is not None:
            raws = read_papers_yml(folder, papers_doc)
    else:
        raws = read_softconf(folder, folder.root / SOFTCONF)
    volume = read_volume(folder, details)
    committees = read_committees(folder)
    skips = Skips(options.strict, "paper")
    raws = check_papers(folder, raws, skips)
    if volume:  # else conference_details.yml is missing or broken, and an error says so
        finish_volume(folder, volume, options.overrides, raws)
    if options.strict or not raws or folder.errors:  # today's one error, listing them all
        folder.errors.extend(skips.problems)
    folder.fail()
    skips.settle(folder.notes, kept=len(raws), summary="")
    _front_matter_notes(folder)

    taken: set[str] = set()
    ignored: Counter[str] = Counter()
    papers: list[PaperDraft] = []
    for order, raw in enumerate(raws, start=1):
        paper_id = make_id(zero_padded(raw.key), taken)
        data = read_paper(raw, order, folder.notes, ignored)
        pdf = find_pdf(folder.root, raw)
        paper = PaperDraft(raw.key, paper_id, data, pdf=pdf, where=raw.where)
        take_attachments(
            paper,
            find_attachments(folder.root, raw),
            folder.root,
            note_at(folder.notes, f"{raw.where}: paper {raw.key}"),
        )
        papers.append(paper)
    if any(p.id != p.key for p in papers):
        folder.notes.append(
            f"{folder.display}: paper ids are the source's ids as slugs, numbers zero-padded "
            "to three digits (2 -> 002)"
        )
    if ignored:
        listed = ", ".join(f"{k} ({n})" for k, n in sorted(ignored.items()))
        folder.notes.append(f"{folder.display}: paper keys not imported: {listed}")
    unset = sum("archival" not in raw.entry for raw in raws)
    if 0 < unset < len(raws):
        folder.notes.append(
            f"{folder.shown(PAPERS)}: {plural(unset, 'paper')} without 'archival': taken as "
            "archival"
        )
    known = [p for c in committees for p in c["people"]]
    known += [a for p in papers for a in p.data["authors"]]
    unswap_editors(volume["editors"], known, folder.noter(folder.shown(CONFERENCE)))
    attach_pdfs(folder, papers, options)
    program = read_program(folder, {p.key: p.id for p in papers})
    sponsors, logos = read_sponsors(folder)
    papers = _invited_talks(folder, volume, taken) + papers
    return ImportedVolume(
        volume=volume,
        papers=[p.imported(f"{p.where} (paper {p.key})") for p in papers],
        notes=folder.notes,
        origin=folder.display,
        committees=committees,
        program=program,
        sponsors=sponsors,
        files=logos,
    )


def read(source: Path, options: ImportOptions) -> ImportedVolume:
    """The ``aclpub2`` import format: an aclpub2 input folder (or its ZIP)."""
    return read_aclpub2(source, options)
