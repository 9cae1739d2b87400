"""The tidy tables as DataFrames, built from the rows of `extraction.extract` with the columns
and types of `columns.py` (the package's public contract, documented in the README).

`SpanSet` and `word_starts` are the text layer's, here until it has its own module.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from .columns import ARTICLE_TABLES, names, nullable_ints

if TYPE_CHECKING:  # pandas is imported where a DataFrame is built: corpus workers never load it
    import pandas as pd


class SpanSet:
    """Sorted, non-overlapping character spans with fast membership and overlap queries."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def contains(self, pos: int) -> bool:
        """True when `pos` lies inside one of the spans."""
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.spans[i][1]

    def overlap(self, start: int, end: int) -> int:
        """How many characters of [start, end) the spans cover."""
        total = 0
        for s, e in self.spans[max(0, bisect_right(self.starts, start) - 1):]:
            if s >= end:
                break
            total += max(0, min(e, end) - max(s, start))
        return total


WORD_WITH_ALNUM = re.compile(r"\S*?[^\W_]\S*")  # [^\W_]: a letter or digit, as str.isalnum


def word_starts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets of the words in text[start:end]: whitespace-separated runs holding a letter or digit.

    The same rule counts words everywhere (paragraphs, sentences, quotations), so shares add up.
    """
    end = len(text) if end is None else end
    return [m.start() for m in WORD_WITH_ALNUM.finditer(text, start, end)]


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """One table's rows as a DataFrame with its declared columns (nullable integers as Int64)."""
    import pandas as pd

    columns = ARTICLE_TABLES[name]
    table = pd.DataFrame(rows, columns=names(columns))
    for column in nullable_ints(columns):
        table[column] = table[column].astype("Int64")
    return table


def frames(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """The six tables of one article from its extracted rows.

    A paragraph's mean sentence sentiment is pandas' groupby mean of the sentences table, the
    figure the committed tables have always carried (to the last digit)."""
    tables = {name: frame(name, rows[name]) for name in ARTICLE_TABLES}
    sentences, paragraphs = tables["sentences"], tables["paragraphs"]
    means = sentences.groupby("paragraph")["vader_compound"].mean()
    paragraphs["vader_compound_mean"] = paragraphs["paragraph"].map(means).astype(float)
    return tables
