"""Views across the tidy tables that several notebooks use: structure counts, voices, speakers,
co-occurrence, engine agreement. Each takes an `Analysis` (or its tables) and returns plain data."""

from __future__ import annotations

import itertools

import pandas as pd

GRADE_METRICS = ["flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
                 "automated_readability_index", "linsear_write_formula", "consensus_grade"]
METRIC_NAMES = {
    "flesch_reading_ease": "Flesch Reading Ease", "flesch_kincaid_grade": "Flesch–Kincaid grade",
    "gunning_fog": "Gunning Fog", "smog_index": "SMOG", "coleman_liau_index": "Coleman–Liau",
    "automated_readability_index": "ARI", "dale_chall_readability_score": "Dale–Chall",
    "linsear_write_formula": "Linsear Write", "consensus_grade": "Consensus grade",
}


def body(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of a paragraph or sentence table that belong to the article body."""
    return frame[frame["section"] == "body"]


def structure_counts(article) -> dict:
    """Body paragraphs, sentences, words, and quoted against narrated words."""
    paras = body(article.paragraphs)
    words = int(paras["n_words"].sum())
    quoted = int(paras["quoted_words"].sum())
    return {
        "paragraphs": len(paras), "sentences": len(body(article.sentences)), "words": words,
        "quoted_words": quoted, "narrated_words": words - quoted,
        "quoted_share": quoted / words if words else 0.0,
    }


def direct_quotes(article) -> pd.DataFrame:
    """Direct quotations only (no scare quotes, no indirect speech)."""
    return article.quotes[article.quotes["kind"] == "direct"]


def speaker_summary(article) -> pd.DataFrame:
    """Per speaker: direct quotations, quoted words, indirect statements, first paragraph."""
    quotes = article.quotes[article.quotes["kind"].isin(["direct", "indirect"])].copy()
    quotes["speaker"] = quotes["speaker"].fillna("(unattributed)")
    columns = ["speaker", "direct_quotes", "quoted_words", "indirect", "first_paragraph"]
    if quotes.empty:
        return pd.DataFrame(columns=columns)
    direct = quotes["kind"] == "direct"
    grouped = quotes.assign(
        direct_quotes=direct.astype(int), quoted_words=quotes["n_words"].where(direct, 0),
        indirect=(~direct).astype(int),
    ).groupby("speaker")
    table = grouped.agg(direct_quotes=("direct_quotes", "sum"), quoted_words=("quoted_words", "sum"),
                        indirect=("indirect", "sum"), first_paragraph=("paragraph", "min"))
    return table.reset_index().sort_values(
        ["quoted_words", "indirect", "speaker"], ascending=[False, False, True], ignore_index=True
    )[columns]


GENDERS = ["woman", "man", "unknown"]


def voices_by_gender(article) -> pd.DataFrame:
    """Direct quotations, quoted words and distinct speakers by speaker gender (woman, man,
    unknown), as the article itself signals it (see `speaker_gender`); every gender is listed,
    zero when absent, with each one's share of the quoted words."""
    direct = direct_quotes(article)
    if "speaker_gender" in direct.columns:
        gender = direct["speaker_gender"].fillna("unknown")
    else:  # a cached parse from before the column existed
        gender = pd.Series("unknown", index=direct.index)
    frame = direct.assign(gender=gender)
    grouped = frame.groupby("gender")
    table = pd.DataFrame({
        "direct_quotes": grouped.size(),
        "quoted_words": grouped["n_words"].sum(),
        "speakers": grouped["speaker"].nunique(),
    }).reindex(GENDERS, fill_value=0).astype(int)
    total = table["quoted_words"].sum()
    table["word_share"] = table["quoted_words"] / total if total else 0.0
    return table.rename_axis("gender").reset_index()


def voice_shares(article) -> pd.DataFrame:
    """Body words by voice: narration, then each quoted speaker (words inside their quotations)."""
    counts = structure_counts(article)
    speakers = speaker_summary(article)
    speakers = speakers[speakers["quoted_words"] > 0]
    rows = [{"voice": "narration", "words": counts["narrated_words"]}]
    rows += [{"voice": r.speaker, "words": int(r.quoted_words)} for r in speakers.itertuples()]
    table = pd.DataFrame(rows)
    table["share"] = table["words"] / max(1, table["words"].sum())
    return table


def cooccurrence(article, top: int = 10) -> pd.DataFrame:
    """Sentences in which each pair of the `top` most-mentioned entities appear together."""
    names = article.entities["entity"].head(top).tolist()
    mentions = article.mentions[article.mentions["entity"].isin(names)]
    matrix = pd.DataFrame(0, index=names, columns=names, dtype=int)
    for _, group in mentions.groupby("sentence"):
        present = sorted(set(group["entity"]))
        for a, b in itertools.combinations(present, 2):
            matrix.loc[a, b] += 1
            matrix.loc[b, a] += 1
    return matrix


def engine_agreement(sentences: pd.DataFrame) -> dict:
    """How far VADER and TextBlob agree: Pearson and Spearman correlation, sign agreement."""
    vader, blob = sentences["vader_compound"], sentences["textblob_polarity"]
    if len(sentences) < 3 or vader.std() == 0 or blob.std() == 0:
        return {"pearson": float("nan"), "spearman": float("nan"), "same_sign": float("nan"),
                "n": len(sentences)}
    sign = lambda s: s.where(s.abs() >= 0.05, 0).apply(lambda v: (v > 0) - (v < 0))  # noqa: E731
    return {
        "pearson": float(vader.corr(blob)),
        "spearman": float(vader.rank().corr(blob.rank())),
        "same_sign": float((sign(vader) == sign(blob)).mean()),
        "n": len(sentences),
    }


def disagreements(sentences: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Sentences where the engines differ most (compound and polarity are both on -1..1)."""
    gap = (sentences["vader_compound"] - sentences["textblob_polarity"]).abs()
    return sentences.assign(gap=gap).sort_values(["gap", "sentence"], ascending=[False, True]).head(n)


def rolling_mean(values: pd.Series, window: int) -> pd.Series:
    """Centred rolling mean that still gives a value at the ends of the article."""
    return values.rolling(window, center=True, min_periods=1).mean()
