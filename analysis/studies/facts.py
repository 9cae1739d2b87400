"""The facts around an article as a reader sees them under its headline: outlet, date (and where
it was read), author, address, table row. One wording for the notebooks and the site's index."""

from __future__ import annotations


def fact_parts(facts: dict) -> list[str]:
    """Plain-text parts, in reading order, of the facts the source gave (none: an empty list)."""
    parts = []
    if facts.get("outlet"):
        parts.append(str(facts["outlet"]))
    if facts.get("published"):
        where = f" (date from {facts['published_from']})" if facts.get("published_from") else ""
        parts.append(f"{facts['published']}{where}")
    if facts.get("author"):
        parts.append(f"by {facts['author']}")
    if facts.get("url"):
        parts.append(str(facts["url"]))
    return parts


def is_web_address(url) -> bool:
    """An http(s) address: the only kind a page may link to (never `javascript:` or `data:`)."""
    return isinstance(url, str) and url.strip().lower().startswith(("http://", "https://"))


def source_line(source: str, facts: dict) -> str:
    """`Source file: stories.csv, row 12` (the row only for a table's row)."""
    row = facts.get("source_row")
    return f"Source file: {source}" + (f", row {int(row)}" if row is not None and row == row else "")
