"""Score the entities table against GUM's hand annotation of named mentions and salience.

    .venv/bin/python benchmarks/entity_eval.py PATH [--split dev|held-out|all] [--errors N]
                                                     [--fit-salience]

PATH is a GUM-format folder (`../shared/corpus/gum`): `text/NAME.txt` (the document as the package
reads it), `gold/NAME.json` (named, Wikified mentions of people, organisations and places, with
offsets into the text, and each identity's salience: how many of five summaries name it) and
`conllu/NAME.conllu` (every annotated entity, Wikified or not). Each document is read and parsed
once with the package's own steps (`read_document`, `parse_text`, `extract`), as `analyze` does.
Beside every figure stands the naive count a notebook would write: `Counter(ent.text for ent in
doc.ents)` over the same model on the whole text, kept to the named labels the package reads.

Matching rules (all of them):
- Split: documents in name order within each genre; the second of every three (index % 3 == 1)
  is `held-out` (22 of 65), the rest `dev`. Rules and salience weights are tuned on `dev` only.
- Scope: a system's mentions are its entity mentions that the entities table counts (not captions
  or table rows), minus any inside a title line the gold file marks as unannotated.
- Other entities: GUM's annotated entities that hold a proper noun but are not in the gold set
  (not Wikified, or not a person, organisation or place: "Andy Warhol Foundation", "World Cup"),
  their tokens found in order in the text.
- Mention match: a system mention and a gold or other entity match when their character spans
  overlap; pairs are taken one to one, the highest character Jaccard first (ties by position), so
  "Exeter School" takes the gold "Exeter School" and leaves the nested gold "Exeter" unmatched.
- Precision: over system mentions, leaving out (neither right nor wrong) a mention matched to an
  other entity, and an unmatched nationality or group adjective (label NORP; GUM does not
  annotate adjectives). A mention matched to an other entity is not a true positive either.
  Recall over gold mentions. F1 from the two.
- A row's referent: the gold identity most of its matched mentions carry (ties by name); a row
  with no matched mention has none.
- Kept whole: of the gold identities with two or more matched mentions, the share whose matched
  mentions all sit in one row. Wrong merge: a row that joins two written forms (normalised as
  the package normalises names: "Mr. Goode's" is "Goode") whose mentions refer, by majority, to
  two different identities ("Washington" the city joined to "George Washington"). One mention
  the model got wrong inside a form is a mention error, not a merge.
- Ranking: the system's rows in its order (frequency: the table's order, most mentions first;
  salience: by the `salience` column), leaving out rows the annotation cannot judge: rows whose
  matched mentions all fall on other entities (a person with no Wikipedia identity tops a
  story: the gold set cannot say whether that is right). A row matching nothing stays, as
  wrong. The package ranks named referents only (NORP rows are its
  adjective group, shown apart); the naive count ranks every span it counted.
- Top-1 right: the first row's referent is one of the document's most frequent gold identities
  (gold frequency = its gold mentions).
- Top-5 counts: for each of the first five rows, exact when its count equals its referent's gold
  frequency, within ±1 when it differs by one or less; a row without a referent is wrong.
- Salience ranking: NDCG@5 with gain = the referent's number of summaries (0-5), each referent
  credited once (at its first row); documents whose referents all have 0 summaries are left out.
  "frequency (gold counts)" ranks the gold identities by their true frequency: the best any
  frequency ranking could do.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from analysis.entities import NAMED_LABELS, Overrides, normalise_name
from analysis.extraction import NOT_COUNTED, extract
from analysis.nlp import load_pipeline
from analysis.parsing import parse_text
from analysis.salience import SIGNALS, features
from analysis.sources.read import read_document

GOLD_TYPES = {"person", "organization", "place"}
ENTITY_BRACKET = re.compile(r"\((?P<open>[^()]*)(?P<shut>\)?)|(?P<close>\d+)\)")


@dataclass
class Gold:
    """One document's gold: mentions (start, end, identity), summaries per identity, other spans."""

    name: str
    genre: str
    text: str
    skip_before: int
    mentions: list[tuple[int, int, str]]
    summaries: dict[str, int]
    other_spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def frequency(self) -> Counter:
        return Counter(identity for _, _, identity in self.mentions)


@dataclass
class System:
    """What one system says of a document: mentions (start, end, row) and rows in ranking order."""

    mentions: list[tuple[int, int, str, str, str]]  # start, end, row name, label, written form
    ranking: list[str]
    counts: dict[str, int]
    salience: list[str] | None = None
    rows: list[dict] = field(default_factory=list)


def split_of(names_by_genre: dict[str, list[str]]) -> dict[str, str]:
    """Each document's split: within a genre, in name order, index % 3 == 1 is held out."""
    return {name: "held-out" if i % 3 == 1 else "dev"
            for names in names_by_genre.values() for i, name in enumerate(sorted(names))}


def conllu_entities(path: Path, text: str, start_at: int) -> list[tuple[int, int, str, str, bool]]:
    """Every annotated entity of a CoNLL-U file as (start, end, etype, identity, has proper noun),
    its tokens found in order in the text."""
    spans, open_at = [], {}
    cursor = start_at
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) != 10 or not cols[0].isdigit():
            continue
        at = text.find(cols[1], cursor)
        start, end = (at, at + len(cols[1])) if at >= 0 else (cursor, cursor)
        cursor = max(cursor, end)
        misc = dict(part.split("=", 1) for part in cols[9].split("|") if "=" in part)
        closers = []
        for bracket in ENTITY_BRACKET.finditer(misc.get("Entity", "")):
            if bracket["open"] is not None:
                fields = bracket["open"].split("-")
                open_at[fields[0]] = [start, fields[1], fields[7] if len(fields) > 7 else "", False]
                if bracket["shut"]:
                    closers.append(fields[0])
            else:
                closers.append(bracket["close"])
        for state in open_at.values():
            state[3] = state[3] or cols[3] == "PROPN"
        for ident in closers:
            if ident in open_at:
                s, etype, identity, proper = open_at.pop(ident)
                spans.append((s, end, etype, identity, proper))
    return spans


def read_gold(root: Path, name: str) -> Gold:
    """One document's gold file, its text, and the annotated entities the gold set leaves out."""
    data = json.loads((root / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    text = (root / "text" / f"{name}.txt").read_text(encoding="utf-8")
    gold = Gold(name, data["genre"], text, data["unannotated_headline_chars"],
                [(m["start"], m["end"], m["identity"]) for m in data["mentions"]],
                {k: v["summaries"] for k, v in data["salience"].items()})
    gold.other_spans = [(s, e) for s, e, etype, identity, proper
                        in conllu_entities(root / "conllu" / f"{name}.conllu", text, gold.skip_before)
                        if proper and (etype not in GOLD_TYPES or not identity)]
    return gold


def package_system(path: Path, nlp) -> tuple[System, str]:
    """The package's mentions and rankings for one document, and the text it read."""
    document = read_document(path)
    parsed = parse_text(document.text, nlp, document.blocks)
    rows = extract(parsed, Overrides(), nlp, full_readability=False)
    mentions = [(m["start_char"], m["end_char"], m["entity"], m["label"], normalise_name(m["text"]))
                for m in rows["mentions"]
                if m["section"] not in NOT_COUNTED]
    referents = [e for e in rows["entities"] if e["label"] != "NORP"]
    ranking = [e["entity"] for e in referents]
    by_salience = None
    if referents and "salience" in referents[0]:
        by_salience = [e["entity"] for e in sorted(referents, key=lambda e: -e["salience"])]
    return System(mentions, ranking, {e["entity"]: e["mentions"] for e in rows["entities"]},
                  by_salience, referents if by_salience else []), document.text


def naive_system(text: str, nlp) -> System:
    """`Counter(ent.text for ent in doc.ents)` on the whole text, named labels only."""
    ents = [e for e in nlp(text).ents if e.label_ in NAMED_LABELS]
    counts = Counter(e.text for e in ents)
    ranking = [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return System([(e.start_char, e.end_char, e.text, e.label_, e.text) for e in ents], ranking, counts)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(system: list[tuple], gold: list[tuple]) -> dict[int, int]:
    """System mention index -> gold mention index, one to one, highest Jaccard first."""
    pairs = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            shared = overlap(s, g)
            if shared:
                union = max(s[1], g[1]) - min(s[0], g[0])
                pairs.append((-shared / union, s[0], g[0], i, j))
    taken_s, taken_g, found = set(), set(), {}
    for *_, i, j in sorted(pairs):
        if i not in taken_s and j not in taken_g:
            found[i] = j
            taken_s.add(i)
            taken_g.add(j)
    return found


def ndcg_at_5(ranking: list[str], referent: dict[str, str | None], gains: dict[str, int]) -> float:
    """NDCG@5 of a row ranking against the summaries count of each row's referent."""
    credited, dcg = set(), 0.0
    for rank, row in enumerate(ranking[:5]):
        identity = referent.get(row)
        if identity and identity not in credited:
            credited.add(identity)
            dcg += gains.get(identity, 0) / math.log2(rank + 2)
    ideal = sorted(gains.values(), reverse=True)[:5]
    best = sum(g / math.log2(rank + 2) for rank, g in enumerate(ideal))
    return dcg / best


@dataclass
class Tally:
    """Counts summed over documents for one system."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    whole: int = 0
    repeated: int = 0
    merges: int = 0
    top1: int = 0
    docs: int = 0
    top5: int = 0
    exact: int = 0
    near: int = 0
    ndcg: list[float] = field(default_factory=list)
    ndcg_salience: list[float] = field(default_factory=list)
    ndcg_gold: list[float] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    fit_rows: list[tuple[dict, float]] = field(default_factory=list)


def in_scope(system: System, gold: Gold) -> list[tuple]:
    """The system's mentions outside an unannotated title line."""
    return [m for m in system.mentions if m[0] >= gold.skip_before]


def score(system: System, gold: Gold, tally: Tally) -> None:
    """Add one document's figures to the tally."""
    mentions = in_scope(system, gold)
    targets = gold.mentions + [(s, e, None) for s, e in gold.other_spans]
    found = match(mentions, targets)
    tally.gold += len(gold.mentions)
    for i, m in enumerate(mentions):
        if i in found and targets[found[i]][2] is None:
            continue  # an annotated entity outside the gold set: out of scope
        if i in found or m[3] != "NORP":
            tally.predicted += 1
    other_rows = {mentions[i][2] for i, j in found.items() if targets[j][2] is None}
    found = {i: j for i, j in found.items() if targets[j][2] is not None}
    tally.tp += len(found)
    identities_of_form: dict[tuple[str, str], Counter] = defaultdict(Counter)
    identities_of_row: dict[str, Counter] = defaultdict(Counter)
    rows_of_identity: dict[str, set] = defaultdict(set)
    matched_count: Counter = Counter()
    for i, j in found.items():
        identity = gold.mentions[j][2]
        identities_of_row[mentions[i][2]][identity] += 1
        identities_of_form[mentions[i][2], mentions[i][4]][identity] += 1
        rows_of_identity[identity].add(mentions[i][2])
        matched_count[identity] += 1
    for identity, n in matched_count.items():
        if n >= 2:
            tally.repeated += 1
            tally.whole += len(rows_of_identity[identity]) == 1
            if len(rows_of_identity[identity]) > 1:
                rows = sorted(rows_of_identity[identity])
                tally.examples.append(f"{gold.name}: split {identity} over {rows}")
    form_referents: dict[str, dict[str, str]] = defaultdict(dict)
    for (row, form), ids in identities_of_form.items():
        form_referents[row][form] = sorted(ids.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    for row, forms in form_referents.items():
        if len(set(forms.values())) > 1:
            tally.merges += 1
            tally.examples.append(f"{gold.name}: merged {row!r} <- {forms}")
    referent = {row: sorted(ids.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                for row, ids in identities_of_row.items()}
    if system.rows:
        most = {name: max(row[name] for row in system.rows) for name in SIGNALS}
        for row in system.rows:
            target = gold.summaries.get(referent.get(row["entity"]), 0) / 5
            tally.fit_rows.append((features(row, most), target))
    frequency = gold.frequency
    tally.docs += 1
    most = max(frequency.values())
    judged = [row for row in system.ranking if row in referent or row not in other_rows]
    salience = [row for row in system.salience or [] if row in referent or row not in other_rows]
    system = System(system.mentions, judged, system.counts, salience if system.salience else None)
    first = referent.get(system.ranking[0]) if system.ranking else None
    tally.top1 += frequency.get(first, 0) == most
    if frequency.get(first, 0) != most:
        tally.examples.append(f"{gold.name}: top-1 {system.ranking[:1]} ({first}) but gold "
                              f"{[k for k, v in frequency.items() if v == most]}")
    for row in system.ranking[:5]:
        tally.top5 += 1
        true = frequency.get(referent.get(row), None)
        if true is not None:
            tally.exact += system.counts[row] == true
            tally.near += abs(system.counts[row] - true) <= 1
        if true != system.counts[row]:
            tally.examples.append(f"{gold.name}: top-5 {row!r} counted {system.counts[row]}, gold "
                                  f"{referent.get(row)} {true}")
    if any(gold.summaries.values()):
        tally.ndcg.append(ndcg_at_5(system.ranking, referent, gold.summaries))
        if system.salience is not None:
            tally.ndcg_salience.append(ndcg_at_5(system.salience, referent, gold.summaries))
        by_frequency = [k for k, _ in sorted(frequency.items(), key=lambda kv: (-kv[1], kv[0]))]
        tally.ndcg_gold.append(ndcg_at_5(by_frequency, {k: k for k in by_frequency}, gold.summaries))


def figures(t: Tally) -> dict[str, float]:
    """The reported figures of one tally."""
    p = t.tp / t.predicted if t.predicted else 0.0
    r = t.tp / t.gold if t.gold else 0.0
    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")  # noqa: E731
    return {
        "top-1 right": t.top1 / t.docs, "top-5 exact": t.exact / t.top5, "top-5 within 1": t.near / t.top5,
        "kept whole": t.whole / t.repeated, "wrong merges / 10 docs": 10 * t.merges / t.docs,
        "mention P": p, "mention R": r, "mention F1": 2 * p * r / (p + r) if p + r else 0.0,
        "NDCG@5 frequency": mean(t.ndcg), "NDCG@5 salience": mean(t.ndcg_salience),
        "NDCG@5 frequency (gold counts)": mean(t.ndcg_gold),
    }


def fit_salience(rows: list[tuple[dict, float]]) -> tuple[float, dict[str, float]]:
    """Least-squares weights of the salience signals against summaries / 5 (the intercept first)."""
    import numpy as np

    x = np.array([[1.0, *(f[name] for name in SIGNALS)] for f, _ in rows])
    y = np.array([target for _, target in rows])
    coefficients = np.linalg.lstsq(x, y, rcond=None)[0]
    weights = {n: round(float(c), 3) for n, c in zip(SIGNALS, coefficients[1:])}
    return round(float(coefficients[0]), 3), weights


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--split", choices=("dev", "held-out", "all"), default="dev")
    parser.add_argument("--errors", type=int, default=0, help="print N error examples (package)")
    parser.add_argument("--fit-salience", action="store_true",
                        help="print the salience weights fitted on the chosen split (use dev)")
    args = parser.parse_args(argv)
    names_by_genre: dict[str, list[str]] = defaultdict(list)
    for path in sorted((args.path / "gold").glob("*.json")):
        names_by_genre[json.loads(path.read_text(encoding="utf-8"))["genre"]].append(path.stem)
    splits = split_of(names_by_genre)
    chosen = sorted(n for n, s in splits.items() if args.split in ("all", s))
    nlp = load_pipeline()
    package, naive = Tally(), Tally()
    for name in chosen:
        gold = read_gold(args.path, name)
        system, text = package_system(args.path / "text" / f"{name}.txt", nlp)
        if text != gold.text:
            print(f"{name}: the text as read differs from the file; offsets may not agree", file=sys.stderr)
        score(system, gold, package)
        score(naive_system(gold.text, nlp), gold, naive)
    print(f"{args.split}: {len(chosen)} documents, {package.gold} gold mentions")
    print(f"{'figure':34} {'package':>8} {'naive':>8}")
    ours, theirs = figures(package), figures(naive)
    for key in ours:
        print(f"{key:34} {ours[key]:8.3f} {theirs[key]:8.3f}")
    for line in package.examples[:args.errors]:
        print(line)
    if args.fit_salience:
        intercept, weights = fit_salience(package.fit_rows)
        print(f"fitted on {len(package.fit_rows)} rows: INTERCEPT = {intercept}\nWEIGHTS = {weights}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
