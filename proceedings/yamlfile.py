"""Read a YAML file into plain Python data plus the line of every key, for located errors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from proceedings.errors import Problem, Severity
from proceedings.limits import Limits, RefusedFile, current_limits, read_regular, variable

Loc = tuple[str | int, ...]


class _TooMuch(Exception):
    """A file beyond a limit on nesting or aliases: where, and what to do."""

    def __init__(self, message: str, line: int | None, loc: Loc, hint: str) -> None:
        super().__init__(message)
        self.message, self.line, self.loc, self.hint = message, line, loc, hint


def _too_deep(depth: int, line: int | None, loc: Loc) -> _TooMuch:
    return _TooMuch(
        f"values nested more than {depth} deep",
        line,
        loc,
        f"Nest the values less (or set {variable('depth')} to allow more).",
    )


class _BoundedComposer(yaml.composer.Composer):
    """PyYAML's composer, stopping at the nesting limit instead of at Python's recursion limit."""

    max_depth = 0
    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                line = self.peek_event().start_mark.line + 1  # type: ignore[attr-defined]
                raise _too_deep(self.max_depth, line, ())
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Loader(_BoundedComposer, yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's implicit types.

    YAML 1.1 (PyYAML's default) reads ``country: NO`` as ``False`` and ``2024-05-11`` as a date
    object; the core schema keeps both as text, which is what an organizer means.
    """


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same schema on LibYAML's parser, where PyYAML has it: several times faster on a
    volume's hundreds of paper.yaml files, with the same nodes and marks. Its error messages
    are terser, so a file it rejects is parsed again by :class:`_Loader` for the message."""


for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$",
        "-+.0123456789",
    ),
]:
    for _class in (_Loader, _FastLoader):
        if "yaml_implicit_resolvers" not in _class.__dict__:
            _class.yaml_implicit_resolvers = {}
        _class.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    """Integers are decimal: ``order: 017`` is 17, not YAML 1.1's octal 15."""
    return int(str(loader.construct_scalar(node)))  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_decimal)
_FastLoader.add_constructor("tag:yaml.org,2002:int", _construct_decimal)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its data and the 1-based line of each key and list item."""

    path: Path
    display: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Sequence[str | int], *, root: bool = True) -> int | None:
        """The line of ``loc``, or of its nearest ancestor that the file has.

        When the file has no part of ``loc`` (a top-level key it lacks), that is the document's
        own line, or None with ``root=False``: a message about a missing key then names the
        file alone rather than a line that says nothing.
        """
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None) if root else None

    def problem(
        self,
        code: str,
        loc: Sequence[str | int],
        message: str,
        *,
        hint: str | None = None,
        paper: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        """A problem located at ``loc`` in this file."""
        return Problem(
            code=code,
            severity=severity,
            message=message,
            file=self.display,
            line=self.line(loc),
            paper=paper,
            field=format_loc(loc) or None,
            hint=hint,
        )


def format_loc(loc: Sequence[str | int]) -> str:
    """``("authors", 2, "orcid")`` -> ``authors[2].orcid``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def read_yaml(path: Path, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``path``; on failure return no document and the problems, each with its line."""
    try:
        text = read_regular(path, "yaml_bytes").decode("utf-8")
    except RefusedFile as exc:
        return None, [Problem("yaml.unreadable", Severity.ERROR, exc.reason, display)]
    except UnicodeDecodeError as exc:
        return None, [_not_utf8(exc, display)]
    except OSError as exc:
        return None, [
            Problem("yaml.unreadable", Severity.ERROR, f"cannot be read: {exc.strerror}", display)
        ]
    return parse_yaml(text, path, display)


def _not_utf8(exc: UnicodeDecodeError, display: str) -> Problem:
    """The problem of a file that is not UTF-8: the line and column of its first byte that is
    not, and that byte, read as Windows-1252 (Latin-1's superset), the usual culprit."""
    if exc.object[:2] in (b"\xff\xfe", b"\xfe\xff"):  # the byte order mark of UTF-16
        return Problem(
            "yaml.encoding",
            Severity.ERROR,
            "is UTF-16 text, not UTF-8",
            file=display,
            line=1,
            hint="Save the file as UTF-8.",
        )
    before = exc.object[: exc.start]
    line = before.count(b"\n") + 1
    column = exc.start - (before.rfind(b"\n") + 1) + 1
    byte = exc.object[exc.start]
    shown = bytes([byte]).decode("cp1252", errors="replace")
    meant = f", where it is '{shown}'" if shown.isprintable() and shown != "\ufffd" else ""
    return Problem(
        "yaml.encoding",
        Severity.ERROR,
        f"is not UTF-8 text: column {column} holds the byte 0x{byte:02X}",
        file=display,
        line=line,
        hint=f"Save the file as UTF-8 (it was probably saved as Windows-1252 or Latin-1{meant}).",
    )


def parse_yaml(text: str, path: Path, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML ``text`` (read from ``path``) within the limits on nesting and aliases, in
    the YAML 1.2 core schema; on failure no document and the problems, each with its line.

    For YAML that is not a file of the project too (a PMLR post's front matter), which comes
    from strangers as much as any file does."""
    try:
        return _parse(_FastLoader, text, path, display)
    except (yaml.MarkedYAMLError, yaml.reader.ReaderError, _TooMuch):
        pass  # LibYAML stops at 1,000 levels of nesting; _Loader says where the limit was hit
    try:
        return _parse(_Loader, text, path, display)
    except yaml.reader.ReaderError as exc:  # a character YAML refuses anywhere (a control)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        return None, [
            Problem(
                "yaml.syntax",
                Severity.ERROR,
                f"invalid YAML: the control character U+{code:04X} is not allowed",
                file=display,
                line=text.count("\n", 0, max(exc.position, 0)) + 1,
                hint="Delete it (a copy from a PDF or a terminal can bring one in).",
            )
        ]
    except _TooMuch as exc:
        return None, [
            Problem(
                "yaml.unreadable",
                Severity.ERROR,
                exc.message,
                file=display,
                line=exc.line,
                field=format_loc(exc.loc) or None,
                hint=exc.hint,
            )
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "is not valid YAML"
        hint = (
            "Replace the tab with spaces: YAML indents with spaces only."
            if "'\\t'" in reason
            else "Check the indentation and quote values that contain ': ' or start with a "
            "special character."
        )
        return None, [
            Problem(
                "yaml.syntax",
                Severity.ERROR,
                f"invalid YAML: {reason}",
                file=display,
                line=mark.line + 1 if mark else None,
                hint=hint,
            )
        ]


def _parse(
    loader_class: type[yaml.SafeLoader], text: str, path: Path, display: str
) -> tuple[YamlDocument, list[Problem]]:
    limits = current_limits()
    loader: Any = loader_class(text)
    loader.max_depth = limits.depth
    try:
        node = loader.get_single_node()
        walker = _Walker(loader, display, limits)
        data = walker.value(node, ()) if node is not None else None
    finally:
        loader.dispose()
    return YamlDocument(path, display, data, walker.lines), walker.problems


class _Walker:
    """Turn a composed node tree into Python values, recording lines and duplicate keys.

    An alias is the node of its anchor again, so each value a repeat holds is a node seen
    before: counting those bounds what aliases expand to (a "billion laughs" file stops after
    ``yaml_aliases`` of them). Nesting is bounded too, since LibYAML allows 1,000 levels.
    """

    def __init__(self, loader: yaml.SafeLoader, display: str, limits: Limits) -> None:
        self.loader = loader
        self.display = display
        self.limits = limits
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._repeated = 0

    def _count(self, node: yaml.Node, loc: Loc) -> bool:
        """Whether ``node`` was seen before (it is repeated by an alias); raise beyond a limit."""
        if len(loc) > self.limits.depth:
            raise _too_deep(self.limits.depth, node.start_mark.line + 1, loc[: self.limits.depth])
        if id(node) not in self._seen:
            self._seen.add(id(node))
            return False
        self._repeated += 1
        if self._repeated > self.limits.yaml_aliases:
            # The node's own mark is its anchor's line: name the line of the value it repeats in.
            holder = next((loc[:n] for n in range(len(loc), 0, -1) if loc[:n] in self.lines), ())
            raise _TooMuch(
                f"aliases (*name) repeat more than {self.limits.yaml_aliases} values",
                self.lines.get(holder, node.start_mark.line + 1),
                loc,
                f"Write the values out, or use fewer aliases (or set "
                f"{variable('yaml_aliases')} to allow more).",
            )
        return True

    def value(self, node: yaml.Node, loc: Loc, *, record: bool = True) -> Any:
        # Inside a repeat, the nodes' lines are the anchor's: a field there is shown at the
        # line of the alias's holder instead (YamlDocument.line takes the nearest ancestor).
        if self._count(node, loc):
            record = False
        if record:
            self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    self._count(key_node, loc)
                    key = self.loader.construct_object(key_node, deep=True)
                else:  # a list or mapping as a key: walked like a value, so it is bounded too
                    key = self.value(key_node, loc, record=False)
                if not isinstance(key, str | int):
                    key = str(key)
                child = (*loc, key)
                if key in result and record:
                    self.problems.append(
                        Problem(
                            "yaml.duplicate-key",
                            Severity.ERROR,
                            f"key '{key}' appears twice (first on line {self.lines[child]})",
                            file=self.display,
                            line=key_node.start_mark.line + 1,
                            field=format_loc(child),
                            hint="Keep one of them: YAML would silently use the last.",
                        )
                    )
                    continue
                if record:
                    self.lines[child] = key_node.start_mark.line + 1
                result[key] = self.value(value_node, child, record=record)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*loc, i), record=record) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)
