"""A paper's content as the template's JSON: outline, paragraphs, floats and references."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from proceedings.samplepaper.prose import (
    CONCLUSION,
    DISCUSSION,
    EXPERIMENTS,
    INTRO,
    METHOD,
    RELATED,
    TOPICS,
    Prose,
)
from proceedings.text.latexmath import latex_to_typst_math

if TYPE_CHECKING:
    from proceedings.samplepaper import SamplePaper

__all__ = ["Builder"]


def _runs(text: str) -> list[dict[str, Any]]:
    """Split Markdown-ish text into runs for the template: $math$, **bold**, *italic*, text."""
    runs: list[dict[str, Any]] = []
    for i, part in enumerate(re.split(r"(?<!\\)\$", text)):
        if i % 2 == 1 and part.strip():
            runs.append({"math": latex_to_typst_math(part)})
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


class Builder:
    """Turns a SamplePaper and an amount of prose (in sentences) into the template's JSON."""

    def __init__(self, paper: SamplePaper, fallback_fonts: tuple[str, ...]) -> None:
        self.paper = paper
        self.fallback_fonts = fallback_fonts
        self.prose = Prose(paper.seed, " ".join((paper.title, *paper.keywords)))
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


def _reference_count(pages: int) -> int:
    return pages + 1 if pages <= 3 else min(8 + pages, 22)


def _references(rng: random.Random, count: int) -> list[list[dict[str, Any]]]:
    """Fictional splncs04-style entries, sorted by first author like the real style."""
    entries: list[tuple[str, list[dict[str, Any]]]] = []
    for _ in range(count):
        families = rng.sample(_REF_FAMILIES, rng.randint(1, 4))
        names = [f"{f}, {rng.choice('ABCDEFGHJKLMNOPRSTVW')}." for f in families]
        task = rng.choice(TOPICS)[1]
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
        secs = [_Section("Introduction", 1, "intro", INTRO, 3)]
        if pages >= 3:
            secs.append(_Section("Related Work", 1, "related", RELATED, 2))
        if pages >= 2:
            secs.append(_Section(method, 1, "method", METHOD, 3, (equation,)))
            floats = (table1, fig1) if pages >= 3 else (table1,)
            lead = "Table 1 summarises the results on the held-out hospitals."
            secs.append(_Section("Results", 1, "exp", EXPERIMENTS, 4, floats, lead))
        secs.append(_Section("Conclusion", 1, "concl", CONCLUSION, 1))
        if pages >= 2:  # a one-page scaffold needs every line for the title and abstract
            secs.append(_Section("", 0, "ack", (ack,), 0, lead=ack, runin="Acknowledgments"))
        return secs
    data_title = rng.choice(("Data and Cohorts", "Datasets", "Cohort and Outcome"))
    secs = [
        _Section("Introduction", 1, "intro", INTRO, 14),
        _Section("Related Work", 1, "related", RELATED, 11),
        _Section(method, 1, "method0", METHOD, 3),
        _Section("Problem Setting", 2, "method1", METHOD, 6, (equation,)),
        _Section(rng.choice(("Model", "Architecture")), 2, "method2", METHOD, 7),
        _Section(rng.choice(("Training", "Calibration and Training")), 2, "method3", METHOD, 5),
        _Section("Experiments", 1, "exp0", EXPERIMENTS, 2),
        _Section(data_title, 2, "exp1", EXPERIMENTS, 6),
        _Section(
            "Results",
            2,
            "exp2",
            EXPERIMENTS,
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
                EXPERIMENTS,
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
                EXPERIMENTS,
                6,
                (table2,),
                "Table 2 removes one component of the model at a time.",
            )
        )
    secs += [
        _Section("Discussion", 1, "disc0", DISCUSSION, 9),
        _Section("", 0, "disc1", DISCUSSION, 5, runin="Limitations"),
        _Section("Conclusion", 1, "concl", CONCLUSION, 4),
        _Section("", 0, "ack", (ack,), 0, lead=ack, runin="Acknowledgments"),
    ]
    return secs
