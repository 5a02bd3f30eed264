"""Real camera-ready PDFs made by others, stamped: judged by rendering, not by our own numbers.

Every set of real papers in ``../shared/data/`` (PMLR, Springer's LNCS sample, an EasyChair LNCS
export, ACL papers from aclpub2) is built into a volume in both stamp styles and in both volume
sizes. Each paper page is then rendered as built and without our stamps (:mod:`inkcheck`, which
shares no code with the stamping): no stamp ink may come within 1.5 mm of the paper's remaining
ink, each page shows exactly one page number (the right one; none on an LNCS opening page) and
no page number of the paper's own still runs on, and with ``lncs-trim`` every page is
155 x 235 mm. ``qpdf --check`` must pass without a warning.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from conftest import require_shared, require_tool
from inkcheck import judge, running_numbers
from projects import build, pdf_project
from pypdf import PdfReader

pytestmark = pytest.mark.shared_data

SETS = {
    "pmlr": ("pmlr-v225-ml4h2023/pdfs", "*.pdf"),
    "lncs": ("lncs-samplepaper", "samplepaper.pdf"),
    "easychair": ("easychair-proceedings-export-paar2018", "*/*.pdf"),
    "acl": ("aclpub2-examples/sigdial/papers", "*.pdf"),
    "samples": ("pdf-sample-files", "*/*.pdf"),
}
# The difficult PDFs that are refused on purpose (a password; a damaged file): see
# test_assemble_samples.py for their messages.
REFUSED = {"libreoffice-writer-password.pdf", "unreadablemetadata.pdf"}
# Each set in each of the four configurations would take minutes; every set is built in two
# (both stamp styles, both sizes), and the PMLR set, the largest, in all four.
CONFIGS = [
    ("pmlr", "lncs", "a4"),
    ("pmlr", "footer", "a4"),
    ("pmlr", "lncs", "lncs-trim"),
    ("pmlr", "footer", "lncs-trim"),
    ("lncs", "lncs", "a4"),
    ("lncs", "footer", "lncs-trim"),
    ("easychair", "lncs", "lncs-trim"),
    ("easychair", "footer", "a4"),
    ("acl", "lncs", "a4"),
    ("acl", "footer", "lncs-trim"),
    ("samples", "lncs", "a4"),
    ("samples", "footer", "lncs-trim"),
]


def make_project(root: Path, name: str, stamp: str, size: str) -> Path:
    """A project whose papers are copies of a real set's PDFs, in one part."""
    folder, pattern = SETS[name]
    found = sorted(require_shared(*folder.split("/")).glob(pattern))
    pdfs = {
        f"p{n:02d}": pdf.read_bytes() for n, pdf in enumerate(found, 1) if pdf.name not in REFUSED
    }
    assert pdfs, folder
    return pdf_project(root, pdfs, stamp=stamp, size=size)


@pytest.mark.parametrize(("name", "stamp", "size"), CONFIGS, ids=["-".join(c) for c in CONFIGS])
def test_stamps_land_in_free_space_with_one_number_a_page(
    tmp_path: Path, name: str, stamp: str, size: str
) -> None:
    """This test ensures that on every page of every real set the stamps keep 1.5 mm from the
    paper's ink, the page shows its one right number (and none of the paper's own runs on),
    every page of a trimmed volume is 155 x 235 mm, and qpdf finds nothing to warn about."""
    built = build(make_project(tmp_path, name, stamp, size))
    papers = built.volume.archival_papers
    first = built.pages(papers[0].id).start
    everything = judge(built.out.volume, range(first, built.pages(papers[-1].id).stop))
    failures = []
    for paper in papers:
        entry = built.layout.of(paper.id)
        pages = built.pages(paper.id)
        verdicts = everything[pages.start - first : pages.stop - first]
        still = running_numbers(verdicts)
        if still:
            failures.append(f"{paper.id}: its own page numbers still show on pages {still}")
        for offset, verdict in enumerate(verdicts):
            where = f"{paper.id} page {offset + 1}"
            if verdict.closest_mm is not None and verdict.closest_mm < 1.5:
                failures.append(f"{where}: stamp ink {verdict.closest_mm:.2f} mm from the text")
            bare = stamp == "lncs" and offset == 0
            # Pages under half the trim (1.4 mm images) are left unstamped, and noted.
            tiny = min(verdict.size_mm[0] / 155, verdict.size_mm[1] / 235) < 0.5
            wanted = () if bare or tiny else (str(entry.first + offset),)
            if not verdict.rotated and verdict.numbers != wanted:
                failures.append(f"{where}: shows the numbers {verdict.numbers}, not {wanted}")
            trimmed = (235, 155) if verdict.rotated and verdict.size_mm[0] > 200 else (155, 235)
            if size == "lncs-trim" and verdict.size_mm != pytest.approx(trimmed, abs=0.2):
                failures.append(f"{where}: {verdict.size_mm} mm")
    assert failures == []
    qpdf = require_tool("qpdf")
    volume = tmp_path / "volume.pdf"
    volume.write_bytes(built.out.volume)
    checked = subprocess.run(
        [qpdf, "--check", str(volume)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "WARNING" not in checked.stdout + checked.stderr


def test_per_paper_pdfs_carry_the_same_stamps_and_the_citation(tmp_path: Path) -> None:
    """This test ensures that a per-paper PDF shows what its pages show in the volume, the
    citation line on its opening page included, judged the same way."""
    built = build(make_project(tmp_path, "acl", "lncs", "a4"))
    for paper in built.volume.archival_papers:
        own = built.out.papers[paper.id]
        verdicts = judge(own, range(built.layout.of(paper.id).pages))
        assert all(v.closest_mm is None or v.closest_mm >= 1.5 for v in verdicts)
        first = PdfReader(io.BytesIO(own)).pages[0].extract_text()
        assert "In: A. Lovelace (ed.): TEST 2025, EXS 9, pp." in first
