"""Volume -> problems with the project's folders: a volume of no paper, paper folders skipped.

The loader reads every folder of ``papers/`` but the hidden ones (``.name``, ``...``), which
editors, sync tools and archive tools make. A paper in such a folder would vanish from the
volume without a word, so each one is named; and a volume of no paper at all (an empty
``papers/``) is an error, not a volume of front matter only (the site alone is still built: a
workshop publishes its call before any paper).
"""

from __future__ import annotations

from collections.abc import Iterator

from proceedings.checks.codes import CODES
from proceedings.errors import Problem
from proceedings.load import PAPER_FILE, PAPERS_DIR
from proceedings.model import Volume


def check_folders(volume: Volume) -> Iterator[Problem]:
    """The hidden folders of ``papers/`` (skipped), and an error if no paper is left."""
    papers = volume.root / PAPERS_DIR
    if not papers.is_dir():
        return  # the loader reports project.missing-papers
    for path in sorted(papers.iterdir()):
        if path.name.startswith(".") and path.is_dir() and not path.is_symlink():
            has = f" (it holds a {PAPER_FILE})" if (path / PAPER_FILE).is_file() else ""
            yield Problem(
                "project.skipped-folder",
                CODES["project.skipped-folder"][0],
                f"the folder is hidden, so it is not read as a paper{has}",
                f"{PAPERS_DIR.as_posix()}/{path.name}/",
                hint="Rename it without the leading '.' if it is a paper; otherwise move it out "
                "of papers/.",
            )
    if not volume.papers and not volume.unloaded:
        hint = f"Add a folder papers/<id>/ with a {PAPER_FILE} for each accepted paper."
        if volume.workshop is not None:
            hint += " Until then 'proceedings build' publishes the workshop's pages alone."
        yield Problem(
            "project.no-papers",
            CODES["project.no-papers"][0],
            "no paper: the volume would hold the front matter only",
            f"{PAPERS_DIR.as_posix()}/",
            hint=hint,
        )
