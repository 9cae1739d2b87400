"""Sentence sentiment: VADER's punctuation traps and the ±0.05 thresholds."""

from __future__ import annotations

import pytest

from analysis import sentiment
from analysis.sentiment import (
    normalise_for_vader,
    sentence_sentiment,
    vader_label,
    vader_scores,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It isn’t good", "It isn't good"),
        ("“Great,” he said.", '"Great," he said.'),
        ("‘Fine’ „ok“ «non»", "'Fine' \"ok\" \"non\""),
        ("\ufeffGood news", "Good news"),
        ("plain ASCII", "plain ASCII"),
    ],
)
def test_normalise_for_vader(text, expected):
    assert normalise_for_vader(text) == expected


@pytest.mark.parametrize(
    ("curly", "straight", "compound"),
    [
        ("It isn’t good", "It isn't good", -0.3412),
        ("\ufeffGood news", "Good news", 0.4404),
        ("“Great,” he said.", '"Great," he said.', 0.6249),
    ],
)
def test_vader_reads_curly_marks_like_straight_ones(curly, straight, compound):
    assert vader_scores(curly) == vader_scores(straight)
    assert vader_scores(curly)["vader_compound"] == compound


def test_negated_sentence_with_curly_apostrophe_is_negative():
    assert vader_label(vader_scores("It isn’t good")["vader_compound"]) == "negative"


@pytest.mark.parametrize(
    ("compound", "label"),
    [(0.05, "positive"), (0.9, "positive"), (0.0499, "neutral"), (0.0, "neutral"),
     (-0.0499, "neutral"), (-0.05, "negative"), (-1.0, "negative")],
)
def test_vader_thresholds(compound, label):
    assert vader_label(compound) == label


def test_sentence_sentiment_has_one_row_per_sentence():
    table = sentence_sentiment(["The cat sat on the mat.", "It isn’t good"])
    assert list(table.columns) == ["vader_compound", "vader_pos", "vader_neu", "vader_neg",
                                   "textblob_polarity", "textblob_subjectivity"]
    assert table["vader_compound"].tolist() == [0.0, -0.3412]
    assert table.loc[0, "vader_neu"] == 1.0


def test_sentence_sentiment_of_nothing_is_an_empty_table():
    table = sentence_sentiment([])
    assert table.empty and "vader_compound" in table.columns


def test_seed_sentences_are_scored_one_by_one(seed, seed_text):
    sentences = seed.sentences
    assert len(sentences) == 36
    for text, start, end in zip(sentences["text"], sentences["start_char"], sentences["end_char"]):
        assert seed_text[start:end] == text
    assert sentences["vader_compound"].between(-1, 1).all()
    negative = sentences.loc[sentences["text"].str.startswith("Russian citizens have lost access")]
    assert negative["vader_compound"].tolist() == [-0.7351]


@pytest.mark.parametrize("text", ["It isn’t good.", "A wonderful, terrible day!", "", "Numbers: 5% up."])
def test_direct_pattern_analyser_gives_textblobs_numbers(text):
    from textblob import TextBlob

    expected = TextBlob(sentiment.normalise_for_vader(text)).sentiment
    got = sentiment.textblob_scores(text)
    assert (got["textblob_polarity"], got["textblob_subjectivity"]) == (
        expected.polarity, expected.subjectivity)
