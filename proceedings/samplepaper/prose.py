"""The fictional prose: phrase banks of a clinical machine-learning paper, and their generator."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

__all__ = [
    "CONCLUSION",
    "DISCUSSION",
    "EXPERIMENTS",
    "INTRO",
    "METHOD",
    "RELATED",
    "TOPICS",
    "Prose",
]

# Topics: (words that select it from the title and keywords, task, cohort, unit of a record).
TOPICS = (
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
INTRO = (
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
RELATED = (
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
METHOD = (
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
EXPERIMENTS = (
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
DISCUSSION = (
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
CONCLUSION = (
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


class Prose:
    """Deterministic sentence streams, one per section, each stable under a longer prefix.

    Each section draws from its own generator, so asking for more text in one section never
    changes the text of another: the page-count search then moves smoothly.
    """

    def __init__(self, seed: str, subject: str) -> None:
        rng = random.Random(f"{seed}/topic")
        self.seed = seed
        subject = subject.lower()
        matching = [t for t in TOPICS if any(word in subject for word in t[0])]
        _, task, cohort, unit = matching[0] if matching else rng.choice(TOPICS)
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
