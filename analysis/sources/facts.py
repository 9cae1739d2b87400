"""Facts as sources give them, made uniform: empty markers as None, one-line strings, and dates as
ISO `YYYY-MM-DD` only when the value says which day it is (never a guess)."""

from __future__ import annotations

import datetime as dt
import re

from .document import one_line

MISSING = {"", "none", "null", "nan", "nat", "na", "n/a", "-"}
ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ]\d)")
YMD_SLASHED = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
DMY_OR_MDY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
COMPACT = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})$")
HAS_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE)
EPOCH_RANGE = (0, 4_102_444_800)  # a number of seconds between 1970 and 2100
UNREADABLE_DATE = "could not be read; left empty"  # in every such warning, to count them


def text_fact(value) -> str | None:
    """A fact as one line of text, or None when empty or a missing-value marker (`None`, `NaN`)."""
    if value is None or isinstance(value, float) and value != value:
        return None
    text = one_line(str(value))
    return None if text.lower() in MISSING else text


def day(year: int, month: int, date: int) -> str | None:
    """The ISO date, or None when there is no such day."""
    try:
        return dt.date(year, month, date).isoformat()
    except ValueError:
        return None


def iso_date(value) -> str | None:
    """The day a value names, as `YYYY-MM-DD`, or None when it names none or is ambiguous.

    Accepted: dates and datetimes, ISO strings (`2015-11-11`, `2015-11-11T10:00:00Z`),
    `2015/11/11`, `20151111` (as text or a number), `11/25/2015` or `25/11/2015` when only one
    reading is a date, a month written out with its day and year (`Nov 11, 2015`, `11 November
    2015`), and other numbers as Unix seconds. `03/04/2015` (March or April?) and `November 2015`
    (which day?) are None.
    """
    if isinstance(value, dt.datetime | dt.date):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        if value == int(value) and COMPACT.match(str(int(value))):  # 20151111 typed as a number
            return iso_date(str(int(value)))
        if not EPOCH_RANGE[0] < value < EPOCH_RANGE[1]:
            return None
        return dt.datetime.fromtimestamp(value, dt.UTC).date().isoformat()
    text = text_fact(value)
    if text is None:
        return None
    for pattern in (ISO_DAY, YMD_SLASHED, COMPACT):
        found = pattern.match(text)
        if found:
            return day(*map(int, found.groups()))
    found = DMY_OR_MDY.match(text)
    if found:
        first, second, year = map(int, found.groups())
        readings = {d for d in (day(year, first, second), day(year, second, first)) if d}
        return readings.pop() if len(readings) == 1 else None
    return named_month_date(text)


def named_month_date(text: str) -> str | None:
    """`Nov 11, 2015`, `Wednesday 11 November 2015 10:00`: a month name, a day and a year."""
    if not MONTH_NAME.search(text) or not re.search(r"\b\d{4}\b", text):
        return None
    without_year_and_time = re.sub(r"\b\d{4}\b|\d{1,2}:\d{2}(:\d{2})?", " ", text)
    if not HAS_DAY_NUMBER.search(without_year_and_time):
        return None
    from dateutil import parser

    try:
        return parser.parse(text, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError):
        return None
