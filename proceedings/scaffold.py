"""``proceedings init``: a new volume project that passes ``check`` and builds at once."""

from __future__ import annotations

import json
from pathlib import Path

from proceedings.errors import ProceedingsError
from proceedings.load import load_volume
from proceedings.output import write_atomic
from proceedings.samplepaper import SamplePaper, render_sample_paper
from proceedings.schema import SCHEMA_DIR, write_schemas

_VOLUME = """\
# yaml-language-server: $schema=../.schemas/volume.schema.json
# The volume: see docs/file-formats.md of proceedings for every key.
title: {title}
subtitle: {subtitle}
acronym: {acronym}
year: {year}
event:
  name: {title}
  short_name: {acronym}
  host: Host Conference {year}
  place: Vienna, Austria
  start: {year}-07-18
  end: {year}-07-18
publisher:
  name: Example Open Press
  place: Vienna
licence: CC-BY-4.0
url: https://workshop.example.org/{year}/
editors:
  - given: Ada
    family: Lovelace
    affiliations:
      - institution: University of Example
        city: Vienna
        country: Austria
parts:
  - id: main
    title: Accepted Papers
tracks:
  full:
    max_pages: 14
pages:
  - preface.md
numbering:
  start_page: 1
  odd_page_starts: false
  part_pages: false
"""

_COMMITTEES = """\
# yaml-language-server: $schema=../.schemas/committees.schema.json
committees:
  - role: General Chair
    people:
      - given: Ada
        family: Lovelace
        affiliations:
          - institution: University of Example
            country: Austria
  - role: Program Committee
    people:
      - given: Alan
        family: Turing
        affiliations:
          - institution: Example Institute of Technology
            country: United Kingdom
"""

_PREFACE = """\
# Preface

This volume contains the papers presented at {title} ({acronym}).

Replace this text with the workshop's preface: how many submissions there were, how they were
reviewed, what the papers are about, and whom you thank.

Ada Lovelace, {year}
"""

_CONF = '''\
"""Sphinx configuration of the proceedings site: the defaults, then your own settings."""

from pathlib import Path

from proceedings.sphinx import default_config

globals().update(default_config(Path(__file__).resolve().parent.parent))
'''

_PAGES_WORKFLOW = """\
# Publish the proceedings to GitHub Pages on every push to main: build the volume with
# `proceedings build`, then deploy the site (_build/html/, with the PDFs beside their pages).
# Once: in the repository's Settings > Pages, set "Source" to "GitHub Actions", and set `url` in
# source/volume.yaml to the site's address (the Scholar tags and the sitemap use it).
name: Publish the proceedings

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; a newer push waits instead of cancelling one half-deployed.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      # Change this to where your copy of proceedings comes from, for instance a git URL pinned
      # to a release: pip install "proceedings @ git+https://github.com/ORG/proceedings@v0.1.0"
      - name: Install proceedings
        run: pip install proceedings
      # Names in Chinese, Japanese or Korean script are set in Noto CJK (the build stops and
      # says so when it is missing); delete this step if no name in the volume needs it.
      - name: Install the CJK fonts
        run: sudo apt-get update -qq && sudo apt-get install -y -qq fonts-noto-cjk
      - name: Build the proceedings
        run: proceedings build
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _build/html

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

_PAPER_TITLE = "A First Paper on Trustworthy Machine Learning"
_PAPER = """\
# yaml-language-server: $schema=../../.schemas/paper.schema.json
title: {title}
authors:
  - given: Grace
    family: Hopper
    email: grace.hopper@example.org
    corresponding: true
    affiliations:
      - institution: University of Example
        city: Vienna
        country: Austria
abstract: >
  Replace this abstract with the paper's own. It is written in Markdown and may hold inline
  mathematics such as $p(y \\mid x)$. The abstract appears on the paper's page of the site, in
  the BibTeX entry and in the metadata sent to indexers, so paste it whole.
keywords: [trustworthy machine learning, evaluation]
part: main
order: 1
"""


def scaffold(directory: Path, *, title: str, acronym: str, year: int) -> list[Path]:
    """Create the project's files in ``directory``, which must be empty or not exist yet."""
    if directory.exists() and any(directory.iterdir()):
        raise ProceedingsError(
            "the folder is not empty; choose a new folder so nothing is overwritten",
            path=str(directory),
        )
    values = {
        "title": json.dumps(title, ensure_ascii=False),
        "subtitle": json.dumps(f"{acronym}, Proceedings", ensure_ascii=False),
        "acronym": json.dumps(acronym, ensure_ascii=False),
        "year": str(year),
    }
    files = {
        "source/volume.yaml": _VOLUME.format(**values),
        "source/committees.yaml": _COMMITTEES,
        "source/preface.md": _PREFACE.format(title=title, acronym=acronym, year=year),
        "papers/001/paper.yaml": _PAPER.format(title=json.dumps(_PAPER_TITLE)),
        "source/conf.py": _CONF,
        ".gitignore": "/_build/\n/._build.*/\n",
        ".github/workflows/pages.yml": _PAGES_WORKFLOW,
    }
    created = []
    for name, text in files.items():
        write_atomic(directory / name, text)
        created.append(directory / name)
    created += write_schemas(directory / SCHEMA_DIR)  # where the files' first lines point
    # Typeset the sample paper from the metadata just written, so that check finds them agree.
    paper = load_volume(directory).papers[0]
    pdf = render_sample_paper(SamplePaper.of(paper.info, pages=4, seed="scaffold"))
    write_atomic(directory / "papers/001/paper.pdf", pdf)
    created.append(directory / "papers/001/paper.pdf")
    return created
