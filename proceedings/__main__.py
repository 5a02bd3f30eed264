"""Allow ``python -m proceedings``."""

from proceedings.cli import main

main()
