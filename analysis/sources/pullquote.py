"""Pull quotes: a passage a page or document sets apart in large type that repeats the body's own
words. It is shown twice but said once, so it stays out of the body figures; any other set-apart
passage (a quoted letter, an embedded post) is body text. One rule for every structured reader."""

from __future__ import annotations

import re

PULLQUOTE_MIN_WORDS = 4  # shorter passages share phrases with the body by chance
WORD = re.compile(r"\w+")
ELLIPSIS = re.compile(r"\.\.\.|…|\[\s*…\s*\]|\[\s*\.\.\.\s*\]")


def word_lines(texts: list[str]) -> str:
    """Texts as ` w1 w2 \n w3 `: their lower-case words, a line each, to look runs of words up in."""
    return " " + " \n ".join(" ".join(WORD.findall(text.lower())) for text in texts) + " "


def repeats_body(passage: str, body: list[str] | str, min_words: int = PULLQUOTE_MIN_WORDS) -> bool:
    """True when a quoted passage repeats words of the body (texts, or their `word_lines`) in order,
    a pull quote: quote marks, punctuation, case and cuts marked by an ellipsis aside. Passages under
    `min_words` words never do."""
    if len(WORD.findall(passage)) < min_words:
        return False
    haystack = body if isinstance(body, str) else word_lines(body)
    fragments = [WORD.findall(piece.lower()) for piece in ELLIPSIS.split(passage)]
    return all(f" {' '.join(words)} " in haystack for words in fragments if words)


def with_pullquotes(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Parts with each `quote` resolved: a pull quote when it repeats the body, else body text."""
    body = word_lines([text for section, text in parts if section == "body"])
    return [(("pullquote" if repeats_body(text, body) else "body") if section == "quote" else section, text)
            for section, text in parts]
