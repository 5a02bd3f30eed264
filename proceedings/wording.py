"""Counts and lists of ids in messages, worded one way wherever a message is written."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["join_ids", "plural"]


def plural(count: int, word: str) -> str:
    """``1 paper``, ``2 papers``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def join_ids(ids: Iterable[str], limit: int = 12) -> str:
    """A readable list of ids: ``a, b, c`` or ``a, b, ... and 7 more``."""
    items = list(ids)
    if len(items) <= limit:
        return ", ".join(items)
    return f"{', '.join(items[:limit])} and {len(items) - limit} more"
