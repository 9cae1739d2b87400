"""One parsed article's rows in corpus mode: `extraction.extract`'s sentences, mentions and
quotes, and its summary as the `articles` row, each with the article's id."""

from __future__ import annotations

from ..entities import Overrides
from ..extraction import extract
from ..parsing import ParsedArticle
from .items import Item


def article_tables(item: Item, parsed: ParsedArticle, overrides: Overrides, nlp,
                   warnings: list[str], facts: dict | None = None) -> dict[str, list[dict]]:
    """All rows one article contributes: the single-article extraction (with the facts its
    source gave), minus pandas and minus the readability of anything but the body."""
    rows = extract(parsed, overrides, nlp, reader_warnings=warnings, full_readability=False,
                   facts=facts)
    ids = {"article": item.article}
    return {"articles": [{**ids, "path": item.path, **rows["summary"][0]}],
            **{name: [{**ids, **row} for row in rows[name]] for name in ("sentences", "mentions", "quotes")}}
