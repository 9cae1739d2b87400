"""The public columns of every table, in order, with their types: declared here once.

The single-article DataFrames (`frames.frame`), the Parquet schemas of corpus mode
(`corpus.schema`) and the README's table of columns (checked by tests/test_columns.py) all come
from these lists. Types: "str", "int", "int?" (an integer that may be missing: pandas Int64),
"float" (missing as NaN/None) and "bool".
"""

from __future__ import annotations

from .readability import COUNTS, METRICS
from .sentiment import SCORE_COLUMNS

SENTENCES = (
    ("sentence", "int"), ("paragraph", "int"), ("section", "str"), ("start_char", "int"),
    ("end_char", "int"), ("text", "str"), ("n_words", "int"), ("quoted_share", "float"),
    ("in_quote", "bool"), ("speaker", "str"), *[(name, "float") for name in SCORE_COLUMNS],
)
PARAGRAPHS = (
    ("paragraph", "int"), ("section", "str"), ("start_char", "int"), ("end_char", "int"),
    ("text", "str"), ("n_sentences", "int"), ("n_words", "int"), ("quoted_words", "int"),
    ("narrated_words", "int"), ("quoted_share", "float"), ("vader_compound_mean", "float"),
)
MENTIONS = (
    ("mention", "int"), ("entity", "str"), ("label", "str"), ("text", "str"), ("section", "str"),
    ("paragraph", "int"), ("sentence", "int?"), ("start_char", "int"), ("end_char", "int"),
    ("in_quote", "bool"), ("subject", "bool"), ("salience", "float"),
)
# An entity's salience (0-1, `salience.py`) and the signals it is made from: in the headline, in
# the first body paragraph, as the subject of a main clause, quoted, quoting, and its mentions.
ENTITIES = (
    ("entity", "str"), ("label", "str"), ("mentions", "int"), ("salience", "float"),
    ("aliases", "str"), ("first_paragraph", "int"), ("last_paragraph", "int"), ("in_quotes", "int"),
    ("in_narration", "int"), ("in_headline", "bool"), ("in_first_paragraph", "bool"),
    ("as_subject", "int"), ("quoting", "int"),
)
QUOTES = (
    ("quote", "int"), ("kind", "str"), ("text", "str"), ("speaker", "str"),
    ("speaker_label", "str"), ("speaker_gender", "str"), ("cue", "str"), ("attribution", "str"),
    ("paragraph", "int"), ("last_paragraph", "int"), ("start_char", "int"), ("end_char", "int"),
    ("n_words", "int"),
)
READABILITY_SCORES = (*[(name, "float") for name in METRICS], ("consensus_grade", "float"),
                      ("smog_reliable", "bool"))
READABILITY = (
    ("scope", "str"), ("paragraph", "int?"), *[(name, "int") for name in COUNTS],
    *READABILITY_SCORES, ("grade_note", "str"),
)
# The facts around an article, as its source gives them (`sources.Facts`): `published` is an
# ISO date or empty, `published_from` says where the date was read, `source_row` is a table's
# data row (1 = the first after the header).
FACTS = (
    ("title", "str"), ("outlet", "str"), ("published", "str"), ("published_from", "str"),
    ("author", "str"), ("url", "str"), ("source_row", "int?"),
)
# The summary of one article: what `Analysis.summary` holds and corpus mode's `articles` row
# (after the article's id and path). Counts, sentiment and readability are the body's;
# `fingerprint` is a short hash of the body text, equal for two copies of one article.
SUMMARY = (
    ("headline", "str"), *FACTS, ("fingerprint", "str"), ("n_paragraphs", "int"),
    ("n_sentences", "int"), ("body_words", "int"),
    *READABILITY_SCORES, *[(f"textstat_{name}", "int") for name in COUNTS],
    ("vader_compound_mean", "float"), ("vader_compound_narration", "float"),
    ("vader_compound_quotation", "float"), ("share_positive", "float"), ("share_negative", "float"),
    ("textblob_polarity_mean", "float"), ("textblob_subjectivity_mean", "float"),
    ("direct_quotes", "int"), ("indirect_quotes", "int"), ("scare_quotes", "int"),
    ("quoted_words", "int"), ("quoted_share", "float"), ("speakers", "int"), ("top_speaker", "str"),
    ("top_speakers", "str"), ("mentions", "int"), ("entities", "int"), ("people", "int"),
    ("organisations", "int"), ("places", "int"), ("top_entities", "str"), ("top_person", "str"),
    ("top_organisation", "str"), ("top_place", "str"), ("warnings", "str"),
)

ARTICLE_TABLES = {"paragraphs": PARAGRAPHS, "sentences": SENTENCES, "mentions": MENTIONS,
                  "entities": ENTITIES, "quotes": QUOTES, "readability": READABILITY}
IN_CORPUS = ("article", "str")  # the id column every corpus table starts with
CORPUS_TABLES = {
    "articles": (IN_CORPUS, ("path", "str"), *SUMMARY),
    "sentences": (IN_CORPUS, *SENTENCES),
    "mentions": (IN_CORPUS, *MENTIONS),
    "quotes": (IN_CORPUS, *QUOTES),
    "errors": (IN_CORPUS, ("path", "str"), ("reason", "str")),
}


def names(columns: tuple) -> list[str]:
    """The column names of one declaration, in order."""
    return [name for name, _ in columns]


def nullable_ints(columns: tuple) -> list[str]:
    """The integer columns that may be missing (pandas Int64 rather than float)."""
    return [name for name, kind in columns if kind == "int?"]
