"""The voices study: who is quoted, how much, and what share of the body each voice fills."""

from __future__ import annotations

import pandas as pd

from .structure import structure_counts

UNATTRIBUTED = "(unattributed)"


def direct_quotes(article) -> pd.DataFrame:
    """Direct quotations only (no scare quotes, no indirect speech)."""
    return article.quotes[article.quotes["kind"] == "direct"]


def speaker_summary(article) -> pd.DataFrame:
    """Per speaker: direct quotations, quoted words, indirect statements, first paragraph."""
    quotes = article.quotes[article.quotes["kind"].isin(["direct", "indirect"])].copy()
    quotes["speaker"] = quotes["speaker"].fillna(UNATTRIBUTED)
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
    unknown) as the article itself signals it (see `speaker_gender`); every gender is listed,
    zero when absent, with each one's share of the quoted words."""
    direct = direct_quotes(article)
    frame = direct.assign(gender=direct["speaker_gender"].fillna("unknown"))
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
