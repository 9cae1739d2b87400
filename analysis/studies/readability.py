"""The readability study: the formulas' names, the ingredients behind a scope's scores, and how
much of a text the CMU syllable dictionary covers."""

from __future__ import annotations

import pandas as pd

from ..readability import cmu_dictionary
from ..sentiment import normalise_for_vader
from .sentiment import WORD

GRADE_METRICS = ["flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
                 "automated_readability_index", "linsear_write_formula", "consensus_grade"]
METRIC_NAMES = {
    "flesch_reading_ease": "Flesch Reading Ease", "flesch_kincaid_grade": "Flesch–Kincaid grade",
    "gunning_fog": "Gunning Fog", "smog_index": "SMOG", "coleman_liau_index": "Coleman–Liau",
    "automated_readability_index": "ARI", "dale_chall_readability_score": "Dale–Chall",
    "linsear_write_formula": "Linsear Write", "consensus_grade": "Consensus grade",
}


COUNT_LABELS = {"sentences": "sentences", "words": "words", "syllables": "syllables",
                "polysyllables": "polysyllables (3+ syllables)",
                "difficult_words": "difficult words (Dale–Chall list)"}
SCORE_COLUMNS = ["flesch_reading_ease", "dale_chall_readability_score", *GRADE_METRICS]


def measure_cell(value, digits: int) -> str:
    """A table cell: thousands for counts, fixed decimals for scores, a dash where there is none."""
    if value is None or pd.isna(value):
        return "—"
    return f"{int(value):,}" if digits == 0 else f"{value:.{digits}f}"


def measures_side_by_side(scopes: pd.DataFrame) -> pd.DataFrame:
    """Every count and score of each scope (the rows of `scopes`, indexed by scope) as a column of
    display strings, one row per measure: the counts first, then the formulas."""
    def row(label: str, column: str, digits: int) -> dict:
        return {"measure": label, **{s: measure_cell(scopes.loc[s, column], digits) for s in scopes.index}}

    return pd.DataFrame([row(label, column, 0) for column, label in COUNT_LABELS.items()]
                        + [row(METRIC_NAMES[column], column, 1) for column in SCORE_COLUMNS])


def ingredients(row: pd.Series) -> dict:
    """Words per sentence, syllables per word and hard-word shares of one readability row
    (textstat's own counts, so these are what the formulas were fed)."""
    words = max(1, int(row["words"]))
    return {"words per sentence": row["words"] / max(1, int(row["sentences"])),
            "syllables per word": row["syllables"] / words,
            "polysyllable share": row["polysyllables"] / words,
            "difficult-word share": row["difficult_words"] / words}


def cmu_coverage(text: str) -> dict:
    """How many of the text's words the CMU dictionary knows (the rest get pyphen's estimate).

    Returns {"words", "in_dictionary", "share", "missing"} where `missing` lists the distinct
    unknown words, sorted, lower-cased; `share` is None for a text without words.
    """
    words = [w.lower() for w in WORD.findall(normalise_for_vader(text))]
    known = cmu_dictionary()
    missing = sorted({w for w in words if w not in known})
    found = sum(1 for w in words if w in known)
    return {"words": len(words), "in_dictionary": found,
            "share": found / len(words) if words else None, "missing": missing}
