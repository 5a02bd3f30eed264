"""LaTeX text (a BibTeX field, CEUR or ACL Anthology metadata) -> plain Unicode, with remarks.

Every importer of LaTeX-ish sources decodes its text with :func:`decode_latex`: accents and
symbols become characters, formatting commands keep their text, protective braces go and
``$math$`` is kept as written. What the decoder had to guess or could not read comes back as
remarks for the organizer, as does markup the source seems to have lost
(:func:`find_lost_markup`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

from proceedings.text import plural

__all__ = ["Decoded", "decode_debris", "decode_latex", "find_lost_markup"]

# Placeholders (Unicode private use) for characters that must survive decoding and brace
# stripping as literal text.
_LBRACE, _RBRACE, _DOLLAR, _BACKSLASH, _TILDE, _HYPHEN, _PERCENT = (
    chr(0xE000 + i) for i in range(7)
)
_MATH_BASE = 0xE100
_ESCAPED = {"{": _LBRACE, "}": _RBRACE, "$": _DOLLAR, "%": _PERCENT}
_LITERAL = {
    _LBRACE: "{",
    _RBRACE: "}",
    _DOLLAR: "$",
    _BACKSLASH: "\\",
    _TILDE: "~",
    _HYPHEN: "-",
    _PERCENT: "%",
}

# Text-mode symbols, including those latexcodec 3 does not know (\textquoteright...).
_SYMBOLS = {
    "textquoteright": "’",
    "textquoteleft": "‘",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textquotesingle": "'",
    "textquotedbl": '"',
    "textendash": "–",
    "textemdash": "—",
    "textellipsis": "…",
    "dots": "…",
    "ldots": "…",
    "textbullet": "•",
    "textdagger": "†",
    "textdaggerdbl": "‡",
    "textsection": "§",
    "textparagraph": "¶",
    "textdegree": "°",
    "textregistered": "®",
    "texttrademark": "™",
    "textcopyright": "©",
    "copyright": "©",
    "texteuro": "€",
    "euro": "€",
    "pounds": "£",
    "textsterling": "£",
    "textyen": "¥",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "textasciicircum": "^",
    "textunderscore": "_",
    "textpm": "±",
    "texttimes": "\u00d7",  # multiplication sign
    "textmu": "µ",
    "textperiodcentered": "·",
    "guillemotleft": "«",
    "guillemotright": "»",
    "textexclamdown": "¡",
    "textquestiondown": "¿",
    "textasciitilde": _TILDE,
    "textbackslash": _BACKSLASH,
    "textbraceleft": _LBRACE,
    "textbraceright": _RBRACE,
    "textdollar": _DOLLAR,
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ss": "ß",
    "SS": "SS",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "dh": "ð",
    "DH": "Ð",
    "dj": "đ",
    "DJ": "Đ",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "i": "ı",
    "j": "ȷ",
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "BibTeX": "BibTeX",
}
_SYMBOL = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])(?:\s*\{\})?\s*")
# Accents: \'e, \'{e}, {\"o}, \c{c}, \v c, \'{\i}, nested \~{\^e}.
_ACCENTS = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
}
_BASE = r"(?:\\[ij](?![A-Za-z])|[^\\{}\s][\u0300-\u036f]*)"
_ACCENT = re.compile(
    r"\\(?:([`'^~=.\"])|([urHvdckb])(?![A-Za-z]))\s*(?:\{\s*(" + _BASE + r")\s*\}|(" + _BASE + "))"
)
# Commands whose argument is kept as text (\emph{x} -> x); \href keeps its second argument.
_WRAPPERS = frozenset(
    {
        "emph",
        "textit",
        "textbf",
        "textsc",
        "texttt",
        "textrm",
        "textsf",
        "textsl",
        "textup",
        "textmd",
        "textnormal",
        "textsuperscript",
        "textsubscript",
        "mbox",
        "hbox",
        "text",
        "url",
        "nolinkurl",
        "NoCaseChange",
        "uppercase",
        "MakeUppercase",
        "lowercase",
        "MakeLowercase",
    }
)
_WRAPPER = re.compile(r"\\([A-Za-z]+)\s*\{")
_DROPPED = re.compile(
    r"\\(?:em|it|bf|sc|tt|rm|sf|sl|up|itshape|bfseries|scshape|upshape|mdseries|slshape|"
    r"normalfont|ttfamily|rmfamily|sffamily|small|footnotesize|scriptsize|tiny|large|Large|"
    r"noindent|protect|relax|nobreak|unskip|xspace|ignorespaces)(?![A-Za-z])\s*"
    r"|\\[-/@!]"
)
_SPACES = re.compile(
    r"\\[,;: >]|\\(?:quad|qquad|enspace|enskip|thinspace|space|newline|linebreak|par)"
    r"(?![A-Za-z])\s*|\\hspace\*?\{[^{}]*\}|(?<!\\)~"
)
_MATH = re.compile(r"(?<!\\)(\$\$?)(?:\\.|[^$\\])+?(?<!\\)\1")
_URL = re.compile(r"(?:https?://|www\.)[^\s{}]+")
# PMLR escapes the LaTeX that authors typed into a web form once more: "{\textbackslash}\%" is
# the author's "\%", "{\textbackslash}url\{x\}" their "\url{x}", "{\textasciitilde}" their tie.
_TEXTBACKSLASH = r"(?:\{\\textbackslash\}|\\textbackslash(?![A-Za-z])\s*)"
_DOUBLE_CHAR = re.compile(_TEXTBACKSLASH + r"\s*(\\[&%$#_{}])")
_DOUBLE_MACRO = re.compile(_TEXTBACKSLASH + r"([A-Za-z]+)\\\{((?:[^\\{}]|\\[^{}])*)\\\}")
_TIE = re.compile(r"(?<![/\\])\{\\textasciitilde\}(?![/\d])(?!\s*\d)")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
# What PMLR's posts keep of the author's LaTeX once it has rendered the .bib's text: "{\}" is a
# rendered "{\textbackslash}" (never valid LaTeX: its brace is escaped and never closed), so
# "{\}%" is the author's "\%" and "{\}url\{x\}" their "\url{x}"; "{’}" and "{~}" are a quote
# and a tie that kept their protective braces.
_DEBRIS_CHAR = re.compile(r"\{\\\}\s*([&%$#_])")
_DEBRIS_MACRO = re.compile(r"\{\\\}([A-Za-z]+)\\\{((?:[^\\{}]|\\[^{}])*)\\\}")
_DEBRIS_BRACED = re.compile(r"\{([^\w\s{}\\$%])\}")


@dataclass
class Decoded:
    """Text decoded from LaTeX, and what the decoder had to guess or could not read."""

    text: str
    remarks: list[str] = field(default_factory=list)


def _balanced(text: str, start: int) -> int:
    """Index just after the group that opens with the brace at ``start`` (or the text's end)."""
    depth = 0
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def _unwrap(text: str) -> str:
    """``\\emph{x}`` -> ``{x}``, ``\\href{url}{x}`` -> ``{x}``; other commands are left alone."""
    out = []
    pos = 0
    for match in _WRAPPER.finditer(text):
        if match.start() < pos:
            continue
        name = match.group(1)
        if name not in _WRAPPERS and name != "href":
            continue
        open_at = match.end() - 1
        end = _balanced(text, open_at)
        argument = text[open_at:end]
        if name == "href":
            rest = text[end:].lstrip()
            if rest.startswith("{"):
                second_at = end + (len(text[end:]) - len(rest))
                second_end = _balanced(text, second_at)
                argument = text[second_at:second_end]
                end = second_end
        out.append(text[pos : match.start()])
        out.append("{" + _unwrap(argument[1:-1] if argument.endswith("}") else argument) + "}")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _accent(match: re.Match[str]) -> str:
    mark = _ACCENTS[match.group(1) or match.group(2)]
    base = match.group(3) or match.group(4)
    base = {"\\i": "i", "ı": "i", "\\j": "j", "ȷ": "j"}.get(base, base)
    return base + mark


def _from_latex(text: str) -> str:
    """latexcodec's decoder: accents, symbols, dashes and quotes it knows, to Unicode."""
    # "ulatex" decodes text (str) to text; typeshed only knows codecs that decode bytes.
    decoded: str = codecs.decode(text, "ulatex")  # type: ignore[call-overload]
    return decoded


def decode_latex(text: str, *, markdown: bool = False) -> Decoded:
    """Decode one field (BibTeX or other LaTeX-ish metadata) from LaTeX to plain Unicode.

    Accents and symbols become characters, ``--`` and ``---`` dashes, ````` ``x'' ````` curly
    quotes, ``~`` a space; formatting commands keep their text (``\\emph{x}`` -> ``x``);
    protective braces go; whitespace is normalised. ``$math$`` is kept as written. With
    ``markdown`` (abstracts), a literal dollar is written ``\\$`` so it does not open math.
    Text that PMLR escaped twice (``{\\textbackslash}\\%``) is read as the author meant it, and
    unknown commands are kept as written; both are reported in ``remarks``.
    """
    remarks: list[str] = []
    text = _DEBRIS_CHAR.sub(r"\\\1", text)  # PMLR's "{\}%" is the author's "\%"
    text = _DEBRIS_MACRO.sub(r"\\\1{\2}", text)
    text, count = _DOUBLE_MACRO.subn(r"\\\1{\2}", text)
    text, chars = _DOUBLE_CHAR.subn(r"\1", text)
    if count + chars:
        remarks.append(
            f"undid {plural(count + chars, 'double escape')} of the author's LaTeX "
            "(e.g. '{\\textbackslash}\\%' read as '%')"
        )
    text, ties = _TIE.subn(" ", text)
    if ties:
        times = "once" if ties == 1 else f"{ties} times"
        remarks.append(
            f"read '{{\\textasciitilde}}' between words as a space (a tie escaped twice), {times}"
        )

    maths: list[str] = []

    def keep_math(match: re.Match[str]) -> str:
        maths.append(match.group(0))
        return chr(_MATH_BASE + len(maths) - 1)

    text = _MATH.sub(keep_math, text)
    text = text.replace("\\\\", " ")
    text = re.sub(r"\\([{}$%])", lambda m: _ESCAPED[m[1]], text)
    text = text.replace("%", _PERCENT)  # BibTeX keeps a bare %; latexcodec would drop the rest
    text = _URL.sub(lambda m: m.group(0).replace("-", _HYPHEN).replace("~", _TILDE), text)
    text = _unwrap(text)
    previous = None
    while previous != text:
        previous = text
        text = _ACCENT.sub(_accent, text)
    text = _DROPPED.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _SYMBOL.sub(lambda m: _SYMBOLS.get(m.group(1), m.group(0)), text)
    try:
        text = _from_latex(text)
    except (UnicodeDecodeError, ValueError) as exc:
        remarks.append(f"could not decode all of the LaTeX ({exc})")
    unknown = sorted({m.group(0).strip() for m in _COMMAND.finditer(text)})
    if unknown:
        remarks.append(f"kept unknown LaTeX {', '.join(unknown)} as written")
    text = text.replace("{", "").replace("}", "")
    dollar = "\\$" if markdown else "$"
    text = "".join(dollar if c == _DOLLAR else _LITERAL.get(c, c) for c in text)
    text = re.sub(
        f"[{chr(_MATH_BASE)}-{chr(_MATH_BASE + 0xFF)}]",
        lambda m: (
            maths[ord(m.group(0)) - _MATH_BASE]
            if ord(m.group(0)) - _MATH_BASE < len(maths)
            else m.group(0)
        ),
        text,
    )
    text = text.replace("\u00ad", "")
    return Decoded(unicodedata.normalize("NFC", " ".join(text.split())), remarks)


def decode_debris(text: str, *, markdown: bool = False) -> Decoded:
    """Unicode text that kept LaTeX debris (PMLR's posts) -> clean Unicode, with remarks.

    Only what has one reading is decoded: a rendered ``{\\textbackslash}`` before a special
    character (``{\\}%`` -> ``%``, ``{\\}&`` -> ``&``), before a formatting command of the
    author's (``{\\}url\\{x\\}`` -> ``x``), and a quote, dash or tie that kept its
    braces (``{’}`` -> ``’``, ``{~}`` -> a space). Anything else (``{\\}foo\\{x\\}``, other
    braces) is kept as written and named in ``remarks``; ``$math$`` is never touched. With
    ``markdown``, a decoded dollar is written ``\\$`` so it does not open math.
    """
    maths: list[str] = []

    def keep_math(match: re.Match[str]) -> str:
        maths.append(match.group(0))
        return chr(_MATH_BASE + len(maths) - 1)

    dollar = "\\$" if markdown else "$"
    text = _DEBRIS_CHAR.sub(lambda m: _DOLLAR if m.group(1) == "$" else m.group(1), text)
    text = _MATH.sub(keep_math, text)
    unknown: list[str] = []

    def macro(match: re.Match[str]) -> str:
        if match.group(1) in _WRAPPERS:
            return match.group(2)
        unknown.append(match.group(0))
        return match.group(0)

    text = _DEBRIS_MACRO.sub(macro, text)
    text = _DEBRIS_BRACED.sub(lambda m: " " if m.group(1) == "~" else m.group(1), text)
    left = unknown or [m.group(0) for m in re.finditer(r"\{\\\}|\\\{|\\\}", text)]
    text = re.sub(
        f"[{chr(_MATH_BASE)}-{chr(_MATH_BASE + 0xFF)}]",
        lambda m: maths[ord(m.group(0)) - _MATH_BASE],
        text,
    ).replace(_DOLLAR, dollar)
    remarks = []
    if left:
        remarks.append(f"kept LaTeX {', '.join(dict.fromkeys(left))} as written (no one reading)")
    return Decoded(re.sub(r"(?<=\S) {2,}(?=\S)", " ", text), remarks)


# Abstracts from PMLR lost the author's macros ("we present , an end-to-end model") and kept
# LaTeX comments as text ("%and infections may spread"): say so, they cannot be repaired here.
_LOST_WORD = re.compile(r"(?:^|\s)([^\W\d_]+) ([,.;:])(?=\s|$)")
_COMMENT = re.compile(r"(?:^|\s)(%[^\W\d_]\w*)")


def find_lost_markup(text: str) -> list[str]:
    """Remarks on decoded ``text`` that lost LaTeX in the source: a dropped macro, a comment."""
    remarks = []
    lost = [f"'{m.group(1)} {m.group(2)}'" for m in _LOST_WORD.finditer(text)]
    if lost:
        remarks.append(
            f"a word seems to be missing after {', '.join(lost[:3])} (a LaTeX macro dropped?)"
        )
    comments = [m.group(1) for m in _COMMENT.finditer(text)]
    if comments:
        remarks.append(
            f"'{comments[0]}...' looks like a LaTeX comment kept as text"
            + (f" ({len(comments)} such)" if len(comments) > 1 else "")
        )
    return remarks
