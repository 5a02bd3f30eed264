"""Personal names: display forms, initials and the author-index sort key.

A name is stored as its parts, never as one string: ``given`` (``Jean-Pierre``), ``family`` with
its particles (``van der Berg``, ``de Lhoneux``, ``al-Hassan``) and an optional ``suffix``
(``Jr.``, ``III``). Parsing "Jan van der Berg" back into parts is guesswork, so importers ask for
the parts and this module only formats them.

Index order (the choice, documented in the README): names are sorted by the family name *as it is
written*, particles included, the way Springer's LNCS author indexes print them: ``al-Hassan``
under A, ``de Lhoneux`` under D, ``van der Berg`` under V. The comparison ignores case, accents
and punctuation (``Ødegaard`` sorts as ``odegaard``, ``O'Brien`` as ``obrien``) and is word by
word (``de Lhoneux`` before ``Delacroix``). Ties are broken by the given name, then the suffix.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Letters that NFKD does not decompose into a base letter plus accents.
_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
        "ı": "i",
        "ħ": "h",
        "ŀ": "l",
    }
)
_APOSTROPHES = "'’ʼ‘`´"
_DASHES = "-‐‑‒–—"


def fold(text: str) -> str:
    """Lower-case ``text`` without accents, for comparing and sorting: ``Ødegaard`` -> ``odegaard``.

    Letters that Unicode does not decompose (ø, ł, ß, æ...) are mapped by hand.
    """
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().translate(_FOLD)


def _index_words(text: str) -> str:
    """Fold and drop punctuation: apostrophes vanish, dashes and dots separate words."""
    text = fold(text)
    text = "".join(
        "" if c in _APOSTROPHES else " " if c in _DASHES or c == "." else c for c in text
    )
    return " ".join(text.split())


def is_cjk(text: str) -> bool:
    """Whether ``text`` is in Chinese, Japanese or Korean script (no spaces, no initials)."""
    for char in text:
        name = unicodedata.name(char, "")
        if name.startswith(("CJK ", "HIRAGANA", "KATAKANA", "HANGUL")):
            return True
    return False


def _initial(word: str) -> str:
    """``Jean-Pierre`` -> ``J.-P.``; ``Ł`` keeps its stroke; an existing initial stays."""
    if "-" in word:
        return "-".join(_initial(part) for part in word.split("-") if part)
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return word
    return letters[0] + "."


def initials(given: str) -> str:
    """Initials of the given names: ``María José`` -> ``M. J.``, ``Jean-Pierre`` -> ``J.-P.``.

    CJK given names are not abbreviated: an initial of ``小明`` means nothing to a reader.
    """
    if not given or is_cjk(given):
        return given
    return " ".join(_initial(word) for word in given.split())


@dataclass(frozen=True)
class Name:
    """The parts of one person's name, and every form in which the volume prints it."""

    family: str
    given: str = ""
    suffix: str = ""
    family_first: bool | None = None

    @property
    def _family_first(self) -> bool:
        if self.family_first is not None:
            return self.family_first
        return is_cjk(self.family + self.given)

    @property
    def _joiner(self) -> str:
        return "" if is_cjk(self.family) and is_cjk(self.given) else " "

    def _join(self, *parts: str) -> str:
        return self._joiner.join(p for p in parts if p)

    @property
    def particle(self) -> str:
        """Leading lower-case words of the family name: ``van der`` of ``van der Berg``."""
        words = self.family.split(" ")
        lead = []
        for word in words[:-1]:
            if word[:1].islower():
                lead.append(word)
            else:
                break
        return " ".join(lead)

    @property
    def family_core(self) -> str:
        """The family name without its leading particles: ``Berg`` of ``van der Berg``."""
        particle = self.particle
        return self.family[len(particle) :].lstrip() if particle else self.family

    @property
    def full(self) -> str:
        """The name as printed in a by-line: ``Jan van der Berg``, ``Nguyễn Văn An``, ``王小明``."""
        if self._family_first:
            core = self._join(self.family, self.given)
        else:
            core = self._join(self.given, self.family)
        return f"{core} {self.suffix}" if self.suffix else core

    @property
    def short(self) -> str:
        """Initials and family name, as in running heads: ``J. van der Berg``, ``J.-P. Dubois``."""
        given = initials(self.given)
        if self._family_first:
            core = self._join(self.family, given)
        else:
            core = self._join(given, self.family)
        return f"{core} {self.suffix}" if self.suffix else core

    @property
    def inverted(self) -> str:
        """Family name first with a comma, as in the author index: ``van der Berg, Jan``."""
        out = self.family
        if self.given:
            out += f", {self.given}"
        if self.suffix:
            out += f", {self.suffix}"
        return out

    @property
    def initials(self) -> str:
        """Initials of the given names (see :func:`initials`)."""
        return initials(self.given)

    @property
    def sort_key(self) -> tuple[str, str, str, str]:
        """Author-index order: family as written (particles included), then given, then suffix.

        The last element, the name as written, makes the order total and so deterministic.
        """
        return (
            _index_words(self.family),
            _index_words(self.given),
            _index_words(self.suffix),
            self.inverted,
        )

    @property
    def index_letter(self) -> str:
        """The author index's letter group: ``V`` for ``van der Berg``, ``O`` for ``Ødegaard``."""
        key = self.sort_key[0]
        first = key[:1].upper()
        return first if first.isascii() and first.isalpha() else (self.family[:1] or "?")

    @property
    def match_key(self) -> str:
        """A spelling-blind key for finding one person spelt two ways (``Muller`` / ``Müller``)."""
        return " ".join(sorted(_index_words(f"{self.given} {self.family}").split()))


def is_shouting(text: str) -> bool:
    """Whether ``text`` is ALL CAPS (at least two letters, none lower-case)."""
    letters = [c for c in text if c.isalpha() and not is_cjk(c)]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_all_lower(text: str) -> bool:
    """Whether ``text`` is all lower-case (at least two cased letters, none upper-case)."""
    letters = [c for c in text if c.isalpha() and (c.isupper() or c.islower())]
    return len(letters) >= 2 and all(c.islower() for c in letters)
