"""The site stage: volume + layout -> the HTML proceedings site (Sphinx, MyST, furo).

``build_site(root, out)`` builds ``out/html``; :mod:`.sphinx_` is the Sphinx extension that the
volume's ``source/conf.py`` loads, which generates the pages from the model.
"""

from __future__ import annotations

from proceedings.site.build import build_site

__all__ = ["build_site"]
