"""The structure, voices, entities and readability study helpers, on tiny tables with exact values."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.studies.entities import cooccurrence, strongest_pair
from analysis.studies.readability import cmu_coverage, ingredients
from analysis.studies.structure import body, structure_counts, voice
from analysis.studies.voices import (
    UNATTRIBUTED,
    direct_quotes,
    speaker_summary,
    voice_shares,
    voices_by_gender,
)

PARAGRAPHS = pd.DataFrame({
    "paragraph": [0, 1, 2, 3], "section": ["headline", "body", "body", "caption"],
    "n_words": [5, 20, 30, 3], "quoted_words": [0, 10, 6, 0],
})
SENTENCES = pd.DataFrame({"sentence": [0, 1, 2, 3], "section": ["headline", "body", "body", "body"],
                          "in_quote": [False, True, False, True]})
QUOTES = pd.DataFrame({
    "kind": ["direct", "direct", "indirect", "scare", "direct"],
    "speaker": ["Ann Lee", "Ann Lee", "Bo Park", None, None],
    "paragraph": [1, 2, 2, 2, 2], "n_words": [6, 4, 9, 1, 6],
})
ARTICLE = SimpleNamespace(paragraphs=PARAGRAPHS, sentences=SENTENCES, quotes=QUOTES)


def test_body_rows_and_counts_leave_out_headline_and_caption():
    assert body(PARAGRAPHS)["paragraph"].tolist() == [1, 2]
    assert structure_counts(ARTICLE) == {"paragraphs": 2, "sentences": 3, "words": 50, "quoted_words": 16,
                                         "narrated_words": 34, "quoted_share": 0.32}


def test_voice_of_a_sentence():
    assert voice(pd.Series([True, False])).tolist() == ["quotation", "narration"]


def test_speaker_summary_counts_direct_and_indirect_speech_per_speaker():
    table = speaker_summary(ARTICLE)
    assert table.values.tolist() == [["Ann Lee", 2, 10, 0, 1], [UNATTRIBUTED, 1, 6, 0, 2],
                                     ["Bo Park", 0, 0, 1, 2]]
    assert direct_quotes(ARTICLE)["n_words"].tolist() == [6, 4, 6]


def test_voice_shares_add_up_to_the_body():
    shares = voice_shares(ARTICLE)
    assert shares["voice"].tolist() == ["narration", "Ann Lee", UNATTRIBUTED]
    assert shares["words"].tolist() == [34, 10, 6]
    assert shares["share"].sum() == pytest.approx(1.0)


def test_speaker_summary_of_an_article_without_speech_is_empty():
    quiet = SimpleNamespace(paragraphs=PARAGRAPHS, sentences=SENTENCES, quotes=QUOTES.iloc[0:0])
    assert speaker_summary(quiet).empty
    assert voice_shares(quiet)["voice"].tolist() == ["narration"]


def test_cooccurrence_and_the_strongest_pair():
    article = SimpleNamespace(
        entities=pd.DataFrame({"entity": ["Kyiv", "Putin", "NATO", "Russian"],
                               "label": ["GPE", "PERSON", "ORG", "NORP"]}),
        mentions=pd.DataFrame({"entity": ["Kyiv", "Putin", "Kyiv", "Putin", "NATO", "NATO", "Kyiv"],
                               "sentence": [0, 0, 1, 1, 1, 2, 2]}))
    matrix = cooccurrence(article)
    assert matrix.loc["Kyiv", "Putin"] == 2 and matrix.loc["Putin", "NATO"] == 1
    assert matrix.loc["Kyiv", "NATO"] == 2 and matrix.loc["NATO", "NATO"] == 0
    assert strongest_pair(matrix) == ("Kyiv", "Putin", 2, 1)


def test_ingredients_of_a_readability_row():
    row = pd.Series({"words": 100, "sentences": 5, "syllables": 150, "polysyllables": 10,
                     "difficult_words": 20})
    assert ingredients(row) == {"words per sentence": 20.0, "syllables per word": 1.5,
                                "polysyllable share": 0.1, "difficult-word share": 0.2}


def test_cmu_coverage_lists_the_words_it_lacks():
    coverage = cmu_coverage("The Zelenskyy plan isn’t new.")
    assert (coverage["words"], coverage["in_dictionary"]) == (5, 4)
    assert coverage["missing"] == ["zelenskyy"]
    assert cmu_coverage("")["share"] is None


def test_voices_by_gender_adds_up_to_the_direct_quotations(seed):
    table = voices_by_gender(seed).set_index("gender")
    direct = seed.quotes[seed.quotes["kind"] == "direct"]
    assert table.index.tolist() == ["woman", "man", "unknown"]
    assert table["direct_quotes"].sum() == len(direct)
    assert table["quoted_words"].sum() == direct["n_words"].sum()
    kirby = direct[direct["speaker"] == "John Kirby"]
    assert (table.loc["man", "direct_quotes"], table.loc["man", "quoted_words"]) == (
        len(kirby), kirby["n_words"].sum())
    assert table.loc["woman", "direct_quotes"] == 0
    assert abs(table["word_share"].sum() - 1) < 1e-9


def test_measures_side_by_side_format_counts_and_scores():
    from analysis.studies.readability import measures_side_by_side

    scopes = pd.DataFrame({"sentences": [12, 0], "words": [1234, 0], "syllables": [1800, 0],
                           "polysyllables": [90, 0], "difficult_words": [200, 0],
                           "flesch_reading_ease": [55.25, None], "dale_chall_readability_score": [8.04, None],
                           "flesch_kincaid_grade": [10.96, None], "gunning_fog": [12.0, None],
                           "smog_index": [11.2, None], "coleman_liau_index": [10.1, None],
                           "automated_readability_index": [9.9, None], "linsear_write_formula": [8.0, None],
                           "consensus_grade": [10.0, None]}, index=["body", "quotations"])
    table = measures_side_by_side(scopes).set_index("measure")
    assert table.loc["words"].tolist() == ["1,234", "0"]
    assert table.loc["Flesch–Kincaid grade"].tolist() == ["11.0", "—"]
    assert list(table.index[:2]) == ["sentences", "words"] and len(table) == 14


def test_quoted_share_by_half():
    from analysis.studies.structure import quoted_share_by_half

    paragraphs = pd.DataFrame({"n_words": [10, 10, 20], "quoted_words": [5, 0, 20]})
    assert quoted_share_by_half(paragraphs) == (0.5, 2 / 3)
    assert quoted_share_by_half(paragraphs.iloc[0:0]) == (0.0, 0.0)
