"""``proceedings.sphinx`` in another Sphinx project, and the site taking what the build computed."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from site_helpers import ROOT

import proceedings.build
import proceedings.sphinx
from proceedings.buildpaths import BuildPaths
from proceedings.layout import compute_layout, read_page_counts
from proceedings.load import load_volume
from proceedings.site.build import build_site
from proceedings.sphinx import site_data


def test_plain_sphinx_build_of_another_project_gets_the_paper_pages(tmp_path: Path) -> None:
    """This test ensures that a Sphinx project that is not ours, whose conf.py only adds
    ``proceedings.sphinx`` and points ``proceedings_root`` at the demo, builds the volume's
    pages with plain ``python -m sphinx``, its own home page kept, and that the directives
    written without a body in its own page show a part's papers and the author index, linked
    to the volume's pages."""
    demo = tmp_path / "demo"  # its own copy: other tests edit the shared one
    for folder in ("source", "papers"):
        shutil.copytree(ROOT / folder, demo / folder)
    docs = tmp_path / "handbook"
    docs.mkdir()
    (docs / "conf.py").write_text(
        f'project = "Lab handbook"\nextensions = ["proceedings.sphinx"]\n'
        f"proceedings_root = {str(demo)!r}\n",
        encoding="utf-8",
    )
    (docs / "index.md").write_text(
        "# Lab handbook\n\nOur notes.\n\n## Robustness papers\n\n"
        "```{proceedings-part} robustness\n```\n\n## Authors\n\n```{proceedings-authors}\n```\n",
        encoding="utf-8",
    )
    out = tmp_path / "html"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(docs), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr, done.stderr
    paper = (out / "papers" / "001" / "index.html").read_text(encoding="utf-8")
    title = "Concept Bottlenecks with Calibrated Read-Outs for Chest Radiograph Triage"
    assert f'<meta name="citation_title" content="{title}"' in paper
    assert (out / "authors" / "index.html").is_file()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Our notes." in home
    part = home[home.index("Robustness papers") : home.index('id="authors"')]
    robust = "Test-Time Adaptation under Scanner Shift in Histopathology"
    assert f'<a class="reference internal" href="papers/005/index.html">{robust}</a>' in part
    assert "Prototype Networks for Interpretable" not in part  # a paper of another part
    assert 'href="papers/002/index.html"' in home[home.index('id="authors"') :]


def test_a_build_loads_and_lays_out_the_volume_once(
    complete_workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that ``build`` loads the volume and computes its layout once, and the
    site stage takes both from it instead of deciding them again."""
    calls: Counter[str] = Counter()

    def counted(module: Any, name: str) -> None:
        real = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    for module in (proceedings.build, proceedings.sphinx):
        counted(module, "load_volume")
        counted(module, "compute_layout")
    proceedings.build.build(complete_workshop, BuildPaths.of(complete_workshop))
    assert calls == {"load_volume": 1, "compute_layout": 1}


def test_the_site_publishes_the_checked_bibtex_export(
    complete_workshop: Path,
) -> None:
    """This test ensures that the site's BibTeX file is the export the build wrote and read
    back, byte for byte."""
    paths = BuildPaths.of(complete_workshop)
    result = proceedings.build.build(complete_workshop, paths)
    slug = result.volume.info.slug
    assert (paths.html / f"{slug}.bib").read_bytes() == paths.bibtex(slug).read_bytes()


def test_the_site_reads_its_pages_before_it_waits_for_the_pdfs(tmp_path: Path) -> None:
    """This test ensures that a site built beside the pdf stage asks for the PDFs' sizes only
    once Sphinx has read every page (it reads them while the papers are stamped), and shows
    the sizes it was given."""
    paths = BuildPaths.of(ROOT, tmp_path / "_build")
    volume = load_volume(ROOT)
    layout = compute_layout(volume, read_page_counts(volume))
    asked: list[bool] = []

    class Pdfs:
        def sizes(self) -> dict[str, int]:
            read = [paths.doctrees / f"papers/{p.id}/index.doctree" for p in volume.papers]
            asked.append(all(path.is_file() for path in read))
            return {paper.id: 123_456 + int(paper.id) * 1000 for paper in volume.archival_papers}

        def written(self) -> None:
            asked.append(False)  # after the sizes, at the end

    data = dataclasses.replace(site_data(volume, layout, paths), pdfs=Pdfs())
    html = build_site(data)
    assert asked == [True, False]
    page = (html / "papers" / "002" / "index.html").read_text(encoding="utf-8")
    assert ">PDF, 125 kB<" in page


def test_code_blocks_share_one_formatter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that the site highlights its code blocks (three on each paper's page)
    with one Pygments formatter (a style), not one each, and that they are highlighted."""
    from pygments.formatters import HtmlFormatter
    from sphinx.highlighting import PygmentsBridge

    made: list[object] = []

    class Counted(HtmlFormatter):  # type: ignore[type-arg]
        def __init__(self, **options: Any) -> None:
            made.append(self)
            super().__init__(**options)

    monkeypatch.setattr(PygmentsBridge, "html_formatter", Counted)
    paths = BuildPaths.of(ROOT, tmp_path / "_build")
    volume = load_volume(ROOT)
    html = build_site(site_data(volume, compute_layout(volume, read_page_counts(volume)), paths))
    page = (html / "papers" / "001" / "index.html").read_text(encoding="utf-8")
    blocks = page.count('class="highlight')
    assert blocks >= 3
    # One for the blocks, one for the stylesheet, for each of the light and the dark style.
    assert len(made) <= 4 < blocks * len(volume.archival_papers)
