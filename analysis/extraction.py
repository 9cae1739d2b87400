"""One extraction for one parsed article, the same for a single article and for a corpus.

`extract` runs every step on the parsed article (entities, quotations, sentence sentiment,
readability) and returns every row set as plain rows (no pandas): paragraphs, sentences,
mentions, entities, quotes, readability, and the one-row summary that corpus mode stores as the
article's `articles` row. The single-article DataFrames (`frames.frames`) and the corpus tables
are built from these rows, so both modes give the same figures for the same article. Column
names and types are declared in `columns.py`.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import Counter

from . import readability, sentiment
from .columns import FACTS, QUOTES, READABILITY_SCORES, SUMMARY, names
from .discourse import further_mentions
from .entities import raw_mentions, resolve_entities
from .parsing import ParsedArticle, TokenIndex
from .quotes import extract_speech
from .salience import salience_scores
from .text import SpanSet, straighten, word_starts

IN_QUOTE_SHARE = 0.5  # a sentence is "quoted" when at least half its characters are
ENGLISH_STOPWORD_SHARE = 0.2  # English news prose runs at 40-50% stop words
TOP_ENTITIES = 5
TOP_SPEAKERS = 3
NOT_COUNTED = ("caption", "table")  # sections whose names are labels or data, not the story's


# --- entities and quotations --------------------------------------------------------------------

def entities_and_speech(parsed: ParsedArticle, overrides) -> tuple[list[dict], dict, dict, list[dict]]:
    """Entity mentions with their canonical names and labels, then quotations attributed to them."""
    found = raw_mentions(parsed)
    found = sorted(found + further_mentions(parsed, found), key=lambda m: m["start_char"])
    mapping, labels = resolve_entities(found, overrides)
    person_mentions = [(m["start_char"], mapping[m["name"]]) for m in found
                       if mapping.get(m["name"]) and labels.get(mapping[m["name"]]) == "PERSON"]
    quotes = extract_speech(parsed, TokenIndex(parsed), mapping, labels, person_mentions)
    return found, mapping, labels, quotes


def direct_spans(quotes: list[dict]) -> SpanSet:
    """The character spans inside direct quotation marks."""
    return SpanSet([seg for q in quotes if q["kind"] == "direct" for seg in q["segments"]])


def quote_rows(quotes: list[dict]) -> list[dict]:
    """The quotes table: direct, scare and indirect quotations, in text order."""
    fields = names(QUOTES)[1:]  # after the quote's number
    return [{"quote": i} | {field: q[field] for field in fields} for i, q in enumerate(quotes)]


def ranked(counts: Counter) -> list[str]:
    """Names by count, most first, ties by name: the one order of entities and speakers."""
    return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def mention_rows(found: list[dict], mapping: dict, labels: dict, sentence_starts: list[int],
                 quotes: list[dict]) -> list[dict]:
    """One row per kept mention: canonical entity, sentence (by start offset), in-quote flag."""
    quoted = direct_spans(quotes)
    rows = []
    for m in found:
        entity = mapping.get(m["name"])
        if entity is None:
            continue
        i = bisect_right(sentence_starts, m["start_char"]) - 1
        rows.append({
            "mention": len(rows), "entity": entity, "label": labels[entity], "text": m["text"],
            "section": m["section"], "paragraph": m["paragraph"], "sentence": i if i >= 0 else None,
            "start_char": m["start_char"], "end_char": m["end_char"],
            "in_quote": quoted.contains(m["start_char"]), "subject": m.get("subject", False),
            "salience": None,
        })
    return rows


ADJECTIVE_LABEL = "NORP"  # nationality and group adjectives: "Russian troops", "Democratic senators"


def named_referents(entities: list[dict]) -> list[dict]:
    """The entity rows that name a referent: all but nationality and group adjectives, which
    describe rather than name ("Russian troops") and are counted apart, never ranked."""
    return [e for e in entities if e["label"] != ADJECTIVE_LABEL]


def entity_rows(mentions: list[dict], quotes: list[dict], first_body: int | None) -> list[dict]:
    """One row per canonical entity (captions and table rows left out), most mentioned first,
    with the signals of its salience and the salience itself (see `salience`; none for the
    nationality and group adjectives, which are no referents); each mention row gets its entity's."""
    by_entity: dict[str, list[dict]] = {}
    for m in mentions:
        if m["section"] not in NOT_COUNTED:
            by_entity.setdefault(m["entity"], []).append(m)
    speaking = Counter(q["speaker"] for q in quotes if q["kind"] != "scare" and q["speaker"])
    rows = []
    for entity in ranked(Counter({entity: len(its) for entity, its in by_entity.items()})):
        its = by_entity[entity]
        in_quotes = sum(1 for m in its if m["in_quote"])
        rows.append({
            "entity": entity, "label": its[0]["label"], "mentions": len(its), "salience": None,
            "aliases": "; ".join(sorted({m["text"] for m in its})),
            "first_paragraph": min(m["paragraph"] for m in its),
            "last_paragraph": max(m["paragraph"] for m in its),
            "in_quotes": in_quotes, "in_narration": len(its) - in_quotes,
            "in_headline": any(m["section"] == "headline" for m in its),
            "in_first_paragraph": any(m["paragraph"] == first_body for m in its),
            "as_subject": sum(1 for m in its if m["subject"]), "quoting": speaking[entity],
        })
    named = named_referents(rows)  # adjectives are not ranked
    for row, score in zip(named, salience_scores(named)):
        row["salience"] = score
    by_name = {row["entity"]: row["salience"] for row in rows}
    for m in mentions:
        m["salience"] = by_name.get(m["entity"])
    return rows


# --- sentences and paragraphs -------------------------------------------------------------------

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


def sentence_rows(parsed: ParsedArticle, quotes: list[dict]) -> list[dict]:
    """One row per sentence: place, quotation status, speaker and both sentiment engines."""
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


def paragraph_rows(parsed: ParsedArticle, sentences: list[dict], quotes: list[dict]) -> list[dict]:
    """One row per block: section, offsets, sentences, and its words quoted against narrated
    (a word is quoted when it starts inside a direct quotation or right after its mark).

    The paragraph's mean sentence sentiment is added by `frames.frames` (pandas' groupby mean,
    whose last digits the committed tables carry)."""
    quoted = direct_spans(quotes)
    n_sentences = Counter(s["paragraph"] for s in sentences)
    rows = []
    for b in parsed.blocks:
        starts = word_starts(parsed.text, b.start, b.end)
        in_quotes = sum(1 for pos in starts if quoted.contains(pos) or quoted.contains(pos + 1)) \
            if quoted.spans else 0
        rows.append({
            "paragraph": b.index, "section": b.section, "start_char": b.start, "end_char": b.end,
            "text": b.text, "n_sentences": n_sentences[b.index], "n_words": len(starts),
            "quoted_words": in_quotes, "narrated_words": len(starts) - in_quotes,
            "quoted_share": round(in_quotes / len(starts), 4) if starts else 0.0,
        })
    return rows


# --- readability --------------------------------------------------------------------------------

def narration_text(parsed: ParsedArticle, quotes: list[dict]) -> str:
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


def body_prose(parsed: ParsedArticle) -> str:
    """The body's paragraphs, straightened, blank-line separated: the text readability scores."""
    return straighten("\n\n".join(b.text for b in parsed.blocks if b.section == "body"))


def readability_rows(parsed: ParsedArticle, quotes: list[dict], body_row: dict) -> list[dict]:
    """Readability of the body (given), its narration, its quotations and each body paragraph."""
    quotation_text = "\n\n".join(q["text"] for q in quotes if q["kind"] == "direct")
    return [body_row,
            readability.readability_row("narration", straighten(narration_text(parsed, quotes))),
            readability.readability_row("quotations", straighten(quotation_text)),
            *[readability.readability_row("paragraph", straighten(b.text), b.index)
              for b in parsed.blocks if b.section == "body"]]


# --- the summary row ----------------------------------------------------------------------------

def mean(values: list[float]) -> float | None:
    """Arithmetic mean, None for no values."""
    return sum(values) / len(values) if values else None


def english_warning(sentence_texts: list[str], nlp) -> list[str]:
    """A warning when too few words are English stop words: the models are English-only."""
    words = " ".join(sentence_texts).lower().split()
    if len(words) < 20:
        return []
    share = sum(w.strip(".,;:!?\"'“”‘’()") in nlp.Defaults.stop_words for w in words) / len(words)
    if share >= ENGLISH_STOPWORD_SHARE:
        return []
    return [f"the text does not look like English ({share:.0%} English stop words); "
            "entities, quotations, sentiment and readability assume English"]


def entity_features(entities: list[dict]) -> dict:
    """Entity counts and the most mentioned entities, from the entities rows."""
    def top(*wanted: str) -> str | None:
        return next((e["entity"] for e in entities if e["label"] in wanted), None)

    return {
        "mentions": sum(e["mentions"] for e in entities), "entities": len(entities),
        "people": sum(1 for e in entities if e["label"] == "PERSON"),
        "organisations": sum(1 for e in entities if e["label"] == "ORG"),
        "places": sum(1 for e in entities if e["label"] in ("GPE", "LOC")),
        "top_entities": "; ".join(e["entity"] for e in named_referents(entities)[:TOP_ENTITIES]),
        "top_person": top("PERSON"), "top_organisation": top("ORG"), "top_place": top("GPE", "LOC"),
    }


def quotation_features(paragraphs: list[dict], quotes: list[dict]) -> dict:
    """Quotation counts, the body's quoted words (from the paragraphs rows), and the named
    speakers (entities, not phrases such as "the company") quoted most, directly or indirectly."""
    body = [p for p in paragraphs if p["section"] == "body"]
    body_words = sum(p["n_words"] for p in body)
    quoted_words = sum(p["quoted_words"] for p in body)
    kinds = Counter(q["kind"] for q in quotes)
    speakers = Counter(q["speaker"] for q in quotes
                       if q["kind"] != "scare" and q["speaker"] and q["speaker_label"])
    order = ranked(speakers)
    return {
        "body_words": body_words, "direct_quotes": kinds["direct"],
        "indirect_quotes": kinds["indirect"], "scare_quotes": kinds["scare"],
        "quoted_words": quoted_words,
        "quoted_share": round(quoted_words / body_words, 4) if body_words else None,
        "speakers": len(speakers), "top_speaker": order[0] if order else None,
        "top_speakers": "; ".join(order[:TOP_SPEAKERS]),
    }


def sentiment_features(body: list[dict]) -> dict:
    """Mean sentiment of the body sentences (all, narration, quotation) and the shares of clear
    polarity: the figures the Sentiment study gives for one article."""
    compound = [s["vader_compound"] for s in body]
    labels = Counter(sentiment.vader_label(c) for c in compound)
    return {
        "vader_compound_mean": mean(compound),
        "vader_compound_narration": mean([s["vader_compound"] for s in body if not s["in_quote"]]),
        "vader_compound_quotation": mean([s["vader_compound"] for s in body if s["in_quote"]]),
        "share_positive": labels["positive"] / len(compound) if compound else None,
        "share_negative": labels["negative"] / len(compound) if compound else None,
        "textblob_polarity_mean": mean([s["textblob_polarity"] for s in body]),
        "textblob_subjectivity_mean": mean([s["textblob_subjectivity"] for s in body]),
    }


def readability_features(body_row: dict) -> dict:
    """textstat's scores and counts for the body (the readability table's body row)."""
    return {**{name: body_row[name] for name in names(READABILITY_SCORES)},
            **{f"textstat_{name}": body_row[name] for name in readability.COUNTS}}


def fingerprint(parsed: ParsedArticle) -> str:
    """A short hash of the body's words: two copies of one article share it, whatever their
    headline, facts, spacing or letter case."""
    words = " ".join(b.text for b in parsed.blocks if b.section == "body").lower().split()
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:16]


def summary_row(parsed: ParsedArticle, rows: dict[str, list[dict]], body_row: dict,
                warnings: list[str], facts: dict) -> dict:
    """The article in one row, columns in the order of `columns.SUMMARY`: the facts around it,
    counts, readability and sentiment of the body, quotations, entities, and every warning."""
    body_sentences = [s for s in rows["sentences"] if s["section"] == "body"]
    values = {
        "headline": " ".join(b.text for b in parsed.blocks if b.section == "headline"),
        **{name: facts.get(name) for name in names(FACTS)}, "fingerprint": fingerprint(parsed),
        "n_paragraphs": sum(1 for b in parsed.blocks if b.section == "body"),
        "n_sentences": len(body_sentences),
        **readability_features(body_row), **sentiment_features(body_sentences),
        **quotation_features(rows["paragraphs"], rows["quotes"]), **entity_features(rows["entities"]),
        "warnings": "; ".join(warnings) or None,
    }
    return {name: values[name] for name in names(SUMMARY)}


# --- every row set ------------------------------------------------------------------------------

def extract(parsed: ParsedArticle, overrides, nlp, *, reader_warnings: list[str] = (),
            full_readability: bool = True, facts: dict | None = None) -> dict[str, list[dict]]:
    """Every row set of one parsed article, and `summary` (one row, with the `facts` its source
    gave) and `warnings` (messages).

    Corpus mode passes `full_readability=False`: it stores no readability table, so only the
    body is scored (the summary's figures); the other rows cost little and are always made.
    """
    found, mapping, labels, quotes = entities_and_speech(parsed, overrides)
    sentences = sentence_rows(parsed, quotes)
    mentions = mention_rows(found, mapping, labels, [s["start_char"] for s in sentences], quotes)
    body_row = readability.readability_row("body", body_prose(parsed))
    rows = {
        "paragraphs": paragraph_rows(parsed, sentences, quotes),
        "sentences": sentences,
        "mentions": mentions,
        "entities": entity_rows(mentions, quotes,
                                next((b.index for b in parsed.blocks if b.section == "body"), None)),
        "quotes": quote_rows(quotes),
        "readability": readability_rows(parsed, quotes, body_row) if full_readability else [body_row],
    }
    warnings = [*reader_warnings, *english_warning([s["text"] for s in sentences], nlp)]
    rows["summary"] = [summary_row(parsed, rows, body_row, warnings, facts or {})]
    rows["warnings"] = warnings
    return rows
