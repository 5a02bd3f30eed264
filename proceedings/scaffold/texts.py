"""The sample workshop that ``init`` writes: each file's text, with ``{{name}}`` slots.

A fictional health-ML workshop in the shape of the real ones this project is for (an overview,
topics, dates in AoE, keynotes, a program, awards with travel-award recipients, organizers with
photos, sponsors, a journal's special issue, a contact, past editions; four papers in two parts),
so that a fresh project shows every page of the site and of the volume. Every person is at one
of the sample institutions and every paper has a sample title, so ``check`` lists each as a
sample to replace (``metadata.placeholder``) until it is. Slots are ``{{name}}`` rather than
``str.format`` braces because YAML's flow mappings use braces.
"""

from __future__ import annotations

VOLUME = """\
# yaml-language-server: $schema=../.schemas/volume.schema.json
# The volume: see docs/file-formats.md of proceedings for every key.
title: {{title}}
subtitle: {{subtitle}}
acronym: {{acronym}}
year: {{year}}
event:
  name: {{title}}
  short_name: {{acronym}}
  host: Host Conference {{year}}
  place: Vienna, Austria
  start: {{workshop}}
  end: {{workshop}}
# A series (LNCS, CEUR-WS, PMLR...) once the publisher has given the volume its number:
# series: {name: Lecture Notes in Computer Science, short_name: LNCS, volume: 15000,
#          issn: 0302-9743}
publisher:
  name: Example Open Press
  place: Vienna
licence: CC-BY-4.0
url: https://workshop.example.org/{{year}}/
editors:
  - given: Nadia
    family: Rahman
    affiliations:
      - institution: University of Example
        city: Vienna
        country: Austria
  - given: Lucas
    family: Moreau
    affiliations:
      - institution: Example University Hospital
        city: Lyon
        country: France
parts:
  - id: explainability
    title: Explainability and Uncertainty
  - id: generalization
    title: Generalization and Fairness
tracks:
  full:
    max_pages: 14
  short:
    max_pages: 8
pages:
  - preface.md
numbering:
  start_page: 1
  odd_page_starts: false
  part_pages: false
"""

COMMITTEES = """\
# yaml-language-server: $schema=../.schemas/committees.schema.json
# The committees, in the order the volume and the site list them. The organizers, advisory
# board and student organizers with their photos are in event.yaml.
committees:
  - role: Program Committee Chairs
    people:
      - given: Nadia
        family: Rahman
        affiliations:
          - institution: University of Example
            country: Austria
      - given: Lucas
        family: Moreau
        affiliations:
          - institution: Example University Hospital
            country: France
  - role: Program Committee
    people:
      - given: Amaka
        family: Eze
        affiliations:
          - institution: Example Medical School
            country: Nigeria
      - given: Jonas
        family: Lindqvist
        affiliations:
          - institution: University of Example
            country: Sweden
      - given: Sofía
        family: Ramírez
        affiliations:
          - institution: Example Centre for Health Data
            country: Chile
      - given: Tomasz
        family: Wiśniewski
        affiliations:
          - institution: Example Institute of Technology
            country: Poland
"""

EVENT = """\
# yaml-language-server: $schema=../.schemas/event.schema.json
# The workshop's own pages: the call, dates, keynotes, awards, people, calls, contact, history
# (docs/file-formats.md has every key). The sample's dates are set around the day 'init' ran:
# the submission deadline and the notification have passed, the camera-ready deadline is
# coming, the workshop follows. The home page leads with the call until program.yaml exists,
# then with the program until the workshop's day is over (in 'timezone'), then with the
# proceedings; 'phase: call' (or program, proceedings) chooses one yourself.
timezone: Europe/Vienna
about: >-
  Machine learning matches clinicians on many narrow tasks, yet few models reach the ward: they
  fail on data from another hospital, cannot say why they decided, treat patient groups unequally
  or leak what they were trained on. {{acronym_text}} brings together researchers in machine
  learning, clinical research and medical imaging to build health models that doctors and
  patients can trust.
topics:
  - Explainability and interpretability of clinical models
  - Uncertainty estimation and calibration
  - Generalization to new hospitals, scanners and populations
  - Fairness across patient groups and debiasing from shortcuts
  - Privacy-preserving learning on health records and images
  - Causal reasoning and counterfactual explanations
  - Human-in-the-loop learning and clinician-facing evaluation
  - Benchmarks that measure trustworthiness
call:
  text: |
    We invite full papers (up to 14 pages) and short papers (up to 8 pages) in the LNCS format,
    references included. Reviewing is double-blind. Accepted papers appear in the proceedings
    and are presented at the workshop, as a talk or a poster.

    At least one author of each accepted paper presents it in person.
  submission_url: https://submissions.example.org/workshop
dates:
  - title: Paper submission deadline
    date: {{submission}}
    extended: {{extended}}
    url: https://submissions.example.org/workshop
  - title: Notification of acceptance
    date: {{notification}}
  - title: Camera-ready deadline
    date: {{camera_ready}}
  - title: Workshop
    date: {{workshop}} 09:00
    timezone: Europe/Vienna
keynotes:
  - id: solberg
    speaker:
      given: Ingrid
      family: Solberg
      affiliations: [Example University Hospital]
      photo: photos/ingrid-solberg.svg
      url: https://people.example.org/solberg
      bio: >-
        Ingrid Solberg is an intensive care physician who has led the evaluation of machine
        learning early-warning systems in her hospital for eight years.
    title: What an Audit of a Deployed Sepsis Model Taught Us
    abstract: >-
      A sepsis alert validated on retrospective data was switched on in twelve wards. We followed
      it for a year: which alerts changed a decision, which were ignored, and how its
      calibration drifted as the patients and the wards changed around it.
    slides: https://people.example.org/solberg/slides.pdf
    video: https://video.example.org/solberg-keynote
  - id: costa
    speaker:
      given: Rafael
      family: Costa
      affiliations: [Example Institute of Technology]
      photo: photos/rafael-costa.svg
      bio: >-
        Rafael Costa works on uncertainty quantification and on the statistics of clinical
        prediction models.
    title: Uncertainty That Clinicians Can Use
    abstract: >-
      A predicted probability helps only if it means what it says. This talk compares the ways
      of estimating and reporting uncertainty for imaging and risk models, and what clinicians
      did with each in a reader study.
awards:
  - name: Best Paper Award
    papers: ["001"]
    note: Chosen by the program committee chairs from the three highest-rated papers.
  - name: Honorable Mention
    papers: ["003"]
  - name: Student Travel Award
    note: Two awards of 500 EUR each, funded by our sponsors, for students presenting in person.
    people:
      - {given: Mei-Ling, family: Tan, affiliations: [Example Institute of Technology]}
      - {given: Hana, family: Novak, affiliations: [University of Example]}
people:
  - role: Organizers
    people:
      - given: Nadia
        family: Rahman
        affiliations: [University of Example]
        photo: photos/nadia-rahman.svg
      - given: Lucas
        family: Moreau
        affiliations: [Example University Hospital]
        photo: photos/lucas-moreau.svg
      - given: Amaka
        family: Eze
        affiliations: [Example Medical School]
        photo: photos/amaka-eze.svg
  - role: Advisory Board
    people:
      - given: Helen
        family: Achterberg
        affiliations: [Example Medical School]
        photo: photos/helen-achterberg.svg
  - role: Student Organizers
    people:
      - given: Mei-Ling
        family: Tan
        affiliations: [Example Institute of Technology]
        photo: photos/mei-ling-tan.svg
calls:
  - title: Special issue of the Journal of Example Health Informatics
    text: >-
      Authors of accepted papers, and everyone working on the workshop's topics, are invited to
      submit extended versions to a special issue on trustworthy machine learning for health.
    url: https://journal.example.org/special-issues/trustworthy-ml-for-health
    dates:
      - {title: Submission deadline, date: {{issue_submission}}}
      - {title: First reviews, date: {{issue_reviews}}}
      - {title: Revised manuscripts, date: {{issue_revised}}}
      - {title: Final decision, date: {{issue_decision}}}
contact:
  email: organizers@workshop.example.org
  text: Questions about the workshop, submissions or the travel awards
history:
  - name: {{previous}}
    year: {{previous_year}}
    venue: Host Conference {{previous_year}}, Lisbon, Portugal
    url: https://workshop.example.org/{{previous_year}}/
    proceedings: https://workshop.example.org/{{previous_year}}/proceedings/
  - name: Interpretable Machine Learning for Health {{first_year}}
    year: {{first_year}}
    venue: Host Conference {{first_year}}, Kigali, Rwanda
    url: https://workshop.example.org/{{first_year}}/
"""

PROGRAM = """\
# yaml-language-server: $schema=../.schemas/program.schema.json
# The program of the day, times in the venue's time zone (timezone: in event.yaml). Sessions
# name papers by id and keynotes by the id event.yaml gives them.
program:
  - title: Opening remarks
    start: {{workshop}} 09:00
    end: {{workshop}} 09:10
    room: Hall A
    kind: other
  - title: "Keynote: What an Audit of a Deployed Sepsis Model Taught Us"
    start: {{workshop}} 09:10
    end: {{workshop}} 09:50
    room: Hall A
    kind: keynote
    keynote: solberg
  - title: "Oral session 1: Explainability and Uncertainty"
    start: {{workshop}} 09:50
    end: {{workshop}} 10:30
    room: Hall A
    chair: Lucas Moreau
    papers: ["001", "002"]
  - {title: Coffee break, start: {{workshop}} 10:30, end: {{workshop}} 11:00, kind: break}
  - title: "Keynote: Uncertainty That Clinicians Can Use"
    start: {{workshop}} 11:00
    end: {{workshop}} 11:40
    room: Hall A
    kind: keynote
    keynote: costa
  - title: "Oral session 2: Generalization and Fairness"
    start: {{workshop}} 11:40
    end: {{workshop}} 12:20
    room: Hall A
    chair: Amaka Eze
    papers: ["003", "004"]
  - {title: Lunch, start: {{workshop}} 12:20, end: {{workshop}} 13:30, kind: break}
  - title: Poster session
    start: {{workshop}} 13:30
    end: {{workshop}} 14:30
    room: Foyer
    kind: posters
    papers: ["001", "002", "003", "004"]
  - title: Awards and closing
    start: {{workshop}} 14:30
    end: {{workshop}} 14:45
    room: Hall A
    kind: other
"""

SPONSORS = """\
# yaml-language-server: $schema=../.schemas/sponsors.schema.json
# The sponsors, in the order shown, grouped by level; logos relative to source/.
sponsors:
  - name: Example Health Foundation
    level: Gold
    url: https://health-foundation.example.org/
    logo: logos/example-health-foundation.svg
  - name: Example Imaging Lab
    level: Silver
    url: https://imaging.example.com/
    logo: logos/example-imaging-lab.svg
  - name: Example Society for Medical AI
    level: Supporting organization
    url: https://medical-ai.example.org/
    logo: logos/example-society-for-medical-ai.svg
"""

PREFACE = """\
% Replace this text with the workshop's preface: how many submissions there were, how they were
% reviewed, what the papers are about, and whom you thank. (This line is not shown.)

# Preface

This volume contains the papers presented at {{title_text}} ({{acronym_text}}), held with Host
Conference {{year}} in Vienna, Austria, on {{workshop_text}}.

The workshop received eleven submissions. Each was reviewed double-blind by three members of the
program committee, and four were accepted: three full papers and one short paper, grouped in
this volume in two parts, *Explainability and Uncertainty* and *Generalization and Fairness*.
Two keynote talks opened the sessions, and the best paper award went to a study of
counterfactual explanations for sepsis alerts.

We thank the authors, the program committee for careful and timely reviews, our keynote
speakers, the student organizers, and our sponsors, whose support funded the travel awards.

Nadia Rahman and Lucas Moreau, {{year}}
"""

CONF = '''\
"""Sphinx configuration of the proceedings site: the defaults, then your own settings."""

from pathlib import Path

from proceedings.sphinx import default_config

globals().update(default_config(Path(__file__).resolve().parent.parent))
'''

PAGES_WORKFLOW = """\
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

GITIGNORE = "/_build/\n/._build.*/\n"

PAPERS = {
    "001": """\
# yaml-language-server: $schema=../../.schemas/paper.schema.json
title: "Counterfactual Explanations Clinicians Can Act On: Sepsis Alerts in Emergency Care"
short_title: Counterfactual Explanations for Sepsis Alerts
authors:
  - given: Leila
    family: Haddad
    email: leila.haddad@example.org
    corresponding: true
    affiliations:
      - institution: Example University Hospital
        city: Lyon
        country: France
  - given: Jonas
    family: Lindqvist
    email: jonas.lindqvist@example.org
    affiliations:
      - institution: University of Example
        city: Vienna
        country: Austria
abstract: >-
  A sepsis alert that fires without a reason is ignored. We generate counterfactual explanations
  for an early-warning model, restricted to the vital signs and laboratory values a clinician can
  act on, and present them with the alert. In a simulated study with emergency physicians, the
  explanations raised the share of alerts that led to a documented action, and physicians judged
  most counterfactuals clinically plausible.
keywords: [Counterfactual explanations, Sepsis, Clinical decision support, User study]
part: explainability
order: 1
links:
  code: https://code.example.org/counterfactual-sepsis-alerts
""",
    "002": """\
# yaml-language-server: $schema=../../.schemas/paper.schema.json
title: Calibrated Uncertainty for Skin Lesion Triage Under Dataset Shift
authors:
  - given: Mei-Ling
    family: Tan
    email: meiling.tan@example.org
    corresponding: true
    affiliations:
      - institution: Example Institute of Technology
        city: Singapore
        country: Singapore
  - given: Sofía
    family: Ramírez
    email: sofia.ramirez@example.org
    affiliations:
      - institution: Example Centre for Health Data
        city: Santiago
        country: Chile
abstract: >-
  A triage model for dermoscopic images should defer to a dermatologist when it is unsure, but
  its predicted probability $p(y \\mid x)$ is overconfident on images from a new clinic. We
  compare temperature scaling, deep ensembles and conformal prediction on a fictional cohort from
  four clinics, with one clinic held out. Conformal sets keep their coverage under the shift,
  while the expected calibration error of the ensemble grows by a factor of three.
keywords: [Uncertainty, Calibration, Conformal prediction, Dermatology, Dataset shift]
part: explainability
order: 2
""",
    "003": """\
# yaml-language-server: $schema=../../.schemas/paper.schema.json
title: Shortcut Learning in Chest Radiograph Classifiers Across Three Hospitals
authors:
  - given: Amaka
    family: Eze
    email: amaka.eze@example.org
    corresponding: true
    affiliations:
      - institution: Example Medical School
        city: Enugu
        country: Nigeria
  - given: Tomasz
    family: Wiśniewski
    email: tomasz.wisniewski@example.org
    affiliations:
      - institution: Example Institute of Technology
        city: Warsaw
        country: Poland
  - given: Leila
    family: Haddad
    email: leila.haddad@example.org
    affiliations:
      - institution: Example University Hospital
        city: Lyon
        country: France
abstract: >-
  Classifiers of chest radiographs can learn the hospital, the scanner or a chest drain instead
  of the disease. We audit a pneumothorax classifier trained at one hospital on radiographs from
  two others, locate the shortcuts it relies on with saliency and with counterfactual image
  edits, and show that removing them costs little accuracy at home and recovers most of the
  accuracy lost elsewhere.
keywords: [Shortcut learning, Chest radiography, Generalization, Model audit]
part: generalization
order: 1
""",
    "004": """\
# yaml-language-server: $schema=../../.schemas/paper.schema.json
title: Fair Readmission Risk Scores Without Sensitive Attributes at Training Time
authors:
  - given: Hana
    family: Novak
    email: hana.novak@example.org
    corresponding: true
    affiliations:
      - institution: University of Example
        city: Vienna
        country: Austria
  - given: Sofía
    family: Ramírez
    email: sofia.ramirez@example.org
    affiliations:
      - institution: Example Centre for Health Data
        city: Santiago
        country: Chile
abstract: >-
  Hospitals often may not use ethnicity or income to train a readmission model, yet must show
  that the model treats these groups fairly. We train with distributionally robust optimization
  over groups the model cannot see, and audit it afterwards on the few records where the
  attributes are known. On a fictional cohort, the gap in recall between groups halves at a cost
  of one point of AUROC.
keywords: [Fairness, Readmission, Distributionally robust optimization, Electronic health records]
part: generalization
order: 2
track: short
""",
}
"""Each sample paper's ``paper.yaml``, by id."""

PAPER_PAGES = {"001": 6, "002": 5, "003": 6, "004": 4}
"""How many pages each sample paper's PDF has (the short paper within its 8)."""
