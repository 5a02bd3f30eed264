"""proceedings: turn a workshop's accepted papers into published proceedings."""

from __future__ import annotations

from proceedings.errors import Problem, ProceedingsError, Severity
from proceedings.layout import Layout, PaperPages, compute_layout
from proceedings.load import load_volume, read_volume
from proceedings.model import Paper, Part, Person, Volume

__version__ = "0.1.0"

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
