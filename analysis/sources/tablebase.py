"""What every reader of a table form (`delimited`, `jsonlines`, `parquet`, `xlsx`) shares: the
columns a table's fields are found in (`FIELDS`, `table_columns`), the `Stream` that closes a
reader's files with its rows, what counts as an empty cell, and an exception as one short line.
It lives apart from `tables`, which opens a table by dispatching to those readers, so that the
readers can use it without importing `tables` back (no import cycle).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ..errors import ArticleError
from .document import one_line

# canonical field -> the column names that hold it, in order of preference (matched in any case)
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "story"),
    "title": ("title", "headline"),
    "date": ("date", "publish_date", "published", "publication_date", "pub_date"),
    "outlet": ("outlet", "source", "media_name", "publisher", "site", "sitename"),
    "author": ("author", "byline", "authors"),
    "url": ("url", "link"),
    "id": ("id", "story_id", "article_id", "stories_id", "doc_id"),
}
LISTED_COLUMNS = 30


class Stream:
    """An iterator that owns what it reads from: `close()` (or the end) closes the files too, even
    when iteration never started (a generator not started runs no `finally`)."""

    def __init__(self, items: Iterator, *resources):
        self.items = items
        self.resources = resources

    def __iter__(self) -> Stream:
        return self

    def __next__(self):
        try:
            return next(self.items)
        except StopIteration:
            self.close()
            raise
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        for thing in (self.items, *self.resources):
            close = getattr(thing, "close", None)
            if close is not None:
                close()


# ---------------------------------------------------------------------------------------- columns


def column_key(name) -> str:
    return str(name).replace("\ufeff", "").strip().lower()


def listing(names: Iterable) -> str:
    """Column names for a one-line message: each on one line and cut short, at most 30 of them."""
    shown = [one_line(str(n))[:40] or "(unnamed)" for n in names]
    more = len(shown) - LISTED_COLUMNS
    text = ", ".join(shown[:LISTED_COLUMNS]) or "none"
    return f"{text} … and {more} more" if more > 0 else text


def table_columns(names: Iterable, overrides: Mapping[str, str] | None = None, *,
                  source: str = "the table", require_text: bool = True) -> dict[str, str]:
    """{field: the table's column} for the fields found among `names`: named in `overrides`
    (`parse_columns_option`), else by the usual names of `FIELDS`, any case. A column is used for
    one field only. A one-line ArticleError when an override names no column of the table, or
    (with `require_text`) when there is no text column: it lists the columns the table has."""
    names = [n for n in names if n is not None]
    by_key: dict[str, object] = {}
    for name in names:
        by_key.setdefault(column_key(name), name)
    chosen: dict[str, str] = {}
    for field_name, column in (overrides or {}).items():
        if field_name not in FIELDS:
            raise ArticleError(f"--columns: unknown field {field_name!r}; the fields are {', '.join(FIELDS)}")
        actual = column if column in names else by_key.get(column_key(column))
        if actual is None:
            raise ArticleError(f"--columns {field_name}={column}: {source} has no column {column!r}; "
                               f"its columns are: {listing(names)}")
        chosen[field_name] = actual
    claimed = {column_key(c) for c in chosen.values()}
    for field_name, aliases in FIELDS.items():
        if field_name in chosen:
            continue
        for alias in aliases:
            if alias in by_key and alias not in claimed:
                chosen[field_name] = by_key[alias]
                claimed.add(alias)
                break
    if require_text and "text" not in chosen:
        raise ArticleError(f"{source} has no text column ({', '.join(FIELDS['text'])}; or name one "
                           f"with --columns text=NAME); its columns are: {listing(names)}")
    return {f: chosen[f] for f in FIELDS if f in chosen}


def blank(value) -> bool:
    """An empty cell: None, NaN, or only whitespace."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    return isinstance(value, str) and not value.strip()


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return one_line(text.splitlines()[0])[:200] if text else type(exc).__name__
