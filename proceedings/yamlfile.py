"""Read a YAML file into plain Python data plus the line of every key, for located errors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from proceedings.errors import Problem, Severity

Loc = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
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

    def line(self, loc: Sequence[str | int]) -> int | None:
        """The line of ``loc``, or of its nearest ancestor that the file has."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)

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
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                "yaml.encoding",
                Severity.ERROR,
                f"is not UTF-8 text (byte {exc.start})",
                file=display,
                hint="Save the file as UTF-8.",
            )
        ]
    except OSError as exc:
        return None, [
            Problem("yaml.unreadable", Severity.ERROR, f"cannot be read: {exc.strerror}", display)
        ]
    try:
        return _parse(_FastLoader, text, path, display)
    except yaml.MarkedYAMLError:
        pass
    try:
        return _parse(_Loader, text, path, display)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "is not valid YAML"
        return None, [
            Problem(
                "yaml.syntax",
                Severity.ERROR,
                f"invalid YAML: {reason}",
                file=display,
                line=mark.line + 1 if mark else None,
                hint="Check the indentation and quote values that contain ': ' or start with a "
                "special character.",
            )
        ]


def _parse(
    loader_class: type[yaml.SafeLoader], text: str, path: Path, display: str
) -> tuple[YamlDocument, list[Problem]]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        walker = _Walker(loader, display)
        data = walker.value(node, ()) if node is not None else None
    finally:
        loader.dispose()
    return YamlDocument(path, display, data, walker.lines), walker.problems


class _Walker:
    """Turn a composed node tree into Python values, recording lines and duplicate keys."""

    def __init__(self, loader: yaml.SafeLoader, display: str) -> None:
        self.loader = loader
        self.display = display
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []

    def value(self, node: yaml.Node, loc: Loc) -> Any:
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, str | int):
                    key = str(key)
                child = (*loc, key)
                if key in result:
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
                self.lines[child] = key_node.start_mark.line + 1
                result[key] = self.value(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)
