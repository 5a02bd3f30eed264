"""Sphinx configuration of the proceedings site (``proceedings site`` builds it into _build/html).

The pages of the volume, its parts, papers and authors are generated from ``volume.yaml`` and
``papers/*/paper.yaml`` by the ``proceedings.sphinx`` extension; this folder holds only the
pages written by hand (preface.md, ...), which appear beside them in the navigation. The defaults
need no network (math becomes MathML, furo ships its own assets); change or add settings below.
"""

from pathlib import Path

from proceedings.sphinx import default_config

globals().update(default_config(Path(__file__).resolve().parent.parent))
