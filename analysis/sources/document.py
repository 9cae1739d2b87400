"""What every reader returns: the article's text, its blocks (structure with offsets) and the facts
around it (title, outlet, date, author, url, and where it came from), whatever form it was held in."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..structure import Block

# The sections a block can have. Body figures (counts, readability, sentiment) read `body` only;
# entity counts leave out `caption` and `table`. Plain text gives the first four; structured
# sources (HTML, Word, Markdown) also mark subheadings, pull quotes (a passage repeated from the
# body in large type) and table rows.
SECTIONS = ("headline", "standfirst", "caption", "body", "subheading", "pullquote", "table")
BLOCK_GAP = "\n\n"  # between the blocks of a text built from a structured source
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Facts:
    """The facts around an article. `published` is an ISO date (YYYY-MM-DD) or None, and
    `published_from` says where it was read (extractors guess dates, and sometimes wrongly);
    `source_row` is the data row of a table (1 = the first row after the header)."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_from: str | None = None
    author: str | None = None
    url: str | None = None
    source_row: int | None = None

    def as_row(self) -> dict:
        """The facts as the summary row's columns (`columns.FACTS`)."""
        return asdict(self)


@dataclass
class Document:
    """An article as read: `text` is what every offset points into, `blocks` its structure."""

    text: str
    blocks: list[Block]
    facts: Facts = field(default_factory=Facts)


def one_line(text: str) -> str:
    """A block's text as one line: runs of whitespace (newlines included) become one space."""
    return SPACES.sub(" ", text).strip()


def assemble(parts: list[tuple[str, str]], facts: Facts | None = None) -> Document:
    """A Document from (section, text) parts in reading order: each part one block on its own
    line, blank-line separated, so `text[block.start:block.end] == block.text` always holds.
    Empty parts are dropped; a part's inner newlines become spaces."""
    text, blocks = "", []
    for section, raw in parts:
        if section not in SECTIONS:
            raise ValueError(f"unknown section {section!r}")
        line = one_line(raw)
        if not line:
            continue
        if blocks:
            text += BLOCK_GAP
        blocks.append(Block(len(blocks), section, len(text), len(text) + len(line), line))
        text += line
    return Document(text, blocks, facts or Facts())
