"""The corpus tables: their names, sort keys and pyarrow schemas, and rows made into a table."""

from __future__ import annotations

from functools import lru_cache

from .. import readability

TABLES = ("articles", "sentences", "mentions", "quotes", "errors")
SORT_KEYS = {"articles": ["article"], "sentences": ["article", "sentence"],
             "mentions": ["article", "mention"], "quotes": ["article", "quote"],
             "errors": ["article"]}
READABILITY_COLUMNS = [*readability.METRICS, "consensus_grade", "smog_reliable"]
READABILITY_COUNTS = {f"textstat_{name}": name for name in readability.COUNTS}
# `tables.word_starts` in one regex: a whitespace-delimited run holding a letter or digit
# ([^\W_] is exactly str.isalnum); the tests check both agree on awkward text.


# --- table schemas ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def schemas() -> dict:
    """The pyarrow schema of every table: explicit, so every part file has the same columns."""
    import pyarrow as pa

    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    sentiment_cols = [("vader_compound", f), ("vader_pos", f), ("vader_neu", f), ("vader_neg", f),
                      ("textblob_polarity", f), ("textblob_subjectivity", f)]
    articles = [
        ("article", s), ("path", s), ("headline", s), ("n_paragraphs", i), ("n_sentences", i),
        ("body_words", i),
        *[(name, f) for name in readability.METRICS], ("consensus_grade", f), ("smog_reliable", b),
        *[(name, i) for name in READABILITY_COUNTS],
        ("vader_compound_mean", f), ("vader_compound_narration", f), ("vader_compound_quotation", f),
        ("share_positive", f), ("share_negative", f), ("textblob_polarity_mean", f),
        ("textblob_subjectivity_mean", f),
        ("direct_quotes", i), ("indirect_quotes", i), ("scare_quotes", i), ("quoted_words", i),
        ("quoted_share", f), ("speakers", i), ("top_speaker", s), ("top_speakers", s),
        ("mentions", i), ("entities", i), ("people", i), ("organisations", i), ("places", i),
        ("top_entities", s), ("top_person", s), ("top_organisation", s), ("top_place", s),
        ("warnings", s),
    ]
    sentences = [
        ("article", s), ("sentence", i), ("paragraph", i), ("section", s), ("start_char", i),
        ("end_char", i), ("text", s), ("n_words", i), ("quoted_share", f), ("in_quote", b),
        ("speaker", s), *sentiment_cols,
    ]
    mentions = [
        ("article", s), ("mention", i), ("entity", s), ("label", s), ("text", s), ("section", s),
        ("paragraph", i), ("sentence", i), ("start_char", i), ("end_char", i), ("in_quote", b),
    ]
    quotes = [
        ("article", s), ("quote", i), ("kind", s), ("text", s), ("speaker", s),
        ("speaker_label", s), ("cue", s), ("attribution", s), ("paragraph", i),
        ("last_paragraph", i), ("start_char", i), ("end_char", i), ("n_words", i),
    ]
    errors = [("article", s), ("path", s), ("reason", s)]
    return {name: pa.schema(cols) for name, cols in zip(
        TABLES, (articles, sentences, mentions, quotes, errors))}


def pa_table(name: str, rows: list[dict]):
    """Rows as a pyarrow table of the named corpus table's schema."""
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=schemas()[name])
