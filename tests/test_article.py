"""The entry point: six tables, the parse cache, CSV output, and every kind of awkward input."""

from __future__ import annotations

import logging

import pandas as pd
import pytest
from conftest import SEED

from analysis import TABLE_NAMES, ArticleError, analyze, columns, parsing, paths
from analysis.parsing import chunk_spans


def test_analysis_holds_six_tables(seed):
    assert tuple(seed.tables) == TABLE_NAMES
    assert all(isinstance(t, pd.DataFrame) for t in seed.tables.values())
    assert seed.quotes is seed.tables["quotes"]
    assert seed.article_id == "000_87a923203847aeeb"
    assert seed.source == "seeds/000_87a923203847aeeb.txt"
    assert seed.headline == "Russian citizens not rushing to help their beleaguered military, Pentagon says"
    with pytest.raises(AttributeError):
        seed.no_such_table  # noqa: B018


def test_analysis_carries_its_text_overrides_and_summary(seed, seed_text):
    assert seed.text == seed_text
    assert seed.overrides == "seeds/000_87a923203847aeeb.overrides.toml"
    assert list(seed.summary) == columns.names(columns.SUMMARY)
    assert seed.summary["headline"] == seed.headline
    body = seed.sentences[seed.sentences["section"] == "body"]
    assert seed.summary["n_sentences"] == len(body)
    shown = [seed.paragraphs, seed.sentences, seed.mentions, seed.entities, seed.quotes,
             seed.readability]
    assert all(table is seed.tables[name] for table, name in zip(shown, TABLE_NAMES, strict=True))


def test_seed_table_sizes(seed):
    assert {name: len(t) for name, t in seed.tables.items()} == {
        "paragraphs": 27, "sentences": 36, "mentions": 57, "entities": 16, "quotes": 23,
        "readability": 27}


def test_seed_offsets_map_back_in_every_table(seed, seed_text):
    for name in ("paragraphs", "sentences", "mentions"):
        table = seed.tables[name]
        for text, start, end in zip(table["text"], table["start_char"], table["end_char"]):
            assert seed_text[start:end] == text, name


def test_cached_parse_gives_identical_tables(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "cache")
    first = analyze(SEED, use_cache=True)
    assert len(list((tmp_path / "cache").iterdir())) == 1
    second = analyze(SEED, use_cache=True)
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(first.tables[name], second.tables[name])
    assert (second.summary, second.text) == (first.summary, first.text)


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "cache")
    analyze(SEED, use_cache=False)
    assert not (tmp_path / "cache").exists()


def test_out_dir_gets_six_csv_files(seed, tmp_path):
    out = seed.write_tables(tmp_path / "tables")
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.csv" for n in TABLE_NAMES)
    assert pd.read_csv(out / "quotes.csv")["speaker"].iloc[1] == "John Kirby"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty article"), (b"\x00\x01binary", "binary file")],
)
def test_bad_input_writes_no_output(tmp_path, content, message):
    article = tmp_path / "bad.txt"
    article.write_bytes(content)
    with pytest.raises(ArticleError, match=message):
        analyze(article, use_cache=False, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_missing_overrides_file_named_explicitly(tmp_path):
    with pytest.raises(ArticleError, match="no such overrides file"):
        analyze(SEED, overrides=tmp_path / "none.toml", use_cache=False)


def test_headline_only(analyse_text):
    result = analyse_text("Only a headline here")
    assert result.paragraphs[["section", "text"]].values.tolist() == [["headline", "Only a headline here"]]
    assert result.quotes.empty and result.entities.empty
    body = result.readability.iloc[0]
    assert (body["scope"], body["words"], body["sentences"]) == ("body", 0, 0)


def test_html_markup_in_the_text(analyse_text):
    result = analyse_text('<h1>Pentagon news</h1>\n\n<p>"We are ready," <b>John Kirby</b> said.</p>')
    assert result.quotes[["kind", "text", "speaker"]].values.tolist() == [
        ["direct", "We are ready,", "John Kirby"]]
    assert "<" not in "".join(result.sentences["text"])


def test_non_english_text_warns_and_still_gives_tables(analyse_text, caplog):
    sentence = ("Le gouvernement français a annoncé hier une nouvelle réforme des retraites qui "
                "provoque la colère des syndicats. ")
    with caplog.at_level(logging.WARNING, logger="analysis.article"):
        result = analyse_text("Le titre\n\n" + sentence * 3)
    assert "does not look like English" in caplog.text
    assert len(result.sentences) > 0 and len(result.paragraphs) == 2


def test_text_over_spacy_max_length_is_chunked(analyse_text, nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 500)
    monkeypatch.setattr(parsing, "CHUNK_CHARS", 200)
    body = "Kirby said the war would go on for a long time. " * 40  # 1,960 characters, one paragraph
    result = analyse_text("Long one\n\n" + body)
    text = "Long one\n\n" + body
    assert len(result.paragraphs) == 2
    assert len(result.sentences) == 41
    for sentence, start, end in zip(result.sentences["text"], result.sentences["start_char"],
                                    result.sentences["end_char"]):
        assert text[start:end] == sentence
    assert result.entities[["entity", "mentions"]].values.tolist() == [["Kirby", 40]]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, [(0, 5)]),
        ("One. Two. Three.", 10, [(0, 9), (9, 16)]),  # after the last sentence end that fits
        ("abcdefghij" * 2, 8, [(0, 8), (8, 16), (16, 20)]),
    ],
)
def test_chunk_spans_cut_after_sentence_ends(text, limit, expected):
    assert chunk_spans(text, limit) == expected


def test_overrides_file_not_utf8_is_a_one_line_error(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Head\n\nKirby spoke.", encoding="utf-8")
    (tmp_path / "a.overrides.toml").write_bytes(b'[labels]\n"Caf\xe9" = "ORG"\n')
    with pytest.raises(ArticleError):
        analyze(article, use_cache=False)


def test_overrides_path_that_is_a_folder_is_a_one_line_error(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Head\n\nKirby spoke.", encoding="utf-8")
    (tmp_path / "a.overrides.toml").mkdir()
    with pytest.raises(ArticleError):
        analyze(article, use_cache=False)
