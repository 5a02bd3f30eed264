"""Sphinx configuration of the proceedings site (``proceedings site`` builds it into _build/html).

The pages of the volume, its parts, papers and authors are generated from ``volume.yaml`` and
``papers/*/paper.yaml`` by the ``proceedings.site.sphinx_`` extension; this folder holds only the
pages written by hand (preface.md, ...), which appear beside them in the navigation. Nothing here
needs the network: math is rendered to MathML, furo ships its own assets.
"""

from pathlib import Path

from proceedings.site.sphinx_ import volume_settings

_volume = volume_settings(Path(__file__).resolve().parent.parent)

project = _volume["project"]
author = _volume["author"]
copyright = _volume["copyright"]
html_title = _volume["html_title"]
html_baseurl = _volume["url"]

extensions = ["myst_parser", "proceedings.site.sphinx_"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
myst_enable_extensions = ["dollarmath"]
exclude_patterns = ["conf.py", "*.yaml"]

html_theme = "furo"
html_use_index = False
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
