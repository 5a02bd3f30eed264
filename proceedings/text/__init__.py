"""Text helpers every stage may use: plurals here, LaTeX math in :mod:`.latexmath`.

They live apart from the stages so that no stage imports another (or the demo generator) for
a few lines of wording.
"""

from __future__ import annotations


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 paper``, ``2 papers``: the count and the word, in the plural (``words`` when the word
    does not just take an ``s``, e.g. ``plural(n, "entry", "entries")``) unless the count is 1."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {words or word + 's'}"
