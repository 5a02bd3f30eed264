# The two set-up commands are `make` (build the demo volume) and `make test`; each creates the
# virtual environment it needs. Everything generated goes to .venv/, _build/ and _bench/.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SOURCES := proceedings tests tools

.PHONY: all demo html test lint fmt regen demo-papers bench bench-scale clean

all: demo

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "python3 -m venv failed; installing Debian's python3-venv"; \
	  tools/debian-packages python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lint]'
	@touch $@

## demo: build the demo volume (source/, papers/) into _build/
demo: $(STAMP)
	@tools/debian-packages fonts-noto-cjk  # the demo's Chinese author is set in Noto CJK
	$(BIN)/proceedings build

## html: build the demo volume's site alone into _build/html/
html: $(STAMP)
	$(BIN)/proceedings site

## test: run the test suite
test: $(STAMP)
	$(BIN)/python -m pytest

## lint: ruff and mypy --strict
lint: $(STAMP)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/mypy

## fmt: format and fix what ruff can
fmt: $(STAMP)
	$(BIN)/ruff format $(SOURCES)
	$(BIN)/ruff check --fix $(SOURCES)

## regen: rewrite the golden files of the tests (review the diff like code)
regen: $(STAMP)
	$(BIN)/python -m pytest --regen-golden tests

## demo-papers: typeset the demo volume's fictional papers again (papers/*/paper.pdf)
demo-papers: $(STAMP)
	$(BIN)/python tools/make_demo_papers.py

## bench: time `proceedings build` and `pdf` as users run them (each stage too) against qpdf,
##        the PDF stage alone, and the site, on a synthetic 200 x 12-page volume (5-10 minutes)
bench: $(STAMP)
	@tools/debian-packages fonts-noto-cjk qpdf  # CJK author names; qpdf is the baseline
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/bench_site.py

## bench-scale: time and peak memory of `proceedings build` on 2,600 x 10 pages, and the site's
##              HTML size per page at 200 and 2,600 papers (generated once: a few minutes)
bench-scale: $(STAMP)
	@tools/debian-packages fonts-noto-cjk  # the papers' CJK author names
	$(BIN)/python tools/bench_scale.py

clean:
	rm -rf _build ._build.* _bench $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
