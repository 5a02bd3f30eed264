"""The package's version, in a module of its own: the caches stamp their entries with it, and
importing it must not start the package's lazy facade (see ``proceedings/__init__.py``)."""

from __future__ import annotations

__version__ = "0.1.0"
