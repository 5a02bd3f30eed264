"""LaTeX debris in Unicode text (PMLR's posts): decoded where it has one reading, else kept."""

from __future__ import annotations

import pytest

from proceedings.latex import decode_debris, decode_latex

# What the real PMLR v225 posts hold, and what the author meant.
DEBRIS = [
    ("an AI model{’}s decision", "an AI model’s decision", []),
    ("not only “where” but {“}what{”}.", "not only “where” but “what”.", []),
    (
        "the potential for {‘}shortcut connections{’}",
        "the potential for ‘shortcut connections’",
        [],
    ),
    ("by 3.1 {\\}% . We", "by 3.1 % . We", []),
    ("H {\\}& E-stained", "H & E-stained", []),
    ("language models{~}(VLMs) make", "language models (VLMs) make", []),
    ("at: {~} https://github.com/x", "at: https://github.com/x", []),
    ("codes {–} one or more", "codes – one or more", []),
    ("%under{~}{\\}url\\{https://x.org/a\\}.", "%under https://x.org/a.", []),
    ("costs {\\}$5 and $x_{1}$", "costs \\$5 and $x_{1}$", []),  # Markdown: \$ opens no math
    ("math $\\{a\\}$ stays", "math $\\{a\\}$ stays", []),
    (
        "a {\\}cite\\{smith\\} here",
        "a {\\}cite\\{smith\\} here",
        ["kept LaTeX {\\}cite\\{smith\\} as written (no one reading)"],
    ),
    ("plain text, 50% and {COVID}", "plain text, 50% and {COVID}", []),
]


@pytest.mark.parametrize(("text", "meant", "remarks"), DEBRIS, ids=[d[0] for d in DEBRIS])
def test_debris_has_one_reading_or_is_kept(text: str, meant: str, remarks: list[str]) -> None:
    """This test ensures that PMLR's debris (a quote or tie that kept its braces, a rendered
    backslash before a special character or a formatting command) is read as the author meant
    it, that what has no one reading is kept and remarked on, and that math is never touched."""
    decoded = decode_debris(text, markdown=True)
    assert (decoded.text, decoded.remarks) == (meant, remarks)


def test_the_latex_decoder_reads_the_debris_too() -> None:
    """This test ensures that the LaTeX decoder (which proposes the check's corrections) reads
    a rendered backslash as PMLR meant it, not as an escaped closing brace."""
    assert decode_latex("by 3.1 {\\}% and H {\\}& E").text == "by 3.1 % and H & E"
