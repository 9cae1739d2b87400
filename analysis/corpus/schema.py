"""The corpus tables: their names, sort keys and pyarrow schemas, and rows made into a table."""

from __future__ import annotations

from functools import lru_cache

from .. import readability
from ..columns import CORPUS_TABLES, READABILITY_SCORES, names

TABLES = tuple(CORPUS_TABLES)  # articles, sentences, mentions, quotes, errors
SORT_KEYS = {"articles": ["article"], "sentences": ["article", "sentence"],
             "mentions": ["article", "mention"], "quotes": ["article", "quote"],
             "errors": ["article"]}
READABILITY_COLUMNS = names(READABILITY_SCORES)  # the body's scores, as in the readability table
READABILITY_COUNTS = {f"textstat_{name}": name for name in readability.COUNTS}  # and its counts


@lru_cache(maxsize=1)
def schemas() -> dict:
    """The pyarrow schema of every table (from `analysis.columns`): explicit, so every part file
    has the same columns."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "int?": pa.int64(), "float": pa.float64(),
             "bool": pa.bool_()}
    return {name: pa.schema([(column, types[kind]) for column, kind in CORPUS_TABLES[name]])
            for name in TABLES}


def pa_table(name: str, rows: list[dict]):
    """Rows as a pyarrow table of the named corpus table's schema."""
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=schemas()[name])
