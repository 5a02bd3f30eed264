"""Unicode text -> LaTeX text for BibTeX fields: escapes, accents, protected capitals.

Two flavours. UTF-8 (for biber and biblatex) keeps every letter as it is and escapes only what
LaTeX or BibTeX would misread. ASCII (for classic bibtex) also writes accented letters as
braced accent commands, ``{\\"o}``, ``{\\~{\\^e}}``, ``{\\o}``, the form BibTeX needs to
abbreviate, sort and change the case of names correctly. Letters with no LaTeX accent command
(CJK, Cyrillic, Greek, Vietnamese horns) stay UTF-8 even there: a transliteration would be a
guess, and bibtex copies such bytes through unharmed.
"""

from __future__ import annotations

import re
import unicodedata

# Characters LaTeX reads as commands, and what prints them.
_SPECIALS = {
    "\\": r"\textbackslash{}",
    # bibtex balances braces without regard to backslashes, so \{ would unbalance a field
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# Letters that are not a base letter plus accents.
_LETTERS = {
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "ß": r"{\ss}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "ı": r"{\i}",
    "đ": r"{\dj}",
    "Đ": r"{\DJ}",
    "þ": r"{\th}",
    "Þ": r"{\TH}",
    "ð": r"{\dh}",
    "Ð": r"{\DH}",
}
_PUNCTUATION = {
    "–": "--",
    "—": "---",
    "“": "``",
    "”": "''",
    "‘": "`",
    "’": "'",
    "…": r"\ldots{}",
    "\u00a0": "~",
}
# Combining marks and the LaTeX accent commands that put them on a letter.
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
}
_MATH = re.compile(r"(?<![\\$])\$(?=\S)([^$]*?\S)\$(?![\d$])")


def escape(text: str, *, ascii: bool = False) -> str:
    """``text`` as LaTeX that prints exactly it; whitespace runs become one space."""
    return _escape(" ".join(text.split()), ascii)


def escape_with_math(text: str, *, ascii: bool = False) -> str:
    """Like :func:`escape`, but ``$...$`` spans (the model's Markdown math) pass through as TeX."""
    text = " ".join(text.split())
    out = []
    position = 0
    for match in _MATH.finditer(text):
        out.append(_escape(text[position : match.start()], ascii))
        out.append(match.group(0))
        position = match.end()
    out.append(_escape(text[position:], ascii))
    return "".join(out)


# Text with none of these needs no escaping in UTF-8 output (nor in ASCII output, if ASCII).
_NEEDS_WORK = re.compile("[" + re.escape("".join(_SPECIALS)) + "]|--|``|''")


def _escape(text: str, ascii: bool) -> str:
    text = unicodedata.normalize("NFC", text)
    if not _NEEDS_WORK.search(text) and (not ascii or text.isascii()):
        return text  # the common case, spared the character-by-character walk below
    out = ""
    for char in text:
        piece = _char(char, ascii)
        if out and out[-1] in "-`'" and piece[0] == out[-1]:
            out += "{}"  # LaTeX would join -- into a dash and `` '' into quotes
        out += piece
    return out


def _char(char: str, ascii: bool) -> str:
    if char in _SPECIALS:
        return _SPECIALS[char]
    if char.isascii() or not ascii:
        return char
    if char in _LETTERS:
        return _LETTERS[char]
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if marks and base.isascii() and all(m in _ACCENTS for m in marks):
        out = base
        for mark in marks:
            command = _ACCENTS[mark]
            out = (
                f"\\{command}{{{out}}}"
                if command.isalpha() or len(out) > 1
                else f"\\{command}{out}"
            )
        return "{" + out + "}"
    return char


# Words whose capitals BibTeX styles must keep: proper names that a title-case title cannot
# tell apart from ordinary words. Acronyms and words with inner capitals are found by shape.
PROPER_WORDS = frozenset(
    """Bayes Bayesian Bernoulli Boltzmann Cox Dirichlet Euclidean Fourier Gaussian Gibbs Granger
    Hessian Hilbert Hopfield Jacobian Kalman Kaplan Laplace Laplacian Lipschitz Mahalanobis Markov
    Markovian Meier Monte Carlo Nash Newton Pareto Poisson Shapley Student Transformer Turing
    Wasserstein Weibull Wiener English Chinese Spanish French German African American Asian
    European Alzheimer Parkinson Crohn Hodgkin Huntington Kaggle Python PyTorch
    TensorFlow""".split()  # noqa: SIM905 (a word list reads better as one string)
)


def needs_protection(word: str) -> bool:
    """Whether a title word's capitals must survive a bibliography style's lower-casing.

    Acronyms and mixed case (``ML``, ``COVID-19``, ``fMRI``, ``AUROC``, ``PyTorch``) and known
    proper names (``Bayesian``, ``Shapley``). Each part of a hyphenated word is judged alone:
    title case capitalises ``Length-of-Stay``, which needs no protection.
    """
    for part in word.split("-"):
        letters = "".join(c for c in part if c.isalpha())
        if len(letters) >= 2 and letters.isupper():
            return True
        if any(c.isupper() for c in letters[1:]):
            return True
        if letters in PROPER_WORDS or letters.removesuffix("s") in PROPER_WORDS:
            return True
    return False


_EDGE = re.compile(r"^([\W_]*)(.*?)([\W_]*)$", re.DOTALL)


def protect_title(title: str, *, ascii: bool = False) -> str:
    """Escape a title and brace the words whose capitals must stay (``{COVID-19}``, ``{ML}``).

    Only the word is braced, not the punctuation around it (``{ML}:``), so styles still see it.
    """
    out = []
    for word in title.split():
        lead, core, trail = _EDGE.match(word).groups()  # type: ignore[union-attr]
        if core and needs_protection(core):
            out.append(f"{_escape(lead, ascii)}{{{_escape(core, ascii)}}}{_escape(trail, ascii)}")
        else:
            out.append(_escape(word, ascii))
    return " ".join(out)
