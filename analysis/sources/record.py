"""One row of a table (or a text and its facts) into a Document.

The title, when there is one, is the headline block; the text column is the body, split into
paragraphs (and standfirst or caption lines) by the plain-text rules, but no headline is taken from
it: its first line is a paragraph like the others. A body that opens with the title itself (many
exports repeat it) is read as a plain-text file would be, the title its headline, so it is not
counted twice. `read_row` finds one row of a table, by its id or number, and reads it so.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Mapping
from contextlib import closing
from decimal import Decimal
from pathlib import Path

from ..errors import ArticleError
from ..reading import clean_text, warn_if_mojibake
from ..structure import Block, split_blocks
from .document import Document, Facts, one_line
from .facts import DMY_OR_MDY, day, iso_date, text_fact
from .tables import FIELDS, Record, blank, open_table, record_id

log = logging.getLogger("analysis.sources")

NUMBER = re.compile(r"[-+]?[$€£¥]?\d[\d,.' \u00a0]*(?:[eE][-+]?\d+)?%?")
HEADLESS = "-\n\n"  # a stand-in headline line, so a text's first line is read as body, not headline
SHOWN_CHARS = 80


def where(record_row: int, source_name: str) -> str:
    return f"{source_name} row {record_row}" if source_name else f"row {record_row}"


def not_an_article(value) -> str | None:
    """Why a cell is no article text (a number, a boolean, JSON, binary data), or None."""
    if isinstance(value, bool):
        return f"the text is a boolean ({str(value).lower()}), not an article"
    if isinstance(value, int | float | Decimal):
        return "the text is a number, not an article"
    if isinstance(value, bytes | bytearray | memoryview):
        return "the text is binary data, not an article"
    if isinstance(value, dict):
        return "the text is a JSON object, not an article"
    if isinstance(value, list | tuple):
        return "the text is a list, not an article"
    if isinstance(value, dt.date | dt.time):
        return "the text is a date, not an article"
    if not isinstance(value, str):
        return f"the text is a {type(value).__name__}, not an article"
    return None


def article_text(value, place: str) -> str:
    """A text cell as article text: cleaned as a text file is (line ends, control characters,
    markup); a one-line ArticleError when it is empty or no text at all."""
    if blank(value):
        raise ArticleError(f"{place}: empty text")
    reason = not_an_article(value)
    if reason:
        raise ArticleError(f"{place}: {reason}")
    try:
        text = clean_text(warn_if_mojibake(value)).strip()
    except ArticleError:
        raise ArticleError(f"{place}: the text is binary data (many control characters), "
                           "not an article") from None
    if not text:
        raise ArticleError(f"{place}: empty text")
    if NUMBER.fullmatch(text):
        raise ArticleError(f"{place}: the text is a number, not an article")
    if text[0] in "{[" and text[-1] in "}]":
        try:
            parsed = json.loads(text)
        except (ValueError, RecursionError):
            parsed = None
        if isinstance(parsed, dict | list):
            kind = "a JSON object" if isinstance(parsed, dict) else "a JSON list"
            raise ArticleError(f"{place}: the text is {kind}, not an article")
    return text


def fact_text(value) -> str | None:
    """A fact cell as one line: a list of names joined (`authors: ["A", "B"]`), None for what is no
    text (an object, binary data) or a missing-value marker."""
    if isinstance(value, list | tuple):
        parts = [part for part in map(fact_text, value) if part]
        return ", ".join(parts) or None
    if isinstance(value, dict | bytes | bytearray | memoryview | bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a title 1984 read as 1984.0
    return text_fact(value)


def title_line(value) -> str | None:
    """The title as one clean line (markup blanked), or None."""
    title = fact_text(value)
    if title is None:
        return None
    try:
        return text_fact(clean_text(title))
    except ArticleError:
        return None


def shown(value) -> str:
    text = fact_text(value) or str(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def ambiguous_day(value) -> bool:
    """`03/04/2015`: a day and a month that could be either way round."""
    found = DMY_OR_MDY.match(text_fact(value) or "") if isinstance(value, str) else None
    if not found:
        return False
    first, second, year = map(int, found.groups())
    return first != second and bool(day(year, first, second)) and bool(day(year, second, first))


def date_fact(value, column: str, place: str, label: str | None = None) -> tuple[str | None, str | None]:
    """(published, published_from) from a date cell; an unreadable or ambiguous value is left
    empty, with a warning on the `analysis.sources` logger giving the value."""
    if blank(value) or isinstance(value, str) and text_fact(value) is None:
        return None, None
    published = iso_date(value)
    if published:
        return published, label or f"column '{column}'"
    if ambiguous_day(value):
        log.warning("%s: date '%s' is ambiguous (day or month first?); left empty", place, shown(value))
    else:
        log.warning("%s: date '%s' could not be read; left empty", place, shown(value))
    return None, None


def unread_date(record: Record) -> str | None:
    """The date cell's value when the row has one that could not be read (None otherwise): for a
    caller counting the rows whose date was left empty."""
    value = (record.values or {}).get("date")
    if blank(value) or isinstance(value, str) and text_fact(value) is None or iso_date(value):
        return None
    return shown(value)


def body_blocks(text: str) -> list[Block]:
    """The blocks of a text with no headline: every line is body (or standfirst, caption), as it
    would be below a headline. `text[b.start:b.end] == b.text` holds."""
    blocks = split_blocks(HEADLESS + text)[1:]
    shift = len(HEADLESS)
    return [Block(i, b.section, b.start - shift, b.end - shift, b.text) for i, b in enumerate(blocks)]


def first_line(text: str) -> str:
    return text.split("\n", 1)[0].strip()


def document_from_text(body: str, title: str | None = None, facts: Facts | None = None) -> Document:
    """A Document from an article's body text and its title (the headline block, when given):
    the body split by the plain-text rules with no headline taken from it. `body` should be
    clean (see `article_text`); `\\r\\n` is normalised here anyway."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    title = one_line(title) if title else None
    if title and one_line(first_line(body)) == title:
        return Document(body, split_blocks(body), facts or Facts())
    if title:
        text = f"{title}\n\n{body}"
        return Document(text, split_blocks(text), facts or Facts())
    return Document(body, body_blocks(body), facts or Facts())


def document_from_record(record: Record, source_name: str = "") -> Document:
    """The Document of one table row: its text column the body, its title the headline, facts
    from its columns (`source_row` its row number). A one-line ArticleError (`FILE row N: reason`)
    for a row that is no article: unreadable, empty, a number, a boolean, JSON or binary data."""
    place = where(record.row, source_name)
    if record.values is None:
        raise ArticleError(f"{place}: {record.reason or 'the row cannot be read'}")
    values = record.values
    body = article_text(values.get("text"), place)
    title = title_line(values.get("title"))
    published, published_from = (None, None)
    if "date" in values:
        published, published_from = date_fact(values["date"], record.columns.get("date", "date"), place)
    facts = Facts(title=title, outlet=fact_text(values.get("outlet")), published=published,
                  published_from=published_from, author=fact_text(values.get("author")),
                  url=fact_text(values.get("url")), source_row=record.row)
    return document_from_text(body, title, facts)


def read_row(path: str | Path, wanted: str | int, columns: Mapping[str, str] | str | None = None) -> Document:
    """The Document of the row whose id is `wanted` (ids as `record_id` gives them, repeats
    numbered), or when the table has no id column whose row number is; read until found."""
    table = open_table(path, columns)
    wanted = one_line(str(wanted))
    name = table.name
    by_id = "id" in table.columns
    if not by_id and not wanted.isdigit():
        table.records.close()
        raise ArticleError(f"{name} has no id column ({', '.join(FIELDS['id'])}): choose a row by its "
                           f"number (1 = the first row after the header), not {wanted!r}")
    seen: set[str] = set()
    count = 0
    with closing(table.records):
        for record in table.records:
            count += 1
            if by_id and record_id(record, seen) == wanted or not by_id and record.row == int(wanted):
                return document_from_record(record, name)
    where = f"; ids are read from column '{table.columns['id']}'" if by_id else ""
    what = f"with id {wanted}" if by_id else wanted
    rows = "1 row" if count == 1 else f"{count:,} rows"
    raise ArticleError(f"no row {what} in {name} ({rows}{where})")
