"""The study notebooks follow the collection's conventions (nbval checks their outputs separately)."""

from __future__ import annotations

import json

import pytest
from nbformat import from_dict
from papermill.translators import PythonTranslator

from analysis.report import notebook_paths
from analysis.site import title_and_summary

NOTEBOOKS = notebook_paths()


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_six_studies_and_the_corpus_notebook_are_there():
    assert [p.stem for p in NOTEBOOKS][:6] == [
        "01-Overview", "02-Structure", "03-Entities", "04-Voices", "05-Sentiment", "06-Readability"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_parameters_cell_is_readable_by_papermill(path):
    nb = load(path)
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    cell = from_dict(tagged[0] | {"source": "".join(tagged[0]["source"])})
    names = {p.name for p in PythonTranslator.inspect(cell)}
    assert {"ARTICLE", "FIGURES_DIR"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_opens_with_a_title_and_its_question(path):
    title, summary = title_and_summary(load(path))
    assert title != "Untitled" and summary.endswith("?")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_with_outputs_execution_counts_and_no_machine_paths(path):
    nb = load(path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] is not None for c in code if c["outputs"])
    text = json.dumps([c["outputs"] for c in code])
    assert "/work/" not in text and "/root/" not in text and "/tmp/" not in text
    assert not any(o["output_type"] == "error" for c in code for o in c["outputs"])
