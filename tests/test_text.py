"""The text layer: span sets and the one word rule, with exact values."""

from __future__ import annotations

import pytest

from analysis.text import SpanSet, word_count, word_starts


def test_spanset_membership_is_half_open():
    spans = SpanSet([(10, 20), (0, 5)])
    assert [spans.contains(p) for p in (-1, 0, 4, 5, 9, 10, 19, 20)] == [
        False, True, True, False, False, True, True, False]


def test_spanset_overlap_counts_covered_characters():
    spans = SpanSet([(0, 5), (10, 20)])
    assert spans.overlap(3, 12) == 4  # 3, 4 and 10, 11
    assert spans.overlap(5, 10) == 0
    assert spans.overlap(0, 100) == 15
    assert SpanSet([]).overlap(0, 10) == 0 and not SpanSet([]).contains(0)


@pytest.mark.parametrize(("text", "starts"), [
    ("Kirby said — 5 times.", [0, 6, 13, 15]),  # a dash alone is no word
    ("  “Quoted,” he said.", [2, 12, 15]),
    ("", []),
])
def test_word_starts_and_word_count_follow_one_rule(text, starts):
    assert word_starts(text) == starts
    assert word_count(text) == len(starts)


def test_word_starts_within_a_range():
    text = "one two three four"
    assert word_starts(text, 4, 13) == [4, 8]
