"""The corpus-placement study's helpers, on tiny frames with exact values, and its two sources of
comparison stories: the shipped reference and a small corpus written into tmp_path."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import corpus, reference
from analysis.article import source_digest
from analysis.studies import placement


def stories(**columns) -> pd.DataFrame:
    """A frame of story features: every compared column, 0 unless given."""
    n = len(next(iter(columns.values())))
    base = {name: [0] * n for name in reference.reference_columns() if name != "article"}
    base["article"] = [f"f/{i:03d}" for i in range(n)]
    return placement.with_derived(pd.DataFrame(base | columns))


def test_derived_columns():
    frame = placement.with_derived(pd.DataFrame({
        "direct_quotes": [1, 0], "indirect_quotes": [2, 0], "entities": [5, 3], "body_words": [200, 0]}))
    assert frame["quotations"].tolist() == [3, 0]
    assert frame["entities_per_100"].iloc[0] == 2.5 and math.isnan(frame["entities_per_100"].iloc[1])


def test_values_read_as_words_and_numbers():
    assert placement.fmt("body_words", 1204.0) == "1,204"
    assert placement.fmt("share_negative", 0.4242) == "42%"
    assert placement.fmt("vader_compound_mean", 0.123) == "+0.12"
    assert placement.fmt("vader_compound_mean", -0.05) == "−0.05"
    assert placement.fmt("quoted_share", float("nan")) == "—"
    assert placement.fmt("quoted_share", None) == "—"


def test_percentile_rank_counts_ties_half_and_ignores_missing_values():
    assert placement.percentile_rank([1, 2, 3, 4], 3) == 62.5
    assert placement.percentile_rank([1, None, 2, float("nan"), 3, 4], 5) == 100.0
    assert placement.percentile_rank([2, 2], 2) == 50.0
    assert math.isnan(placement.percentile_rank([1, 2], float("nan")))
    assert math.isnan(placement.percentile_rank([None], 1))


def test_compared_says_how_the_article_differs():
    assert placement.compared("body_words", 300, [100, 200, 300, 400]) == "is longer than 2 of the 4 stories"
    assert placement.compared("body_words", 50, [100, 200, None]) == "is shorter than all 2 stories"
    assert placement.compared("entities", 4, [4, 4], "BBC stories") == (
        "has the same value as all 2 BBC stories")
    assert placement.compared("share_negative", 0.5, [0.1, 0.9, 0.2]) == (
        "has more negative sentences than 2 of the 3 stories")


def test_placement_table_and_its_reader_view():
    frame = stories(body_words=[100, 200, 300, 400], entities=[1, 2, 3, 4],
                    share_negative=[0.0, 0.1, 0.2, 0.3])
    article = placement.with_derived(pd.DataFrame([frame.iloc[0].to_dict() | {
        "body_words": 350, "entities": 7, "share_negative": float("nan")}])).iloc[0]
    placed = placement.placement_table(article, frame).set_index("column")
    assert placed.loc["body_words", ["article", "median", "q1", "q3", "percentile"]].tolist() == [
        350, 250.0, 175.0, 325.0, 75.0]
    assert placed.loc["entities_per_100", "article"] == 2.0
    assert placed.loc["entities", "percentile"] == 100.0
    assert math.isnan(placed.loc["share_negative", "percentile"])
    shown = placement.reader_table(placed.reset_index(), 4)
    assert list(shown.columns) == ["Feature", "Measured as", "This article", "Median of the 4 stories",
                                   "Middle half of the stories", "Percentile rank (0–100)"]
    lengths = shown.set_index("Feature").loc["Length"]
    assert lengths.tolist() == ["words in the body", "350", "250", "175 to 325", "75"]
    negative = shown.set_index("Feature").loc["Negative sentences"]
    assert (negative["This article"], negative["Percentile rank (0–100)"]) == ("—", "—")
    assert "nan" not in shown.to_string()


def placed_frame(percentiles: dict[str, float]) -> pd.DataFrame:
    """A placement table whose ranks are given (values are irrelevant here)."""
    return pd.DataFrame([{"feature": f.label, "column": f.column, "family": f.family, "unit": f.unit,
                          "article": 1.0, "median": 1.0, "q1": 1.0, "q3": 1.0,
                          "percentile": percentiles.get(f.column, 50.0)} for f in placement.FEATURES])


def test_extremes_keep_the_most_extreme_feature_of_each_family():
    placed = placed_frame({"flesch_reading_ease": 5.0, "flesch_kincaid_grade": 97.0,
                           "quoted_share": 92.0, "entities": 30.0})
    far = placement.extremes(placed)
    assert far["column"].tolist() == ["flesch_kincaid_grade", "quoted_share"]
    assert placement.extremes(placed_frame({})).empty


def test_headlines_name_what_sets_the_article_apart():
    assert placement.joined([]) == "" and placement.joined(["a"]) == "a"
    assert placement.joined(["a", "b", "c"]) == "a, b and c"
    frame = stories(body_words=[100, 200, 300, 400], quoted_share=[0.1, 0.2, 0.3, 0.4])
    placed = placed_frame({"body_words": 100.0, "quoted_share": 95.0})
    placed.loc[placed["column"] == "body_words", "article"] = 500.0
    placed.loc[placed["column"] == "quoted_share", "article"] = 0.9
    assert placement.percentile_headline(placed, frame, "stories") == (
        "The article is longer than all 4 stories and has more of its words in quotation marks "
        "than all 4 stories")
    assert placement.percentile_headline(placed_frame({}), frame, "stories") == (
        "Nothing sets the article apart from the 4 stories: every feature ranks between 10 and 90")
    panels = ["flesch_reading_ease", "vader_compound_mean", "quoted_share", "entities"]
    assert placement.panels_headline(placed_frame({"flesch_reading_ease": 3.0, "entities": 96.0}),
                                     panels, 911) == (
        "Flesch reading ease and named entities set the article apart; mean sentence sentiment and "
        "quoted share are within the usual range")
    assert placement.panels_headline(placed_frame({"quoted_share": 99.0}), panels, 60) == (
        "Quoted share sets the article apart; Flesch reading ease, mean sentence sentiment and "
        "named entities are within the usual range")
    assert placement.panels_headline(placed_frame({}), panels, 60) == (
        "On all 4 the article is within the range of the 60 stories")


def test_top_speakers_count_stories_not_quotations():
    frame = pd.DataFrame({"top_speakers": ["Ann Lee; Bo Li", "Bo Li", None, "Cy Ng; Bo Li; Ann Lee", ""]})
    assert placement.top_speakers(frame).to_dict("records") == [
        {"speaker": "Bo Li", "stories": 3}, {"speaker": "Ann Lee", "stories": 2},
        {"speaker": "Cy Ng", "stories": 1}]
    assert placement.top_speakers(frame, top=1)["speaker"].tolist() == ["Bo Li"]


def test_folder_counts():
    frame = pd.DataFrame({"article": ["business/001", "business/002", "tech/a/001", "loose"]})
    assert placement.folder_counts(frame) == {"": 1, "business": 2, "tech": 1}
    assert placement.folder_split(frame) == "1 at its top level, 2 from business/ and 1 from tech/"
    assert placement.folder_split(pd.DataFrame({"article": ["a", "b"]})) == ""


def test_stories_line_counts_what_was_read():
    frame = pd.DataFrame({"article": ["a/1", "b/1", "b/2"]})
    assert placement.stories_line(placement.Comparison(frame, "x", None, 5, 0)) == (
        "3 of its 5 stories (1 from a/ and 2 from b/)")
    assert placement.stories_line(placement.Comparison(frame, "x", None, 5, 2)) == (
        "all 5 of its stories, of which 3 could be read (1 from a/ and 2 from b/); "
        "2 could not and are left out")
    flat = pd.DataFrame({"article": ["one"]})
    assert placement.stories_line(placement.Comparison(flat, "x", None, 1, 0)) == "its one story"


def test_even_sample_takes_the_first_of_each_folder():
    items = [corpus.Item(a, f"{a}.txt", f"{a}.txt") for a in
             ["b/1", "b/2", "b/3", "b/4", "t/1", "t/2", "z"]]
    assert [i.article for i in placement.even_sample(items, 4)] == ["b/1", "b/2", "t/1", "z"]
    assert [i.article for i in placement.even_sample(items, 6)] == ["b/1", "b/2", "b/3", "t/1", "t/2", "z"]
    assert placement.even_sample(items, None) == items
    assert placement.even_sample(items, 99) == items


def test_stale_corpus_runs_are_dropped_and_nothing_else(tmp_path):
    cache = placement.cache_folder(tmp_path / "my corpus", 5, tmp_path / "cache")
    assert cache.name.startswith("my_corpus-") and cache.name.endswith(f"-5-{source_digest()}")
    prefix = cache.name.rsplit("-", 1)[0]
    made = {}
    for name, manifest in [(f"{prefix}-olddigest", True), (f"{prefix}-nomanifest", False),
                           (cache.name.replace("-5-", "-6-"), True), ("unrelated", True), (cache.name, True)]:
        made[name] = tmp_path / "cache" / name
        made[name].mkdir(parents=True)
        if manifest:
            (made[name] / corpus.MANIFEST).write_text("{}", encoding="utf-8")
    old = f"{prefix}-olddigest"
    assert placement.drop_stale(cache) == [made[old]]
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted(set(made) - {old})


def test_the_shipped_reference_is_the_default_comparison():
    shipped = placement.shipped_comparison()
    meta = reference.load_reference().meta
    assert len(shipped.stories) == meta["rows"] == shipped.found - shipped.unreadable
    assert {"quotations", "entities_per_100"} <= set(shipped.stories.columns)
    assert shipped.meta == meta and shipped.name == meta["name"] and "Greene" in meta["citation"]


def test_a_folder_of_stories_is_run_once_and_cached(tmp_path, nlp):
    folder = tmp_path / "stories"
    for name, body in [("a/one", "Rates rise\n\nThe bank raised rates on Monday, said Ann Lee.\n"),
                       ("a/two", "Shares fall\n\n\"We are worried,\" said Bo Li of Acme.\n"),
                       ("b/three", "Phones sell\n\nNokia sold more phones in Finland.\n")]:
        (folder / f"{name}.txt").parent.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.txt").write_text(body, encoding="utf-8")
    (folder / "b" / "broken.txt").write_bytes(b"")
    cache_root = tmp_path / "cache"
    first = placement.corpus_comparison(folder, sample=3, cache_root=cache_root)
    # the sample: the first two of a/ and the first of b/, which is the empty file
    assert (first.found, first.unreadable, first.meta, first.name) == (4, 1, None, "the folder stories")
    assert first.stories["article"].tolist() == ["a/one", "a/two"]
    assert first.stories["direct_quotes"].tolist() == [0, 1]
    assert placement.stories_line(first) == (
        "3 of its 4 stories, of which 2 could be read (2 from a/); 1 could not and is left out")
    assert "headline" not in first.stories.columns
    before = sorted(cache_root.iterdir())
    again = placement.corpus_comparison(folder, sample=3, cache_root=cache_root)
    assert sorted(cache_root.iterdir()) == before
    pd.testing.assert_frame_equal(again.stories, first.stories)
    (folder / "only-broken").mkdir()
    (folder / "only-broken" / "empty.txt").write_bytes(b"")
    with pytest.raises(placement.ArticleError, match="no story in the folder only-broken could be read"):
        placement.corpus_comparison(folder / "only-broken", cache_root=cache_root)


def test_an_article_is_shaped_as_the_stories_are(seed):
    row = seed.summary
    features = placement.article_features(row)
    assert list(features.index) == [*reference.reference_columns(), "quotations", "entities_per_100"]
    assert features["quotations"] == row["direct_quotes"] + row["indirect_quotes"]
    assert features["vader_compound_mean"] == pytest.approx(row["vader_compound_mean"], abs=5e-5)


def test_compared_with_a_single_story_reads_naturally():
    column = next(iter(placement.BY_COLUMN))
    assert placement.compared(column, 5, [3]).endswith("than the one story")
    assert placement.compared(column, 3, [3]) == "has the same value as the story"
    assert placement.compared(column, 5, [3, 4]).endswith("than all 2 stories")
