"""Sphinx's English search, with each word stemmed once per build instead of once per page.

Sphinx stems every word of every page it writes, and the pure-Python Snowball stemmer is the
slowest step of writing a page: a 200-paper volume repeats the same few thousand words
(``model``, ``clinical``, the authors' institutions) tens of thousands of times. The stems are
the same, so the index is the same; only the time changes.
"""

from __future__ import annotations

from sphinx.search.en import SearchEnglish


class CachedEnglish(SearchEnglish):
    """:class:`SearchEnglish` with a memo of the stems it has made."""

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """The word's stem, computed the first time it is asked for."""
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = super().stem(word)
        return stem
