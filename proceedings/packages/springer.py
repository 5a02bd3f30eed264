"""Volume + the build -> what a Springer volume editor sends to Springer (LNCS, CCIS...).

Springer's guidelines for the editors of proceedings (the README's "Publishers' packages"
cites them) ask for: every paper's final PDF, its source files (LaTeX or Word) and the
licence-to-publish form its authors signed, in the volume's order; the front matter (preface,
organization, contents) as source and PDF; and the list of the corresponding authors with their
e-mails, from which Springer's production sends the proofs. The package::

    papers.csv                  chapter, folder, id, title, authors, pages, corresponding
                                author and e-mail, expected DOI, files: one row per paper
    frontmatter/frontmatter.pdf the volume's Roman pages, as the build typeset them
    frontmatter/pages/NN-*.md   their source: the hand-written pages as written, in order,
    frontmatter/*.md            and the Organization and Contents made from the model
    frontmatter/frontmatter.tex the same as LaTeX for Springer's llncs class, in one file:
                                the pages converted from MyST, Organization and Contents
    frontmatter/images/         the pictures the pages show, named for the .tex
    frontmatter/<id>.pdf        a preface or other front-matter item given as a PDF
    VVVVPPPP/                   one folder per paper, named by the series volume and the
                                paper's first page (Springer's naming: EasyChair's LNCS export
                                writes the same), holding
        VVVVPPPP.pdf            the camera-ready PDF as the authors made it (Springer sets
                                the page numbers and running heads itself)
        VVVVPPPP_sources.<ext>  the source files (``sources:`` in paper.yaml)
        VVVVPPPP_licence.<ext>  the signed licence form (``agreement:``)
        README_EASYCHAIR        volume, title, pages and authors, in the form EasyChair's
                                LNCS export gives Springer (and our EasyChair importer reads)

What the package would lack is a problem of :mod:`proceedings.checks.springer`, which stops
the package; the writer copies what is there.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from proceedings.latex.encode import escape
from proceedings.latex.myst import myst_to_latex
from proceedings.layout import Layout
from proceedings.model import Paper, Volume
from proceedings.packages import PackageSource
from proceedings.packages.files import copy_file, front_matter_pdf, one_line, write_file
from proceedings.publishers import expected_springer_dois, registered_doi, springer_chapters

PLACEHOLDER_VOLUME = "9999"
"""The volume number of a volume Springer has not numbered yet (EasyChair's placeholder)."""
README = "README_EASYCHAIR"
_RULE = "-" * 64
COLUMNS = (
    "chapter",
    "folder",
    "paper",
    "title",
    "authors",
    "pages",
    "corresponding_author",
    "corresponding_email",
    "doi",
    "expected_doi",
    "pdf",
    "sources",
    "licence_form",
)
"""The columns of ``papers.csv``: ``doi`` is a registered DOI (the version of record's, or the
paper's own), ``expected_doi`` Springer's scheme where none is registered yet."""


def write_springer(source: PackageSource, folder: Path) -> list[Path]:
    """Write the Springer package of the volume into ``folder``; return the files written."""
    volume, layout = source.volume, source.layout
    number = _volume_number(volume)
    dois = expected_springer_dois(volume)
    written: list[Path] = []
    rows: list[dict[str, str]] = []
    for chapter, paper in enumerate(springer_chapters(volume), 1):
        pages = layout.of(paper.id)
        name = f"{number}{pages.first:04d}"
        files = _paper_files(paper, name)
        for target, path in files.values():
            written.append(copy_file(path, folder / name / target))
        written.append(
            write_file(folder / name / README, _readme(number, paper, pages.first, pages.last))
        )
        contact = next((a for a in paper.info.authors if a.corresponding and a.email), None)
        rows.append(
            {
                "chapter": str(chapter),
                "folder": name,
                "paper": paper.id,
                "title": one_line(paper.info.title),
                "authors": "; ".join(a.name.full for a in paper.info.authors),
                "pages": f"{pages.first}-{pages.last}",
                "corresponding_author": contact.name.full if contact else "",
                "corresponding_email": contact.email or "" if contact else "",
                "doi": registered_doi(volume, paper) or "",
                "expected_doi": dois.get(paper.id, ""),
                "sources": "",
                "licence_form": "",
                **{key: f"{name}/{target}" for key, (target, _) in files.items()},
            }
        )
    written.append(write_file(folder / "papers.csv", _csv(rows)))
    written += _front_matter(source, folder / "frontmatter")
    return sorted(written)


def _volume_number(volume: Volume) -> str:
    """The series volume as the folder names carry it: its digits, at least four
    (``0003``), or ``9999`` while Springer has not numbered it. Only digits: the number names
    folders and a README line, and ``series.volume`` is free text."""
    given = volume.info.series.volume if volume.info.series else None
    digits = "".join(c for c in given or "" if c.isascii() and c.isdigit())
    return digits.zfill(4) if digits else PLACEHOLDER_VOLUME


def _paper_files(paper: Paper, name: str) -> dict[str, tuple[str, Path]]:
    """The files of one paper's folder by ``papers.csv`` column: the name each gets in the
    package and the project's file. The sources and the signed form are there when
    ``paper.yaml`` names them and they are regular files; the check reports the rest."""
    files = {"pdf": (f"{name}.pdf", paper.pdf_path)}
    for key, label, name_ in (
        ("sources", "sources", paper.info.sources),
        ("licence_form", "licence", paper.info.agreement),
    ):
        path = paper.file_path(name_)
        if path is not None and path.is_file():
            tar = path.name.lower().endswith((".tar.gz", ".tar.bz2", ".tar.xz"))
            suffix = "".join(path.suffixes[-2:]) if tar else path.suffix
            files[key] = (f"{name}_{label}{suffix.lower()}", path)
    return files


def _readme(number: str, paper: Paper, first: int, last: int) -> str:
    """The paper's README in the form of EasyChair's LNCS export: header, then the authors as
    ``given | family`` between two rules."""
    authors = [one_line(f"{'' if a.mononym else a.given} | {a.family}") for a in paper.info.authors]
    return "\n".join(
        [
            f"LNCS Volume: {number}",
            f"Paper: {one_line(paper.info.title)}",
            f"Pages: {first}-{last}",
            _RULE,
            "Authors first and last names in the form first name | last name:",
            "",
            *authors,
            _RULE,
            "",
        ]
    )


# A cell that starts with one of these is a formula to a spreadsheet: a title typed into a
# review system as "=HYPERLINK(...)" must stay text when the editor opens the list.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A value as a spreadsheet shows it: text, never a formula (a leading quote, as OWASP's
    advice on CSV injection has it)."""
    return "'" + value if value.startswith(_FORMULA) else value


def _csv(rows: list[dict[str, str]]) -> str:
    """``papers.csv``: UTF-8 with a BOM (so that Excel reads the accents), CRLF line ends, no
    cell a spreadsheet would run as a formula."""
    rows = [{key: _cell(value) for key, value in row.items()} for row in rows]
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=COLUMNS, lineterminator="\r\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


# --- front matter -----------------------------------------------------------------------------


def _front_matter(source: PackageSource, folder: Path) -> list[Path]:
    """The front matter as PDF (the volume's leading Roman pages) and as editable source."""
    volume = source.volume
    written = [
        write_file(
            folder / "frontmatter.pdf", front_matter_pdf(source.build.volume_pdf(volume.info.slug))
        )
    ]
    # The hand-written pages in their order; by their own name only, so that a page named
    # through a folder ('notes/../preface.md') never writes outside the package.
    for number, name in enumerate(volume.info.pages, 1):
        target = folder / "pages" / f"{number:02d}-{Path(name).name}"
        written.append(copy_file(volume.root / "source" / name, target))
    # A preface or other front-matter item given as a PDF: front matter for Springer, not a
    # chapter (publishers.springer_chapters).
    chapters = {p.id for p in springer_chapters(volume)}
    for paper in volume.archival_papers:
        if paper.id not in chapters:
            written.append(copy_file(paper.pdf_path, folder / f"{paper.id}.pdf"))
    if volume.committees:
        written.append(write_file(folder / "organization.md", _organization(volume)))
    written.append(write_file(folder / "contents.md", _contents(source)))
    tex, images = front_matter_tex(source.volume, source.layout)
    for packaged, image in images.items():
        written.append(copy_file(image, folder / packaged))
    written.append(write_file(folder / "frontmatter.tex", tex))
    return written


def _organization(volume: Volume) -> str:
    """Organization, in Markdown: each committee and its members with their institutions."""
    lines = ["# Organization", ""]
    for committee in volume.committees:
        lines += [f"## {committee.role}", ""]
        for person in committee.people:
            where = "; ".join(
                ", ".join(p for p in (a.institution, a.country) if p) for a in person.affiliations
            )
            lines.append(f"- {person.name.full}" + (f", {where}" if where else ""))
        lines.append("")
    return "\n".join(lines)


def _contents(source: PackageSource) -> str:
    """Contents, in Markdown: the parts in order, each paper with its authors and first page."""
    volume, layout = source.volume, source.layout
    lines = ["# Contents", ""]
    for part in volume.info.parts:
        papers = [p for p in volume.papers_in(part) if p.in_volume]
        if not papers:
            continue
        lines += [f"## {one_line(part.title)}", ""]
        for paper in papers:
            authors = ", ".join(a.name.full for a in paper.info.authors)
            lines.append(f"- {one_line(paper.info.title)} ... {layout.of(paper.id).first}")
            if authors:
                lines.append(f"  *{authors}*")
        lines.append("")
    return "\n".join(lines)


# --- front matter as LaTeX --------------------------------------------------------------------

_IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".pdf"})
"""What ``\\includegraphics`` reads under pdflatex and lualatex alike."""

_PREAMBLE = r"""% The front matter of a proceedings volume, for Springer's llncs class: the
% hand-written pages (from the project's MyST sources), Organization and Contents (its model).
% Written by proceedings; edit freely. Build: pdflatex or lualatex, twice (for footnotes).
\documentclass{llncs}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{graphicx}
\usepackage[hidelinks]{hyperref}
% A paper in Contents: {title}{authors}{first page}. The title leaves the page number's
% width free on every line, its dot leaders run to the number; the authors follow, indented;
% no page breaks inside an entry.
\newcommand{\volumepaper}[3]{\par\addvspace{3pt}%
  {\interlinepenalty 10000\rightskip 2.5em plus 1fil\parfillskip -\rightskip
  \noindent #1\nobreak\dotfill\nobreak\makebox[2.5em][r]{#3}\par}%
  \nopagebreak{\interlinepenalty 10000\leftskip 1.5em\rightskip 2.5em plus 1fil%
  \noindent\textit{#2}\par}}
\begin{document}
\frontmatter
\pagestyle{headings}
"""


def front_matter_tex(volume: Volume, layout: Layout) -> tuple[str, dict[str, Path]]:
    """``frontmatter.tex`` and the images it shows (package path -> project file).

    One file rather than one per page and a main file: Springer's production compiles it as it
    comes, and llncs numbers and heads the pages of one document; each page starts at a
    ``% source/...`` comment, so an editor finds it. Every text from the pages and the model is
    escaped (:mod:`proceedings.latex.myst`); the images get package names of their own
    (``images/01-1.png``), so no name an author chose reaches ``\\includegraphics``."""
    parts = [_PREAMBLE]
    images: dict[str, Path] = {}
    base = (volume.root / "source").resolve()
    for number, name in enumerate(volume.info.pages, 1):
        page = volume.root / "source" / name

        def resolve(uri: str, page: Path = page, number: int = number) -> str | None:
            if not uri or urlsplit(uri).scheme:
                return None  # on the web: its alt text is printed
            path = (page.parent / uri).resolve()
            if not path.is_relative_to(base) or not path.is_file():
                return None  # the check reports an image the page cannot show
            if path.suffix.lower() not in _IMAGE_SUFFIXES:
                return None
            shown = next((target for target, file in images.items() if file == path), None)
            if shown is not None:
                return shown  # shown twice, copied once
            target = f"images/{number:02d}-{len(images) + 1}{path.suffix.lower()}"
            images[target] = path
            return target

        fallback = _tex(Path(name).stem.replace("-", " ").replace("_", " ").title())
        latex = myst_to_latex(
            page.read_text(encoding="utf-8"), fallback_title=fallback, images=resolve
        )
        parts.append(f"\n% source/{_comment(name)}\n")
        parts.append(_chapter(latex.title) + latex.body)
    if volume.committees:
        parts.append(_organization_tex(volume))
    parts.append(_contents_tex(volume, layout))
    parts.append("\n\\end{document}\n")
    return _beyond_latin("".join(parts)), images


def _beyond_latin(tex: str) -> str:
    """``tex`` with a first line naming the letters it holds that have no LaTeX accent command
    (CJK, Greek, Cyrillic...): pdflatex stops at the first, so the editor is told how to set
    them. Nothing is transliterated: a name is printed as its bearer writes it."""
    letters = sorted({c for c in tex if not c.isascii() and unicodedata.category(c)[0] in "LNS"})
    if not letters:
        return tex
    note = (
        f"% Letters beyond pdflatex's Latin fonts ({' '.join(letters[:12])}): compile with"
        " lualatex and a font that has them, or set them with the CJKutf8 package.\n"
    )
    return note + tex


def _tex(text: str) -> str:
    """A text of the model as LaTeX on one line: accents as commands, so that pdflatex sets
    every Latin letter as it comes."""
    return escape(text, ascii=True)


def _comment(text: str) -> str:
    """Text for a TeX comment: one line, so that nothing after it is read as TeX."""
    return one_line(text).replace("\r", " ")


def _chapter(title: str) -> str:
    """An unnumbered llncs chapter with its running heads (``title`` already escaped)."""
    return f"\\chapter*{{{title}}}\n\\markboth{{{title}}}{{{title}}}\n"


def _organization_tex(volume: Volume) -> str:
    """Organization, as in an LNCS volume: each committee under a bold head; each member's
    name, then the institutions in a second column (paragraphs, so a long committee breaks
    across pages, which a tabular would not)."""
    lines = ["\n", _chapter("Organization")]
    for committee in volume.committees:
        lines.append(f"\n\\section*{{{_tex(committee.role)}}}\n")
        for person in committee.people:
            where = "; ".join(
                ", ".join(p for p in (a.institution, a.country) if p) for a in person.affiliations
            )
            name = _tex(person.name.full)
            lines.append(
                f"\\noindent\\parbox[t]{{0.4\\textwidth}}{{\\raggedright {name}}}%\n"
                f"\\parbox[t]{{0.6\\textwidth}}{{\\raggedright {_tex(where)}}}\\par\n"
            )
    return "".join(lines)


def _contents_tex(volume: Volume, layout: Layout) -> str:
    """Contents, as in an LNCS volume: each part as a bold line between rules; each paper's
    title, dot leaders and first page, its authors in italics on the next line."""
    rule = "\\noindent\\rule{\\textwidth}{0.4pt}\\par\n"
    lines = ["\n", _chapter("Contents")]
    for part in volume.info.parts:
        papers = [p for p in volume.papers_in(part) if p.in_volume]
        if not papers:
            continue
        title = _tex(part.title)
        # the part's head stays with its first paper: no page break inside nor after it
        lines += [
            "\n\\medskip\n",
            rule,
            f"\\nopagebreak\\noindent\\textbf{{{title}}}\\par\\nopagebreak\n",
            rule,
            "\\nopagebreak\n",
        ]
        for paper in papers:
            authors = _tex(", ".join(a.name.full for a in paper.info.authors))
            first = layout.of(paper.id).first
            lines.append(f"\\volumepaper{{{_tex(paper.info.title)}}}{{{authors}}}{{{first}}}\n")
    return "".join(lines)
