"""Print a fixed random sample of direct quotations with their speakers and context, for a hand audit.

    .venv/bin/python benchmarks/audit_sample.py CORPUS [--seed 7] [--stories 45]

CORPUS is a folder of `.txt` articles, found as corpus mode finds them. The seed picks
`--stories` stories; from each that has direct quotations, one quotation is drawn. For each,
the speaker, how it was attributed, the cue, the paragraph before and the quotation's own
paragraph are printed, so a reader can mark it right, wrong or without a speaker. Use it on
copy that has no annotation (another newsroom's house style) to see whether the attribution
holds there; the same seed gives the same sample.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from analysis.corpus.items import discover
from analysis.entities import load_overrides
from analysis.errors import ArticleError
from analysis.extraction import entities_and_speech
from analysis.nlp import load_pipeline
from analysis.parsing import parse_text
from analysis.reading import read_article


def paragraph_at(text: str, pos: int) -> tuple[str, str]:
    """The non-empty paragraph holding character `pos`, and the non-empty one before it."""
    previous, start = "", 0
    for paragraph in text.split("\n"):
        if start <= pos <= start + len(paragraph):
            return previous, paragraph
        if paragraph.strip():
            previous = paragraph
        start += len(paragraph) + 1
    return previous, ""


def main(argv: list[str] | None = None) -> int:
    """Draw the sample and print one block per quotation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stories", type=int, default=45)
    args = parser.parse_args(argv)
    try:
        items = discover(args.corpus)
    except ArticleError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    nlp, overrides = load_pipeline(), load_overrides(None)
    for item in rng.sample(items, min(args.stories, len(items))):
        text = read_article(Path(item.source))
        rows = [r for r in entities_and_speech(parse_text(text, nlp), overrides)[3] if r["kind"] == "direct"]
        if not rows:
            continue
        row = rng.choice(rows)
        previous, paragraph = paragraph_at(text, row["start_char"])
        print(f"## {item.path} | speaker={row['speaker']!r} | "
              f"attribution={row['attribution']} | cue={row['cue']}")
        print(f"   quotation: {row['text'][:200]}")
        print(f"   before:    {previous[:400]}")
        print(f"   paragraph: {paragraph[:900]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
