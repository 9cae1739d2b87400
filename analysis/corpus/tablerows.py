"""The rows of a table of articles as corpus items: found by streaming the table once for their
ids, then filled with their values by streaming it again as the chunks are handed out, so a table
of any length is never held in memory whole."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import ArticleError
from ..sources import tables
from .items import Item


def row_ids(path: Path, columns: dict | None, limit: int | None) -> Iterator[tuple[int, str]]:
    """(row number, id) of every row of a table, in order, unique (a repeated id gets `#row`, as
    `--id` reads it)."""
    seen: set[str] = set()
    for k, record in enumerate(tables.iter_records(path, columns)):
        if limit is not None and k >= limit:
            return
        yield record.row, tables.record_id(record, seen)


def table_items(path: Path, prefix: str, shown: str, columns: dict | None, *,
                limit: int | None = None, refuse: bool = False) -> list[Item]:
    """One item per row of a table (`prefix/id`), without its values yet. A table that cannot be
    read is refused in one line when it is the corpus itself (`refuse`), else one item that
    becomes its `errors` row."""
    source = str(path)  # one string shared by every row's item
    try:
        return [Item(f"{prefix}/{ident}" if prefix else ident, shown, source, row=row)
                for row, ident in row_ids(path, columns, limit)]
    except ArticleError as exc:
        if refuse:
            raise
        return [Item(prefix or path.stem, shown, str(path), problem=str(exc))]


class TableCursor:
    """Reads one table forward, handing out the records of the rows asked for in order."""

    def __init__(self, path: str, columns: dict | None):
        self.path, self.columns = path, columns
        self.records = iter(())
        self.last = None

    def record(self, row: int):
        """The record of a data row; restarts the stream if asked for a row already passed."""
        if self.last is None or self.last.row > row:
            self.records = tables.iter_records(Path(self.path), self.columns)
            self.last = None
        while self.last is None or self.last.row < row:
            self.last = next(self.records, None)
            if self.last is None:
                raise ArticleError(f"row {row} is no longer in the table (it changed during the run)")
        return self.last


def with_records(chunks: Iterable, columns: dict | None) -> Iterator:
    """The chunks, each table row's item given its record just before its chunk is handed out;
    a row that cannot be read becomes an item whose problem is the reason."""
    cursors: dict[str, TableCursor] = {}
    for chunk in chunks:
        filled = []
        for item in chunk.items:
            if item.row is not None and item.record is None and item.problem is None:
                cursor = cursors.setdefault(item.source, TableCursor(item.source, columns))
                try:
                    item = replace(item, record=cursor.record(item.row))
                except ArticleError as exc:
                    item = replace(item, problem=str(exc))
            filled.append(item)
        yield replace(chunk, items=filled)
