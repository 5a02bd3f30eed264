"""Citation keys: stable, documented, and the same in every export of a volume.

Two schemes (``bibtex.keys`` in ``volume.yaml``):

- ``id`` (default): ``<volume key>-<paper id>``, e.g. ``tml4h2025-017``. Stable as long as the
  paper ids are, whatever happens to titles and author lists.
- ``dblp``: the first author's family name (without particles, accents or punctuation) and the
  two-digit year, e.g. ``OBrien25``; papers that would share a key get ``a``, ``b``, ... in
  volume order (``Berg25a``, ``Berg25b``), as dblp does. The volume itself is
  ``<volume key>`` in both schemes. A first author whose family name has no Latin letter
  (``王``) gets the ``id`` key, since a transliteration would be a guess.
"""

from __future__ import annotations

import re

from proceedings.model import Paper, Volume
from proceedings.names import fold
from proceedings.text import letters


def volume_key(volume: Volume) -> str:
    """The key of the volume's own entry (``@proceedings``)."""
    return volume.info.slug


def paper_keys(volume: Volume, scheme: str | None = None) -> dict[str, str]:
    """The key of every archival paper, by paper id, in volume order."""
    scheme = scheme or volume.info.bibtex.keys
    papers = volume.archival_papers
    if scheme == "id":
        return {p.id: f"{volume.info.slug}-{p.id}" for p in papers}
    stems = {p.id: _dblp_stem(p, volume.info.year) or f"{volume.info.slug}-{p.id}" for p in papers}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem] = counts.get(stem, 0) + 1
    seen: dict[str, int] = {}
    keys = {}
    for paper_id, stem in stems.items():
        if counts[stem] == 1:
            keys[paper_id] = stem
        else:
            keys[paper_id] = stem + letters(seen.get(stem, 0))  # dblp's disambiguation letters
            seen[stem] = seen.get(stem, 0) + 1
    return keys


def _dblp_stem(paper: Paper, year: int) -> str | None:
    """``OBrien25``; ``None`` when the family name has no Latin letter to build a key from."""
    if not paper.info.authors:
        return None
    letters = re.sub(r"[^A-Za-z]", "", _ascii(paper.info.authors[0].name.family_core))
    return f"{letters[:1].upper()}{letters[1:]}{year % 100:02d}" if letters else None


def _ascii(text: str) -> str:
    """Fold accents but keep the capitals: ``Ødegaard`` -> ``Odegaard``."""
    return "".join(fold(c).upper() if c.isupper() else fold(c) for c in text)
