"""LaTeX text <-> Unicode text, for every stage that reads or writes it.

Sources (BibTeX, CEUR, the ACL Anthology, aclpub2) write their metadata in LaTeX, the checks read
titles and abstracts for LaTeX the organizer left in, and the BibTeX export writes LaTeX again. No
stage owns the conversion, so it lives here: :mod:`~proceedings.latex.decode` reads LaTeX into
Unicode with remarks on what it guessed, :mod:`~proceedings.latex.encode` writes Unicode as
LaTeX for BibTeX fields.
"""

from __future__ import annotations

from proceedings.latex.decode import Decoded, decode_debris, decode_latex, find_lost_markup
from proceedings.latex.encode import escape, escape_with_math, needs_protection, protect_title

__all__ = [
    "Decoded",
    "decode_debris",
    "decode_latex",
    "escape",
    "escape_with_math",
    "find_lost_markup",
    "needs_protection",
    "protect_title",
]
