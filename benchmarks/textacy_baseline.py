"""Score textacy's `direct_quotations`, run paragraph by paragraph, with the same PolNeAR scorer.

    python benchmarks/textacy_baseline.py PATH [--split dev|held-out|all] [--limit N]

A baseline, not part of the project: textacy is not in requirements.txt, so run this from a
separate environment that has textacy, spaCy 3.8.18 and the model of requirements-model.txt
installed, with the project importable (`PYTHONPATH=.`). Each body paragraph is parsed on its own
(textacy's rules expect a quotation and its cue in one document; a paragraph with an odd number
of quotation marks, which textacy refuses with a ValueError, yields nothing); a triple's content span (its
quotation marks included, as textacy returns it) becomes one `direct` row, and its speaker tokens,
joined, become the row's speaker, unresolved (textacy leaves `he` as `he`, which the scorer counts
wrong; `--credit-pronouns-as-written` counts it right when the gold source is that same pronoun,
the most generous reading). Everything else —
split, gold kinds, span matching, speaker rules, hand-read pronoun referents — is
`attribution_eval.py`'s, so the figures compare with the package's line for line.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import attribution_eval as ev  # noqa: E402  (the scorer beside this script)


def textacy_rows(text: str, nlp) -> list[dict]:
    """textacy's direct quotations of every paragraph after the headline, as package-shaped rows."""
    from textacy.extract.triples import direct_quotations

    rows, start = [], text.find("\n") + 1 if "\n" in text else len(text)
    for paragraph in text[start:].split("\n"):
        offset = start
        start += len(paragraph) + 1
        if not paragraph.strip():
            continue
        try:
            triples = list(direct_quotations(nlp(paragraph)))
        except ValueError:  # an odd number of marks in the paragraph: textacy refuses it
            triples = []
        for triple in triples:
            span = triple.content
            a, b = offset + span.start_char, offset + span.end_char
            rows.append({"kind": "direct", "segments": [(a, b)], "text": text[a:b],
                         "speaker": " ".join(t.text for t in triple.speaker) or None,
                         "start_char": a, "end_char": b})
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run textacy over the chosen split and print the scorer's figures."""
    from analysis.nlp import load_pipeline
    from analysis.reading import read_article

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--split", choices=["dev", "held-out", "all"], default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--credit-pronouns-as-written", action="store_true",
                        help="count a speaker `he` right for a gold source `he` (no resolution asked)")
    args = parser.parse_args(argv)
    if args.credit_pronouns_as_written:
        strict = ev.speaker_right

        def speaker_right(gold, speaker):
            """The scorer's rule, except that a pronoun as written matches the gold pronoun."""
            if gold.source_type == "pronoun" and speaker:
                return speaker.strip().lower() == gold.source_text.strip().lower()
            return strict(gold, speaker)

        ev.speaker_right = speaker_right
    nlp = load_pipeline()  # the package's own model and settings
    referents = ev.read_referents(ev.REFERENTS)
    tally, started, count = ev.Tally(), time.time(), 0
    for name in ev.article_names(args.path, args.split, args.limit):
        ann = ev.annotation_file(args.path, name)
        if ann is None:
            continue
        text = read_article(args.path / "text" / f"{name}.txt")  # markup blanked, offsets kept
        ev.score_article(name, text, ev.read_ann(ann, text), textacy_rows(text, nlp), tally, referents)
        count += 1
    print(f"textacy direct_quotations, split: {args.split}")
    for label, value in ev.report(tally, count, time.time() - started):
        print(f"{label:45} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
