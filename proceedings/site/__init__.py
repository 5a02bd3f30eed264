"""The site stage: volume + layout -> the HTML proceedings site (Sphinx, MyST, furo).

``build_site(data)`` builds the build folder's ``html/`` from :class:`SiteData` (the volume, its
layout, its citations); :mod:`.sphinx_` is the Sphinx extension that makes the pages from it,
which the volume's ``source/conf.py`` loads under its public name, ``proceedings.sphinx``.
"""

from __future__ import annotations

from proceedings.site.build import SiteBeside, build_site
from proceedings.site.data import Citation, SiteData

__all__ = ["Citation", "SiteBeside", "SiteData", "build_site"]
