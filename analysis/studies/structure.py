"""The structure study: which rows are body text, the body's counts, and each sentence's voice."""

from __future__ import annotations

import pandas as pd

VOICES = {True: "quotation", False: "narration"}


def body(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of a paragraph or sentence table that belong to the article body."""
    return frame[frame["section"] == "body"]


def voice(in_quote: pd.Series) -> pd.Series:
    """'quotation' for a sentence mostly inside direct quotation marks, else 'narration'."""
    return in_quote.map(VOICES)


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
