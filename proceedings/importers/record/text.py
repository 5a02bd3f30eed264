"""A record file's text as messages and ``record.yaml`` show it: one printable line."""

from __future__ import annotations

import unicodedata

__all__ = ["one_line"]


def one_line(text: str, limit: int = 200) -> str:
    """One line of printable text (no control characters), cut at ``limit``: what a record
    file says is a stranger's text, and a message or a YAML comment is one line."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
