"""Tests of the importers (a package, so test module names never clash with other folders)."""
