"""The sentiment study's helpers: aggregates with their sentence counts, engine agreement, drivers."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.studies.sentiment import (
    by_entity,
    by_paragraph,
    by_speaker,
    by_voice,
    engine_agreement,
    format_hits,
    has_negation,
    polarity_sign,
    rolling_mean,
    rolling_window,
    scored_sentences,
    sentence_drivers,
    term_scores,
    vader_words,
)

SENTENCES = pd.DataFrame({
    "sentence": [0, 1, 2, 3, 4],
    "paragraph": [1, 1, 2, 3, 3],
    "in_quote": [False, True, True, True, False],
    "speaker": [None, "John Kirby", "John Kirby", "Mary Smith", None],
    "vader_compound": [0.5, -0.5, 0.1, 0.8, -0.2],
    "textblob_polarity": [0.2, -0.2, 0.0, 0.4, 0.0],
    "textblob_subjectivity": [0.5, 0.5, 0.0, 1.0, 0.0],
})


def test_by_speaker_counts_the_sentences_behind_each_mean():
    table = by_speaker(SENTENCES)
    assert table["speaker"].tolist() == ["John Kirby", "Mary Smith"]
    assert table["sentences"].tolist() == [2, 1]
    assert table["vader_compound"].tolist() == pytest.approx([-0.2, 0.8])
    assert table["textblob_polarity"].tolist() == pytest.approx([-0.1, 0.4])


def test_by_entity_counts_each_sentence_once_per_entity():
    mentions = pd.DataFrame({
        "entity": ["John Kirby", "John Kirby", "John Kirby", "Pentagon", "Russia"],
        "sentence": pd.array([0, 0, 4, 1, None], dtype="Int64"),  # Kirby twice in sentence 0
    })
    table = by_entity(SENTENCES, mentions)
    assert table["entity"].tolist() == ["John Kirby", "Pentagon"]
    assert table["sentences"].tolist() == [2, 1]
    assert table["vader_compound"].tolist() == pytest.approx([0.15, -0.5])


def test_by_voice_and_by_paragraph():
    voice = by_voice(SENTENCES).set_index("voice")
    assert voice.loc["quotation", "sentences"] == 3
    assert voice.loc["narration", "vader_compound"] == pytest.approx(0.15)
    paragraph = by_paragraph(SENTENCES)
    assert paragraph["paragraph"].tolist() == [1, 2, 3]
    assert paragraph["sentences"].tolist() == [2, 1, 2]
    assert paragraph["vader_compound"].tolist() == pytest.approx([0.0, 0.1, 0.3])


def test_seed_sentiment_by_speaker(seed):
    table = by_speaker(seed.sentences)
    assert table[["speaker", "sentences"]].values.tolist() == [["John Kirby", 16],
                                                                 ["Oleksandra Nazarova", 1]]
    assert table.loc[1, "vader_compound"] == -0.4166


def test_scored_sentences_number_body_sentences_with_voice_and_label():
    sentences = SENTENCES.assign(section=["headline", "body", "body", "body", "body"])
    scored = scored_sentences(SimpleNamespace(sentences=sentences))
    assert scored["position"].tolist() == [1, 2, 3, 4]
    assert scored["voice"].tolist() == ["quotation", "quotation", "quotation", "narration"]
    assert scored["label"].tolist() == ["negative", "positive", "positive", "negative"]


@pytest.mark.parametrize(("scores", "signs"), [([0.5, -0.04, 0.05, -0.3, 0.0], [1, 0, 1, -1, 0])])
def test_polarity_sign_treats_the_neutral_band_as_zero(scores, signs):
    assert polarity_sign(pd.Series(scores)).tolist() == signs


def test_engine_agreement_on_known_scores():
    frame = pd.DataFrame({"vader_compound": [-0.5, 0.0, 0.5, 0.9],
                          "textblob_polarity": [-0.2, 0.1, 0.3, 0.0]})
    agree = engine_agreement(frame)
    assert agree["n"] == 4
    assert agree["same_sign"] == pytest.approx(0.5)  # -/- and +/+ agree; 0/+ and +/0 do not
    assert agree["spearman"] == pytest.approx(0.4)
    assert agree["pearson"] == pytest.approx(frame["vader_compound"].corr(frame["textblob_polarity"]))


def test_engine_agreement_is_undefined_on_too_few_or_constant_scores():
    few = pd.DataFrame({"vader_compound": [0.1, 0.2], "textblob_polarity": [0.3, 0.1]})
    flat = pd.DataFrame({"vader_compound": [0.1, 0.2, 0.3], "textblob_polarity": [0.0, 0.0, 0.0]})
    for frame in (few, flat):
        assert engine_agreement(frame) | {"n": 0} == {"pearson": None, "spearman": None, "same_sign": None,
                                                     "n": 0}


@pytest.mark.parametrize(("n", "window"), [(0, 1), (1, 1), (2, 1), (3, 3), (4, 3), (5, 5), (40, 5)])
def test_rolling_window_is_odd_and_never_longer_than_the_text(n, window):
    assert rolling_window(n) == window


def test_rolling_mean_keeps_the_ends():
    assert rolling_mean(pd.Series([0.0, 1.0, 2.0, 3.0]), 3).tolist() == [0.5, 1.0, 2.0, 2.5]


def test_vader_words_and_format_hits():
    hits = vader_words("The war killed hope, but help came.")
    assert [word for word, _ in hits] == ["war", "killed", "hope", "help"]
    assert format_hits(hits, limit=2) == "war −2.9, killed −3.5 …"
    assert format_hits([]) == "(none)"


def test_sentence_drivers_name_the_words_behind_each_score():
    scored = pd.DataFrame({"position": [3], "voice": ["narration"], "vader_compound": [-0.9],
                           "textblob_polarity": [0.0], "text": ["The war killed many."]})
    row = sentence_drivers(scored).iloc[0]
    assert row["sentence"] == 3 and row["voice"] == "narration"
    assert row["vader words"].startswith("war −2.9, killed")
    assert row["textblob words"] == "killed −0.2, many +0.5"


@pytest.mark.parametrize(("text", "negated"), [("It isn’t good.", True), ("He never came.", True),
                                                 ("A good day.", False)])
def test_has_negation(text, negated):
    assert has_negation(text) is negated


def test_term_scores_count_and_score_conflict_words():
    terms = term_scores(["Troops fire rockets.", "The fire spread; troops left."])
    assert terms["term"].tolist() == ["fire", "troops", "rockets"]
    assert terms["occurrences"].tolist() == [2, 2, 1]
    assert terms.loc[terms["term"] == "rockets", "vader_valence"].isna().all()
