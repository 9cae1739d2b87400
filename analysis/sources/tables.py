"""A table of articles, one row each (`.csv`, `.tsv`, `.jsonl`, `.parquet`, `.xlsx`), read as a
stream of records: memory stays flat in the number of rows (an `.xlsx` excepted: its shared strings
are held whole, as Excel stores them).

Columns are found by their usual names (`FIELDS`, any case) or named with `--columns text=body,...`.
A row that cannot be read (a JSON Lines line that is no JSON object, a CSV row with more fields than
the header, an empty row) is a `Record` with `values=None` and a `reason`: `document_from_record`
turns it into a one-line `ArticleError`, so the caller records an error row and goes on. A table
that cannot be read at all raises a one-line `ArticleError` when opened; one that breaks off
part-way raises it from the iterator, after the rows read so far.

Each form has its reader module (`delimited`, `jsonlines`, `parquet`, `xlsx`), over what they
share in `tablebase`; this module opens a table by its suffix and turns its rows into records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ArticleError
from .delimited import delimited_source
from .document import one_line
from .facts import text_fact
from .jsonlines import jsonl_source
from .parquet import parquet_source
from .tablebase import FIELDS, Stream, blank

# the column helpers the form readers share, named here too (`tables.table_columns`, ...)
from .tablebase import column_key as column_key
from .tablebase import listing as listing
from .tablebase import table_columns as table_columns
from .xlsx import xlsx_source

TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".parquet", ".xlsx")
DEFAULT_CHUNK_ROWS = 1000  # rows per Parquet batch
MAX_ID_CHARS = 200
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Record:
    """One data row of a table. `row` counts from 1 (the first row after the header; a JSON Lines
    line number). `values` maps each canonical field found (`text`, `title`, ...) to the raw cell
    value as the format gives it (a string, a number, a date, a list ...), or is None when the row
    could not be read, with `reason` saying why. `columns` maps each field to its column's name."""

    row: int
    values: dict | None
    columns: Mapping[str, str] = field(default_factory=dict)
    reason: str | None = None


@dataclass
class Table:
    """An opened table: its column names, the columns chosen for each field, and its records."""

    path: Path
    name: str  # the file's name as messages show it
    names: list[str]
    columns: dict[str, str]
    records: Iterator[Record]


# ---------------------------------------------------------------------------------------- columns


def parse_columns_option(value: str | None) -> dict[str, str]:
    """`text=body,date=day` -> {"text": "body", "date": "day"}; a one-line ArticleError for a
    malformed value or an unknown field. (Whether the columns exist is checked against the table.)"""
    if value is None:
        return {}
    chosen: dict[str, str] = {}
    for part in str(value).split(","):
        field_name, equals, column = part.partition("=")
        field_name, column = field_name.strip().lower(), column.strip()
        if not equals or not field_name or not column:
            raise ArticleError(f"--columns takes FIELD=COLUMN pairs separated by commas "
                               f"(text=body,date=day), not {one_line(str(value))!r}")
        if field_name not in FIELDS:
            raise ArticleError(f"--columns: unknown field {field_name!r}; the fields are "
                               f"{', '.join(FIELDS)}")
        if field_name in chosen:
            raise ArticleError(f"--columns names the {field_name} column twice")
        chosen[field_name] = column
    return chosen


# ------------------------------------------------------------------------------------- records

SOURCES: dict[str, Callable] = {".csv": delimited_source, ".tsv": delimited_source,
                                ".jsonl": jsonl_source, ".parquet": parquet_source,
                                ".xlsx": xlsx_source}


def display_name(path: Path) -> str:
    """A file's name for a one-line message (control characters shown as `?`)."""
    return CONTROL.sub("?", path.name)


def open_table(path: str | Path, columns: Mapping[str, str] | str | None = None,
               chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Table:
    """A table opened and its columns chosen (`columns`: overrides as from `parse_columns_option`,
    or the option's text); a one-line ArticleError now when it cannot be read as a table."""
    path = Path(path)
    name = display_name(path)
    suffix = path.suffix.lower()
    if suffix not in SOURCES:
        raise ArticleError(f"{name} is not a table of articles ({', '.join(TABLE_SUFFIXES)})")
    if not path.exists():
        raise ArticleError(f"no such file: {path}")
    if path.is_dir():
        raise ArticleError(f"is a directory, not a table: {path}")
    overrides = parse_columns_option(columns) if isinstance(columns, str) else dict(columns or {})
    names, chosen, rows = SOURCES[suffix](path, name, overrides, chunk_rows)
    return Table(path, name, names, chosen, Stream(_records(rows, chosen), rows))


def _records(rows: Iterator[tuple], columns: dict[str, str]) -> Iterator[Record]:
    """Records from (row, values, reason); an empty row is a bad record, but empty rows at the end
    of the table (spreadsheets leave them) are dropped."""
    empty_from, empty_count = 0, 0
    for row, values, reason in rows:
        if values is not None and all(blank(v) for v in values.values()):
            empty_from, empty_count = (empty_from or row), empty_count + 1
            continue
        for number in range(empty_from, empty_from + empty_count):
            yield Record(number, None, columns, "empty row")
        empty_from, empty_count = 0, 0
        yield Record(row, values, columns, reason)


def iter_records(path: str | Path, columns: Mapping[str, str] | str | None = None,
                 chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[Record]:
    """Every data row of a table as a `Record`, streamed (see `open_table`)."""
    return open_table(path, columns, chunk_rows).records


def id_text(value) -> str | None:
    """An id cell as text: integral numbers without `.0`, one line, at most 200 characters."""
    if isinstance(value, bool) or isinstance(value, dict | list | bytes):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = text_fact(value)
    return text[:MAX_ID_CHARS] if text else None


def record_id(record: Record, seen: set[str] | None = None) -> str:
    """The row's id: its id column's value when there is one (cleaned), else its row number.

    With `seen` (a set the caller keeps across one table) an id met before becomes `ID#ROW`, so
    every row of the table has its own; `read_row` counts them the same way."""
    value = record.values.get("id") if record.values else None
    ident = id_text(value) or str(record.row)
    if seen is not None:
        while ident in seen:
            ident = f"{ident}#{record.row}"
        seen.add(ident)
    return ident
