"""What the entity steps of issue 23 cost, against the whole per-article work of corpus mode.

    .venv/bin/python benchmarks/entity_cost.py CORPUS [--limit N]

CORPUS is a folder of `.txt` articles (`../shared/corpus/bbc`). Each article is read and parsed
once, as corpus mode does (one `nlp.pipe` stream), then extracted; the new steps are timed on
the same parsed articles, apart: the further mentions of found names (`discourse`), the other
forms of one name (`entity_forms.variant_map` and the title rule) and salience. The share is
their time over parse + extraction, one process. Target: at most 5% of corpus-mode time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from analysis.discourse import further_mentions
from analysis.entities import Overrides, raw_mentions, title_forms
from analysis.entity_forms import variant_map
from analysis.extraction import extract
from analysis.nlp import load_pipeline
from analysis.parsing import parse_stream
from analysis.salience import salience_scores
from analysis.sources.read import read_document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args(argv)
    paths = sorted(args.corpus.rglob("*.txt"))[: args.limit or None]
    nlp = load_pipeline()
    documents = [read_document(p) for p in paths]
    started = time.perf_counter()
    parsed = list(parse_stream(nlp, [(d.text, d.blocks) for d in documents]))
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    rows = [extract(p, Overrides(), nlp, full_readability=False) for p in parsed]
    extract_seconds = time.perf_counter() - started
    found = [raw_mentions(p) for p in parsed]
    started = time.perf_counter()
    further = [further_mentions(p, f) for p, f in zip(parsed, found)]
    further_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for f, g in zip(found, further):
        mentions = f + g
        pairs = [(m["name"], m["spacy_label"]) for m in mentions]
        mapping = {name: name for name, _ in pairs}
        variant_map(pairs)
        title_forms(mentions, mapping, pairs)
    forms_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for r in rows:
        salience_scores([e for e in r["entities"] if e["label"] != "NORP"])
    salience_seconds = time.perf_counter() - started
    total = parse_seconds + extract_seconds
    new = further_seconds + forms_seconds + salience_seconds
    print(f"{len(paths)} articles: parse {parse_seconds:.1f} s, extraction {extract_seconds:.1f} s")
    print(f"further mentions {further_seconds:.2f} s, other forms {forms_seconds:.2f} s, "
          f"salience {salience_seconds:.2f} s")
    print(f"new steps: {new:.2f} s = {100 * new / total:.1f}% of parse + extraction (target <= 5%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
