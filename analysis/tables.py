"""Build the tidy tables (paragraphs, sentences, mentions, entities, quotes, readability).

Each function takes the parsed article and what earlier steps found, and returns a DataFrame
whose columns are the package's public contract (documented in the README).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from . import sentiment
from .parsing import straighten
from .text import SpanSet, word_starts

if TYPE_CHECKING:  # pandas is imported where a DataFrame is built: corpus workers never load it
    import pandas as pd
from .readability import readability_table

IN_QUOTE_SHARE = 0.5  # a sentence is "quoted" when at least half its characters are


def direct_spans(quotes: list[dict]) -> SpanSet:
    """The character spans inside direct quotation marks."""
    return SpanSet([seg for q in quotes if q["kind"] == "direct" for seg in q["segments"]])


def quote_segments(quotes: list[dict]) -> list[tuple[int, int, str | None]]:
    """(start, end, speaker) of every direct-quotation segment, in text order."""
    return sorted((s, e, q["speaker"]) for q in quotes if q["kind"] == "direct" for s, e in q["segments"])


def speaker_at(segments: list[tuple[int, int, str | None]], starts: list[int], start: int,
               end: int) -> str | None:
    """The speaker of the direct-quotation segment overlapping [start, end) the most."""
    best, best_overlap = None, 0
    for s, e, speaker in segments[max(0, bisect_right(starts, start) - 1):]:
        if s >= end:
            break
        overlap = max(0, min(e, end) - max(s, start))
        if overlap > best_overlap:
            best, best_overlap = speaker, overlap
    return best


SENTENCE_COLUMNS = ["sentence", "paragraph", "section", "start_char", "end_char", "text", "n_words",
                    "quoted_share", "in_quote", "speaker", *sentiment.SCORE_COLUMNS]


def sentence_rows(parsed, quotes: list[dict]) -> list[dict]:
    """One dict per sentence: place, quotation status, speaker and both sentiment engines.

    Plain rows (no pandas), shared by the single-article table and corpus mode.
    """
    quoted = direct_spans(quotes)
    segments = quote_segments(quotes)
    segment_starts = [s for s, _, _ in segments]
    rows = []
    for block, start, end, _sent in parsed.sentences():
        share = quoted.overlap(start, end) / max(1, end - start)
        in_quote = share >= IN_QUOTE_SHARE
        text = parsed.text[start:end]
        rows.append({
            "sentence": len(rows), "paragraph": block.index, "section": block.section,
            "start_char": start, "end_char": end, "text": text,
            "n_words": len(word_starts(parsed.text, start, end)), "quoted_share": round(share, 4),
            "in_quote": in_quote,
            "speaker": speaker_at(segments, segment_starts, start, end) if in_quote else None,
            **sentiment.sentence_scores(text),
        })
    return rows


def sentences_table(parsed, quotes: list[dict]) -> pd.DataFrame:
    """The sentences table (see `sentence_rows`)."""
    import pandas as pd

    return pd.DataFrame(sentence_rows(parsed, quotes), columns=SENTENCE_COLUMNS)


def paragraphs_table(parsed, sentences: pd.DataFrame, quotes: list[dict]) -> pd.DataFrame:
    """One row per block with its section, offsets, counts and quoted against narrated words."""
    import pandas as pd

    quoted = direct_spans(quotes)
    words = {}
    for b in parsed.blocks:
        starts = word_starts(parsed.text, b.start, b.end)
        in_quotes = sum(1 for pos in starts if quoted.contains(pos) or quoted.contains(pos + 1))
        words[b.index] = [len(starts) - in_quotes, in_quotes]
    per_para = sentences.groupby("paragraph").agg(
        n_sentences=("sentence", "size"), vader_compound_mean=("vader_compound", "mean"))
    rows = []
    for b in parsed.blocks:
        narrated, in_quotes = words[b.index]
        total = narrated + in_quotes
        rows.append({
            "paragraph": b.index, "section": b.section, "start_char": b.start,
            "end_char": b.end, "text": b.text,
            "n_sentences": int(per_para["n_sentences"].get(b.index, 0)), "n_words": total,
            "quoted_words": in_quotes, "narrated_words": narrated,
            "quoted_share": round(in_quotes / total, 4) if total else 0.0,
            "vader_compound_mean": per_para["vader_compound_mean"].get(b.index),
        })
    return pd.DataFrame(rows)


MENTION_COLUMNS = ["mention", "entity", "label", "text", "section", "paragraph", "sentence",
                   "start_char", "end_char", "in_quote"]


def mention_rows(mentions: list[dict], mapping: dict, labels: dict, sentence_starts: list[int],
                 quotes: list[dict]) -> list[dict]:
    """One dict per kept mention: canonical entity, sentence (by start offset), in-quote flag."""
    quoted = direct_spans(quotes)
    rows = []
    for m in mentions:
        entity = mapping.get(m["name"])
        if entity is None:
            continue
        i = bisect_right(sentence_starts, m["start_char"]) - 1
        rows.append({
            "mention": len(rows), "entity": entity, "label": labels[entity], "text": m["text"],
            "section": m["section"], "paragraph": m["paragraph"], "sentence": i if i >= 0 else None,
            "start_char": m["start_char"], "end_char": m["end_char"],
            "in_quote": quoted.contains(m["start_char"]),
        })
    return rows


def mentions_table(mentions: list[dict], mapping: dict, labels: dict, sentences: pd.DataFrame,
                   quotes: list[dict]) -> pd.DataFrame:
    """Every entity mention with its canonical entity, sentence, paragraph and in-quote flag."""
    import pandas as pd

    rows = mention_rows(mentions, mapping, labels, sentences["start_char"].tolist(), quotes)
    table = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    table["sentence"] = table["sentence"].astype("Int64")
    return table


def entities_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical entity (captions left out), most mentioned first."""
    import pandas as pd

    counted = mentions[mentions["section"] != "caption"]
    columns = ["entity", "label", "mentions", "aliases", "first_paragraph", "last_paragraph",
               "in_quotes", "in_narration"]
    if counted.empty:
        return pd.DataFrame(columns=columns)
    grouped = counted.groupby("entity")
    table = pd.DataFrame({
        "label": grouped["label"].first(),
        "mentions": grouped.size(),
        "aliases": grouped["text"].agg(lambda s: "; ".join(sorted(set(s)))),
        "first_paragraph": grouped["paragraph"].min(),
        "last_paragraph": grouped["paragraph"].max(),
        "in_quotes": grouped["in_quote"].sum().astype(int),
    }).reset_index()
    table["in_narration"] = table["mentions"] - table["in_quotes"]
    return table.sort_values(["mentions", "entity"], ascending=[False, True],
                             ignore_index=True)[columns]


def quotes_table(quotes: list[dict]) -> pd.DataFrame:
    """The quotations table: direct, scare and indirect, in text order."""
    import pandas as pd

    columns = ["quote", "kind", "text", "speaker", "speaker_label", "speaker_gender", "cue",
               "attribution", "paragraph", "last_paragraph", "start_char", "end_char", "n_words"]
    rows = [{k: q[k] for k in columns[1:]} | {"quote": i} for i, q in enumerate(quotes)]
    return pd.DataFrame(rows, columns=columns)


def narration_text(parsed, quotes: list[dict]) -> str:
    """Body text with direct quotations (and their marks) cut out, paragraph breaks kept."""
    quoted = direct_spans(quotes)
    parts = []
    for b in parsed.blocks:
        if b.section != "body":
            continue
        chars = [ch for pos, ch in enumerate(b.text, b.start)
                 if not (quoted.contains(pos) or quoted.contains(pos - 1) and ch in '"“”'
                         or quoted.contains(pos + 1) and ch in '"“”')]
        parts.append(" ".join("".join(chars).split()))
    return "\n\n".join(p for p in parts if p)


def body_prose(parsed) -> str:
    """The body's paragraphs, straightened, blank-line separated: the text readability scores."""
    return straighten("\n\n".join(b.text for b in parsed.blocks if b.section == "body"))


def readability_for(parsed, quotes: list[dict]) -> pd.DataFrame:
    """Readability of the body, its narration, its quotations and each body paragraph."""
    body = [b for b in parsed.blocks if b.section == "body"]
    quotation_text = "\n\n".join(q["text"] for q in quotes if q["kind"] == "direct")
    return readability_table(
        body_prose(parsed), straighten(narration_text(parsed, quotes)),
        straighten(quotation_text), [(b.index, straighten(b.text)) for b in body])
