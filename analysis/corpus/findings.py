"""What a finished corpus output says about the collection itself: articles that repeat another's
body text, and dates that were given but named no day. Read from the `articles` table."""

from __future__ import annotations

from pathlib import Path

from ..sources.facts import UNREADABLE_DATE
from .store import read_table


def duplicate_groups(out: Path) -> list[list[str]]:
    """Article ids that share one body text (one fingerprint), each group in id order; groups in
    the order of their first article."""
    articles = read_table(out, "articles", ["fingerprint"])
    groups = articles.groupby("fingerprint", sort=False)["article"].apply(sorted)
    return sorted((group for group in groups if len(group) > 1), key=lambda group: group[0])


def unreadable_dates(out: Path) -> int:
    """How many articles had a date value that named no day (left empty, with a warning)."""
    warnings = read_table(out, "articles", ["warnings"])["warnings"].fillna("")
    return int(warnings.str.contains(UNREADABLE_DATE, regex=False).sum())
