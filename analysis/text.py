"""Text-layer helpers shared by the extractors and the table builders: character span sets, the
one word rule (a whitespace-separated run holding a letter or digit) and straightened marks."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right


class SpanSet:
    """Sorted, non-overlapping character spans with fast membership and overlap queries."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def contains(self, pos: int) -> bool:
        """True when `pos` lies inside one of the spans."""
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.spans[i][1]

    def overlap(self, start: int, end: int) -> int:
        """How many characters of [start, end) the spans cover."""
        total = 0
        for s, e in self.spans[max(0, bisect_right(self.starts, start) - 1):]:
            if s >= end:
                break
            total += max(0, min(e, end) - max(s, start))
        return total


WORD_WITH_ALNUM = re.compile(r"\S*?[^\W_]\S*")  # [^\W_]: a letter or digit, as str.isalnum


def word_starts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets of the words in text[start:end]: whitespace-separated runs holding a letter or digit.

    The same rule counts words everywhere (paragraphs, sentences, quotations), so shares add up.
    """
    end = len(text) if end is None else end
    return [m.start() for m in WORD_WITH_ALNUM.finditer(text, start, end)]


def word_count(text: str) -> int:
    """Whitespace-separated words that contain a letter or digit (the rule of `word_starts`)."""
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


# Typographic marks mapped 1:1 to ASCII, so offsets are unchanged: the models were trained on,
# and the lexicons only know, straight quotes and apostrophes.
STRAIGHT_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'",
                                "’": "'", "‚": "'", "′": "'",
                                "\u00a0": " ", "\u202f": " ", "\u2007": " "})


def straighten(text: str) -> str:
    """Curly quotation marks and apostrophes as ASCII and no-break spaces as plain ones, one
    character for one (offsets kept): the parser reads `Stu\u00a0Burguiere` as one name."""
    return text.translate(STRAIGHT_MARKS)


def is_format_char(ch: str) -> bool:
    """An invisible formatting character (a soft hyphen, a left-to-right mark U+202A) that web
    copy leaves inside names and before quotation marks."""
    return unicodedata.category(ch) == "Cf"
