"""Split article text into headline, standfirst, caption, subheading and body blocks, with offsets.

News text files put the headline on the first line, then optionally a one-line summary (the
standfirst) and a photo caption or credit, then body paragraphs separated by blank lines, with
now and then a short line that titles the section below it (a subheading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE = re.compile(r"[^\n]+")
CLOSING_PUNCTUATION = tuple('.!?:;"\'”’)…')
CAPTION_MAX_WORDS = 10
SUBHEADING_MAX_WORDS = 6  # "Early life", "Get in", "Cosplay celebration of craftsmanship and characters"
LIST_BULLETS = ("- ", "* ", "• ", "· ")
WRAP_EVIDENCE_LINES = 3
TOP_MATTER_LINES = 3  # a caption this close to the headline marks the end of the top matter
STANDFIRST_MAX_WORDS = 60  # a summary line runs 15-40 words; a longer run of prose is body


# A wire dateline opening the first paragraph: `WASHINGTON (AP) —`, `LONDON, March 3 (Reuters) -`,
# `SAN FRANCISCO —`: a place in capitals, optionally a date or state, optionally the agency, a dash.
DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*"      # the place, in capitals
    r"(?:, [A-Z][A-Za-z.]+(?: \d{1,2})?)*"          # , March 3 / , Calif.
    r"(?: \([A-Za-z][A-Za-z .&-]*\))?"              # (AP) / (Reuters)
    r" ?(?:—|–|--|-) ?"
)


def dateline_length(paragraph: str) -> int:
    """Characters of a wire dateline at the start of a paragraph (0 when there is none).

    The place must be at least two capital letters and the dash must follow directly, so a
    sentence that opens with an acronym ("NATO said") is no dateline.
    """
    found = DATELINE.match(paragraph)
    if not found or len(found.group().split(" ")[0].strip(",.")) < 2:
        return 0
    return found.end()


def dateline_end(blocks: list) -> int:
    """Where the wire dateline opening the first body paragraph ends, as an offset into the
    article (-1 when there is none): the dateline is structure, neither a mention nor a claim."""
    first_body = next((b for b in blocks if b.section == "body"), None)
    length = dateline_length(first_body.text) if first_body else 0
    return first_body.start + length if length else -1


@dataclass(frozen=True)
class Block:
    """One structural unit of the article and where it sits in the text."""

    index: int
    section: str  # headline, standfirst, caption, subheading or body
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


# A wire service's credit line: `(Reporting by Jane Smith; Editing by Tom Jones)`, `Associated Press
# writer Lisa Mascaro contributed to this report.`
WIRE_CREDIT = re.compile(r"\((?:additional )?(?:reporting|writing|editing|compiled|research)\b[^()]*\)"
                         r"|[^.!?]{0,200} contributed (?:reporting )?to this (?:report|story|article)\.",
                         re.IGNORECASE)


def is_caption(line: str) -> bool:
    """A short line with no closing punctuation: a photo caption, credit or label; also a wire
    credit line (`(Reporting by …; Editing by …)`, `… contributed to this report.`), whose names
    are no entities.

    A bulleted list item ("- Expanded service tax net") is body text, not a caption.
    """
    stripped = line.strip()
    return bool(WIRE_CREDIT.fullmatch(stripped)) or (
        len(stripped.split()) <= CAPTION_MAX_WORDS
        and not stripped.endswith(CLOSING_PUNCTUATION)
        and not stripped.startswith(LIST_BULLETS)
    )


def is_subheading(line: str) -> bool:
    """A caption-like line short enough for a section title, with no digit (a date line, a score,
    "Moreau in 1958" are captions), no comma (a photo's "Exeter, Devon" description), and not two
    or three capitalised words alone (a byline, "Amanda Terkel")."""
    stripped = line.strip()
    words = stripped.split()
    byline = 2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words)
    return (len(words) <= SUBHEADING_MAX_WORDS and stripped[:1].isupper() and not byline
            and not any(ch.isdigit() or ch in ",:()[]" for ch in stripped))


def subheading_lines(texts: list[str], sections: list[str]) -> list[int]:
    """The captions that title a section: a body paragraph before (so not top matter, whose short
    lines are photo credits) and a body paragraph right after, with no other caption between."""
    return [i for i in range(1, len(texts) - 1)
            if sections[i] == "caption" and sections[i - 1] == "body" and sections[i + 1] == "body"
            and is_subheading(texts[i])]


def runs_of(lines: list[tuple[int, int, bool]]) -> list[list[int]]:
    """Line numbers grouped into runs of consecutive lines (blank lines separate runs)."""
    runs, current = [], []
    for i, (_, _, blank_after) in enumerate(lines):
        current.append(i)
        if blank_after:
            runs.append(current)
            current = []
    return runs + [current] if current else runs


def is_hard_wrapped(texts: list[str], runs: list[list[int]]) -> bool:
    """Most line ends inside runs of body lines fall mid-sentence: the text is hard-wrapped.

    A couple of line ends is no evidence (a caption and its credit), so it takes at least three.
    """
    inner = [texts[i] for run in runs for i in run[:-1] if i > 0]
    mid_sentence = sum(not line.endswith(CLOSING_PUNCTUATION) for line in inner)
    return len(inner) >= WRAP_EVIDENCE_LINES and mid_sentence * 2 > len(inner)


def split_blocks(text: str) -> list[Block]:
    """Classify every line; join the lines of one body paragraph.

    Blank lines separate runs of lines. Inside a run, a line stopping mid-sentence continues into
    the next; in a hard-wrapped text every line of a run does, bar a caption ending the run. A short
    unpunctuated line that stands on its own (last of its run, or followed by another such line in
    a text that is not hard-wrapped) is a caption. A caption near the top may close a standfirst
    (see `standfirst_lines`).
    """
    lines = lines_with_offsets(text)
    if not lines:
        return []
    texts = [text[start:end] for start, end, _ in lines]
    runs = runs_of(lines)
    wrapped = is_hard_wrapped(texts, runs)
    sections = ["headline"] + ["body"] * (len(lines) - 1)
    joins = [False] * len(lines)  # line i and line i + 1 belong to one paragraph
    for run in runs:
        body = [i for i in run if i > 0]
        for i in body:
            last = i == body[-1]
            if is_caption(texts[i]) and not joins[i - 1] and (
                last or not wrapped and is_caption(texts[i + 1])
            ):
                sections[i] = "caption"
            elif not last:
                mid_sentence = not texts[i].endswith(CLOSING_PUNCTUATION)
                caption_next = i + 1 == body[-1] and is_caption(texts[i + 1])
                joins[i] = mid_sentence or wrapped and not caption_next
    for i in standfirst_lines(texts, runs, sections):
        sections[i] = "standfirst"
    for i in subheading_lines(texts, sections):
        sections[i] = "subheading"
    return merge_lines(text, lines, sections, joins)


def standfirst_lines(texts: list[str], runs: list[list[int]], sections: list[str]) -> list[int]:
    """The lines of a standfirst: prose right after the headline that a caption closes.

    Only lines in the caption's own run (no blank line between them and the caption), within the
    first three lines, and short enough for a summary (at most 60 words together); otherwise the
    lines are body paragraphs that happen to sit above a caption or a subheading.
    """
    first_caption = next((i for i in range(1, len(texts)) if sections[i] == "caption"), None)
    if first_caption is None or first_caption > TOP_MATTER_LINES:
        return []
    candidates = list(range(1, first_caption))
    run = next(r for r in runs if first_caption in r)
    words = sum(len(texts[i].split()) for i in candidates)
    if any(i not in run for i in candidates) or words > STANDFIRST_MAX_WORDS:
        return []
    return candidates


def merge_lines(text: str, lines: list, sections: list[str], joins: list[bool]) -> list[Block]:
    """One block per paragraph: consecutive body (or standfirst) lines marked as joined become one."""
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        start, end, _ = lines[i]
        section = sections[i]
        while section in ("body", "standfirst") and joins[i] and sections[i + 1] == section:
            i += 1
            end = lines[i][1]
        blocks.append(Block(len(blocks), section, start, end, text[start:end]))
        i += 1
    return blocks
