"""What the package tests share: projects made from the demo and the real fixtures, the CC BY
clause CEUR-WS asks of every paper, and reading a package back with our importers."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
from conftest import ROOT
from importers.conftest import read_source
from pdfbuild import pdf_bytes, stream

from proceedings.build import build
from proceedings.buildpaths import BuildPaths
from proceedings.importers.imported import ImportedVolume
from proceedings.importers.project import write_project
from proceedings.load import load_volume
from proceedings.model import Volume

CLAUSE = (
    "Copyright (c) 2025 for this paper by its authors. Use permitted under Creative Commons",
    "License Attribution 4.0 International (CC BY 4.0).",
)


def with_clause(data: bytes, lines: tuple[str, ...] = CLAUSE) -> bytes:
    """The PDF with CEUR-WS's licence clause at the foot of its first page's text block, as
    the ceurart template prints it (in 6 pt Helvetica, over whatever is there)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    text = b"BT /F1 6 Tf 110 158 Td 7 TL " + b"".join(
        b"(%s) '" % line.encode("ascii") for line in lines
    )
    overlay = pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            stream(b"", text + b" ET"),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (int(box.width), int(box.height)),
        ]
    )
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.pages[0].merge_page(pypdf.PdfReader(io.BytesIO(overlay)).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def demo_copy(target: Path, *, clause: bool = True) -> Path:
    """A copy of the demo volume at ``target``; with ``clause``, its papers print CEUR-WS's
    licence clause on their first page."""
    shutil.copytree(ROOT / "source", target / "source")
    shutil.copytree(ROOT / "papers", target / "papers")
    if clause:
        for pdf in sorted((target / "papers").glob("*/paper.pdf")):
            pdf.write_bytes(with_clause(pdf.read_bytes()))
    return target


def project_of(imported: ImportedVolume, target: Path) -> Path:
    """The imported volume written as a project at ``target``."""
    write_project(imported, target)
    return target


def package(project: Path, name: str) -> tuple[Volume, Path]:
    """Build the package ``name`` of ``project``; the volume and the package's folder."""
    paths = BuildPaths.of(project)
    build(project, paths, packages=(name,))
    return load_volume(project), paths.package(name)


def reimport(fmt: str, source: Path, **options: object) -> ImportedVolume:
    """What our importer ``fmt`` reads from a package."""
    return read_source(fmt, source, **options)
