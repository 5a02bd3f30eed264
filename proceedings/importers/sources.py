"""A source's files and values -> the project's: reading a file, ids, volume options.

Every importer reads its files, makes paper ids and takes the user's volume options the same
way, so that a message, an id or ``volume.yaml``'s order does not depend on the format:
:func:`read_bytes` and :func:`read_text` name the file and the line that cannot be read,
:func:`make_id` and :func:`zero_padded` make ids from arbitrary keys, :func:`apply_overrides` and
:func:`order_volume` write the volume's keys, and :func:`keep_valid` and :func:`drop_bad_links`
leave out, with a note, values that would stop the project from loading.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from proceedings.errors import ProceedingsError
from proceedings.identifiers import unique_name, url_problem
from proceedings.limits import RefusedFile, read_regular
from proceedings.names import fold

__all__ = [
    "apply_overrides",
    "drop_bad_links",
    "keep_valid",
    "make_id",
    "order_volume",
    "read_bytes",
    "read_text",
    "unique",
    "zero_padded",
]


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes, within the limit on exported files; an error naming the file (as
    ``display``) when it cannot be read or is not a regular file or is too large."""
    try:
        return read_regular(path, "export_bytes")
    except RefusedFile as exc:
        raise ProceedingsError(exc.reason, path=display) from None
    except OSError as exc:
        raise ProceedingsError(f"cannot be read: {exc.strerror or exc}", path=display) from None


def read_text(path: Path, display: str, *, not_utf8: str) -> str:
    """The file as UTF-8 text (a byte-order mark dropped); else an error naming the line and
    the byte, and saying what to do (``not_utf8``: how to get a UTF-8 file)."""
    data = read_bytes(path, display)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ProceedingsError(
            f"{display}:{line}: the file is not UTF-8 (byte 0x{data[exc.start]:02x}); {not_utf8}"
        ) from None


# --- ids ------------------------------------------------------------------------------------


def make_id(text: str, taken: set[str], fallback: str = "paper") -> str:
    """A paper id (a slug: lower-case ``[a-z0-9._-]``, starting with a letter or digit) from
    ``text``, unique among ``taken`` (compared ignoring case), which it joins.

    ``Smith:2023`` -> ``smith-2023``; ``Ødegaard25`` -> ``odegaard25``; a second ``smith-2023``
    -> ``smith-2023-2``.
    """
    slug = re.sub(r"[^a-z0-9._-]+", "-", fold(text))
    slug = re.sub(r"-{2,}", "-", slug).strip("-._") or fallback
    return unique_name(slug, taken)


def zero_padded(number: int | str) -> str:
    """A paper number as an id on three digits (``17`` -> ``017``), so that ids sort as the
    numbers do; text that is not a number is returned as it is."""
    if isinstance(number, int):
        return f"{number:03d}"
    return f"{int(number):03d}" if number.isdigit() else number


def unique(items: Iterable[str]) -> list[str]:
    """``items`` without repeats (compared ignoring case), in order; the first spelling wins."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return list(seen.values())


# --- volume options -------------------------------------------------------------------------


def apply_overrides(volume: dict[str, Any], overrides: Mapping[str, Any]) -> list[str]:
    """Set or fill in ``volume.yaml`` keys from the user's options; return what was changed.

    Options are ``volume.yaml`` keys (``acronym="ML4H 2023"``); ``None`` means "not given". A
    mapping is merged into the mapping the source gave (``series={"name": "PMLR"}`` keeps the
    series' volume number). An unknown key is an error, so a typo is not silently dropped.
    """
    from proceedings.model import VolumeInfo  # pydantic is slow to import; only when used

    allowed = list(VolumeInfo.model_fields)
    changed = []
    for key, value in overrides.items():
        if value is None:
            continue
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"Did you mean '{close[0]}'?" if close else f"Allowed: {', '.join(allowed)}."
            raise ProceedingsError(f"unknown volume option '{key}'. {hint}")
        old = volume.get(key)
        if isinstance(value, Mapping) and isinstance(old, dict):
            volume[key] = {**old, **value}
        else:
            volume[key] = value
        changed.append(key)
    return changed


def order_volume(volume: dict[str, Any]) -> None:
    """Put ``volume.yaml``'s keys in the documented order (the model's), in place, so that every
    importer writes the file the same way however it filled it in."""
    from proceedings.model import VolumeInfo  # pydantic is slow to import; only when used

    fields = list(VolumeInfo.model_fields)
    for key in sorted(volume, key=lambda k: fields.index(k) if k in fields else len(fields)):
        volume[key] = volume.pop(key)


def keep_valid(
    into: dict[str, Any],
    key: str,
    value: str,
    problem: Callable[[str], str | None],
    note: Callable[[str], None],
) -> None:
    """Set ``into[key]`` to ``value`` unless ``problem`` (a check of
    :mod:`proceedings.identifiers`) finds it wrong: then note why it is not imported. An empty
    value is left out silently. A value that is not an ISBN or DOI would stop the project from
    loading; a note lets the organizer fix it instead."""
    if not value:
        return
    reason = problem(value)
    if reason:
        note(f"{key} '{value}' {reason}; not imported")
    else:
        into[key] = value


def drop_bad_links(links: dict[str, str], note: Callable[[str], None]) -> None:
    """Take out of ``links`` (``paper.yaml``'s, by kind) every value that is not an absolute
    http(s) link, noting each: the site would print it as a broken link."""
    for name, value in list(links.items()):
        reason = url_problem(value)
        if reason:
            note(f"links.{name}: '{value}' {reason}; not imported")
            del links[name]
