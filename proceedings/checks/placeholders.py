"""Volume -> problems for the samples ``proceedings init`` writes, until they are replaced.

``init`` makes a project that builds at once, so every required value holds a sample: a
publisher, a site address at example.org, editors and authors at sample institutions, sample
papers. Each is valid, so no other check sees it, and a volume could be published with them.
They are matched exactly (the texts of :mod:`proceedings.scaffold.texts`, and those of earlier
versions of ``init``), so that a real value is never mistaken for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from proceedings.checks.codes import report
from proceedings.checks.people import mentions
from proceedings.errors import Problem
from proceedings.model import Volume

CODE = "metadata.placeholder"
_PEOPLE = {("Ada", "Lovelace"), ("Alan", "Turing"), ("Grace", "Hopper")}
_INSTITUTIONS = {
    "University of Example",
    "Example Institute of Technology",
    "Example University Hospital",
    "Example Medical School",
    "Example Centre for Health Data",
}
_PUBLISHER = ("Example Open Press", "Vienna")
_URL = re.compile(r"^https://workshop\.example\.org/\d{4}/$")
_HOST = re.compile(r"^Host Conference \d{4}$")
_TITLES = {
    "A First Paper on Trustworthy Machine Learning",
    "Counterfactual Explanations Clinicians Can Act On: Sepsis Alerts in Emergency Care",
    "Calibrated Uncertainty for Skin Lesion Triage Under Dataset Shift",
    "Shortcut Learning in Chest Radiograph Classifiers Across Three Hospitals",
    "Fair Readmission Risk Scores Without Sensitive Attributes at Training Time",
}
_ABSTRACT = "Replace this abstract with the paper's own."
_SPONSORS = {"Example Health Foundation", "Example Imaging Lab", "Example Society for Medical AI"}
_CONTACT = "organizers@workshop.example.org"
PREFACE = "Replace this text with the workshop's preface"
_HINT = "Replace the sample that 'init' wrote"


def check_placeholders(volume: Volume) -> Iterator[Problem]:
    """Each sample value of ``init`` still in the volume, the papers or the people, and one
    for each of the workshop's files that still holds init's samples."""
    doc, info = volume.sources["volume"], volume.info
    if info.publisher and (info.publisher.name, info.publisher.place) == _PUBLISHER:
        yield report(
            doc,
            CODE,
            ("publisher", "name"),
            f"'{info.publisher.name}' is the sample publisher",
            hint=f"{_HINT}: the volume's publisher and its city.",
        )
    if info.url and _URL.match(info.url):
        yield report(
            doc,
            CODE,
            ("url",),
            f"'{info.url}' is the sample address",
            hint=f"{_HINT}: the address where the proceedings will be published.",
        )
    if info.event.host and _HOST.match(info.event.host):
        yield report(
            doc,
            CODE,
            ("event", "host"),
            f"'{info.event.host}' is the sample host conference",
            hint=f"{_HINT}: the conference the workshop is part of, or remove 'host'.",
        )
    for m in mentions(volume):
        # A sample person is the sample name at a sample institution, as init writes them (an
        # Ada Lovelace elsewhere may be real); a sample institution left alone is one too.
        samples = [
            (i, a.institution)
            for i, a in enumerate(m.person.affiliations)
            if a.institution in _INSTITUTIONS
        ]
        if samples and (m.person.given, m.person.family) in _PEOPLE:
            yield report(
                m.doc,
                CODE,
                m.loc,
                f"{m.person.given} {m.person.family} ({samples[0][1]}) is a sample person",
                paper=m.paper,
                hint=f"{_HINT}: a real {_role(m.loc)}.",
            )
            continue
        for i, institution in samples:
            yield report(
                m.doc,
                CODE,
                (*m.loc, "affiliations", i, "institution"),
                f"'{institution}' is a sample institution",
                paper=m.paper,
                hint=f"{_HINT}: the person's own affiliation.",
            )
    yield from _workshop_samples(volume)
    for paper in volume.papers:
        if paper.info.title in _TITLES:
            yield report(
                paper.source,
                CODE,
                ("title",),
                f"'{paper.info.title}' is a sample paper's title",
                paper=paper.id,
                hint=f"{_HINT}: the paper's title (and its PDF, the sample paper).",
            )
        if paper.info.abstract.startswith(_ABSTRACT):
            yield report(
                paper.source,
                CODE,
                ("abstract",),
                "the abstract is the sample abstract",
                paper=paper.id,
                hint=f"{_HINT}: the paper's abstract.",
            )


def _workshop_samples(volume: Volume) -> Iterator[Problem]:
    """One warning for ``event.yaml`` and one for ``sponsors.yaml`` while they hold init's
    samples (people at sample institutions, the sample contact, sample sponsors), at the first
    one: these files are replaced as a whole, and the site would publish them as they are."""
    workshop, doc = volume.workshop, volume.sources.get("event")
    if workshop is not None and doc is not None:
        people = workshop.located_people()
        found = [
            (loc, f"{person.name.full} ({person.affiliations[0].institution})")
            for loc, person in people
            if person.affiliations and person.affiliations[0].institution in _INSTITUTIONS
        ]
        if workshop.contact is not None and workshop.contact.email == _CONTACT:
            found.append((("contact", "email"), _CONTACT))
        if found:
            loc, what = found[0]
            yield report(
                doc,
                CODE,
                loc,
                f"the workshop's data holds {len(found)} of the samples 'init' wrote "
                f"(first: {what})",
                hint=f"{_HINT}: the workshop's own keynotes, people, awards and contact.",
            )
    doc = volume.sources.get("sponsors")
    samples = [i for i, sponsor in enumerate(volume.sponsors) if sponsor.name in _SPONSORS]
    if doc is not None and samples:
        yield report(
            doc,
            CODE,
            ("sponsors", samples[0], "name"),
            f"the sponsors hold {len(samples)} of the samples 'init' wrote "
            f"(first: '{volume.sponsors[samples[0]].name}')",
            hint=f"{_HINT}: the workshop's own sponsors and their logos, or no sponsors.yaml.",
        )


def _role(loc: tuple[str | int, ...]) -> str:
    return {"editors": "editor", "committees": "committee member"}.get(str(loc[0]), "author")
