"""Typeset realistic fictional papers in the style of Springer LNCS camera-ready PDFs.

The demo volume and the tests need paper PDFs that look like what authors really upload (an A4
page with the llncs text block, Computer Modern type, a figure, a table, references) without
shipping anybody's real paper. This module generates such a paper from a little metadata and a
seed: the body prose is drawn deterministically from a phrase bank, and its amount is tuned
until the paper has exactly the requested number of pages with a well-filled last page.

The layout lives in ``samplepaper.typ``; the data goes to it as JSON through ``sys.inputs``, so
no text is ever escaped by hand. Output is byte-reproducible: the document carries no date, and
only typst's embedded fonts (plus a CJK font, when a name needs one) are used.
"""

from __future__ import annotations

import io
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import typst

__all__ = ["SamplePaper", "render_sample_paper"]

_TEMPLATE = Path(__file__).with_name("samplepaper.typ")

# Geometry of the template (llncs text block 122 x 193 mm centred on A4); used to turn the
# end marker's position into a fill ratio of the last page.
_MM = 72 / 25.4
_TOP_PT = 52 * _MM
_BLOCK_PT = 193 * _MM

# Where the last page should end, as a fraction of the text block: full but not cramped.
_FILL_TARGET = 0.86
_FILL_OK = (0.74, 0.97)

# CJK text is outside New Computer Modern; these system fonts (Debian: fonts-noto-cjk) are
# tried in order. Only used when a paper needs them, so Latin papers never depend on them.
_CJK_FONTS = (
    (Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"), "Noto Serif CJK SC"),
    (Path("/usr/share/fonts/opentype/noto-cjk/NotoSerifCJK-Regular.ttc"), "Noto Serif CJK SC"),
    (Path("/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc"), "Noto Serif CJK SC"),
    (Path("/usr/share/fonts/truetype/arphic/uming.ttc"), "AR PL UMing CN"),
)
_CJK_RE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


@dataclass(frozen=True)
class SamplePaper:
    """What the first page of a fictional paper shows, plus its length and prose seed."""

    title: str
    authors: tuple[tuple[str, tuple[int, ...]], ...]  # (display name, 1-based institute numbers)
    institutes: tuple[str, ...]
    abstract: str  # Markdown-ish: $...$ is LaTeX-style inline math, *italic*, **bold**
    keywords: tuple[str, ...]
    pages: int  # exact number of pages wanted
    seed: str  # deterministic source of the generated body text


def render_sample_paper(paper: SamplePaper) -> bytes:
    """Typeset the paper and return PDF bytes with exactly `paper.pages` pages.

    Raises ValueError when the fixed matter (title block, abstract, figures, references) alone
    needs more pages, and RuntimeError when a name needs a CJK font that is not installed.

    The body length is searched: each candidate is laid out (a typst query, no PDF export) and
    the position of an end marker tells how full the last page is, so a secant step usually
    lands within two or three layouts.
    """
    if paper.pages < 1:
        raise ValueError(f"pages must be at least 1, not {paper.pages}")
    for number, (name, insts) in enumerate(paper.authors, 1):
        bad = [i for i in insts if not 1 <= i <= len(paper.institutes)]
        if bad:
            raise ValueError(f"author {number} ({name}) refers to unknown institute(s) {bad}")
    fonts = _fonts_for(paper)
    builder = _Builder(paper, fonts.families)
    search = _Search(paper.pages, lambda amount: _measure(builder.data(amount), fonts))
    amount = search.run(builder.min_amount, builder.estimate())
    pdf = _compile(builder.data(amount), fonts)
    count = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    if count != paper.pages:  # the layout query and the export disagreed: never expected
        raise RuntimeError(f"typeset {count} pages instead of {paper.pages}")
    return pdf


# --------------------------------------------------------------------------------------------
# typst calls


@dataclass(frozen=True)
class _Fonts:
    """Font directories and fallback families: only embedded fonts, plus CJK when needed."""

    paths: tuple[str, ...]
    families: tuple[str, ...]


def _fonts_for(paper: SamplePaper) -> _Fonts:
    """Pick the fonts a paper needs, failing clearly when its names need a missing CJK font."""
    names = [name for name, _ in paper.authors]
    text = " ".join([paper.title, paper.abstract, *paper.keywords, *paper.institutes, *names])
    if not _CJK_RE.search(text):
        return _Fonts((), ())
    for path, family in _CJK_FONTS:
        if path.is_file():
            return _Fonts((str(path.parent),), (family,))
    raise RuntimeError(
        "this paper contains CJK characters, which need a CJK font "
        "(on Debian: apt-get install fonts-noto-cjk)"
    )


def _inputs(data: dict[str, Any]) -> dict[str, str]:
    return {"data": json.dumps(data, ensure_ascii=False, sort_keys=True)}


def _measure(data: dict[str, Any], fonts: _Fonts) -> tuple[int, float]:
    """Lay out a candidate; return (page count, fill) where fill counts pages, e.g. 6.8."""
    raw = typst.query(
        str(_TEMPLATE),
        "<samplepaper-end>",
        field="value",
        one=True,
        root=str(_TEMPLATE.parent),
        font_paths=list(fonts.paths),
        ignore_system_fonts=True,
        sys_inputs=_inputs(data),
    )
    end = json.loads(raw)
    fill = int(end["page"]) - 1 + (float(end["y"]) - _TOP_PT) / _BLOCK_PT
    return int(end["pages"]), fill


def _compile(data: dict[str, Any], fonts: _Fonts) -> bytes:
    pdf = typst.compile(
        str(_TEMPLATE),
        format="pdf",
        root=str(_TEMPLATE.parent),
        font_paths=list(fonts.paths),
        ignore_system_fonts=True,
        sys_inputs=_inputs(data),
        pdf_tags=False,  # tags nearly double the size; pdflatex's papers are untagged too
    )
    assert isinstance(pdf, bytes)
    return pdf


class _Search:
    """Find a body length whose layout has exactly `pages` pages and a well-filled last page."""

    def __init__(self, pages: int, measure: Callable[[int], tuple[int, float]]) -> None:
        self.pages = pages
        self.measure = measure
        self.seen: dict[int, tuple[int, float]] = {}

    def _at(self, amount: int) -> tuple[int, float]:
        if amount not in self.seen:
            self.seen[amount] = self.measure(amount)
        return self.seen[amount]

    def _good(self, amount: int) -> bool:
        count, fill = self._at(amount)
        last = fill - (self.pages - 1)
        return count == self.pages and _FILL_OK[0] <= last <= _FILL_OK[1]

    def run(self, low: int, guess: int) -> int:
        target = self.pages - 1 + _FILL_TARGET
        # Secant steps on the fill, which grows almost linearly with the amount of text; the
        # first step assumes about 22 sentences a page (text, floats and all).
        a, fa = -1, 0.0
        b = max(guess, low)
        for _ in range(8):
            count, fb = self._at(b)
            if self._good(b):
                return b
            if b == low and count > self.pages:
                raise ValueError(f"the title, abstract and references alone need {count} pages")
            slope = (fb - fa) / (b - a) if a >= 0 and b != a and fb != fa else 1 / 22
            slope = min(max(slope, 1 / 200), 1 / 5)
            nxt = max(low, round(b + (target - fb) / slope))
            if nxt in self.seen:
                break
            a, fa, b = b, fb, nxt
        return self._fallback(low)

    def _fallback(self, low: int) -> int:
        """Bisect for the longest body that still has exactly `pages` pages."""
        count = self._at(low)[0]
        if count > self.pages:
            raise ValueError(f"the title, abstract and references alone need {count} pages")
        fits = [n for n, (count, _) in self.seen.items() if count <= self.pages]
        over = [n for n, (count, _) in self.seen.items() if count > self.pages]
        lo = max(fits, default=low)
        hi = min((n for n in over if n > lo), default=None)
        if hi is None:
            hi = lo + 64
            while self._at(hi)[0] <= self.pages:
                lo, hi = hi, hi * 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self._at(mid)[0] <= self.pages:
                lo = mid
            else:
                hi = mid
        if self._at(lo)[0] != self.pages:
            raise ValueError(f"no body length gives exactly {self.pages} pages")
        return lo


# --------------------------------------------------------------------------------------------
# LaTeX-style inline math to typst math


_GREEK = (  # noqa: SIM905 (a word list reads better as one string)
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau "
    "upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
).split()
_SYMBOLS = {
    **{name: name for name in _GREEK},
    "varepsilon": "epsilon",
    "epsilon": "epsilon.alt",
    "vartheta": "theta.alt",
    "varphi": "phi",
    "ell": "ell",
    "leq": "<=",
    "le": "<=",
    "geq": ">=",
    "ge": ">=",
    "neq": "!=",
    "ne": "!=",
    "approx": "approx",
    "sim": "tilde.op",
    "times": "times",
    "cdot": "dot.op",
    "pm": "plus.minus",
    "infty": "infinity",
    "in": "in",
    "to": "->",
    "rightarrow": "->",
    "leftarrow": "<-",
    "mid": "|",
    "ldots": "...",
    "dots": "...",
    "cdots": "dots.c",
    "sum": "sum",
    "prod": "product",
    "log": "log",
    "exp": "exp",
    "max": "max",
    "min": "min",
    "arg": "arg",
    "partial": "diff",
    "nabla": "nabla",
    "{": "brace.l",
    "}": "brace.r",
    "%": '"%"',
    "_": '"_"',
    "&": '"&"',
    "#": '"#"',
    "$": '"$"',
}
_SPACES = {",", ";", ":", "!", " ", "quad", "qquad"}
_ONE_ARG = {
    "mathbb": "bb",
    "mathcal": "cal",
    "mathbf": "bold",
    "boldsymbol": "bold",
    "hat": "hat",
    "widehat": "hat",
    "bar": "overline",
    "overline": "overline",
    "tilde": "tilde",
    "widetilde": "tilde",
    "sqrt": "sqrt",
}
_TEXT_ARG = {"text", "mathrm", "operatorname", "textrm", "mathit"}
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|\d+(?:\.\d+)?|\s+|.", re.S)
_PASS = set("+-=<>()[],.|'!?:*")
_NOT_A_BASE = {"(", "[", ",", "thin"}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _MathConverter:
    """Convert a small, common subset of LaTeX math to typst math; anything else is quoted.

    Abstracts are Markdown with LaTeX-style ``$...$``; typst's math syntax differs, and a faithful
    converter is out of scope. The output only ever contains whitelisted tokens and quoted
    strings, so it always parses; braces map to typst's invisible grouping parentheses.
    """

    def __init__(self, source: str) -> None:
        self.tokens = _TOKEN.findall(source)
        self.pos = 0
        self.in_argument = 0

    def convert(self) -> str:
        out = self._sequence()
        if self.pos != len(self.tokens):
            raise ValueError("unbalanced braces")
        return out

    def _next(self) -> str | None:
        if self.pos >= len(self.tokens):
            return None
        token: str = self.tokens[self.pos]
        self.pos += 1
        return token

    def _sequence(self) -> str:
        parts: list[str] = []
        while self.pos < len(self.tokens) and self.tokens[self.pos] != "}":
            atom = self._atom()
            if not atom:
                continue
            if atom.startswith(("_(", "^(")):
                # An attachment joins its base; typst rejects one without a base, so a
                # subscript after an opening delimiter or at the start gets an empty one.
                if parts and parts[-1] not in _NOT_A_BASE:
                    parts[-1] += atom
                else:
                    parts.append('""' + atom)
            else:
                parts.append(atom)
        return " ".join(parts)

    def _group(self) -> str:
        """A brace group or a single atom, as the argument of a command or an attachment.

        Arguments end up inside typst's call parentheses, which must balance: delimiters in
        them are quoted (see ``_atom``).
        """
        self.in_argument += 1
        try:
            while self.pos < len(self.tokens) and self.tokens[self.pos].isspace():
                self.pos += 1
            if self.pos < len(self.tokens) and self.tokens[self.pos] == "{":
                self.pos += 1
                inner = self._sequence()
                if self._next() != "}":
                    raise ValueError("unbalanced braces")
                return inner or '""'
            atom = self._atom()
            if atom.startswith(("_(", "^(")):
                return '""' + atom
            return atom or '""'
        finally:
            self.in_argument -= 1

    def _raw_group(self) -> str:
        """The text of a brace group, for \\text{...} and friends."""
        if self._next() != "{":
            raise ValueError("expected a brace group")
        depth, out = 1, list[str]()
        while (token := self._next()) is not None:
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0:
                    return "".join(out)
            out.append(token)
        raise ValueError("unbalanced braces")

    def _atom(self) -> str:
        token = self._next()
        if token is None:
            return ""
        if token.isspace():
            return ""
        if token == "{":
            inner = self._sequence()
            if self._next() != "}":
                raise ValueError("unbalanced braces")
            return inner
        if token in ("_", "^"):
            return token + "(" + self._group() + ")"
        if token.startswith("\\"):
            return self._command(token[1:])
        if token in "()[],;" and self.in_argument:
            return _quote(token)
        if token.isascii() and (token.isalnum() or token in _PASS):
            return token
        if token == "/":
            return "slash"
        return _quote(token)

    def _command(self, name: str) -> str:
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        if name in _SPACES:
            return "thin"
        if name == "frac":
            num = self._group()
            den = self._group()
            return f"frac({num}, {den})"
        if name in _ONE_ARG:
            return f"{_ONE_ARG[name]}({self._group()})"
        if name in _TEXT_ARG:
            return f"upright({_quote(self._raw_group())})"
        if name in ("left", "right", "big", "Big", "bigl", "bigr"):
            return ""
        return _quote(name)


def _math(source: str) -> str:
    """Typst math for LaTeX-style `source`; text in quotes when the source can't be parsed."""
    try:
        return _MathConverter(source).convert() or _quote(source)
    except ValueError:
        return _quote(source)


def _runs(text: str) -> list[dict[str, Any]]:
    """Split Markdown-ish text into runs for the template: $math$, **bold**, *italic*, text."""
    runs: list[dict[str, Any]] = []
    for i, part in enumerate(re.split(r"(?<!\\)\$", text)):
        if i % 2 == 1 and part.strip():
            runs.append({"math": _math(part)})
        elif part:
            runs.extend(_emphasis(part.replace("\\$", "$")))
    return runs


def _emphasis(text: str) -> list[dict[str, Any]]:
    """Text runs with Markdown **bold** and *italic* (no nesting: abstracts rarely need it)."""
    runs: list[dict[str, Any]] = []
    pos = 0
    for m in _EMPHASIS.finditer(text):
        if m.start() > pos:
            runs.append({"text": text[pos : m.start()]})
        if m.group(1) is not None:
            runs.append({"text": m.group(1), "bold": True})
        else:
            runs.append({"text": m.group(2), "italic": True})
        pos = m.end()
    if pos < len(text):
        runs.append({"text": text[pos:]})
    return runs


_EMPHASIS = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*|\*(\S(?:.*?\S)?)\*")


def _plain(text: str) -> str:
    """Text without math delimiters or emphasis marks, for the PDF's metadata."""
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return re.sub(r"(?<!\\)\$", "", text).replace("\\$", "$")


# --------------------------------------------------------------------------------------------
# The fictional prose

# Topics: (words that select it from the title and keywords, task, cohort, unit of a record).
_TOPICS = (
    (
        ("mortality", "icu", "intensive"),
        "in-hospital mortality",
        "the Northfield ICU cohort",
        "admissions",
    ),
    (("sepsis",), "sepsis onset within six hours", "the Harbourview sepsis cohort", "admissions"),
    (
        ("readmission", "synthetic"),
        "30-day readmission",
        "the Riverbend discharge cohort",
        "discharges",
    ),
    (("kidney",), "acute kidney injury", "the Lakeside inpatient cohort", "admissions"),
    (
        ("early warning", "deterioration", "ward"),
        "clinical deterioration on the ward",
        "the Riverbend ward cohort",
        "admissions",
    ),
    (
        ("retinopathy", "retinal", "fundus"),
        "diabetic retinopathy grading",
        "the Eastgate retinal screening cohort",
        "examinations",
    ),
    (
        ("radiograph", "x-ray", "radiology"),
        "chest radiograph triage",
        "the Westmoor imaging cohort",
        "studies",
    ),
    (
        ("histopathology", "slide", "tumour", "tumor"),
        "tumour detection in whole-slide images",
        "the Northgate histopathology archive",
        "slides",
    ),
    (
        ("length of stay", "length-of-stay"),
        "length-of-stay forecasting",
        "the Harbourview admissions cohort",
        "admissions",
    ),
    (
        ("emergency", "triage"),
        "emergency department triage",
        "the Lakeside emergency cohort",
        "visits",
    ),
    (
        ("dermatology", "skin", "lesion"),
        "skin lesion classification",
        "the Southbank dermatology collection",
        "images",
    ),
    (
        ("delirium", "geriatric"),
        "delirium in older inpatients",
        "the Fairhaven geriatric cohort",
        "admissions",
    ),
)
_SHIFTS = (
    "a change of scanner vendor",
    "a new laboratory information system",
    "differences in coding practice",
    "seasonal variation in admissions",
    "a different case mix",
    "changes in triage policy",
    "a new electronic health record system",
)
_GROUPS = ("age", "sex", "self-reported ethnicity", "insurance type", "hospital site", "language")
_NUMBERS = ("three", "four", "five", "six", "seven", "eight", "nine", "eleven")

# Each bank's first sentence opens its section; the rest follow in shuffled decks.
# {slot} is filled per sentence; [a|b] picks one alternative; $...$ is inline math.
_INTRO = (
    "Machine learning models for {task} are [increasingly|frequently|routinely] proposed as "
    "decision support in routine care, yet few of them are evaluated beyond the hospital in "
    "which they were developed {cite}.",
    "A model that ranks patients well can still assign risks that are systematically too high "
    "or too low, and clinicians act on the predicted risk rather than on the ranking.",
    "Distribution shift between sites, caused for instance by {shift}, is a [common|frequent|"
    "well-documented] reason why reported performance does not transfer {cite}.",
    "Regulators and clinical users increasingly ask for evidence that a model behaves "
    "comparably across patient groups defined by {group} or {group2}.",
    "In this paper we study {task} on {cohort}, a retrospective cohort of {n} {unit} from "
    "{sites} hospitals.",
    "Our aim is not a new state of the art in discrimination, but a model whose predicted "
    "risks can be trusted by the people who use them.",
    "We make three contributions: a training objective that couples discrimination with "
    "calibration, an evaluation protocol that reports every metric per site and per subgroup, "
    "and a [qualitative|small user] study with {k} clinicians.",
    "Interpretability is often treated as an afterthought, added by a post-hoc attribution "
    "method once the model has been trained {cite}.",
    "Such explanations can be unstable: two models with the same accuracy may attribute a "
    "prediction to entirely different features {cite}.",
    "Retrospective benchmarks rarely reflect the conditions under which a model is deployed, "
    "where data arrive late, are recorded inconsistently and change over time.",
    "The consequences of an overconfident model are asymmetric: a missed [deterioration|"
    "diagnosis] costs far more than an unnecessary review by a [nurse|specialist].",
    "We therefore evaluate every model on hospitals that were not used for training, and we "
    "report calibration with the same prominence as discrimination.",
    "Much of the literature reports a single summary number, typically the area under the ROC "
    "curve, on a random split of one hospital's data {cite2}.",
    "Such a split overestimates performance, because patients from the same hospital share "
    "documentation habits, equipment and case mix.",
    "Trust, in the sense used here, is a property of the whole pipeline: of the data, the "
    "model, the evaluation and the way predictions are presented [to clinicians|at the "
    "bedside].",
    "A [growing|substantial] body of work addresses each of these aspects in isolation "
    "{cite2}, but few studies address them together.",
    "We focus on {task} because it is a [common|well-studied|clinically important] task with a "
    "clear outcome definition and an established clinical workflow.",
)
_RELATED = (
    "Early work on clinical risk scores relied on logistic regression with a handful of "
    "hand-picked variables {cite2}.",
    "Gradient-boosted trees remain a strong baseline on tabular electronic health records and "
    "are [often|notoriously] hard to beat {cite}.",
    "Sequence models over the longitudinal record, from recurrent networks to transformers, "
    "have been proposed for {task} and related tasks {cite2}.",
    "Post-hoc calibration methods such as Platt scaling, isotonic regression and temperature "
    "scaling fit a monotone map on held-out data {cite}.",
    "Several authors have argued that calibration must be assessed within subgroups, since a "
    "model can be calibrated on average and miscalibrated for every group {cite}.",
    "Group fairness criteria such as equalised odds and calibration within groups cannot, in "
    "general, be satisfied at the same time {cite2}.",
    "Domain generalisation methods aim to learn representations that are invariant across "
    "training sites, with mixed results on clinical benchmarks {cite}.",
    "Concept bottleneck models predict human-readable intermediate concepts and then the "
    "outcome, which lets a clinician inspect and correct the concepts {cite}.",
    "Counterfactual explanations describe the smallest change to a patient's record that "
    "would alter the prediction {cite}.",
    "Differential privacy offers formal guarantees for training on sensitive records, at a "
    "cost in utility that is largest for small subgroups {cite}.",
    "Federated learning keeps the data at each hospital and exchanges only model updates, "
    "which eases governance but complicates evaluation {cite2}.",
    "Our work differs from these studies in that it evaluates discrimination, calibration and "
    "subgroup performance jointly, under a shift between sites.",
    "External validation studies consistently report a drop in discrimination when a model is "
    "moved to a new hospital, [often|typically] of several points of AUROC {cite2}.",
    "Conformal prediction provides prediction sets with a coverage guarantee, provided that "
    "the test data are exchangeable with the calibration data {cite}.",
    "Reporting guidelines for clinical prediction models ask for calibration plots and for "
    "performance in relevant subgroups, but are [rarely|not always] followed {cite}.",
    "Test-time adaptation updates a model on unlabelled data from the target site, and has "
    "been studied mostly for imaging {cite2}.",
    "Studies with clinicians suggest that explanations change trust more than they change "
    "decisions {cite}.",
)
_METHOD = (
    "Let $x_i$ denote the features of [admission|patient|record] $i$ and $y_i \\in \\{0, 1\\}$ "
    "its outcome.",
    "Each record consists of static covariates, such as age and admission type, and "
    "time-stamped measurements of vital signs and laboratory values.",
    "Measurements are aggregated into hourly bins, and missing values are carried forward for "
    "at most {h} hours before being imputed with the population median.",
    "The model outputs a logit $z_i$, and the predicted risk is $\\hat{p}_i = \\sigma(z_i / T)$, "
    "where $T$ is a temperature fitted on the validation split.",
    "Optimisation uses Adam with a learning rate of $10^{-3}$, a batch size of [128|256|512] "
    "and early stopping on the validation loss.",
    "To make the model robust to site effects, each mini-batch is drawn with equal numbers of "
    "records from every training hospital.",
    "The encoder is a {layers}-layer transformer with {heads} attention heads and a hidden size "
    "of {hid}.",
    "Interpretability is provided by a linear read-out over {k} clinical concepts, each of "
    "which is supervised with labels derived from the problem list.",
    "We treat the hospital of origin as an environment and penalise the variance of the "
    "per-environment risks {cite}.",
    "For the fairness analysis, we compute the true positive rate separately for each group "
    "$a$ and report the largest gap $\\Delta_{\\mathrm{EO}}$ between any two groups.",
    "Hyper-parameters were selected on the validation split of the development hospitals only; "
    "the test hospitals were never used for model selection.",
    "All models were implemented in Python and trained on a single GPU; a full training run "
    "takes about {mins} minutes.",
    "The weight $\\lambda$ of the regularisation term was chosen from a grid of five values "
    "between $10^{-4}$ and $10^{-1}$.",
    "Categorical variables are embedded in [16|32] dimensions, and continuous variables are "
    "standardised with statistics computed on the development hospitals only.",
    "The calibration term is the expected calibration error computed over soft bins, which "
    "makes it differentiable and lets it be optimised jointly with the [likelihood|"
    "cross-entropy].",
    "At inference time, the model returns the risk together with the {k} concept scores that "
    "contributed most to it.",
    "We use the same architecture for all baselines, so that differences can be attributed to "
    "the training objective rather than to capacity.",
    "Predictions are made once per [hour|shift], using only the data available at that time, "
    "so that no information from the future leaks into the features.",
)
_EXPERIMENTS = (
    "{Cohort} contains {n} {unit}, of which {prev}% had a positive outcome.",
    "We split the hospitals into {dev} development sites and {test} held-out test sites, so "
    "that every test patient comes from a hospital never seen during training.",
    "We compare against logistic regression, gradient-boosted trees and a transformer trained "
    "with cross-entropy alone.",
    "Discrimination is measured by AUROC and AUPRC, calibration by the expected calibration "
    "error with 15 equal-mass bins and by the Brier score.",
    "Confidence intervals are obtained with 1,000 bootstrap resamples of patients, stratified "
    "by hospital.",
    "The proposed model matches the best baseline in AUROC ({auc} versus {auc2}) while "
    "reducing the calibration error by {pct}%.",
    "The gain in calibration is largest for the smallest hospital, where the baseline "
    "overestimates the risk in almost every decile.",
    "Gradient-boosted trees remain competitive in discrimination but are the least calibrated "
    "model after the shift.",
    "Removing the calibration term increases the expected calibration error on every held-out "
    "site, while AUROC is essentially unchanged.",
    "Balanced sampling across hospitals matters most when one site dominates the training data.",
    "Performance is lowest for patients older than 80 years, a group that is under-represented "
    "in the development cohort.",
    "The gap in true positive rate between groups defined by {group} shrinks from {g1} to {g2} "
    "percentage points.",
    "Temperature scaling alone recovers part of the calibration, but only when validation data "
    "from the target hospital are available.",
    "Results are stable across five random seeds; the standard deviation of AUROC is below {sd}.",
    "Patients with a positive outcome were admitted for a median of [4|5|6] days, against "
    "[2|3] days for the others.",
    "The [inclusion|exclusion] criteria follow those of earlier studies on {task}, so that our "
    "numbers can be compared with theirs {cite}.",
    "All differences reported below are significant at the 5% level unless stated otherwise.",
    "On the development hospitals all models perform similarly, with AUROC between {auc2} "
    "and {auc}.",
    "The ranking of the methods is the same on every held-out hospital, although the size of "
    "the gaps varies.",
)
_DISCUSSION = (
    "Our results suggest that calibration should be reported alongside discrimination whenever "
    "a model is evaluated on a new hospital.",
    "A model that is well calibrated on average can still be miscalibrated for the patients "
    "who matter most, and subgroup reliability diagrams make this visible.",
    "The clinicians in our study preferred concept-level explanations to feature attributions, "
    "mainly because the concepts matched their own reasoning.",
    "The cohort is retrospective, and outcomes recorded in the electronic health record are an "
    "imperfect proxy for the clinical ground truth.",
    "We studied a single health system; hospitals in other countries may differ in ways that "
    "our held-out sites do not capture.",
    "Subgroup labels such as ethnicity are self-reported and missing for part of the cohort, "
    "which limits the fairness analysis.",
    "Prospective evaluation, in which the predictions are shown to clinicians, is needed before "
    "any claim about clinical benefit can be made.",
    "Improving calibration does not by itself make a model fair, and fairness criteria chosen "
    "without clinical input may encode the wrong trade-offs {cite}.",
    "The computational cost of the method is modest, which matters for hospitals that cannot "
    "send data to external infrastructure.",
    "Whether the gains persist as practice changes over years, rather than across sites, "
    "remains an open question.",
    "The size of the effect depends on how different the held-out hospitals are from the "
    "development hospitals, which we could measure only [indirectly|approximately].",
    "A simpler alternative, recalibrating the model on a few hundred local patients, is "
    "competitive when such patients are available, which is not always the case.",
    "We did not tune the baselines as extensively as our own method, although we used the "
    "settings recommended by their authors.",
)
_CONCLUSION = (
    "We presented a model for {task} that couples discrimination with calibration and reports "
    "both per site and per subgroup.",
    "On {cohort}, it keeps the discrimination of the strongest baseline while reducing the "
    "calibration error on hospitals unseen during training.",
    "Future work will extend the evaluation to prospective data and study how clinicians use "
    "calibrated risks in practice.",
    "Code and configuration files will be released to support replication on other cohorts.",
    "We hope that the evaluation protocol, rather than the model itself, is the lasting "
    "contribution of this work.",
    "More broadly, our results argue for evaluating clinical models where they will be used, "
    "rather than where they were built.",
)

_SLOT = re.compile(r"\{([A-Za-z0-9]+)\}")
_ALTERNATIVES = re.compile(r"\[([^\[\]|]*(?:\|[^\[\]|]*)+)\]")

_REF_FAMILIES = (  # noqa: SIM905 (a word list reads better as one string)
    "Abernathy Achterberg Balogun Castellanos Delacroix Eriksen Fairweather Gallardo Hakimi "
    "Ingebrigtsen Jablonski Kawashima Lindqvist Marchetti Nakamura Oyelaran Petrakis Quintero "
    "Rasmussen Szabó Thorvaldsen Uchenna Valdivia Whitcombe Xenakis Yilmaz Zamorano"
).split()
_REF_TITLE_A = (
    "Calibrated",
    "Interpretable",
    "Robust",
    "Fair",
    "Privacy-preserving",
    "Uncertainty-aware",
    "Site-invariant",
    "Concept-based",
)
_REF_TITLE_B = (
    "risk prediction",
    "early warning scores",
    "representation learning",
    "survival models",
    "triage models",
    "explanations",
    "evaluation protocols",
)
_REF_JOURNALS = (
    "J. Fict. Clin. Inform.",
    "Imag. Trans. Med. Learn.",
    "Ann. Synth. Health Data Sci.",
    "Fict. Rev. Comput. Med.",
)
_REF_CONFERENCES = (
    "Proceedings of the Fictional Conference on Health Learning",
    "Imaginary Symposium on Clinical Machine Learning",
    "Workshop on Invented Benchmarks for Medicine",
)


class _Prose:
    """Deterministic sentence streams, one per section, each stable under a longer prefix.

    Each section draws from its own generator, so asking for more text in one section never
    changes the text of another: the page-count search then moves smoothly.
    """

    def __init__(self, seed: str, subject: str) -> None:
        rng = random.Random(f"{seed}/topic")
        self.seed = seed
        subject = subject.lower()
        matching = [t for t in _TOPICS if any(word in subject for word in t[0])]
        _, task, cohort, unit = matching[0] if matching else rng.choice(_TOPICS)
        self.slots = {
            "task": task,
            "cohort": cohort,
            "Cohort": cohort[0].upper() + cohort[1:],
            "unit": unit,
            "n": f"{rng.randint(8, 96)},{rng.randint(0, 999):03d}",
            "sites": rng.choice(_NUMBERS[1:]),
            "prev": f"{rng.uniform(3, 18):.1f}",
            "h": str(rng.choice((4, 6, 8, 12, 24))),
            "layers": str(rng.choice((2, 4, 6))),
            "heads": str(rng.choice((4, 8))),
            "hid": str(rng.choice((128, 256, 384))),
            "k": str(rng.randint(6, 24)),
            "mins": str(rng.randint(12, 95)),
            "dev": rng.choice(_NUMBERS[:4]),
            "test": rng.choice(_NUMBERS[:3]),
        }
        self.n_refs = 1

    def sentences(self, key: str, bank: tuple[str, ...]) -> Iterator[str]:
        """Endless stream: the bank's opener, then the bank in shuffled decks, slots filled.

        Dealing whole decks means no sentence repeats before the bank is used up.
        """
        rng = random.Random(f"{self.seed}/{key}")
        yield self._fill(bank[0], rng)
        deck = list(bank[1:])
        while True:
            rng.shuffle(deck)
            for template in deck:
                yield self._fill(template, rng)
            deck = list(bank)

    def _fill(self, template: str, rng: random.Random) -> str:
        refs = self.n_refs

        def cite(k: int) -> str:
            picks = sorted(rng.sample(range(1, refs + 1), min(k, refs)))
            return "[" + ",".join(map(str, picks)) + "]"

        auc = rng.uniform(0.74, 0.91)
        groups = rng.sample(_GROUPS, 2)
        values = {
            **self.slots,
            "shift": rng.choice(_SHIFTS),
            "group": groups[0],
            "group2": groups[1],
            "cite": cite(1),
            "cite2": cite(2),
            "auc": f"{auc:.3f}",
            "auc2": f"{auc - rng.uniform(-0.004, 0.006):.3f}",
            "pct": str(rng.randint(12, 48)),
            "g1": f"{rng.uniform(6, 14):.1f}",
            "g2": f"{rng.uniform(1.5, 5.5):.1f}",
            "sd": f"{rng.uniform(0.003, 0.012):.3f}",
        }
        text = _ALTERNATIVES.sub(lambda m: rng.choice(m.group(1).split("|")), template)
        return _SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), text)


# --------------------------------------------------------------------------------------------
# Building the template's data


@dataclass
class _Section:
    title: str
    level: int
    key: str
    bank: tuple[str, ...]
    weight: float
    floats: tuple[dict[str, Any], ...] = ()
    lead: str = ""  # a fixed first sentence (e.g. pointing at a float)
    runin: str = ""  # a bold run-in heading before the first paragraph


class _Builder:
    """Turns a SamplePaper and an amount of prose (in sentences) into the template's JSON."""

    def __init__(self, paper: SamplePaper, fallback_fonts: tuple[str, ...]) -> None:
        self.paper = paper
        self.fallback_fonts = fallback_fonts
        self.prose = _Prose(paper.seed, " ".join((paper.title, *paper.keywords)))
        rng = random.Random(f"{paper.seed}/structure")
        pages = paper.pages
        self.references = _references(rng, _reference_count(pages))
        self.prose.n_refs = len(self.references)
        self.sections = _structure(rng, pages)
        self.min_amount = len([s for s in self.sections if s.weight > 0])

    def estimate(self) -> int:
        """A first guess of the amount: about 22 sentences per page after the fixed matter."""
        return max(self.min_amount, round((self.paper.pages - 1.4) * 22))

    def data(self, amount: int) -> dict[str, Any]:
        """The template's input with `amount` sentences of prose shared out by section weight."""
        paper = self.paper
        weights = sum(s.weight for s in self.sections)
        sections = []
        # Sections of one kind (the method's subsections, say) share one stream, so that a
        # sentence is not repeated before the whole bank has been used.
        streams: dict[str, Iterator[str]] = {}
        for sec in self.sections:
            count = max(1, round(amount * sec.weight / weights)) if sec.weight > 0 else 0
            name = sec.key.rstrip("0123456789")
            if name not in streams:
                streams[name] = self.prose.sentences(name, sec.bank)
            sections.append(
                {
                    "title": sec.title,
                    "level": sec.level,
                    "blocks": self._blocks(sec, count, streams[name]),
                }
            )
        return {
            "title_plain": _plain(paper.title),
            "title_runs": _runs(paper.title),
            "author_names": [name for name, _ in paper.authors],
            "authors": [{"name": name, "insts": list(insts)} for name, insts in paper.authors],
            "institutes": list(paper.institutes),
            "abstract_runs": _runs(paper.abstract),
            "keywords": list(paper.keywords),
            "sections": sections,
            "references": self.references,
            "fallback_fonts": list(self.fallback_fonts),
        }

    def _blocks(self, sec: _Section, count: int, stream: Iterator[str]) -> list[dict[str, Any]]:
        sizes = random.Random(f"{self.paper.seed}/{sec.key}/paragraphs")
        sentences = [sec.lead] if sec.lead else []
        sentences += [next(stream) for _ in range(count)]
        paragraphs: list[list[str]] = []
        while sentences:
            size = sizes.randint(3, 6)
            paragraphs.append(sentences[:size])
            sentences = sentences[size:]
        blocks: list[dict[str, Any]] = []
        floats = list(sec.floats)
        for i, para in enumerate(paragraphs):
            block: dict[str, Any] = {"kind": "par", "runs": _runs(" ".join(para))}
            if i == 0 and sec.runin:
                block["runin"] = sec.runin
            blocks.append(block)
            # Floats and equations follow the first paragraph, as authors usually place them.
            if i == 0:
                blocks.extend(floats)
                floats = []
        blocks.extend(floats)
        return blocks


def _reference_count(pages: int) -> int:
    return pages + 1 if pages <= 3 else min(8 + pages, 22)


def _references(rng: random.Random, count: int) -> list[list[dict[str, Any]]]:
    """Fictional splncs04-style entries, sorted by first author like the real style."""
    entries: list[tuple[str, list[dict[str, Any]]]] = []
    for _ in range(count):
        families = rng.sample(_REF_FAMILIES, rng.randint(1, 4))
        names = [f"{f}, {rng.choice('ABCDEFGHJKLMNOPRSTVW')}." for f in families]
        task = rng.choice(_TOPICS)[1]
        title = f"{rng.choice(_REF_TITLE_A)} {rng.choice(_REF_TITLE_B)} for {task}"
        year = rng.randint(2014, 2024)
        first = rng.randint(1, 400)
        pages = f"{first}\u2013{first + rng.randint(8, 15)}"
        head = f"{', '.join(names)}: {title}. "
        kind = rng.random()
        runs: list[dict[str, Any]]
        if kind < 0.45:
            runs = [
                {"text": f"{head}{rng.choice(_REF_JOURNALS)} "},
                {"text": str(rng.randint(3, 40)), "bold": True},
                {"text": f"({rng.randint(1, 12)}), {pages} ({year})"},
            ]
        elif kind < 0.85:
            conf = rng.choice(_REF_CONFERENCES)
            runs = [{"text": f"{head}In: {conf}, pp. {pages}. Example Press ({year})"}]
        else:
            number = f"{year}.{rng.randint(1000, 9999)}"
            runs = [{"text": f"{head}Fictional Preprint Server, no. {number} ({year})"}]
        entries.append((families[0], runs))
    entries.sort(key=lambda e: (e[0], json.dumps(e[1])))
    return [runs for _, runs in entries]


_EQUATIONS = (
    "cal(L)(theta) = -1/N sum_(i=1)^N [y_i log hat(p)_i + (1 - y_i) log(1 - hat(p)_i)] "
    "+ lambda norm(theta)_2^2",
    '"ECE" = sum_(m=1)^M (|B_m|)/N thin |"acc"(B_m) - "conf"(B_m)|',
    'cal(R)(theta) = 1/E sum_(e=1)^E cal(L)_e (theta) + beta "Var"_e [cal(L)_e (theta)]',
    'Delta_"EO" = max_(a, a\') |"TPR"_a - "TPR"_(a\')| + max_(a, a\') |"FPR"_a - "FPR"_(a\')|',
)


def _table(rng: random.Random, number: int) -> dict[str, Any]:
    """Table 1 compares methods; Table 2 is an ablation. Numbers are random but plausible."""
    if number == 1:
        header = ["Method", "AUROC", "AUPRC", "ECE", "Brier", "Worst group"]
        names = ["Logistic regression", "Gradient boosting", "Transformer (CE)", "Ours"]
        caption = (
            "Discrimination and calibration on the held-out hospitals (mean over five seeds). "
            "Lower is better for ECE and Brier score; the last column is the AUROC of the worst "
            "subgroup."
        )
        base = rng.uniform(0.74, 0.82)
        rows = []
        for i, name in enumerate(names):
            auc = base + 0.02 * i + rng.uniform(-0.01, 0.01)
            rows.append(
                {
                    "cells": [
                        name,
                        f"{auc:.3f}",
                        f"{auc - rng.uniform(0.35, 0.45):.3f}",
                        f"{rng.uniform(0.06, 0.12) / (1 + i * (i == 3) * 1.5):.3f}",
                        f"{rng.uniform(0.08, 0.12):.3f}",
                        f"{auc - rng.uniform(0.04, 0.09):.3f}",
                    ],
                    "bold": name == "Ours",
                }
            )
    else:
        header = ["Variant", "AUROC", "ECE", r"$\Delta_{\mathrm{EO}}$"]
        names = ["Full model", "w/o calibration term", "w/o balanced sampling", "w/o concepts"]
        caption = "Ablation study on the held-out hospitals."
        rows = [
            {
                "cells": [
                    name,
                    f"{rng.uniform(0.78, 0.86):.3f}",
                    f"{rng.uniform(0.02, 0.09):.3f}",
                    f"{rng.uniform(1.5, 9):.1f}",
                ],
                "bold": i == 0,
            }
            for i, name in enumerate(names)
        ]
    return {
        "kind": "table",
        "caption": caption,
        "header": [_runs(h) for h in header],
        "rows": rows,
    }


def _reliability(rng: random.Random) -> dict[str, Any]:
    xs = [(i + 0.5) / 10 for i in range(10)]
    over = [min(0.99, x + rng.uniform(0.05, 0.16) * x * (1 - x) * 4) for x in xs]
    cal = [min(0.99, max(0.01, x + rng.uniform(-0.03, 0.03))) for x in xs]
    return {
        "kind": "figure",
        "type": "reliability",
        "caption": (
            "Reliability diagram on the held-out hospitals. The baseline overestimates risk in "
            "most bins; the proposed model stays close to the diagonal."
        ),
        "xlabel": "Predicted risk",
        "ylabel": "Observed frequency",
        "series": [
            {"name": "Ours", "points": [[x, y] for x, y in zip(xs, cal, strict=True)]},
            {"name": "Baseline", "points": [[x, y] for x, y in zip(xs, over, strict=True)]},
        ],
    }


def _bars(rng: random.Random) -> dict[str, Any]:
    groups = ["Site A", "Site B", "Site C", "Site D", "Site E"]
    series = []
    for name, lift in (("Baseline", 0.0), ("Ours", 0.03)):
        series.append({"name": name, "values": [rng.uniform(0.72, 0.80) + lift for _ in groups]})
    return {
        "kind": "figure",
        "type": "bars",
        "caption": "AUROC per held-out hospital for the baseline and the proposed model.",
        "xlabel": "Hospital",
        "ylabel": "AUROC",
        "ymin": 0.6,
        "ymax": 0.9,
        "groups": groups,
        "series": series,
    }


def _structure(rng: random.Random, pages: int) -> list[_Section]:
    """The paper's outline: fuller papers get related work, subsections and more floats."""
    equation = {"kind": "equation", "math": rng.choice(_EQUATIONS)}
    table1 = _table(rng, 1)
    fig1 = _reliability(rng)
    ack = (
        "This paper is fictional: it was generated to demonstrate the proceedings tool, and "
        "its authors, data, experiments and references are invented."
    )
    method = rng.choice(("Method", "Methods", "Approach"))
    if pages <= 3:
        secs = [_Section("Introduction", 1, "intro", _INTRO, 3)]
        if pages >= 3:
            secs.append(_Section("Related Work", 1, "related", _RELATED, 2))
        if pages >= 2:
            secs.append(_Section(method, 1, "method", _METHOD, 3, (equation,)))
            floats = (table1, fig1) if pages >= 3 else (table1,)
            lead = "Table 1 summarises the results on the held-out hospitals."
            secs.append(_Section("Results", 1, "exp", _EXPERIMENTS, 4, floats, lead))
        secs.append(_Section("Conclusion", 1, "concl", _CONCLUSION, 1))
        if pages >= 2:  # a one-page scaffold needs every line for the title and abstract
            secs.append(_Section("", 0, "ack", (ack,), 0, lead=ack, runin="Acknowledgments"))
        return secs
    data_title = rng.choice(("Data and Cohorts", "Datasets", "Cohort and Outcome"))
    secs = [
        _Section("Introduction", 1, "intro", _INTRO, 14),
        _Section("Related Work", 1, "related", _RELATED, 11),
        _Section(method, 1, "method0", _METHOD, 3),
        _Section("Problem Setting", 2, "method1", _METHOD, 6, (equation,)),
        _Section(rng.choice(("Model", "Architecture")), 2, "method2", _METHOD, 7),
        _Section(rng.choice(("Training", "Calibration and Training")), 2, "method3", _METHOD, 5),
        _Section("Experiments", 1, "exp0", _EXPERIMENTS, 2),
        _Section(data_title, 2, "exp1", _EXPERIMENTS, 6),
        _Section(
            "Results",
            2,
            "exp2",
            _EXPERIMENTS,
            9,
            (table1, fig1),
            "Table 1 reports discrimination and calibration, and Fig. 1 shows the reliability "
            "diagrams on the held-out hospitals.",
        ),
    ]
    if pages >= 7:
        fig2 = _bars(rng)
        secs.append(
            _Section(
                "Per-Site Analysis",
                2,
                "exp3",
                _EXPERIMENTS,
                6,
                (fig2,),
                "Fig. 2 breaks the discrimination down by held-out hospital.",
            )
        )
    if pages >= 9:
        table2 = _table(rng, 2)
        secs.append(
            _Section(
                "Ablation Study",
                2,
                "exp4",
                _EXPERIMENTS,
                6,
                (table2,),
                "Table 2 removes one component of the model at a time.",
            )
        )
    secs += [
        _Section("Discussion", 1, "disc0", _DISCUSSION, 9),
        _Section("", 0, "disc1", _DISCUSSION, 5, runin="Limitations"),
        _Section("Conclusion", 1, "concl", _CONCLUSION, 4),
        _Section("", 0, "ack", (ack,), 0, lead=ack, runin="Acknowledgments"),
    ]
    return secs
