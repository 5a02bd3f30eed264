"""The one user-facing error type and the problems that checks collect."""

from __future__ import annotations

import enum
import errno
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

import click

from proceedings.text import plural


class Severity(enum.StrEnum):
    """How bad a problem is: errors stop a build, warnings do only under ``--strict``, notes
    never (they say what the build will do about something, e.g. replace page numbers)."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can.

    ``file`` is relative to the project folder, ``line`` is 1-based, ``field`` is a path such as
    ``authors[2].orcid`` (list indices start at 0). ``hint`` says how to fix it.
    """

    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    paper: str | None = None
    field: str | None = None
    hint: str | None = None

    def location(self) -> str:
        """``file:line`` (or the best part of it that we know)."""
        if self.file is None:
            return "volume"
        return f"{self.file}:{self.line}" if self.line else self.file

    def format(self) -> str:
        """One line: where, how bad, which field, what is wrong, how to fix it, and the code."""
        field = f"{self.field}: " if self.field else ""
        hint = f" {self.hint}" if self.hint else ""
        return f"{self.location()}: {self.severity}: {field}{self.message}.{hint} [{self.code}]"

    def as_dict(self) -> dict[str, str | int | None]:
        """A JSON-ready mapping, for ``check --format json``."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "file": self.file,
            "line": self.line,
            "paper": self.paper,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file, then line, so the report reads top to bottom."""
    return sorted(problems, key=lambda p: (p.file or "", p.line or 0, p.field or "", p.code))


class ProceedingsError(click.ClickException):
    """An error the user can fix: it names the file, the line, the field and the paper.

    Any other exception reaching the command line is a bug in proceedings and keeps its traceback.

    As click's ``FileError`` does, the error keeps where it happened apart from what happened
    (``message``) and builds its text in :meth:`format_message`, so code that catches one can
    read ``path``, ``line``, ``field`` and ``paper``, or raise it again with another message,
    without parsing its text. ``paper`` is the paper's id; the message says it in its own words.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
        paper: str | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.field = field
        self.paper = paper
        self.problems = tuple(problems)

    def format_message(self) -> str:
        """``path:line: field: message``, with whichever of the three parts are known."""
        where = f"{self.path}:{self.line}: " if self.path and self.line else ""
        where = where or (f"{self.path}: " if self.path else "")
        where += f"{self.field}: " if self.field else ""
        return where + self.message

    def __str__(self) -> str:
        return self.format_message()

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the error; a multi-line problem report goes out without click's 'Error:'."""
        prefix = "" if self.problems else "error: "
        click.echo(prefix + self.format_message(), file=file, err=True)

    @classmethod
    def from_problems(cls, problems: Sequence[Problem], what: str) -> ProceedingsError:
        """One error carrying every problem, so the user sees all of them in one run."""
        ordered = sort_problems(problems)
        lines = [p.format() for p in ordered]
        lines.append(f"{what}: {plural(len(ordered), 'error')}")
        return cls("\n".join(lines), problems=ordered)


# What the system says, and what the user can do about it, for the OS errors a user can fix.
_OS_ERRORS = {
    errno.ENOSPC: ("no space left on device", "free some space and try again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space and try again"),
    errno.EROFS: (
        "read-only file system",
        "use another folder or make this one writable",
    ),
    errno.EACCES: ("permission denied", "give yourself access to it or use another folder"),
    errno.EPERM: ("operation not permitted", "give yourself access to it or use another folder"),
    errno.ENOTDIR: ("a part of this path is a file, not a folder", "choose another path"),
    errno.EISDIR: ("is a folder, not a file", "choose another path"),
    errno.EEXIST: ("a file stands where a folder is needed", "move it or choose another path"),
    errno.EIO: ("input/output error", "check the disk and try again"),
}


def os_problem(error: OSError) -> ProceedingsError | None:
    """The one-line error for a full, read-only or forbidden disk (naming the path), or None
    for any other OS error, which is left to show its traceback."""
    found = _OS_ERRORS.get(error.errno or 0)
    if found is None:
        return None
    what, fix = found
    path = error.filename if error.filename is not None else error.filename2
    return ProceedingsError(f"{what}; {fix}", path=None if path is None else os.fsdecode(path))
