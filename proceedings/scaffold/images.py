"""Names -> the sample project's pictures: SVG portraits (initials on a colour) and sponsor logos.

A new organizer should see the site's photos and logos in place before having any, and ``init``
must stay fast, deterministic and free of an imaging library: an SVG is text, so each picture is
a few hundred bytes written from the name alone (its colour chosen from the name's hash, not
from ``hash()``, which changes between runs). The pictures hold no script, link or entity, so
``check`` takes them as the images they are, and a browser and typst both draw them.
"""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape, quoteattr

# Colours dark enough for white text (WCAG AA for large text on each).
_PALETTE = ("#1f5f8b", "#2e7d5b", "#8a4b9e", "#a5452f", "#36618f", "#6b5a1e", "#1e6f73")
_FONT = "Helvetica, Arial, sans-serif"


def _colour(name: str) -> str:
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return _PALETTE[digest[0] % len(_PALETTE)]


def initials(name: str) -> str:
    """``Nadia Rahman`` -> ``NR``: the first letters of the first and the last word."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if not words:
        return "?"
    first, last = words[0], words[-1]
    return (first[0] + (last[0] if len(words) > 1 else "")).upper()


def portrait_svg(name: str) -> str:
    """A square portrait placeholder: the person's initials, white on a colour of their own."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" '
        'viewBox="0 0 240 240" role="img">\n'
        f"  <title>{escape(name)}</title>\n"
        f'  <rect width="240" height="240" fill="{_colour(name)}"/>\n'
        f'  <text x="120" y="146" font-family={quoteattr(_FONT)} font-size="84" '
        f'fill="#ffffff" text-anchor="middle">{escape(initials(name))}</text>\n'
        "</svg>\n"
    )


def logo_svg(name: str) -> str:
    """A wide logo placeholder, 480 x 120 like a sponsor's: a coloured mark with the initials,
    then the name in a size that fits (a sans-serif letter is about 0.55 em wide)."""
    colour = _colour(name)
    size = min(30, int(340 / (0.55 * max(len(name), 1))))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="120" '
        'viewBox="0 0 480 120" role="img">\n'
        f"  <title>{escape(name)}</title>\n"
        '  <rect width="480" height="120" fill="#ffffff"/>\n'
        f'  <rect x="10" y="10" width="100" height="100" rx="18" fill="{colour}"/>\n'
        f'  <text x="60" y="74" font-family={quoteattr(_FONT)} font-size="40" '
        f'fill="#ffffff" text-anchor="middle">{escape(initials(name))}</text>\n'
        f'  <text x="128" y="{60 + size // 3}" font-family={quoteattr(_FONT)} '
        f'font-size="{size}" fill="{colour}">{escape(name)}</text>\n'
        "</svg>\n"
    )
