"""Split article text into headline, standfirst, caption lines and body paragraphs, with offsets.

News text files put the headline on the first line, then optionally a one-line summary (the
standfirst) and a photo caption or credit, then body paragraphs separated by blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE = re.compile(r"[^\n]+")
CLOSING_PUNCTUATION = tuple('.!?:;"\'”’)…')
CAPTION_MAX_WORDS = 10
TOP_MATTER_LINES = 3  # a caption this close to the headline marks the end of the top matter


@dataclass(frozen=True)
class Block:
    """One structural unit of the article and where it sits in the text."""

    index: int
    section: str  # headline, standfirst, caption or body
    start: int
    end: int
    text: str


def lines_with_offsets(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, followed_by_blank_line) for each non-blank line, whitespace trimmed."""
    found = []
    for match in LINE.finditer(text):
        raw = match.group()
        if not raw.strip():
            continue
        start = match.start() + len(raw) - len(raw.lstrip())
        end = match.end() - (len(raw) - len(raw.rstrip()))
        found.append((start, end))
    result = []
    for i, (start, end) in enumerate(found):
        next_start = found[i + 1][0] if i + 1 < len(found) else len(text)
        result.append((start, end, text[end:next_start].count("\n") >= 2))
    return result


def is_caption(line: str) -> bool:
    """A short line with no closing punctuation: a photo caption, credit or label."""
    stripped = line.strip()
    return len(stripped.split()) <= CAPTION_MAX_WORDS and not stripped.endswith(CLOSING_PUNCTUATION)


def split_blocks(text: str) -> list[Block]:
    """Classify every line; join hard-wrapped lines of one body paragraph."""
    lines = lines_with_offsets(text)
    if not lines:
        return []
    sections = ["headline"] + ["body"] * (len(lines) - 1)
    for i in range(1, len(lines)):
        if is_caption(text[lines[i][0] : lines[i][1]]):
            sections[i] = "caption"
    first_caption = next((i for i in range(1, len(lines)) if sections[i] == "caption"), None)
    if first_caption is not None and first_caption <= TOP_MATTER_LINES:
        for i in range(1, first_caption):
            sections[i] = "standfirst"
    return merge_wrapped(text, lines, sections)


def merge_wrapped(text: str, lines: list, sections: list[str]) -> list[Block]:
    """Body lines that stop mid-sentence with no blank line after continue into the next line."""
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        start, end, blank_after = lines[i]
        section = sections[i]
        while (
            section == "body"
            and not blank_after
            and i + 1 < len(lines)
            and sections[i + 1] == "body"
            and not text[start:end].rstrip().endswith(CLOSING_PUNCTUATION)
        ):
            i += 1
            end, blank_after = lines[i][1], lines[i][2]
        blocks.append(Block(len(blocks), section, start, end, text[start:end]))
        i += 1
    return blocks
