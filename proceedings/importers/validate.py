"""An imported volume -> every problem that would stop the written project from loading.

Checked before anything is written, so an import either gives a project that loads or writes
nothing at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from proceedings.errors import ProceedingsError
from proceedings.importers.imported import (
    COMMITTEES_FILE,
    PAPERS_DIR,
    PROGRAM_FILE,
    SPONSORS_FILE,
    VOLUME_FILE,
    ImportedVolume,
)
from proceedings.model import SLUG, Committees, PaperInfo, Program, Sponsors, VolumeInfo
from proceedings.text import plural

__all__ = ["validate_imported"]


def _errors(model: type[BaseModel], data: Mapping[str, Any], where: str) -> list[str]:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = ".".join(str(part) for part in error["loc"]) or "(top)"
            if error["type"] == "missing":
                reason = "is required and the source does not give it; set it with an option"
            else:
                reason = error["msg"].removeprefix("Value error, ")
            lines.append(f"{where}: {loc}: {reason}")
        return lines
    return []


def validate_imported(imported: ImportedVolume) -> None:
    """Raise one error listing everything that would stop the written project from loading.

    The volume and every paper are validated against the model, ids must be unique slugs, every
    paper's part must be a part of the volume and every PDF must exist.
    """
    problems = _errors(VolumeInfo, imported.volume, str(VOLUME_FILE))
    if imported.committees:
        committees = {"committees": imported.committees}
        problems.extend(_errors(Committees, committees, str(COMMITTEES_FILE)))
    if imported.program:
        problems.extend(_errors(Program, {"program": imported.program}, str(PROGRAM_FILE)))
    if imported.sponsors:
        problems.extend(_errors(Sponsors, {"sponsors": imported.sponsors}, str(SPONSORS_FILE)))
    parts = {p.get("id") for p in imported.volume.get("parts") or () if isinstance(p, dict)}
    seen: set[str] = set()
    for paper in imported.papers:
        where = f"{PAPERS_DIR.as_posix()}/{paper.id}/paper.yaml"
        if not SLUG.match(paper.id):
            problems.append(f"{where}: '{paper.id}' is not a paper id (a lower-case slug)")
        if paper.id.casefold() in seen:
            problems.append(f"{where}: the id '{paper.id}' is used twice")
        seen.add(paper.id.casefold())
        problems.extend(_errors(PaperInfo, paper.data, where))
        if paper.data.get("part") not in parts:
            problems.append(f"{where}: part '{paper.data.get('part')}' is not a volume part")
        if paper.pdf is not None and not paper.pdf.is_file():
            problems.append(f"{where}: the PDF {paper.pdf} does not exist")
    if problems:
        origin = f" from {imported.origin}" if imported.origin else ""
        count = len(problems)
        summary = f"the import{origin} is incomplete: {plural(count, 'problem')}"
        raise ProceedingsError("\n".join([*problems, summary]))
