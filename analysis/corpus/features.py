"""One article's rows in corpus mode: its sentences, mentions and quotes, and its `articles` row."""

from __future__ import annotations

from collections import Counter

from .. import readability, sentiment, tables
from ..entities import Overrides
from ..parsing import ParsedArticle
from ..pipeline import ENGLISH_STOPWORD_SHARE, entities_and_speech
from ..tables import direct_spans, word_starts
from .items import Item
from .schema import READABILITY_COLUMNS, READABILITY_COUNTS

TOP_ENTITIES = 5
TOP_SPEAKERS = 3


def sentence_rows(article: str, parsed: ParsedArticle, quotes: list[dict]) -> list[dict]:
    """The rows of `tables.sentences_table`, with the article id."""
    return [{"article": article, **row} for row in tables.sentence_rows(parsed, quotes)]


def mention_rows(article: str, found: list[dict], mapping: dict, labels: dict,
                 sentences: list[dict], quotes: list[dict]) -> list[dict]:
    """The rows of `tables.mentions_table`, with the article id."""
    starts = [row["start_char"] for row in sentences]
    return [{"article": article, **row}
            for row in tables.mention_rows(found, mapping, labels, starts, quotes)]


QUOTE_FIELDS = ("kind", "text", "speaker", "speaker_label", "cue", "attribution", "paragraph",
                "last_paragraph", "start_char", "end_char", "n_words")


def quote_rows(article: str, quotes: list[dict]) -> list[dict]:
    """The rows of `tables.quotes_table`."""
    return [{"article": article, "quote": i} | {k: q[k] for k in QUOTE_FIELDS}
            for i, q in enumerate(quotes)]


def mean(values: list[float]) -> float | None:
    """Arithmetic mean, None for no values."""
    return sum(values) / len(values) if values else None


def ranked(counts: Counter) -> list[str]:
    """Names by count, most first, ties by name (the order of `tables.entities_table`)."""
    return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def entity_features(mentions: list[dict]) -> dict:
    """Entity counts and the most mentioned entities (captions left out, as in `entities`)."""
    counted = [m for m in mentions if m["section"] != "caption"]
    counts = Counter(m["entity"] for m in counted)
    label_of = {m["entity"]: m["label"] for m in counted}
    order = ranked(counts)

    def top(*wanted: str) -> str | None:
        return next((e for e in order if label_of[e] in wanted), None)

    return {
        "mentions": len(counted), "entities": len(counts),
        "people": sum(1 for e in counts if label_of[e] == "PERSON"),
        "organisations": sum(1 for e in counts if label_of[e] == "ORG"),
        "places": sum(1 for e in counts if label_of[e] in ("GPE", "LOC")),
        "top_entities": "; ".join(order[:TOP_ENTITIES]),
        "top_person": top("PERSON"), "top_organisation": top("ORG"), "top_place": top("GPE", "LOC"),
    }


def quotation_features(parsed: ParsedArticle, quotes: list[dict]) -> dict:
    """Quotation counts, the body's words inside direct quotation marks (counted as in the
    paragraphs table), and the named speakers (entities, not phrases such as "the company")
    quoted most, directly or indirectly."""
    quoted = direct_spans(quotes)
    body_words = quoted_words = 0
    for block in parsed.blocks:
        if block.section == "body":
            starts = word_starts(parsed.text, block.start, block.end)
            body_words += len(starts)
            if quoted.spans:
                quoted_words += sum(1 for pos in starts if quoted.contains(pos) or quoted.contains(pos + 1))
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


def body_sentences(sentences: list[dict]) -> list[dict]:
    """The sentences of the body: headline, standfirst and captions left out, as every study does."""
    return [s for s in sentences if s["section"] == "body"]


def sentiment_features(sentences: list[dict]) -> dict:
    """Mean sentiment of the body sentences (all, narration, quotation) and the shares of clear
    polarity: the figures the Sentiment study gives for one article."""
    body = body_sentences(sentences)
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


def readability_features(parsed: ParsedArticle) -> dict:
    """textstat's metrics and counts for the body, as the `readability` table's body row."""
    row = readability.readability_row("body", tables.body_prose(parsed))
    features = {name: row[name] for name in READABILITY_COLUMNS}
    features.update({column: row[name] for column, name in READABILITY_COUNTS.items()})
    return features


def english_warning(sentences: list[dict], nlp) -> list[str]:
    """The single-article check: too few English stop words means the models do not apply."""
    words = " ".join(s["text"] for s in sentences).lower().split()
    if len(words) < 20:
        return []
    stop = nlp.Defaults.stop_words
    share = sum(w.strip(".,;:!?\"'“”‘’()") in stop for w in words) / len(words)
    if share >= ENGLISH_STOPWORD_SHARE:
        return []
    return [f"the text does not look like English ({share:.0%} English stop words)"]


def article_tables(item: Item, parsed: ParsedArticle, overrides: Overrides, nlp,
                   warnings: list[str]) -> dict[str, list[dict]]:
    """All rows one article contributes: what `pipeline.build_tables` derives, minus pandas.

    The features are the single-article figures: counts, sentiment and readability over the
    body; quotations and entities as in the quotes and entities tables.
    """
    found, mapping, labels, quotes = entities_and_speech(parsed, overrides)
    sentences = sentence_rows(item.article, parsed, quotes)
    mentions = mention_rows(item.article, found, mapping, labels, sentences, quotes)
    features = {
        "article": item.article, "path": item.path,
        "headline": " ".join(b.text for b in parsed.blocks if b.section == "headline"),
        "n_paragraphs": sum(1 for b in parsed.blocks if b.section == "body"),
        "n_sentences": len(body_sentences(sentences)),
        **readability_features(parsed), **sentiment_features(sentences),
        **quotation_features(parsed, quotes), **entity_features(mentions),
        "warnings": "; ".join(warnings + english_warning(sentences, nlp)) or None,
    }
    return {"articles": [features], "sentences": sentences, "mentions": mentions,
            "quotes": quote_rows(item.article, quotes)}
