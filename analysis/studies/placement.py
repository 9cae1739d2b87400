"""The corpus-placement study (07-Corpus): where one article sits among many stories.

The comparison stories are the shipped reference (the BBC corpus's features, see
`analysis.reference`) or a folder of the user's own, run through corpus mode and cached under
`reports/corpus/`. For each feature the article gets a percentile rank (the share of stories with
a lower value, ties counted half) and a sentence saying how it compares.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import corpus, paths, reference
from ..article import source_digest
from ..errors import ArticleError

MISSING = "—"  # how a missing value reads in tables and sentences


@dataclass(frozen=True)
class Feature:
    """One compared feature: its column, how readers see it, and the words for higher and lower."""

    column: str
    label: str
    unit: str
    family: str
    number_format: str
    higher: str
    lower: str


FEATURES = (
    Feature("body_words", "Length", "words in the body", "length", "{:,.0f}", "is longer", "is shorter"),
    Feature("flesch_reading_ease", "Flesch reading ease", "score, higher = easier", "readability",
            "{:.1f}", "is easier to read", "is harder to read"),
    Feature("flesch_kincaid_grade", "Flesch–Kincaid grade", "US school grade", "readability", "{:.1f}",
            "reads at a higher grade", "reads at a lower grade"),
    Feature("vader_compound_mean", "Mean sentence sentiment", "VADER compound, −1 to +1", "tone",
            "{:+.2f}", "is more positive", "is more negative"),
    Feature("share_negative", "Negative sentences", "share of body sentences, VADER ≤ −0.05", "tone",
            "{:.0%}", "has more negative sentences", "has fewer negative sentences"),
    Feature("quoted_share", "Quoted share", "share of body words in quotation marks", "quotation",
            "{:.0%}", "has more of its words in quotation marks",
            "has fewer of its words in quotation marks"),
    Feature("quotations", "Quotations", "direct and indirect quotations", "quotation", "{:.0f}",
            "has more quotations", "has fewer quotations"),
    Feature("entities", "Named entities", "distinct entities", "entities", "{:.0f}",
            "names more entities", "names fewer entities"),
    Feature("entities_per_100", "Entity density", "distinct entities per 100 body words", "entities",
            "{:.1f}", "is denser in names", "is sparser in names"),
)
BY_COLUMN = {f.column: f for f in FEATURES}


def with_derived(frame: pd.DataFrame) -> pd.DataFrame:
    """Feature rows with the two derived columns: quotations (direct + indirect) and entities per
    100 body words (missing for a story without body words)."""
    frame = frame.copy()
    frame["quotations"] = frame["direct_quotes"] + frame["indirect_quotes"]
    words = frame["body_words"].where(frame["body_words"] > 0)
    frame["entities_per_100"] = 100 * frame["entities"] / words
    return frame


def fmt(column: str, value) -> str:
    """A feature's value as readers see it ("1,204", "42%", "+0.12", "−0.05"); a dash when missing."""
    if pd.isna(value):
        return MISSING
    return BY_COLUMN[column].number_format.format(value).replace("-", "−")


def percentile_rank(values, value) -> float:
    """Share of `values` below `value`, ties counted half, in percent; NaN when either is missing."""
    present = [v for v in values if not pd.isna(v)]
    if pd.isna(value) or not present:
        return float("nan")
    below = sum(1 for v in present if v < value)
    equal = sum(1 for v in present if v == value)
    return 100.0 * (below + 0.5 * equal) / len(present)


def compared(column: str, value, values, noun: str = "stories") -> str:
    """The article against the stories in words: "is longer than 52 of the 60 stories"."""
    present = pd.Series(values, dtype=float).dropna()
    below, above = int((present < value).sum()), int((present > value).sum())
    one = noun.removesuffix("ies") + "y" if noun.endswith("ies") else noun.removesuffix("s")
    if below == above == 0:
        return f"has the same value as the {one}" if len(present) == 1 else \
            f"has the same value as all {len(present)} {noun}"
    feature = BY_COLUMN[column]
    predicate, count = (feature.higher, below) if below >= above else (feature.lower, above)
    if len(present) == 1:
        return f"{predicate} than the one {one}"
    amount = f"all {len(present)}" if count == len(present) else f"{count} of the {len(present)}"
    return f"{predicate} than {amount} {noun}"


def placement_table(article: Mapping, stories: pd.DataFrame) -> pd.DataFrame:
    """One row per feature: the article's value, the stories' median and quartiles, the rank."""
    rows = []
    for f in FEATURES:
        values = stories[f.column]
        rows.append({
            "feature": f.label, "column": f.column, "unit": f.unit, "family": f.family,
            "article": article[f.column], "median": values.median(),
            "q1": values.quantile(0.25), "q3": values.quantile(0.75),
            "percentile": percentile_rank(values.tolist(), article[f.column]),
        })
    return pd.DataFrame(rows)


def reader_table(placed: pd.DataFrame, n_stories: int) -> pd.DataFrame:
    """The placement table for readers: formatted values under plain headers, no column ids."""
    rank = [MISSING if pd.isna(p) else f"{p:.0f}" for p in placed["percentile"]]
    columns = placed["column"]
    return pd.DataFrame({
        "Feature": placed["feature"],
        "Measured as": placed["unit"],
        "This article": [fmt(c, v) for c, v in zip(columns, placed["article"])],
        f"Median of the {n_stories:,} stories": [fmt(c, v) for c, v in zip(columns, placed["median"])],
        "Middle half of the stories": [f"{fmt(c, a)} to {fmt(c, b)}"
                                       for c, a, b in zip(placed["column"], placed["q1"], placed["q3"])],
        "Percentile rank (0–100)": rank,
    })


def extremes(placed: pd.DataFrame, cut: float = 10) -> pd.DataFrame:
    """Features ranked in the top or bottom `cut` percent, the most extreme one of each family."""
    far = placed.assign(distance=(placed["percentile"] - 50).abs()).sort_values(
        ["distance", "feature"], ascending=[False, True])
    far = far[(far["percentile"] >= 100 - cut) | (far["percentile"] <= cut)]
    return far.drop_duplicates("family")


def joined(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def lower_first(label: str) -> str:
    """A feature label inside a sentence: lower case, except names ("Flesch reading ease")."""
    return label if label.startswith("Flesch") else label[0].lower() + label[1:]


def percentile_headline(placed: pd.DataFrame, stories: pd.DataFrame, noun: str) -> str:
    """The percentile chart's finding: the (at most two) features that set the article apart."""
    far = extremes(placed)
    if far.empty:
        return (f"Nothing sets the article apart from the {len(stories):,} {noun}: "
                "every feature ranks between 10 and 90")
    said = [compared(c, placed.set_index("column").loc[c, "article"], stories[c], noun)
            for c in far["column"].head(2)]
    return "The article " + " and ".join(said)


def panels_headline(placed: pd.DataFrame, columns: list[str], n_stories: int) -> str:
    """The distributions chart's finding: which of its features set the article apart."""
    shown = placed[placed["column"].isin(columns)]
    apart = shown[(shown["percentile"] >= 90) | (shown["percentile"] <= 10)]
    usual = shown.drop(apart.index)
    if apart.empty:
        return f"On all {len(shown)} the article is within the range of the {n_stories:,} stories"
    names = [lower_first(label) for label in apart["feature"]]
    line = f"{names[0][0].upper()}{joined(names)[1:]} set{'s' if len(apart) == 1 else ''} the article apart"
    if len(usual):
        verb = "is" if len(usual) == 1 else "are"
        within = joined([lower_first(label) for label in usual["feature"]])
        line += f"; {within} {verb} within the usual range"
    return line


def top_speakers(stories: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """Named speakers by the number of stories that have them among their three most quoted."""
    names = stories["top_speakers"].dropna().str.split("; ").explode()
    names = names[names.str.len() > 0]
    counts = names.value_counts().rename_axis("speaker").reset_index(name="stories")
    return counts.sort_values(["stories", "speaker"], ascending=[False, True], ignore_index=True).head(top)


def folder_counts(stories: pd.DataFrame) -> dict[str, int]:
    """Stories per top-level folder of their ids ("business/001" -> business), by folder name."""
    folders = stories["article"].str.split("/").str[0].where(stories["article"].str.contains("/"), "")
    return {name: int(n) for name, n in folders.value_counts().sort_index().items()}


def folder_split(stories: pd.DataFrame) -> str:
    """'510 from business/ and 401 from tech/'; empty when the stories sit in one flat folder."""
    counts = folder_counts(stories)
    if set(counts) <= {""}:
        return ""
    return joined([f"{n:,} from {name}/" if name else f"{n:,} at its top level"
                   for name, n in counts.items()])


def even_sample(items: list[corpus.Item], size: int | None) -> list[corpus.Item]:
    """A deterministic sample: the first articles (by id) of each top-level folder, as even as
    possible (`business/001..030` and `tech/001..030` for 60 of the BBC stories); None = all."""
    if size is None or size >= len(items):
        return list(items)
    groups: dict[str, list[corpus.Item]] = {}
    for item in items:
        groups.setdefault(item.article.split("/")[0] if "/" in item.article else "", []).append(item)
    chosen: list[corpus.Item] = []
    taken = {name: 0 for name in groups}
    while len(chosen) < size:
        for name, members in groups.items():
            if len(chosen) < size and taken[name] < len(members):
                chosen.append(members[taken[name]])
                taken[name] += 1
    return sorted(chosen, key=lambda item: item.article)


# --- the stories to compare with ----------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    """The stories an article is placed among, and what readers are told about them: a short
    name, the reference's metadata (None for a folder of the user's), how many stories were
    found and how many of those could not be read."""

    stories: pd.DataFrame
    name: str
    meta: dict | None
    found: int
    unreadable: int


def shipped_comparison() -> Comparison:
    """The shipped reference: every BBC story's features, read from the package, offline."""
    ref = reference.load_reference()
    unreadable = ref.meta["unreadable_files"]
    return Comparison(with_derived(ref.stories), ref.meta["name"], ref.meta, ref.meta["rows"] + unreadable,
                      unreadable)


def cache_folder(corpus_dir: str | os.PathLike, size: int, cache_root: Path) -> Path:
    """Where a corpus run is cached: named for the folder, its location, the sample size and the
    package's code, so a code change or another folder of the same name never reuses it."""
    where = hashlib.sha256(os.path.abspath(corpus_dir).encode("utf-8")).hexdigest()[:8]
    return cache_root / f"{paths.article_id(Path(corpus_dir).resolve())}-{where}-{size}-{source_digest()}"


def drop_stale(cache: Path) -> list[Path]:
    """Delete the corpus outputs of the same folder and sample made by older code; return them.

    Only siblings whose name differs in the code digest alone and that hold a corpus manifest
    are removed: nothing else under the cache folder is touched.
    """
    prefix = cache.name.rsplit("-", 1)[0] + "-"
    stale = [p for p in sorted(cache.parent.glob(f"{prefix}*"))
             if p != cache and p.is_dir() and (p / corpus.MANIFEST).is_file()]
    for folder in stale:
        shutil.rmtree(folder)
    return stale


def stories_line(comparison: Comparison) -> str:
    """How many stories of a folder were used, for readers: "3 of its 9 stories, of which 2 could be
    read (2 from a/); 1 could not and is left out"."""
    split = folder_split(comparison.stories)
    used = len(comparison.stories) + comparison.unreadable
    if comparison.found == 1:
        line = "its one story"
    elif used == comparison.found:
        line = f"all {used:,} of its stories"
    else:
        line = f"{used:,} of its {comparison.found:,} stories"
    if comparison.unreadable:
        line += f", of which {len(comparison.stories):,} could be read"
    line += f" ({split})" if split else ""
    if comparison.unreadable:
        line += (f"; {comparison.unreadable:,} could not and "
                 f"{'is' if comparison.unreadable == 1 else 'are'} left out")
    return line


def corpus_comparison(corpus_dir: str | os.PathLike, sample: int | None = None,
                      cache_root: Path | None = None) -> Comparison:
    """A folder (or a table) of the user's stories through corpus mode (cached under
    reports/corpus/)."""
    items = corpus.discover(corpus_dir)
    chosen = even_sample(items, sample)
    cache = cache_folder(corpus_dir, len(chosen), cache_root or paths.REPORTS_DIR / "corpus")
    drop_stale(cache)
    corpus.run_corpus(corpus_dir, cache, items=chosen, progress=False)
    tables = corpus.read_corpus(cache)
    where = Path(corpus_dir).resolve()
    name = f"the {'folder' if where.is_dir() else 'table'} {where.name}"
    if tables["articles"].empty:
        raise ArticleError(f"no story in {name} could be read (see {len(tables['errors'])} "
                           "errors in corpus mode's errors table)")
    stories = with_derived(reference.reference_frame(tables["articles"]))
    return Comparison(stories, name, None, len(items), len(tables["errors"]))


def article_features(row: Mapping) -> pd.Series:
    """One article's summary row (`Analysis.summary`, the same extraction as a corpus `articles`
    row) shaped and rounded as the stories are."""
    frame = corpus.pa_table("articles", [dict(row)]).to_pandas()
    return with_derived(reference.reference_frame(frame)).iloc[0]
