"""The fonts typst may use beyond its embedded ones: a CJK font, only when text needs one.

New Computer Modern (built into typst) has no Chinese, Japanese or Korean glyphs. Names in those
scripts are set in a system CJK font, looked up in the usual Debian places; Latin-only documents
never depend on one, so their output does not change with the machine's fonts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import typst

from proceedings.errors import ProceedingsError
from proceedings.names import is_cjk

_CJK_FONTS = (
    (Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"), "Noto Serif CJK SC"),
    (Path("/usr/share/fonts/opentype/noto-cjk/NotoSerifCJK-Regular.ttc"), "Noto Serif CJK SC"),
    (Path("/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc"), "Noto Serif CJK SC"),
    (Path("/usr/share/fonts/truetype/arphic/uming.ttc"), "AR PL UMing CN"),
)


@dataclass(frozen=True)
class Fonts:
    """Extra font folders for typst and the fallback families to list after the main font."""

    paths: tuple[str, ...] = ()
    families: tuple[str, ...] = ()


def fonts_for(text: str, what: str = "a name or title") -> Fonts:
    """The fonts ``text`` needs; a clear error when it needs a CJK font that is not installed."""
    if not is_cjk(text):
        return Fonts()
    for path, family in _CJK_FONTS:
        if path.is_file():
            return Fonts((str(path.parent),), (family,))
    raise ProceedingsError(
        f"{what} is in Chinese, Japanese or Korean script, which needs a CJK font; install one "
        "(on Debian: apt-get install fonts-noto-cjk)"
    )


@functools.lru_cache(maxsize=8)
def typst_fonts(paths: tuple[str, ...] = ()) -> typst.Fonts:
    """typst's own fonts and those in the folders ``paths`` (no system font: the output must not
    depend on the machine's), loaded once a process. Loading them anew took 20 ms a compile:
    as long as typesetting ten papers' stamps."""
    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=True, font_paths=list(paths)
    )
