"""A source's supplementary files and links -> ``attachments:`` entries and the files to copy.

Importers that know a paper's attachments (PMLR's ``extras``, aclpub2's ``attachments``) give
each one as a :class:`Found`: a file inside the source, or a URL. :func:`take_attachments` turns
them into ``paper.yaml``'s ``attachments`` list and the files to copy into the paper's folder,
each under a name of its own; a file that is missing, outside the source or too large is left
out with a note, and a URL that is not http(s) too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proceedings.identifiers import url_problem
from proceedings.importers.imported import PaperDraft
from proceedings.limits import current_limits, size_text, variable
from proceedings.paths import inside

__all__ = ["Found", "take_attachments"]

# Names the paper's folder already uses (the PDF is ``paper.pdf`` unless ``pdf:`` says).
_RESERVED = {"paper.yaml", "paper.pdf", "index.html"}


@dataclass(frozen=True)
class Found:
    """One attachment as the source gives it: a ``file`` (a path in the source) or a ``url``,
    with the ``kind`` and ``label`` it says, if any; ``shown`` names it in notes."""

    shown: str
    file: Path | None = None
    url: str | None = None
    kind: str | None = None
    label: str | None = None


def take_attachments(
    paper: PaperDraft, found: Iterable[Found], root: Path, note: Callable[[str], None]
) -> None:
    """Set ``paper.data['attachments']`` and ``paper.files`` from what the source gives."""
    entries: list[dict[str, Any]] = []
    most = current_limits().attachment_bytes
    for item in found:
        extra = {k: v for k, v in (("kind", item.kind), ("label", item.label)) if v}
        if item.url is not None:
            problem = url_problem(item.url)
            if problem:
                note(f"attachment {item.shown}: '{item.url}' {problem}; not imported")
            else:
                entries.append({"url": item.url, **extra})
            continue
        path = item.file
        if path is None or not inside(path, root) or not path.is_file():
            where = "outside the source" if path is not None and not inside(path, root) else ""
            note(f"attachment {item.shown} {where or 'not found'}; not imported")
            continue
        size = path.stat().st_size
        if size > most:
            note(
                f"attachment {item.shown} is {size_text(size)}, more than the {size_text(most)} "
                f"an attachment may have (set {variable('attachment_bytes')}); not imported"
            )
            continue
        name = _free_name(path.name, paper)
        paper.files[name] = path
        entries.append({"file": name, **extra})
    if entries:
        paper.data["attachments"] = entries


def _free_name(name: str, paper: PaperDraft) -> str:
    """``name``, or ``<stem>-2<suffix>`` and so on when the paper's folder has it already."""
    taken = _RESERVED | set(paper.files) | {str(paper.data.get("pdf", "paper.pdf"))}
    stem, dot, suffix = name.partition(".")
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{suffix}"
    return candidate
