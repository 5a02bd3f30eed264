"""LaTeX-style inline math to typst math, for the ``$...$`` of Markdown-ish text.

Only a small, common subset of LaTeX is converted (Greek letters, relations, sub- and
superscripts, ``\\frac``, ``\\mathrm`` and friends); anything else becomes a quoted string. The
output only ever holds whitelisted symbols, functions and quoted strings, so it always parses.
"""

from __future__ import annotations

import re

__all__ = ["is_plain_math", "latex_to_typst_math"]

_GREEK = (  # noqa: SIM905 (a word list reads better as one string)
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau "
    "upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
).split()
_SYMBOLS = {
    **{name: name for name in _GREEK},
    "varepsilon": "epsilon",
    "epsilon": "epsilon.alt",
    "vartheta": "theta.alt",
    "varphi": "phi",
    "ell": "ell",
    "leq": "<=",
    "le": "<=",
    "geq": ">=",
    "ge": ">=",
    "neq": "!=",
    "ne": "!=",
    "approx": "approx",
    "sim": "tilde.op",
    "times": "times",
    "cdot": "dot.op",
    "pm": "plus.minus",
    "infty": "infinity",
    "in": "in",
    "to": "->",
    "rightarrow": "->",
    "leftarrow": "<-",
    "mid": "|",
    "ldots": "...",
    "dots": "...",
    "cdots": "dots.c",
    "sum": "sum",
    "prod": "product",
    "log": "log",
    "exp": "exp",
    "max": "max",
    "min": "min",
    "arg": "arg",
    "partial": "diff",
    "nabla": "nabla",
    "{": "brace.l",
    "}": "brace.r",
    "%": '"%"',
    "_": '"_"',
    "&": '"&"',
    "#": '"#"',
    "$": '"$"',
}
_SPACES = {",", ";", ":", "!", " ", "quad", "qquad"}
_ONE_ARG = {
    "mathbb": "bb",
    "mathcal": "cal",
    "mathbf": "bold",
    "boldsymbol": "bold",
    "hat": "hat",
    "widehat": "hat",
    "bar": "overline",
    "overline": "overline",
    "tilde": "tilde",
    "widetilde": "tilde",
    "sqrt": "sqrt",
}
_TEXT_ARG = {"text", "mathrm", "operatorname", "textrm", "mathit"}
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|\d+(?:\.\d+)?|\s+|.", re.S)
_PASS = set("+-=<>()[],.|'!?:*")
_NOT_A_BASE = {"(", "[", ",", "thin"}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _MathConverter:
    """Convert a small, common subset of LaTeX math to typst math; anything else is quoted.

    Abstracts are Markdown with LaTeX-style ``$...$``; typst's math syntax differs, and a faithful
    converter is out of scope. The output only ever contains whitelisted tokens and quoted
    strings, so it always parses; braces map to typst's invisible grouping parentheses.
    """

    def __init__(self, source: str) -> None:
        self.tokens = _TOKEN.findall(source)
        self.pos = 0
        self.in_argument = 0

    def convert(self) -> str:
        out = self._sequence()
        if self.pos != len(self.tokens):
            raise ValueError("unbalanced braces")
        return out

    def _next(self) -> str | None:
        if self.pos >= len(self.tokens):
            return None
        token: str = self.tokens[self.pos]
        self.pos += 1
        return token

    def _sequence(self) -> str:
        parts: list[str] = []
        while self.pos < len(self.tokens) and self.tokens[self.pos] != "}":
            atom = self._atom()
            if not atom:
                continue
            if atom.startswith(("_(", "^(")):
                # An attachment joins its base; typst rejects one without a base, so a
                # subscript after an opening delimiter or at the start gets an empty one.
                if parts and parts[-1] not in _NOT_A_BASE:
                    parts[-1] += atom
                else:
                    parts.append('""' + atom)
            else:
                parts.append(atom)
        return " ".join(parts)

    def _group(self) -> str:
        """A brace group or a single atom, as the argument of a command or an attachment.

        Arguments end up inside typst's call parentheses, which must balance: delimiters in
        them are quoted (see ``_atom``).
        """
        self.in_argument += 1
        try:
            while self.pos < len(self.tokens) and self.tokens[self.pos].isspace():
                self.pos += 1
            if self.pos < len(self.tokens) and self.tokens[self.pos] == "{":
                self.pos += 1
                inner = self._sequence()
                if self._next() != "}":
                    raise ValueError("unbalanced braces")
                return inner or '""'
            atom = self._atom()
            if atom.startswith(("_(", "^(")):
                return '""' + atom
            return atom or '""'
        finally:
            self.in_argument -= 1

    def _raw_group(self) -> str:
        """The text of a brace group, for \\text{...} and friends."""
        if self._next() != "{":
            raise ValueError("expected a brace group")
        depth, out = 1, list[str]()
        while (token := self._next()) is not None:
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0:
                    return "".join(out)
            out.append(token)
        raise ValueError("unbalanced braces")

    def _atom(self) -> str:
        token = self._next()
        if token is None:
            return ""
        if token.isspace():
            return ""
        if token == "{":
            inner = self._sequence()
            if self._next() != "}":
                raise ValueError("unbalanced braces")
            return inner
        if token in ("_", "^"):
            return token + "(" + self._group() + ")"
        if token.startswith("\\"):
            return self._command(token[1:])
        if token in "()[],;" and self.in_argument:
            return _quote(token)
        if token.isascii() and (token.isalnum() or token in _PASS):
            return token
        if token == "/":
            return "slash"
        return _quote(token)

    def _command(self, name: str) -> str:
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        if name in _SPACES:
            return "thin"
        if name == "frac":
            num = self._group()
            den = self._group()
            return f"frac({num}, {den})"
        if name in _ONE_ARG:
            return f"{_ONE_ARG[name]}({self._group()})"
        if name in _TEXT_ARG:
            return f"upright({_quote(self._raw_group())})"
        if name in ("left", "right", "big", "Big", "bigl", "bigr"):
            return ""
        return _quote(name)


def latex_to_typst_math(source: str) -> str:
    """Typst math for LaTeX-style `source` (without its ``$`` delimiters).

    The result always parses as typst math: a source the converter cannot parse (unbalanced
    braces, say) comes back as one quoted string, and so does one that converts to nothing.
    """
    try:
        return _MathConverter(source).convert() or _quote(source)
    except ValueError:
        return _quote(source)


# Commands a plain formula may use beyond the converter's tables: fractions and the accents
# and functions LaTeX defines in math mode.
_PLAIN = {"frac", "dfrac", "tfrac", "left", "right", "big", "Big", "bigl", "bigr", "cdot"}
# Characters that end, comment out or parametrize math in TeX: never part of a plain formula.
_NOT_PLAIN = frozenset("$%#&~\\")


def is_plain_math(source: str) -> bool:
    """Whether ``source`` (a formula without its ``$`` delimiters) holds only what the
    converter knows: letters, digits, operators, balanced braces and whitelisted commands.

    Such a formula can be given to TeX as it is; any other (``\\input{...}``, ``\\def``, a
    ``$`` that ends math, a ``%`` that comments out the rest of the line) must be printed as
    text instead.
    """
    if "^^" in source:
        return False  # TeX reads ^^5c as a backslash: a command no scan of tokens would see
    depth = 0
    for token in _TOKEN.findall(source):
        if token.startswith("\\") and len(token) > 1:
            name = token[1:]
            known = (_SYMBOLS, _SPACES, _ONE_ARG, _TEXT_ARG, _PLAIN)
            if not any(name in table for table in known):
                return False
        elif token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
        elif token in _NOT_PLAIN or not (token.isprintable() or token.isspace()):
            return False
    return depth == 0
