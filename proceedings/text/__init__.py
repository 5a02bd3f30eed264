"""Text helpers every stage may use: plurals, lists of ids and letter numbering here, LaTeX
math in :mod:`.latexmath`.

They live apart from the stages so that no stage imports another (or the demo generator) for
a few lines of wording.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["join_ids", "letters", "plural"]


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 paper``, ``2 papers``: the count and the word, in the plural (``words`` when the word
    does not just take an ``s``, e.g. ``plural(n, "entry", "entries")``) unless the count is 1."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {words or word + 's'}"


def join_ids(ids: Iterable[str], limit: int = 12) -> str:
    """A readable list of ids: ``a, b, c`` or ``a, b, ... and 7 more``."""
    items = list(ids)
    if len(items) <= limit:
        return ", ".join(items)
    return f"{', '.join(items[:limit])} and {len(items) - limit} more"


def letters(index: int) -> str:
    """The ``index``-th name in ``a``, ``b``, ... ``z``, ``aa``, ``ab``, ... (from 0): how a
    spreadsheet names its columns (in capitals) and how BibTeX keys of one base are told apart
    (``lee23a``, ``lee23b``)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("a") + rest) + out
    return out
