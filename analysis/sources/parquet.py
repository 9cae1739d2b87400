"""A Parquet table of articles (`.parquet`), read as a stream of rows. Only the columns the fields
were found in are read, batch by batch (`chunk_rows` rows each) and page by page, so a table with
wide columns beside the text (embeddings, raw HTML) costs neither the time nor the memory of them.
`pyarrow` is imported only when a Parquet table is opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import ArticleError
from .tablebase import Stream, first_line, table_columns


def parquet_source(path: Path, name: str, overrides, chunk_rows: int):
    import pyarrow as pa
    import pyarrow.parquet as pq

    failures = (pa.ArrowException, OSError, ValueError)
    try:  # buffered, not pre-buffered: a row group's text is read page by page, not whole
        parquet = pq.ParquetFile(path, buffer_size=1024 * 1024, pre_buffer=False)
        names = list(parquet.schema_arrow.names)
    except failures as exc:
        raise ArticleError(f"{name} cannot be read as Parquet: {first_line(exc)}") from None
    try:
        columns = table_columns(names, overrides, source=name)
    except ArticleError:
        parquet.close()
        raise
    wanted = list(dict.fromkeys(columns.values()))

    def values() -> Iterator[tuple]:
        row = 0
        batches = parquet.iter_batches(batch_size=max(1, chunk_rows), columns=wanted, use_threads=False)
        while True:
            try:
                batch = next(batches, None)
                rows = [] if batch is None else batch.to_pylist()
            except failures as exc:
                raise ArticleError(f"{name} breaks off after row {row:,}: {first_line(exc)}") from None
            if batch is None:
                return
            for cells in rows:
                row += 1
                yield row, {f: cells.get(c) for f, c in columns.items()}, None

    return names, columns, Stream(values(), parquet)
