"""Benchmark `make report` against its floor (issue: report <= 1.5 x floor).

Floor: executing the same number of notebooks, with the same runner (papermill, python3 kernel),
where each notebook only imports the libraries the studies use and loads the spaCy model.
Report: `python -m analysis.report` on the bundled article with an empty parse cache, so the one
shared parse is included. Usage: .venv/bin/python benchmarks/report_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from analysis import paths
from analysis.nlp import resolve_model_name
from analysis.report import notebook_paths

FLOOR_CELL = """\
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import spacy
import textstat
from IPython.display import HTML, Markdown
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analysis
nlp = spacy.load({model!r})
"""


def floor_seconds(count: int, workdir: Path) -> float:
    """Seconds to run `count` import-and-load-model notebooks through papermill."""
    import papermill

    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(FLOOR_CELL.format(model=resolve_model_name()))])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    source = workdir / "floor.ipynb"
    nbformat.write(notebook, source)
    start = time.perf_counter()
    for i in range(count):
        papermill.execute_notebook(str(source), str(workdir / f"floor-{i}.ipynb"),
                                   kernel_name="python3", progress_bar=False)
    return time.perf_counter() - start


def report_seconds(workdir: Path) -> float:
    """Seconds for `python -m analysis.report` with a cold parse cache."""
    env = dict(os.environ, ANALYSIS_CACHE_DIR=str(workdir / "cache"))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis.report"], check=True, env=env,
                   cwd=paths.PROJ_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best is kept")
    args = parser.parse_args()
    count = len(notebook_paths())
    floors, reports = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            floors.append(floor_seconds(count, Path(tmp)))
            reports.append(report_seconds(Path(tmp)))
    floor, report = min(floors), min(reports)
    print(f"notebooks: {count}")
    print(f"floor (import libraries + load model, per notebook): {floor:.1f} s")
    print(f"make report (cold parse cache, incl. HTML site):      {report:.1f} s")
    print(f"ratio: {report / floor:.2f} (target <= 1.50)")


if __name__ == "__main__":
    main()
