"""One sense per discourse: a name the article uses is a mention wherever the article writes it.

The model tags "Brock Holt" once and leaves most of the later "Holt"s untagged; a news story
does not change whom a name means halfway through. So every further occurrence of a name the
model found (or of a found person's surname) becomes a mention of that name, unless it sits
inside a longer capitalised run the model did not tag ("Holt Renfrew"), or opens a sentence as
an ordinary word the article also writes in lower case ("Rice prices" beside "rice").
"""

from __future__ import annotations

import re

from .entity_forms import majority_labels
from .structure import dateline_end

SENTENCE_OPENERS = tuple('.!?"“‘\'(—–-:;')


def search_names(found: list[dict]) -> dict[str, str]:
    """Name -> label for every name worth searching: the found names and the surnames of found
    full person names, each with its majority label; surnames the article uses for a place are
    left out, and so are names too short or not capitalised."""
    labels = majority_labels([(m["name"], m["spacy_label"]) for m in found])
    names = dict(labels)
    for name, label in labels.items():
        surname = name.rsplit(" ", 1)[-1]
        if label == "PERSON" and " " in name and surname not in labels:
            names[surname] = "PERSON"
    return {n: label for n, label in names.items()
            if len(n) > 2 and n[:1].isupper() and any(ch.islower() for ch in n)}


def names_pattern(names) -> re.Pattern:
    """Any of the names as a whole word or words (longest first), with an optional possessive."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    return re.compile(r"(?<![\w'’-])(" + alternatives + r")(?:['’]s?)?(?![\w-])")


def opens_sentence(text: str, start: int) -> bool:
    """True when nothing but space and sentence punctuation stands before `start` in its block."""
    before = text[:start].rstrip()
    return not before or before.endswith(SENTENCE_OPENERS)


def capitalised_neighbour(text: str, start: int, end: int, possessive: bool = False) -> bool:
    """True when the word right after, or the word right before (unless it opens a sentence),
    is capitalised: the occurrence is part of a longer name the model did not tag. A possessive
    ends a name, so the word after it does not count ("Warhol's Polaroids")."""
    before, after = text[:start], text[end:]
    prev_word = re.search(r"(\S+)\s+$", before)
    next_word = re.match(r"\s+(\S+)", after)
    prev_capital = bool(prev_word and prev_word.group(1)[:1].isupper()
                        and prev_word.group(1)[-1:].isalpha()
                        and not opens_sentence(before, prev_word.start(1)))
    next_capital = bool(next_word and next_word.group(1)[:1].isupper()) and not possessive
    return prev_capital or next_capital


def covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) overlaps a span already taken."""
    return any(s < end and start < e for s, e in spans)


def further_mentions(parsed, found: list[dict]) -> list[dict]:
    """Mentions the model missed: every other occurrence of a name it found, with that name's
    majority label, in the found mentions' own format (`subject` from the parse). The wire
    dateline stays structure, as in `entities.raw_mentions`."""
    names = search_names(found)
    taken = [(m["start_char"], m["end_char"]) for m in found]
    first_body = next((b for b in parsed.blocks if b.section == "body"), None)
    filed_until = dateline_end(parsed.blocks)
    added = []
    if not names:
        return added
    pattern = names_pattern(names)
    words = {name for name in names if " " not in name
             and re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", parsed.text)}
    for piece in parsed.pieces:
        for hit in pattern.finditer(piece.doc.text):
            start, end = piece.offset + hit.start(), piece.offset + hit.end()
            if (covered(taken, start, end) or piece.block is first_body and start < filed_until
                    or capitalised_neighbour(piece.doc.text, hit.start(), hit.end(),
                                             possessive=hit.group().endswith(("'s", "'")))
                    or hit.group(1) in words and opens_sentence(piece.doc.text, hit.start())):
                continue
            taken.append((start, end))
            added.append(occurrence(parsed, piece, hit, hit.group(1), names[hit.group(1)]))
    return sorted(added, key=lambda m: m["start_char"])


def occurrence(parsed, piece, hit: re.Match, name: str, label: str) -> dict:
    """One further mention, as `entities.raw_mentions` writes one."""
    start, end = piece.offset + hit.start(), piece.offset + hit.end()
    span = piece.doc.char_span(hit.start(), hit.end(), alignment_mode="expand")
    return {
        "text": parsed.text[start:end], "name": name, "spacy_label": label,
        "section": piece.block.section, "paragraph": piece.block.index,
        "start_char": start, "end_char": end, "subject": is_subject(span),
    }


def is_subject(span) -> bool:
    """True when the span is the subject of its sentence's main clause."""
    if span is None:
        return False
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ == "ROOT"
