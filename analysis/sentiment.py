"""Sentence-level sentiment with two independent lexicon engines.

VADER reads only ASCII punctuation, so curly quotes and apostrophes are straightened first
("isn’t good" would otherwise score positive). Scores are per sentence: VADER's compound
saturates towards ±1 on long texts, so no whole-article compound is reported.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a DataFrame is built: corpus workers never load it
    import pandas as pd

from .text import straighten

VADER_THRESHOLD = 0.05


def normalise_for_vader(text: str) -> str:
    """Straight quotes and apostrophes, no BOM: what VADER's lexicon and negation rules expect."""
    return straighten(text).replace("\ufeff", "")


@lru_cache(maxsize=1)
def vader():
    """The VADER analyser, built once per process (it reads its lexicon from the package)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_scores(text: str) -> dict:
    """VADER compound, pos, neu and neg for one sentence."""
    scores = vader().polarity_scores(normalise_for_vader(text))
    return {f"vader_{k}": scores[k] for k in ("compound", "pos", "neu", "neg")}


@lru_cache(maxsize=1)
def pattern_analyser():
    """TextBlob's pattern analyser, called directly: the numbers of `TextBlob(text).sentiment`
    without building a blob per sentence (half the cost)."""
    from textblob.en import sentiment as analyser

    return analyser


def textblob_scores(text: str) -> dict:
    """TextBlob (pattern lexicon) polarity and subjectivity for one sentence."""
    polarity, subjectivity = pattern_analyser()(normalise_for_vader(text))
    return {"textblob_polarity": polarity, "textblob_subjectivity": subjectivity}


def sentence_scores(text: str) -> dict:
    """Both engines' scores for one sentence."""
    return vader_scores(text) | textblob_scores(text)


SCORE_COLUMNS = ["vader_compound", "vader_pos", "vader_neu", "vader_neg", "textblob_polarity",
                 "textblob_subjectivity"]


def sentence_sentiment(texts: list[str]) -> pd.DataFrame:
    """Both engines' scores for each sentence, one row per input text."""
    import pandas as pd

    return pd.DataFrame([sentence_scores(t) for t in texts], columns=SCORE_COLUMNS)


def vader_label(compound: float) -> str:
    """positive / negative / neutral by VADER's published ±0.05 thresholds."""
    if compound >= VADER_THRESHOLD:
        return "positive"
    if compound <= -VADER_THRESHOLD:
        return "negative"
    return "neutral"
