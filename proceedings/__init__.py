"""proceedings: turn a workshop's accepted papers into published proceedings.

The public names are imported when first used (PEP 562), so that a process that needs one
module (a worker measuring PDFs, the command line printing its help) does not pay for the
model, the YAML loader and pypdf.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from proceedings._version import __version__

_PUBLIC = {
    "Layout": "proceedings.layout",
    "Paper": "proceedings.model",
    "PaperPages": "proceedings.layout",
    "Part": "proceedings.model",
    "Person": "proceedings.model",
    "Problem": "proceedings.errors",
    "ProceedingsError": "proceedings.errors",
    "Severity": "proceedings.errors",
    "Volume": "proceedings.model",
    "compute_layout": "proceedings.layout",
    "load_volume": "proceedings.load",
    "read_volume": "proceedings.load",
}

__all__ = [
    "Layout",
    "Paper",
    "PaperPages",
    "Part",
    "Person",
    "Problem",
    "ProceedingsError",
    "Severity",
    "Volume",
    "__version__",
    "compute_layout",
    "load_volume",
    "read_volume",
]

if TYPE_CHECKING:
    from proceedings.errors import Problem, ProceedingsError, Severity
    from proceedings.layout import Layout, PaperPages, compute_layout
    from proceedings.load import load_volume, read_volume
    from proceedings.model import Paper, Part, Person, Volume


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'proceedings' has no attribute {name!r}")
