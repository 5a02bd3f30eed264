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

import functools
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
    """Whether ``text`` is in Chinese, Japanese or Korean script (no spaces, no initials).

    The answer is kept for a short text (a name, a word): those are asked about again and
    again (46,000 times for 200 papers' citations and index), and a character's Unicode name
    is slow to look up. A long one (a document's text, asked about once) is not kept."""
    return _short_is_cjk(text) if len(text) <= _KEPT_UP_TO else _scan_cjk(text)


_KEPT_UP_TO = 200


@functools.lru_cache(maxsize=65_536)
def _short_is_cjk(text: str) -> bool:
    return _scan_cjk(text)


def _scan_cjk(text: str) -> bool:
    for char in text:
        name = unicodedata.name(char, "")
        if name.startswith(("CJK ", "HIRAGANA", "KATAKANA", "HANGUL")):
            return True
    return False


def _initial(word: str, inner: bool = False) -> str:
    """``Jean-Pierre`` -> ``J.-P.``; ``Ł`` keeps its stroke, ``É`` its accent.

    A lower-case word inside a given name is a particle and stays whole (``Maria do Carmo`` ->
    ``M. do C.``, ``Abd al-Rahman`` -> ``A. al-R.``).
    """
    if "-" in word:
        parts = [p for p in word.split("-") if p]
        last = len(parts) - 1
        return "-".join(_initial(p, inner or i > 0 or i < last) for i, p in enumerate(parts))
    if inner and word.islower():
        return word
    for i, char in enumerate(word):
        if char.isalpha():
            marks = ""
            for follower in word[i + 1 :]:
                if not unicodedata.category(follower).startswith("M"):
                    break
                marks += follower
            return f"{char}{marks}."
    return word


def initials(given: str) -> str:
    """Initials of the given names: ``María José`` -> ``M. J.``, ``Jean-Pierre`` -> ``J.-P.``.

    ``J.R.R.`` is read as three initials. CJK given names are not abbreviated: an initial of
    ``小明`` means nothing to a reader.
    """
    if not given or is_cjk(given):
        return given
    words = unicodedata.normalize("NFC", given).replace(".", ". ").split()
    last = len(words) - 1
    return " ".join(_initial(w, inner=0 < i < last) for i, w in enumerate(words))


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
            if word.islower():  # 'van', 'de', and the elided "'t" of van 't Hoff
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
        """Family name first with a comma, as in the author index: ``van der Berg, Jan``.

        CJK names are family-first already and never spaced: ``王小明`` stays as it is.
        """
        if self._joiner == "":
            return self.full
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
        first = self.sort_key[0][:1].upper()
        if first.isalpha() and first != first.lower():  # a cased letter, its accent folded away
            return first
        return self.family[:1] or "?"

    @property
    def match_key(self) -> str:
        """A spelling-blind key for finding one person spelt two ways (``Muller`` / ``Müller``)."""
        return " ".join(sorted(_index_words(f"{self.given} {self.family}").split()))


# --- one person spelt two ways ---------------------------------------------------------------
#
# The same-person check (checks/people.py) asks these two questions of two spellings. Both are
# deliberately narrow: a false "these look alike" costs the editor a look, but a rule that
# matched "Wei Zhang" with "Wei Zhan" (two common Chinese family names one letter apart) would
# bury the real slips of a large volume.


def _words(text: str) -> list[str]:
    return _index_words(text).split()


def _fits(a: str, b: str) -> bool:
    """One word of a given name against another: equal, or one is the other's initial."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) == 1 and long.startswith(short)


def initials_fit(a: str, b: str) -> bool:
    """Whether two different given names read as one with initials for some words:
    ``Muhammad O.`` / ``Muhammad Osama``, ``J.-P.`` / ``Jean-Pierre``, ``M.`` / ``Muhammad``.

    Word by word, as many words on each side, and at least one word abbreviated. CJK given
    names have no initials, and names that are the same once folded are not "initials".
    """
    if is_cjk(a + b):
        return False
    left, right = _words(a), _words(b)
    if not left or len(left) != len(right) or left == right:
        return False
    return all(_fits(x, y) for x, y in zip(left, right, strict=True))


def one_slip(a: str, b: str) -> bool:
    """Whether two family names differ by one slip of the keyboard (compared folded).

    A doubled or undoubled letter (``Kingg`` / ``King``) or two neighbours swapped (``Mailk`` /
    ``Malik``) in any name of three letters or more; one letter added, dropped or changed only
    in names of six letters or more (``Mueller`` / ``Muller``), since short family names one
    letter apart are usually two families (``Zhan`` / ``Zhang``, ``Wang`` / ``Wong``).
    """
    x, y = ("".join(_words(a)), "".join(_words(b)))
    if x == y or is_cjk(x + y):
        return False
    short, long = sorted((x, y), key=len)
    if len(short) < 3 or len(long) - len(short) > 1:
        return False
    if len(long) == len(short):
        diff = [i for i in range(len(x)) if x[i] != y[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            i = diff[0]
            return x[i] == y[i + 1] and x[i + 1] == y[i]
        return len(diff) == 1 and len(short) >= 6
    for i, char in enumerate(long):
        if long[:i] + long[i + 1 :] == short:
            doubled = (i > 0 and long[i - 1] == char) or long[i + 1 : i + 2] == char
            return doubled or len(short) >= 6
    return False


def slip_keys(family: str) -> set[str]:
    """Keys two family names share whenever they may be :func:`one_slip` apart: the folded
    name and the name with each letter dropped (so a check compares only names that share one,
    instead of every pair of a large volume)."""
    word = "".join(_words(family))
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def is_shouting(text: str) -> bool:
    """Whether ``text`` is ALL CAPS (at least two letters, none lower-case)."""
    letters = [c for c in text if c.isalpha() and not is_cjk(c)]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_all_lower(text: str) -> bool:
    """Whether ``text`` is all lower-case (at least two cased letters, none upper-case)."""
    letters = [c for c in text if c.isalpha() and (c.isupper() or c.islower())]
    return len(letters) >= 2 and all(c.islower() for c in letters)
