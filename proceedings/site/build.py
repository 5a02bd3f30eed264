"""Volume + layout -> the HTML site in the build folder's ``html/``, by Sphinx, no warning allowed.

Sphinx is run in-process, the way ``sphinx-build -M html source _build`` would run it (so both
share ``_build/doctrees`` and rebuild only what changed), with its messages silenced and its
warnings collected: any warning fails the build with a :class:`ProceedingsError` that lists them
all, since a warning on a proceedings site is a broken link or a page readers cannot find. The
extension is handed the volume and layout the build computed, so it decides nothing again.
"""

from __future__ import annotations

import contextlib
import gc
import io
from collections.abc import Iterator
from pathlib import Path

from proceedings.errors import ProceedingsError
from proceedings.site.data import SiteData, handed

CONF = Path("source/conf.py")
YOUNG_OBJECTS = 10_000
"""The allocations between two collections of young objects while Sphinx runs (Python: 700)."""


def build_site(data: SiteData, *, jobs: int = 1) -> Path:
    """Build the site of ``data.volume`` into the build folder's ``html/``; return that folder."""
    from sphinx.application import Sphinx
    from sphinx.errors import ExtensionError, SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from proceedings.site.sphinx_ import default_config

    paths = data.paths
    root = data.volume.root.resolve()
    srcdir = root / "source"
    # Without a conf.py of its own, the project gets the defaults a new project's conf.py has.
    confdir = srcdir if (root / CONF).is_file() else None
    overrides = {} if confdir else default_config(data.volume.info)
    warnings = io.StringIO()
    try:
        with (
            patch_docutils(srcdir),
            docutils_namespace(),
            handed(data),
            _fewer_collections(),
        ):
            app = Sphinx(
                srcdir,
                confdir,
                paths.html,
                paths.doctrees,
                "html",
                confoverrides=overrides,
                status=None,
                warning=warnings,
                freshenv=False,
                parallel=jobs,
            )
            app.build()
    except ExtensionError as error:
        # A user's error, or a disk that is full or read-only (the command line words it).
        if isinstance(error.orig_exc, ProceedingsError | OSError):
            raise error.orig_exc from None
        raise  # anything else in our extension is a bug: keep its traceback
    except SphinxError as error:
        raise ProceedingsError(f"the site could not be built: {error}") from error
    text = warnings.getvalue().strip()
    if text:
        count = len([line for line in text.splitlines() if "WARNING" in line or "ERROR" in line])
        raise ProceedingsError(
            f"the site has {count or 'some'} warning(s), which would be broken pages or links:\n"
            + text
        )
    return paths.html


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Let Python's garbage collector run less often while Sphinx builds.

    Sphinx makes and drops millions of docutils nodes, whose parent links make cycles only the
    collector frees; at Python's default pace it ran a thousand times in a 200-paper build,
    six of them over everything the build holds (the volume, the environment), 14% of the
    site's CPU time. Every :data:`YOUNG_OBJECTS` allocations it runs about a quarter as often
    and once over everything, for the same peak memory.
    """
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
