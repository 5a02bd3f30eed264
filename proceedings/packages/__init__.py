"""Volume + layout + the built PDFs and exports -> the package a publisher takes.

One module per publisher (Springer, CEUR-WS, PMLR, the ACL Anthology), each a writer
``(source, folder) -> files written`` listed in :data:`PACKAGES`. A package is made inside a
build, after the exports and the PDFs (``build(..., packages=...)``), from the files that build
wrote: the package holds exactly the stamped PDFs and the exports the build checked, and it is
replaced together with the rest of the build folder or not at all.

A publisher's rules that the volume does not meet are check problems (warnings for ``check``);
:attr:`Package.requires` names those that stop making that publisher's package, and
:func:`with_package_rules` makes them errors, for the package and for ``check --for NAME``
alike. ``checks.ignore`` cannot silence them there: :func:`required_codes` are kept.
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from proceedings.errors import Problem, Severity
from proceedings.publishers import SPRINGER_RULES

if TYPE_CHECKING:  # only named here: listing the packages (the command line does) loads none
    from proceedings.buildpaths import BuildPaths
    from proceedings.layout import Layout
    from proceedings.model import Volume


@dataclass(frozen=True)
class PackageSource:
    """What a package is made from."""

    root: Path
    """The project folder: the papers' source files and signed forms named in their metadata."""
    volume: Volume
    layout: Layout
    build: BuildPaths
    """The build being made: its per-paper PDFs, the volume PDF and the exports are written."""
    bibtex: Mapping[str, str] = field(default_factory=dict)
    """Each archival paper's self-contained BibTeX entry (UTF-8) by paper id, as the exports
    stage writes it for the paper's page: for the packages that put one beside each PDF."""
    page_titles: Mapping[str, str] = field(default_factory=dict)
    """Each hand-written front-matter page (``volume.yaml``'s ``pages``) -> its title in the
    volume, as the PDF stage gives it: its entry in the built volume's outline."""


Writer = Callable[[PackageSource, Path], list[Path]]
"""Writes one package into an empty folder and returns the files it wrote."""


@dataclass(frozen=True)
class Package:
    """One publisher's package: its name on the command line, what it is, its writer (named
    ``module:function`` in this package, imported when first used) and the check codes that
    stop it (warnings for ``check``, errors for this package)."""

    name: str
    description: str
    writer: str
    requires: frozenset[str] = field(default_factory=frozenset)

    def write(self, source: PackageSource, folder: Path) -> list[Path]:
        """Write this package into ``folder``, emptied first: the staging copy of the build
        folder holds the last build's package, whose papers may have changed since."""
        module, _, function = self.writer.partition(":")
        write: Writer = getattr(importlib.import_module(f"{__name__}.{module}"), function)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return write(source, folder)


_AGREEMENTS = frozenset({"agreement.none", "agreement.missing"})

PACKAGES: dict[str, Package] = {
    p.name: p
    for p in (
        Package(
            "springer",
            "Springer (LNCS, CCIS): papers with sources and signed forms, front matter",
            "springer:write_springer",
            SPRINGER_RULES,
        ),
        Package(
            "acl",
            "ACL Anthology: aclpub2's output and the volume's Anthology XML",
            "acl:write_acl",
        ),
        Package(
            "ceur",
            "CEUR-WS.org: Vol-NNNN/ (index.html, paperN.pdf), ceur-make's XML",
            "ceur:write_ceur",
            frozenset({"ceur.no-cc-by"}) | _AGREEMENTS,
        ),
        Package(
            "pmlr",
            "PMLR: the .bib in PMLR's dialect, <key>.pdf, <key>-supp.*",
            "pmlr:write_pmlr",
            _AGREEMENTS,
        ),
    )
}
"""Every publisher's package by name. A new one is a module here with a
``write_<name>(source, folder) -> files`` and one line in this table."""


def required_codes(names: Iterable[str]) -> frozenset[str]:
    """The check codes that stop the packages ``names``: their publishers' rules, which
    ``checks.ignore`` cannot silence while one of them is made or checked for."""
    return frozenset(code for name in names for code in PACKAGES[name].requires)


def with_package_rules(
    problems: Iterable[Problem], names: Collection[str], ignored: Collection[str]
) -> list[Problem]:
    """The problems, each that a package of ``names`` requires made an error: a publisher's
    rule is a warning for ``check`` and an error for its package, and for ``check --for`` it.

    One whose code volume.yaml's ``checks.ignore`` lists (``ignored``) says that it cannot be
    ignored for that package, so the organizer who silenced it learns why it stops now.
    """
    made = []
    for problem in problems:
        packages = [name for name in names if problem.code in PACKAGES[name].requires]
        if not packages:
            made.append(problem)
            continue
        hint = problem.hint
        if problem.code in ignored:
            which = " and ".join(packages) + (" packages" if len(packages) > 1 else " package")
            said = (
                f"volume.yaml's checks.ignore lists {problem.code}, but it cannot be ignored "
                f"for the {which}."
            )
            hint = f"{hint} {said}" if hint else said
        made.append(replace(problem, severity=Severity.ERROR, hint=hint))
    return made
