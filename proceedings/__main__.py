"""Allow ``python -m proceedings``."""

from proceedings.cli import run

run()
