"""The six tidy tables of one article as DataFrames, built from the rows of
`extraction.extract` with the columns and types declared in `columns.py` (the package's public
contract, documented in the README)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .columns import ARTICLE_TABLES, names, nullable_ints

if TYPE_CHECKING:  # pandas is imported where a DataFrame is built: corpus workers never load it
    import pandas as pd


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
