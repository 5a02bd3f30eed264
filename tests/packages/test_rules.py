"""The publishers' rules as the packages and 'check --for' apply them: which codes each package
requires, and how a warning of check becomes the package's error."""

from __future__ import annotations

from proceedings.errors import Problem, Severity
from proceedings.packages import PACKAGES, required_codes, with_package_rules
from proceedings.publishers import SPRINGER_RULES

_AGREEMENT = Problem(
    "agreement.none",
    Severity.WARNING,
    "no signed agreement",
    file="papers/005/paper.yaml",
    paper="005",
    field="agreement",
    hint="Put the signed form in the paper's folder.",
)
_OTHER = Problem("metadata.missing-orcid", Severity.WARNING, "no ORCID", paper="005")


def test_required_codes_are_the_union_of_the_packages_rules() -> None:
    """This test ensures that the codes a set of packages requires are their rules together,
    and none for no package (a plain check or build)."""
    assert required_codes(()) == frozenset()
    assert required_codes(["springer"]) == SPRINGER_RULES
    assert required_codes(["ceur", "pmlr"]) == PACKAGES["ceur"].requires | PACKAGES["pmlr"].requires
    assert "ceur.no-cc-by" in required_codes(["ceur"])
    assert "ceur.no-cc-by" not in required_codes(["pmlr", "acl"])


def test_a_required_warning_becomes_an_error_and_nothing_else_changes() -> None:
    """This test ensures that a package's rule is an error for it, keeping its file, paper,
    field and hint, while another problem, and the rule for a package that does not require
    it, stay as they were."""
    made = with_package_rules([_AGREEMENT, _OTHER], ["ceur"], ignored=())
    assert made[0] == Problem(**{**_AGREEMENT.__dict__, "severity": Severity.ERROR})
    assert made[1] == _OTHER
    assert with_package_rules([_AGREEMENT], ["acl"], ignored=()) == [_AGREEMENT]
    assert with_package_rules([_AGREEMENT], [], ignored=()) == [_AGREEMENT]


def test_an_ignored_rule_says_which_packages_cannot_ignore_it() -> None:
    """This test ensures that a rule volume.yaml's checks.ignore lists says, after its hint,
    that it cannot be ignored for the package (or packages) requiring it."""
    (one,) = with_package_rules([_AGREEMENT], ["ceur"], ignored=["agreement.none"])
    assert one.format() == (
        "papers/005/paper.yaml: error: agreement: no signed agreement. Put the signed form in "
        "the paper's folder. volume.yaml's checks.ignore lists agreement.none, but it cannot "
        "be ignored for the ceur package. [agreement.none]"
    )
    (two,) = with_package_rules([_AGREEMENT], ["ceur", "pmlr"], ignored=["agreement.none"])
    assert two.hint is not None
    assert two.hint.endswith("cannot be ignored for the ceur and pmlr packages.")
