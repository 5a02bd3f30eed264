"""An imported volume -> the project's files: a fresh project, or a re-import merged into one.

A first import writes ``source/volume.yaml``, ``source/committees.yaml`` and
``papers/<id>/paper.yaml`` (with each PDF copied beside it), and records what it wrote in
``.proceedings-import.json``. A re-import (``--update``) compares three versions of each file,
key by key: what the last import wrote (the record), what the project has now, and what the
source says now. A key the organizer has not touched takes the source's new value; a key the
organizer edited keeps the edit and is listed; new papers are added; papers the source no
longer has are reported as withdrawn and left in place (deleting is the organizer's call).
PDFs are compared the same way by their SHA-256.

:func:`plan` computes every change without writing, which is what ``--dry-run`` prints;
:func:`apply` writes them, each file atomically.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from proceedings.errors import ProceedingsError
from proceedings.importers.imported import (
    COMMITTEES_FILE,
    PAPERS_DIR,
    PROGRAM_FILE,
    SPONSORS_FILE,
    VOLUME_FILE,
    ImportedVolume,
)
from proceedings.importers.validate import validate_imported
from proceedings.output import write_atomic
from proceedings.schema import SCHEMA_DIR, modeline, write_schemas
from proceedings.yamlfile import read_yaml

__all__ = ["STATE_FILE", "Change", "apply", "dump_yaml", "plan", "write_project"]

STATE_FILE = Path(".proceedings-import.json")
_HEADER = "# The volume: see docs/file-formats.md of proceedings for every key.\n"


class _Dumper(yaml.SafeDumper):
    """SafeDumper that also quotes texts the YAML 1.2 loader of proceedings reads as numbers.

    PyYAML's YAML 1.1 resolvers take ``1e5`` for text and would write it bare; the project's
    loader (YAML 1.2 core schema) would then read a float. A value used twice (one date for an
    event's start and end) is written twice, never as an ``&anchor`` an organizer must decode.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)


def dump_yaml(data: Mapping[str, Any]) -> str:
    """``data`` as YAML in the project's style: Unicode as is, keys in the given order."""
    return yaml.dump(dict(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


@dataclass(frozen=True)
class Change:
    """One file of the plan: what happens to it and why.

    ``action`` is ``add`` (a new file), ``update`` (the source changed it), ``keep`` (left as
    the organizer edited it, though the source changed), ``same`` (nothing to do) or
    ``withdrawn`` (the source no longer has this paper; left in place). ``content`` is what
    to write (text, or a PDF to copy), ``None`` when nothing is written.
    """

    path: Path
    action: str
    detail: str = ""
    content: str | Path | None = None

    def format(self, dry_run: bool) -> str:
        """``would update papers/x/paper.yaml: title`` and the like."""
        verb = {"add": "add", "update": "update", "keep": "keep", "withdrawn": "report"}[
            self.action
        ]
        lead = (
            f"would {verb}"
            if dry_run
            else {"add": "added", "update": "updated"}.get(
                self.action, "kept" if self.action == "keep" else "withdrawn:"
            )
        )
        return f"{lead} {self.path.as_posix()}" + (f": {self.detail}" if self.detail else "")


def _plain(value: Any) -> Any:
    """``value`` as JSON would give it back, so that records and YAML compare equal."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def record(imported: ImportedVolume) -> dict[str, Any]:
    """What an import wrote, as kept in :data:`STATE_FILE` for the next ``--update``."""
    state: dict[str, Any] = _plain(
        {
            "origin": imported.origin,
            "format": imported.format,
            "volume": imported.volume,
            "committees": imported.committees,
            "program": imported.program,
            "sponsors": imported.sponsors,
            "papers": {
                paper.id: {
                    "data": paper.data,
                    "pdf": _sha256(paper.pdf) if paper.pdf is not None else None,
                }
                for paper in imported.papers
            },
        }
    )
    return state


def _volume_text(data: Mapping[str, Any], origin: str) -> str:
    header = modeline("volume") + _HEADER
    if origin:
        header += f"# Imported from {origin}; check the notes of the import.\n"
    return header + dump_yaml(data)


def _committees_text(committees: list[dict[str, Any]]) -> str:
    return modeline("committees") + dump_yaml({"committees": committees})


def _program_text(program: list[dict[str, Any]]) -> str:
    return modeline("program") + dump_yaml({"program": program})


def _sponsors_text(sponsors: list[dict[str, Any]]) -> str:
    return modeline("sponsors") + dump_yaml({"sponsors": sponsors})


def _paper_text(data: Mapping[str, Any]) -> str:
    return modeline("paper") + dump_yaml(data)


def _fresh(imported: ImportedVolume) -> list[Change]:
    changes = [Change(VOLUME_FILE, "add", content=_volume_text(imported.volume, imported.origin))]
    if imported.committees:
        changes.append(
            Change(COMMITTEES_FILE, "add", content=_committees_text(imported.committees))
        )
    if imported.program:
        changes.append(Change(PROGRAM_FILE, "add", content=_program_text(imported.program)))
    if imported.sponsors:
        changes.append(Change(SPONSORS_FILE, "add", content=_sponsors_text(imported.sponsors)))
    changes.extend(Change(path, "add", content=file) for path, file in imported.files.items())
    for paper in imported.papers:
        folder = PAPERS_DIR / paper.id
        changes.append(Change(folder / "paper.yaml", "add", content=_paper_text(paper.data)))
        if paper.pdf is not None:
            changes.append(Change(folder / _pdf_name(paper.data), "add", content=paper.pdf))
        changes.extend(
            Change(folder / name, "add", content=path) for name, path in paper.files.items()
        )
    return changes


def _pdf_name(data: Mapping[str, Any]) -> str:
    return str(data.get("pdf", "paper.pdf"))


def _current(path: Path) -> Any:
    """The project's file as plain data; a file that does not parse stops the update."""
    document, problems = read_yaml(path, str(path))
    if document is None:
        reason = problems[0].format() if problems else "cannot be read"
        raise ProceedingsError(
            f"cannot merge into a file that does not load: {reason}. Fix it, then re-import"
        )
    return _plain(document.data)


def _merge(
    current: Mapping[str, Any], base: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str], list[str], list[str]]:
    """Three-way merge by top-level key.

    Returns the merged data, the keys the source updated, the keys kept as the organizer
    edited them, and among those the ones the source changed too (a conflict the edit wins).
    """
    merged: dict[str, Any] = {}
    updated, kept, contested = [], [], []
    for key in [*new, *(k for k in current if k not in new)]:
        mine, was, now = current.get(key), base.get(key), new.get(key)
        if mine == was:  # untouched by the organizer: the source decides
            if now is not None:
                merged[key] = now
            if now != was:
                updated.append(key)
        else:  # edited by hand: the edit stays
            if mine is not None:
                merged[key] = mine
            if mine != now:
                kept.append(key)
                if now != was:
                    contested.append(key)
    return merged, updated, kept, contested


def _merge_file(
    path: Path,
    into: Path,
    base: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    text: Any,
) -> Change | None:
    """The change to one YAML file; ``text`` turns merged data into the file's text."""
    target = into / path
    if not target.is_file():
        if base is not None:  # the organizer deleted it: respect that
            return Change(path, "keep", "deleted by hand; not written again")
        return Change(path, "add", content=text(new))
    current = _current(target)
    if not isinstance(current, dict):
        current = {}
    merged, updated, kept, contested = _merge(current, base or {}, _plain(new))
    detail = []
    if updated:
        detail.append(f"source changed {', '.join(updated)}")
    if kept:
        detail.append(f"kept your edit of {', '.join(kept)}")
    if contested:
        detail.append(f"the source changed {', '.join(contested)} too: compare")
    if merged == current:
        return Change(path, "keep", "; ".join(detail)) if kept else None
    return Change(path, "update", "; ".join(detail), content=text(merged))


def _merge_pdf(path: Path, into: Path, base: str | None, new: Path) -> Change | None:
    target = into / path
    now = _sha256(new)
    if not target.is_file():
        if base is not None:  # the last import wrote it: the organizer deleted it, as a YAML file
            return Change(path, "keep", "deleted by hand; not written again")
        return Change(path, "add", "the source has a PDF now", content=new)
    mine = _sha256(target)
    if mine == now:
        return None
    if mine == base:
        return Change(path, "update", "the source has a new PDF", content=new)
    return Change(path, "keep", "kept the PDF you replaced (the source has another one)")


def _merge_attachment(path: Path, into: Path, new: Path) -> Change | None:
    """An attachment's file: added when the project lacks it, else the project's is kept (the
    import record holds no digest of attachments, so an edit cannot be told from the source's)."""
    target = into / path
    if not target.is_file():
        return Change(path, "add", "an attachment of the source", content=new)
    if _sha256(target) == _sha256(new):
        return None
    return Change(path, "keep", "kept the project's file (the source has another one)")


def _is_record(previous: Any) -> bool:
    """Whether ``previous`` has the shape :func:`record` gives: anything else would fail the
    merge half-way with a traceback instead of one message."""
    if not isinstance(previous, dict):
        return False
    volume, committees = previous.get("volume"), previous.get("committees")
    papers = previous.get("papers", {})
    return (
        (volume is None or isinstance(volume, dict))
        and (committees is None or isinstance(committees, list))
        and isinstance(papers, dict)
        and all(
            isinstance(entry, dict)
            and isinstance(entry.get("data"), dict)
            and "pdf" in entry
            and isinstance(entry["pdf"], str | None)
            for entry in papers.values()
        )
    )


def _updates(imported: ImportedVolume, into: Path) -> list[Change]:
    state_path = into / STATE_FILE
    try:
        previous = json.loads(state_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProceedingsError(
            f"no record of an earlier import ({STATE_FILE}), so hand edits cannot be told "
            "from imported values; import into a new folder instead of using --update",
            path=str(into),
        ) from None
    except (OSError, ValueError) as exc:
        raise ProceedingsError(
            f"the record of the earlier import cannot be read ({exc}); import into a new "
            "folder instead",
            path=str(state_path),
        ) from None
    if not _is_record(previous):
        raise ProceedingsError(
            "the record of the earlier import is not one proceedings wrote (edited by hand, or "
            "another tool's); import into a new folder instead",
            path=str(state_path),
        )
    before = previous.get("format")
    if before and imported.format and before != imported.format:
        raise ProceedingsError(
            f"this project was imported from a {before} export; re-import it from a {before} "
            f"export (each format names papers its own way, so a {imported.format} export "
            "would add every paper twice), or import into a new folder",
            path=str(into),
        )
    base_papers = previous.get("papers", {})
    changes: list[Change | None] = [
        _merge_file(
            VOLUME_FILE,
            into,
            previous.get("volume"),
            imported.volume,
            lambda data: _volume_text(data, imported.origin),
        )
    ]
    if imported.committees:
        changes.append(
            _merge_file(
                COMMITTEES_FILE,
                into,
                {"committees": previous["committees"]} if previous.get("committees") else None,
                {"committees": imported.committees},
                dump_yaml,
            )
        )
    for path, key, text in (
        (PROGRAM_FILE, "program", _program_text),
        (SPONSORS_FILE, "sponsors", _sponsors_text),
    ):
        listed = getattr(imported, key)
        if listed:
            before = previous.get(key)
            changes.append(
                _merge_file(
                    path,
                    into,
                    {key: before} if isinstance(before, list) and before else None,
                    {key: listed},
                    lambda data, text=text, key=key: text(data[key]),
                )
            )
    changes.extend(_merge_attachment(path, into, file) for path, file in imported.files.items())
    for paper in imported.papers:
        folder = PAPERS_DIR / paper.id
        base = base_papers.get(paper.id)
        if base is None and (into / folder / "paper.yaml").is_file():
            changes.append(Change(folder / "paper.yaml", "keep", "not from the last import"))
            continue
        changes.append(
            _merge_file(folder / "paper.yaml", into, base and base["data"], paper.data, _paper_text)
        )
        current = into / folder / "paper.yaml"
        if base is not None and not current.is_file():
            continue  # the organizer deleted the paper (reported above): not its PDF either
        if paper.pdf is not None:
            # The PDF as the project names it now: the organizer may have renamed it (``pdf:``).
            data = _current(current) if current.is_file() else None
            name = _pdf_name(data if isinstance(data, dict) else paper.data)
            changes.append(_merge_pdf(folder / name, into, base and base["pdf"], paper.pdf))
        changes.extend(_merge_attachment(folder / n, into, p) for n, p in paper.files.items())
    new_ids = {paper.id for paper in imported.papers}
    for paper_id in sorted(set(base_papers) - new_ids):
        changes.append(
            Change(
                PAPERS_DIR / paper_id,
                "withdrawn",
                "the source no longer has this paper; left in place, delete it if it was withdrawn",
            )
        )
    return [change for change in changes if change is not None]


def plan(
    imported: ImportedVolume, into: Path, *, update: bool = False, overwrite: bool = False
) -> list[Change]:
    """Every change the import makes to ``into``, without writing anything.

    Without ``update``, ``into`` must be empty or not exist, unless ``overwrite``: then the
    imported files replace their namesakes and other files stay. Everything is validated
    first, so an import that would not load plans (and writes) nothing.
    """
    if into.exists() and not into.is_dir():
        raise ProceedingsError("not a folder; give a folder for the project", path=str(into))
    validate_imported(imported)
    if update:
        return _updates(imported, into)
    if not overwrite and into.is_dir() and any(into.iterdir()):
        raise ProceedingsError(
            "the folder is not empty; choose a new folder, or re-import into it with --update",
            path=str(into),
        )
    return _fresh(imported)


def apply(imported: ImportedVolume, into: Path, changes: list[Change]) -> list[Path]:
    """Write the planned changes and the record of this import; return the files written."""
    written = []
    for change in changes:
        if change.content is None:
            continue
        path = into / change.path
        content = change.content
        write_atomic(path, content.read_bytes() if isinstance(content, Path) else content)
        written.append(path)
    state = json.dumps(record(imported), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_atomic(into / STATE_FILE, state)
    # The schemas the files' modelines point at, for the organizer's editor (proceedings.schema).
    write_schemas(into / SCHEMA_DIR)
    return written


def write_project(imported: ImportedVolume, into: Path, *, overwrite: bool = False) -> list[Path]:
    """Write the imported volume as a new project in ``into``; return the files written."""
    return apply(imported, into, plan(imported, into, overwrite=overwrite))
