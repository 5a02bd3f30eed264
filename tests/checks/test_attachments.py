"""Attachments: loaded with their inferred kind and label, confined to the paper's folder, and
checked (a file that exists, is a file, fits the limit and holds what its extension says)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from proceedings.checks import check_project
from proceedings.load import load_volume

ZIP = b"PK\x03\x04" + b"\0" * 40
PDF = b"%PDF-1.7\n%%EOF\n"


def _attach(project: Path, text: str, files: dict[str, bytes] | None = None) -> None:
    folder = project / "papers" / "a"
    with (folder / "paper.yaml").open("a", encoding="utf-8") as handle:
        handle.write(text)
    for name, data in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def test_attachments_load_with_kind_and_label(workshop: Path) -> None:
    """This test ensures that attachments load in order, with the kind and label their file's
    extension or URL implies unless they give their own."""
    _attach(
        workshop,
        "attachments:\n"
        "  - file: supp.pdf\n"
        "  - {file: code/src.tar.gz, label: Source code, kind: code}\n"
        "  - file: talk.pptx\n"
        "  - url: https://www.youtube.com/watch?v=x\n"
        "  - {url: 'https://example.org/d', kind: data}\n",
    )
    paper = load_volume(workshop).papers[0]
    shown = [(a.what, a.title, a.name, a.type_name) for a in paper.info.attachments]
    assert shown == [
        ("supplement", "Supplementary material", "supp.pdf", "PDF"),
        ("code", "Source code", "src.tar.gz", "TAR.GZ"),
        ("slides", "Slides", "talk.pptx", "PPTX"),
        ("video", "Video", None, None),
        ("data", "Data", None, None),
    ]
    assert paper.attachment_path(paper.info.attachments[0]) == workshop / "papers/a/supp.pdf"


CASES: list[dict[str, Any]] = [
    {
        "name": "file and url",
        "yaml": "attachments:\n  - {file: supp.pdf, url: 'https://example.org'}\n",
        "expected": [
            "papers/a/paper.yaml:22: error: attachments[0]: an attachment has either 'file' or "
            "'url', not both or neither. [schema.invalid]"
        ],
    },
    {
        "name": "unknown kind",
        "yaml": "attachments:\n  - {file: supp.pdf, kind: appendix}\n",
        "expected": [
            "papers/a/paper.yaml:22: error: attachments[0].kind: input should be 'supplement', "
            "'code', 'data', 'slides', 'poster', 'video' or 'other'. [schema.invalid]"
        ],
    },
    {
        "name": "a missing file",
        "yaml": "attachments:\n  - file: supp.pdf\n",
        "expected": [
            "papers/a/paper.yaml:22: error: attachments[0].file: papers/a/supp.pdf not found. "
            "Put the file there, or remove the attachment. [attachment.missing]"
        ],
    },
    {
        "name": "a folder",
        "yaml": "attachments:\n  - file: code\n",
        "files": {"code/x.py": b"print()\n"},
        "expected": [
            "papers/a/paper.yaml:22: error: attachments[0].file: papers/a/code is a folder, not "
            "a file. Attach a regular file (a folder: attach it as a ZIP archive). "
            "[attachment.not-a-file]"
        ],
    },
    {
        "name": "a PDF that is not one, and a ZIP that is not one",
        "yaml": "attachments:\n  - file: supp.pdf\n  - file: code.zip\n  - file: ok.zip\n",
        "files": {"supp.pdf": b"<html>", "code.zip": PDF, "ok.zip": ZIP},
        "expected": [
            "papers/a/paper.yaml:22: error: attachments[0].file: papers/a/supp.pdf is not a PDF "
            "file, as its extension .pdf says. Attach the right file, or give it the "
            "extension of its type. [attachment.wrong-type]",
            "papers/a/paper.yaml:23: error: attachments[1].file: papers/a/code.zip is not a ZIP "
            "file, as its extension .zip says. Attach the right file, or give it the "
            "extension of its type. [attachment.wrong-type]",
        ],
    },
    {
        "name": "too large",
        "yaml": "attachments:\n  - file: data.bin\n",
        "files": {"data.bin": b"x" * 1_500_000},
        "env": {"PROCEEDINGS_MAX_ATTACHMENT_MB": "1"},
        "expected": [
            "papers/a/paper.yaml:22: error: attachments[0].file: papers/a/data.bin is 1.5 MB, more "
            "than the 1.0 MB an attachment may have. Publish it elsewhere and attach its URL, or "
            "set PROCEEDINGS_MAX_ATTACHMENT_MB to allow more. [attachment.too-large]"
        ],
    },
    {
        "name": "a name the site already publishes, and a name twice",
        "yaml": "attachments:\n  - file: twct2025-a.pdf\n  - file: x/s.pdf\n  - file: s.pdf\n",
        "files": {"twct2025-a.pdf": PDF, "x/s.pdf": PDF, "s.pdf": PDF},
        "expected": [
            "papers/a/paper.yaml:22: error: attachments[0].file: 'twct2025-a.pdf' is the name of "
            "a file the site already publishes beside the paper. Rename the file. "
            "[attachment.name-taken]",
            "papers/a/paper.yaml:24: error: attachments[2].file: 's.pdf' is the name of a file "
            "the site already publishes beside the paper. Rename the file. "
            "[attachment.name-taken]",
        ],
    },
    {
        "name": "a URL that is not http(s)",
        "yaml": "attachments:\n  - url: 'javascript:alert(1)'\n  - url: https://ok.example.org/v\n",
        "expected": [
            "papers/a/paper.yaml:22: error: attachments[0].url: 'javascript:alert(1)' is not an "
            "http(s) URL. Give the whole address, starting with https://. [attachment.bad-url]"
        ],
    },
    {
        "name": "a file outside the paper's folder",
        "yaml": "attachments:\n  - file: ../b/paper.yaml\n  - file: /etc/hostname\n",
        "expected": [
            "papers/a/paper.yaml:22: error: attachments[0].file: '../b/paper.yaml' is outside "
            "the paper's folder. Put the file in a's folder and name it relative to it. "
            "[project.outside]",
            "papers/a/paper.yaml:23: error: attachments[1].file: '/etc/hostname' is outside the "
            "paper's folder. Put the file in a's folder and name it relative to it. "
            "[project.outside]",
        ],
    },
]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_attachment_problems(
    workshop: Path, monkeypatch: pytest.MonkeyPatch, case: dict[str, Any]
) -> None:
    """This test ensures that each faulty attachment gives exactly the documented message."""
    for name, value in case.get("env", {}).items():
        monkeypatch.setenv(name, value)
    _attach(workshop, case["yaml"], case.get("files"))
    _, problems = check_project(workshop, pdfs=False)
    found = [p.format() for p in problems if p.paper == "a" and p.code != "people.missing-orcid"]
    assert found == case["expected"], found


def test_fifo_attachment_is_not_opened(workshop: Path) -> None:
    """This test ensures that an attachment that is a named pipe is refused without being
    opened (opening it would wait for a writer for ever)."""
    _attach(workshop, "attachments:\n  - file: supp.pdf\n")
    os.mkfifo(workshop / "papers/a/supp.pdf")
    _, problems = check_project(workshop, pdfs=False)
    assert [p.message for p in problems if p.code == "attachment.not-a-file"] == [
        "papers/a/supp.pdf is a named pipe (FIFO), not a regular file; only files are read"
    ]
