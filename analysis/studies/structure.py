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


def quoted_share_by_half(paragraphs: pd.DataFrame) -> tuple[float, float]:
    """Share of words inside direct quotation marks in the first and the second half of the body
    paragraphs (an odd middle paragraph counts in the second half); 0 for a half without words."""
    middle = len(paragraphs) // 2

    def share(part: pd.DataFrame) -> float:
        words = part["n_words"].sum()
        return float(part["quoted_words"].sum() / words) if words else 0.0

    return share(paragraphs.iloc[:middle]), share(paragraphs.iloc[middle:])
