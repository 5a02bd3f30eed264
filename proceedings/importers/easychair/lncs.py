"""EasyChair's LNCS proceedings export -> papers, with their PDFs, pages and abstracts.

The piece of the EasyChair importer (:mod:`proceedings.importers.easychair`) that reads the
"LNCS proceedings" ZIP. It holds one folder per paper, named ``VVVVPPPP``: the LNCS volume and
the paper's first page (Springer's naming, as ceur-make documents it), *not* its submission
number. Each folder has a ``README_EASYCHAIR``::

    LNCS Volume: 9999
    Paper: <title>
    Pages: 11-23
    Command to create document: pdflatex main.tex
    ----------------------------------------------------------------
    Authors first and last names as stored in EasyChair (...)
    in the form first name | last name:

    Koen | Claessen
    ----------------------------------------------------------------

(often without a final newline), the camera-ready PDF (``VVVVPPPP.pdf``) and, usually, the
LaTeX sources. The file has no abstract, affiliation or e-mail: the abstract is read from the
LaTeX source the build command names, else from the PDF's first page, and a note asks the
organizer to compare it with the paper. Volume ``9999`` is EasyChair's placeholder for a volume
Springer has not numbered yet, so it names no series.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proceedings.errors import ProceedingsError
from proceedings.importers.imported import PaperDraft
from proceedings.importers.skips import Skips
from proceedings.importers.sources import read_bytes, zero_padded
from proceedings.importers.text import clean_text
from proceedings.importers.titles import TITLE_RATIO, title_score
from proceedings.pdfinfo import inspect_pdf
from proceedings.text import join_ids, plural

__all__ = ["README", "LncsExport", "pdf_abstract", "read_lncs"]

README = "README_EASYCHAIR"
PLACEHOLDER_VOLUME = "9999"
_KNOWN = {"LNCS Volume", "Paper", "Pages", "Command to create document"}
_RULE = re.compile(r"^-{3,}\s*$")
_PAGES = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")
# The first page of a paper: an "Abstract" heading (alone, or "Abstract." before the text) and
# what ends the abstract (keywords, or the first numbered section).
_ABSTRACT_HEAD = re.compile(r"^Abstract(?:\s*[.:—–-]\s*|\s*$)", re.IGNORECASE)
_ABSTRACT_END = re.compile(r"^(?:Keywords?\b|Key [Ww]ords\b|Index Terms\b|(?:1\.?|I\.)\s+[A-Z])")
_LATEX_ABSTRACT = re.compile(r"\\begin\{abstract\}(.*?)\\end\{abstract\}", re.DOTALL)
_LATEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
# pdfTeX's accents come out of text extraction as a spacing mark before the letter: "Universit´e".
_SPACING_ACCENTS = {
    "\u00b4": "\u0301",  # acute
    "\u00a8": "\u0308",  # diaeresis
    "\u02c6": "\u0302",  # circumflex
    "\u02dc": "\u0303",  # tilde
    "\u02da": "\u030a",  # ring
}
_SPACED_ACCENT = re.compile(f"([{''.join(_SPACING_ACCENTS)}])\\s?([A-Za-z])")
_LIGATURES = re.compile("[\ufb00-\ufb06]")


@dataclass
class LncsExport:
    """What the export gives: the papers in volume order, volume keys and notes."""

    papers: list[PaperDraft]
    volume: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def _read_readme(path: Path, where: str) -> tuple[dict[str, str], list[str]]:
    """The header fields (``Paper``, ``Pages``...) and the author lines of a README."""
    try:
        text = read_bytes(path, where).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProceedingsError(
            "the file is not UTF-8; export the proceedings from EasyChair again", path=where
        ) from None
    fields: dict[str, str] = {}
    authors: list[str] = []
    rules = 0
    for line in text.splitlines():
        if _RULE.match(line):
            rules += 1
        elif rules == 0 and ":" in line:
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
        elif rules == 1 and "|" in line and not line.rstrip().endswith(":"):
            authors.append(line)  # the explanation's "first name | last name:" ends in ':'
    return fields, authors


def _person(line: str, where: str, notes: list[str]) -> dict[str, Any] | None:
    """``First | Last`` as a ``paper.yaml`` person; the split EasyChair stored is kept."""
    given, _, family = (clean_text(part) for part in line.partition("|"))
    if not family:
        given, family = "", given
    if not family:
        notes.append(f"{where}: an author line '{line.strip()}' has no name; skipped")
        return None
    if not given:
        notes.append(f"{where}: author '{family}' has a single name; imported as a mononym")
        return {"family": family, "mononym": True}
    return {"given": given, "family": family}


def _pdf_of(folder: Path, fields: dict[str, str]) -> Path | None:
    """The camera-ready PDF: ``VVVVPPPP.pdf``, else the build's output, else the only PDF."""
    named = folder / f"{folder.name}.pdf"
    if named.is_file():
        return named
    tex = _tex_of(folder, fields)
    if tex is not None and tex.with_suffix(".pdf").is_file():
        return tex.with_suffix(".pdf")
    pdfs = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf"]
    return pdfs[0] if len(pdfs) == 1 else None


def _tex_of(folder: Path, fields: dict[str, str]) -> Path | None:
    """The main LaTeX file the README's build command names (``pdflatex main.tex``)."""
    words = fields.get("Command to create document", "").split()
    name = words[-1] if words else ""
    if not name:
        return None
    path = folder / (name if name.endswith(".tex") else f"{name}.tex")
    return path if path.is_file() else None


def _latex_abstract(tex: Path) -> str:
    """The ``abstract`` environment of the paper's LaTeX source, decoded; "" without one."""
    data = read_bytes(tex, tex.name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # sources older than LaTeX's UTF-8 default: inputenc latin1
        text = data.decode("latin-1")
    match = _LATEX_ABSTRACT.search(_LATEX_COMMENT.sub("", text))
    return clean_text(match.group(1), latex=True, markdown=True) if match else ""


def _repair_extracted(text: str) -> str:
    """Mend what text extraction does to typeset text: ligatures and detached accents."""
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return _SPACED_ACCENT.sub(lambda m: m.group(2) + _SPACING_ACCENTS[m.group(1)], text)


def pdf_abstract(lines: tuple[str, ...] | list[str]) -> str:
    """The abstract on a first page: from an "Abstract" heading to the keywords or section 1.

    Words hyphenated across lines are joined. "" when no heading is found, or nothing ends the
    abstract within the lines given (better no abstract than half a page of body text).
    """
    start = next((i for i, line in enumerate(lines) if _ABSTRACT_HEAD.match(line)), None)
    if start is None:
        return ""
    body = [_ABSTRACT_HEAD.sub("", lines[start], count=1)]
    for line in lines[start + 1 :]:
        if _ABSTRACT_END.match(line):
            break
        body.append(line)
    else:
        return ""
    text = ""
    for line in filter(None, (line.strip() for line in body)):
        if re.search(r"[^\W\d_]-$", text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return clean_text(_repair_extracted(text))


def _volume(numbers: dict[str, list[str]], where: str, notes: list[str]) -> dict[str, Any]:
    """The series the README's ``LNCS Volume`` gives, unless it is EasyChair's placeholder."""
    if not numbers:
        return {}
    if len(numbers) > 1:
        listed = "; ".join(f"{n} ({join_ids(keys)})" for n, keys in sorted(numbers.items()))
        notes.append(f"{where}: the papers name different LNCS volumes: {listed}; none kept")
        return {}
    number = next(iter(numbers))
    if number == PLACEHOLDER_VOLUME:
        notes.append(
            f"{where}: LNCS volume {number} is EasyChair's placeholder for an unnumbered volume; "
            "no series set (add series to volume.yaml if the volume has one)"
        )
        return {}
    series = {"name": "Lecture Notes in Computer Science", "short_name": "LNCS"}
    return {"series": {**series, "volume": number}}


def read_lncs(readmes: list[Path], root: Path, display: str, *, strict: bool = False) -> LncsExport:
    """The export whose paper folders hold ``readmes``, ``root`` being the export's folder.

    Papers come in volume order (by first page) and are numbered ``001``, ``002``... in that
    order, since the export carries no submission numbers. A README without a title is skipped
    with a note; with ``strict`` (or when no paper has one) :class:`ProceedingsError` names
    every such README.
    """
    notes: list[str] = []
    papers: list[PaperDraft] = []
    untitled: list[str] = []
    volumes: dict[str, list[str]] = {}
    ignored: set[str] = set()
    from_tex: list[str] = []
    for readme in readmes:
        folder = readme.parent
        where = f"{display}/{readme.relative_to(root).as_posix()}"
        fields, lines = _read_readme(readme, where)
        title = clean_text(fields.get("Paper", ""))
        if not title:
            untitled.append(f"{where}: no 'Paper:' line with the title; export it again")
            continue
        if fields.get("LNCS Volume"):
            volumes.setdefault(fields["LNCS Volume"], []).append(folder.name)
        ignored.update(set(fields) - _KNOWN)
        authors = [a for a in (_person(line, where, notes) for line in lines) if a]
        if not authors:
            notes.append(f"{where}: no authors; check will report metadata.no-authors")
        pages = None
        match = _PAGES.match(fields.get("Pages", ""))
        if match and int(match.group(1)) <= int(match.group(2)):
            pages = (int(match.group(1)), int(match.group(2)))
        elif fields.get("Pages"):
            notes.append(f"{where}: pages '{fields['Pages']}' is not a page range; not compared")
        data: dict[str, Any] = {"title": title, "authors": authors}
        paper = PaperDraft(folder.name, "", data, pages, _pdf_of(folder, fields), where=where)
        if paper.pdf is None:
            found = sorted(p.name for p in folder.iterdir() if p.suffix.lower() == ".pdf")
            which = f" ({', '.join(found)}: which one is the paper?)" if found else ""
            notes.append(
                f"{where}: no {folder.name}.pdf in the folder{which}; check will report pdf.missing"
            )
        tex = _tex_of(folder, fields)
        abstract = _latex_abstract(tex) if tex is not None else ""
        if abstract:
            data["abstract"] = abstract
            from_tex.append(folder.name)
        papers.append(paper)
    skips = Skips(strict, "paper")
    for problem in untitled:
        skips.add(problem.partition(": no 'Paper:'")[0], [problem])
    skips.settle(
        notes,
        kept=len(papers),
        summary=f"{display}: {plural(len(untitled), 'paper')} without a title",
    )
    papers.sort(key=lambda p: (p.pages or (float("inf"),), p.key))
    for number, paper in enumerate(papers, start=1):
        paper.id = zero_padded(number)
    if from_tex:
        notes.append(
            f"{display}: abstracts of {plural(len(from_tex), 'paper')} read from their LaTeX "
            f"sources ({join_ids(from_tex)})"
        )
    if ignored:
        notes.append(
            f"{display}: README_EASYCHAIR fields not imported: {', '.join(sorted(ignored))}"
        )
    _read_pdfs(papers, display, notes)
    notes.append(
        f"{display}: an LNCS export names folders by volume and first page (VVVVPPPP), not by "
        f"submission: papers are numbered in volume order ({', '.join(p.id for p in papers)})"
    )
    notes.append(
        f"{display}: README_EASYCHAIR has no affiliations or e-mails: check warns "
        "(people.missing-affiliation) until they are added"
    )
    stray = sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.suffix.lower() == ".pdf"
        and path.is_file()
        and not any(
            (parent / README).is_file() for parent in path.parents if parent.is_relative_to(root)
        )
    )
    if stray:
        notes.append(
            f"{display}: {plural(len(stray), 'PDF')} outside the paper folders matched no paper "
            f"(copyright forms?): {join_ids(stray)}"
        )
    return LncsExport(papers, _volume(volumes, display, notes), notes)


def _read_pdfs(papers: list[PaperDraft], display: str, notes: list[str]) -> None:
    """Note missing PDFs and titles the PDF does not show; fill abstracts from first pages."""
    from_pdf = []
    for paper in papers:
        if paper.pdf is None:
            continue
        facts = inspect_pdf(paper.pdf)
        if facts.error:
            notes.append(f"{paper.where}: {paper.pdf.name} cannot be read ({facts.error})")
            continue
        lines = facts.first_page_lines
        if title_score(paper.data["title"], lines) < TITLE_RATIO:
            notes.append(
                f"{paper.where}: the title is not on the first page of {paper.pdf.name} (the "
                "paper prints another one?); check will warn pdf.title-mismatch"
            )
        if not paper.data.get("abstract"):
            abstract = pdf_abstract(lines)
            if abstract:
                paper.data["abstract"] = abstract
                from_pdf.append(paper.id)
    if from_pdf:
        notes.append(
            f"{display}: abstracts of {plural(len(from_pdf), 'paper')} ({join_ids(from_pdf)}) "
            "read from the first page of their PDFs: compare them with the papers"
        )
    for paper in papers:
        if not paper.data.get("abstract"):
            paper.data.pop("abstract", None)
            notes.append(f"{paper.where}: no abstract; check will report metadata.missing-abstract")
