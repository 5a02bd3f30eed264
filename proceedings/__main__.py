"""The ``proceedings`` command: ``python -m proceedings`` and the installed console script.

The console script names :func:`run` here rather than in :mod:`proceedings.cli`, and the
command line is imported only when the command runs: a worker process the build spawns runs the
console script again (multiprocessing's way of making its ``__main__``), and each of the four a
build spawns would otherwise import the whole command line for nothing (0.12 s of CPU each).
"""


def run() -> None:
    """Run the command line (:func:`proceedings.cli.run`)."""
    from proceedings.cli import run as run_cli

    run_cli()


if __name__ == "__main__":
    run()
