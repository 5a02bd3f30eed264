"""The package's shape: stages import no other stage; shared modules import no stage.

Read from the source with ``ast`` (imports inside functions count too), so that a shortcut
from one stage into another fails here rather than in a review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "proceedings"
STAGES = ("checks", "exports", "importers", "packages", "pdf", "site", "samplepaper")
"""The stages: each receives what it needs and imports no other."""
JOINS = ("build", "cli", "sphinx", "scaffold", "__init__", "__main__")
"""The modules that join stages: the whole run, the command line, the public Sphinx extension
(which hands the site what the other stages make) and ``init``."""


def _owner(path: Path) -> str:
    """The stage a module belongs to, or its own name for a top-level module."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imported(path: Path) -> set[str]:
    """The first part under ``proceedings.`` of every module ``path`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            if node.module == "proceedings":  # from proceedings import pdf
                modules = [f"proceedings.{alias.name}" for alias in node.names]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] == "proceedings" and len(parts) > 1:
                names.add(parts[1])
    return names


def _crossings() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        owner = _owner(path)
        if owner in JOINS:
            continue
        for name in sorted(_imported(path)):
            if name in STAGES and name != owner:
                found.append(f"{path.relative_to(PACKAGE.parent)} imports proceedings.{name}")
    return found


def test_no_stage_imports_another_and_no_shared_module_imports_a_stage() -> None:
    """This test ensures that no module of a stage imports another stage, and that the
    shared modules (model, load, layout, names, ...) import none: only the joining modules
    (build, cli, sphinx, scaffold) do."""
    assert _crossings() == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from proceedings.importers.latex import decode_latex\n", {"importers"}),
        ("import proceedings.exports.bibtex\n", {"exports"}),
        ("def f():\n    from proceedings import site\n", {"site"}),
        ("from .sibling import x\nimport json\n", set()),
    ],
)
def test_imports_are_read_wherever_they_are(tmp_path: Path, source: str, found: set[str]) -> None:
    """This test ensures that the reader finds imports at the top, inside functions and of
    the package's facade, and ignores relative and foreign ones (it could otherwise pass by
    reading nothing)."""
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    assert _imported(path) == found
