"""Score the HTML reader (`analysis.sources.html.read_html`) on saved web pages, against plain
trafilatura, by trafilatura's own evaluation method; also headline and date agreement, and timing.

Run (from the project root):

    .venv/bin/python benchmarks/page_eval.py /work/shared/corpus/pages [--split dev|heldout|all]
        [--timing N] [--misses]

PATH holds `evaldata.json` (page URL -> {file, with, without, title, date, ...}) and `html/FILE`.

Matching rules (as trafilatura's `tests/comparison_small.py`, `evaluate_result`):
- A page's output is one string; each `with` segment is a true positive when it occurs in it as an
  exact, case-sensitive substring, else a false negative; each `without` segment is a false
  positive when it occurs, else a true negative. A page with no output (None, or an ArticleError
  from the package) counts every `with` as a false negative and every `without` as a true negative.
- Counts are summed over the pages of a split; precision = TP/(TP+FP), recall = TP/(TP+FN),
  F1 = 2TP/(2TP+FP+FN).
- Systems: (a) "package body": the text of `read_html`'s blocks whose section is `body`, one block
  a line; (b) "package kept": all its blocks but the headline, one a line; (c) "trafilatura":
  `trafilatura.extract(page_bytes)` with its defaults (reader comments included, tables included);
  and, for reference, (d) the same without reader comments, as the package asks for: (b) should
  match (d) but for segments in the headline, which (b) leaves out.
- Splits: a page is held out when the first byte of the SHA-256 of its file name, modulo 10, is
  7 or more (about 30%); the rest is dev. The split never depends on the scores.
- Headline agreement: over pages whose evaldata `title` is non-empty, the package's headline
  equals the title after lower-casing and collapsing whitespace (and the same curly/straight
  quote marks); also how many pages of the split have an empty headline (none, or an error).
- Date agreement: over pages whose evaldata `date` is non-empty, the package's `published`
  equals `iso_date(date)`.
- Timing (`--timing N`): for the first N pages of the split (by file name) that the package
  reads, `read_html` against the spaCy parse of the same blocks (`list(nlp.pipe(texts))` with
  `analysis.nlp.load_pipeline()`), in CPU seconds of this process (`time.process_time`, so other
  work on the machine does not count), each the fastest of 3 runs (the first warms caches); the
  overhead is total reading time over total parsing time (target: at most 10%).

`--misses` lists, for dev pages only, the `with` segments plain trafilatura finds and the
package's body does not (and `without` segments it keeps), to see what the structure pass loses.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from analysis.errors import ArticleError  # noqa: E402
from analysis.sources.facts import iso_date  # noqa: E402
from analysis.sources.html import read_html  # noqa: E402

SYSTEMS = ("package body", "package kept", "trafilatura", "trafilatura, no comments")
TIMING_RUNS = 3
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def split_of(file_name: str) -> str:
    """`heldout` for about 30% of pages, chosen by a hash of the file name, else `dev`."""
    return "heldout" if hashlib.sha256(file_name.encode()).digest()[0] % 10 >= 7 else "dev"


def evaluate(result: str | None, item: dict) -> tuple[int, int, int, int]:
    """(TP, FN, FP, TN) of one page's output, as trafilatura's evaluate_result."""
    if result is None:
        return 0, len(item["with"]), 0, len(item["without"])
    tp = sum(segment in result for segment in item["with"])
    fp = sum(segment in result for segment in item["without"])
    return tp, len(item["with"]) - tp, fp, len(item["without"]) - fp


def scores(counts: list[int]) -> tuple[float, float, float]:
    """Precision, recall and F1 from summed (TP, FN, FP, TN)."""
    tp, fn, fp, _ = counts
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return precision, recall, f1


def normal(text: str | None) -> str:
    """Lower case, one space between words, straight quote marks."""
    return " ".join((text or "").translate(QUOTES).lower().split())


def outputs(data: bytes, name: str) -> tuple[dict, object]:
    """Each system's output string (None when it gives none) and the package's Document."""
    try:
        document = read_html(data, name)
    except ArticleError:
        document = None
    blocks = document.blocks if document else []
    body = "\n".join(b.text for b in blocks if b.section == "body") if document else None
    kept = "\n".join(b.text for b in blocks if b.section != "headline") if document else None
    return {"package body": body, "package kept": kept, "trafilatura": trafilatura.extract(data),
            "trafilatura, no comments": trafilatura.extract(data, include_comments=False)}, document


def evaluate_pages(folder: Path, pages: list[dict], show_misses: bool) -> dict:
    """Summed counts per split and system, headline and date agreement."""
    totals = {}
    for item in pages:
        data = (folder / "html" / item["file"]).read_bytes()
        results, document = outputs(data, item["file"])
        split = item["split"]
        for system, result in results.items():
            counts = totals.setdefault((split, system), [0, 0, 0, 0])
            for i, value in enumerate(evaluate(result, item)):
                counts[i] += value
        facts = totals.setdefault((split, "facts"), [0] * 6)
        headline = document.blocks[0].text if document and document.blocks[0].section == "headline" else ""
        facts[0] += not headline
        if item.get("title"):
            facts[1] += 1
            facts[2] += normal(headline) == normal(item["title"])
        if item.get("date"):
            facts[3] += 1
            facts[4] += bool(document) and document.facts.published == iso_date(item["date"])
        facts[5] += 1
        if show_misses and split == "dev":
            print_misses(item, results)
    return totals


def print_misses(item: dict, results: dict) -> None:
    """Segments plain trafilatura gets right and the package's body gets wrong, for one page."""
    ours, theirs = results["package body"] or "", results["trafilatura"] or ""
    lost = [s for s in item["with"] if s in theirs and s not in ours]
    kept = [s for s in item["without"] if s in ours and s not in theirs]
    for label, segments in (("lost", lost), ("boilerplate kept", kept)):
        for segment in segments:
            print(f"{item['file']}: {label}: {segment!r}")


def best_of(runs: int, function, *args):
    """(result, CPU seconds) of the fastest of `runs` calls: the least disturbed by other work."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.process_time()
        result = function(*args)
        best = min(best, time.process_time() - start)
    return result, best


def timing(folder: Path, pages: list[dict], count: int) -> tuple[int, float, float]:
    """(pages timed, seconds reading, seconds parsing) over the first `count` readable pages."""
    from analysis.nlp import load_pipeline

    nlp = load_pipeline()
    list(nlp.pipe(["Warm up the pipeline."]))
    read_total = parse_total = 0.0
    timed = 0
    for item in sorted(pages, key=lambda p: p["file"]):
        if timed >= count:
            break
        data = (folder / "html" / item["file"]).read_bytes()
        try:
            document, read_seconds = best_of(TIMING_RUNS, read_html, data, item["file"])
        except ArticleError:
            continue
        texts = [b.text for b in document.blocks]
        _, parse_seconds = best_of(TIMING_RUNS, lambda texts: list(nlp.pipe(texts)), texts)
        read_total += read_seconds
        parse_total += parse_seconds
        timed += 1
    return timed, read_total, parse_total


def markdown(totals: dict, splits: list[str]) -> str:
    """The scores and fact agreement as Markdown tables."""
    lines = ["| split | system | TP | FN | FP | TN | precision | recall | F1 |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for split in splits:
        for system in SYSTEMS:
            counts = totals.get((split, system), [0, 0, 0, 0])
            precision, recall, f1 = scores(counts)
            lines.append(f"| {split} | {system} | " + " | ".join(map(str, counts))
                         + f" | {precision:.3f} | {recall:.3f} | {f1:.3f} |")
    lines += ["", "| split | pages | empty headline | headline = title | published = date |",
              "|---|---:|---:|---:|---:|"]
    for split in splits:
        empty, titled, same_title, dated, same_date, pages = totals.get((split, "facts"), [0] * 6)
        lines.append(f"| {split} | {pages} | {empty} | {same_title}/{titled} | {same_date}/{dated} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="folder with evaldata.json and html/")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--timing", type=int, default=0, metavar="N", help="time N pages")
    parser.add_argument("--misses", action="store_true", help="list dev segments the package loses")
    args = parser.parse_args(argv)
    evaldata = json.loads((args.path / "evaldata.json").read_text(encoding="utf-8"))
    pages = [dict(item, url=url, split=split_of(item["file"])) for url, item in evaldata.items()]
    splits = ["dev", "heldout"] if args.split == "all" else [args.split]
    pages = [p for p in pages if p["split"] in splits]
    print(markdown(evaluate_pages(args.path, pages, args.misses), splits))
    if args.timing:
        timed, reading, parsing = timing(args.path, pages, args.timing)
        ratio = reading / parsing if parsing else float("nan")
        print(f"\nTiming over {timed} pages: reading {reading:.2f} s, spaCy parse {parsing:.2f} s, "
              f"overhead {ratio:.1%} (target <= 10%)")


if __name__ == "__main__":
    main()
