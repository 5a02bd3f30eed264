"""A path a file declares -> the file it names, only if it stays inside an allowed folder.

Everything ``proceedings`` reads comes from other people: a ``pdf:`` of ``/etc/passwd``, a
``pages:`` entry of ``../../notes.md``, a ``preface.md`` that is a link to a system file or a
CSV cell of ``../../../x`` would otherwise be read and published. Every path the project reads
goes through :func:`confine`: it must be inside the project folder (or, for an import, inside
the folder or archive the user named) once ``..`` and symbolic links are resolved. The callers
turn a refusal into a message naming the file and the field; nothing of the file is read.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["confine", "inside", "outside_links"]


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with ``..`` and every link resolved, is ``root`` or below it."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL in the name
        return False


def confine(base: Path, name: str, root: Path) -> Path | None:
    """``base / name`` if it stays inside ``root`` once resolved; ``None`` if it leaves it.

    ``name`` is what a file declares (``paper.pdf``, ``../../etc/passwd``, ``/etc/hostname``):
    an absolute ``name`` replaces ``base`` and so is refused unless it lies inside ``root``.
    The path returned is not resolved, so that messages show it as the user wrote it.
    """
    if "\0" in name:
        return None
    path = base / name
    return path if inside(path, root) else None


def outside_links(folder: Path, root: Path) -> list[Path]:
    """The links under ``folder`` (not followed) that lead outside ``root``, sorted."""
    if not folder.is_dir() or not inside(folder, root):
        return []
    found = []
    for current, dirs, files in os.walk(folder):  # os.walk does not follow links to folders
        for name in [*dirs, *files]:
            path = Path(current) / name
            if path.is_symlink() and not inside(path, root):
                found.append(path)
    return sorted(found)
