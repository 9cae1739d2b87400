"""Readers in general: the Document promise (offsets, sections), picking the reader by suffix, the
one-line refusals, plain text unchanged, dates that are never guessed, and the facts as shown."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis import ArticleError, paths
from analysis.display import facts_line
from analysis.reading import read_article
from analysis.sources import Document, Facts, assemble, document_from_bytes, read_document
from analysis.sources.facts import iso_date, text_fact
from analysis.structure import split_blocks
from analysis.studies.facts import fact_parts, source_line


def test_assemble_keeps_every_offset_and_drops_empty_parts():
    doc = assemble([("headline", " Harbour  plan\napproved "), ("body", ""), ("subheading", "Costs"),
                    ("body", "The council\nvoted on Tuesday.")], Facts(outlet="Gazette"))
    assert doc.text == "Harbour plan approved\n\nCosts\n\nThe council voted on Tuesday."
    assert [(b.index, b.section, b.text) for b in doc.blocks] == [
        (0, "headline", "Harbour plan approved"), (1, "subheading", "Costs"),
        (2, "body", "The council voted on Tuesday.")]
    assert all(doc.text[b.start:b.end] == b.text for b in doc.blocks)
    assert doc.facts.outlet == "Gazette"
    with pytest.raises(ValueError, match="unknown section 'sidebar'"):
        assemble([("sidebar", "x")])


def test_plain_text_is_read_exactly_as_before():
    document = read_document(paths.DEFAULT_ARTICLE)
    assert document.text == read_article(paths.DEFAULT_ARTICLE)
    assert document.blocks == split_blocks(document.text)
    assert document.facts == Facts()


def test_a_file_without_a_known_suffix_is_plain_text():
    document = document_from_bytes(b"Headline\n\nBody text here.\n", "story")
    assert [b.section for b in document.blocks] == ["headline", "body"]


@pytest.mark.parametrize(("name", "reason"), [
    ("story.pdf", "story.pdf is a PDF: PDF keeps no paragraphs; save the article as text, .docx or .html"),
    ("story.doc", "story.doc is an old Word file: save it as .docx"),
    ("stories.json", "stories.json is a JSON file: one article per line as .jsonl is read as a table"),
])
def test_forms_the_package_cannot_read_are_refused_in_one_line(tmp_path, name, reason):
    (tmp_path / name).write_bytes(b"%PDF-1.4 whatever")
    with pytest.raises(ArticleError) as caught:
        read_document(tmp_path / name)
    assert str(caught.value) == reason


def test_a_table_needs_a_row_and_a_row_needs_a_table(tmp_path):
    table = tmp_path / "stories.csv"
    table.write_text("title,text\nA,Some text.\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"^stories.csv is a table of articles: choose one with --id"):
        read_document(table)
    with pytest.raises(ArticleError, match=r"^--id picks a row of a table; story.txt is one article$"):
        (tmp_path / "story.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
        read_document(tmp_path / "story.txt", row="1")
    with pytest.raises(ArticleError, match=r"^no such file: .*missing.csv$"):
        read_document(tmp_path / "missing.csv", row="1")


def test_an_empty_article_names_its_file(tmp_path):
    (tmp_path / "empty.md").write_text("\n\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"^empty article \(no text\)"):
        read_document(tmp_path / "empty.md")


@pytest.mark.parametrize(("value", "expected"), [
    ("2015-11-11", "2015-11-11"), ("2015-11-11T23:10:00-05:00", "2015-11-11"), ("2015/11/11", "2015-11-11"),
    ("20151111", "2015-11-11"), ("Nov 11, 2015", "2015-11-11"),
    ("Wednesday 11 November 2015 10:00", "2015-11-11"),
    ("25/11/2015", "2015-11-25"), ("11/25/2015", "2015-11-25"), (dt.date(2015, 11, 11), "2015-11-11"),
    (dt.datetime(2015, 11, 11, 8), "2015-11-11"), (1447200000, "2015-11-11"), (20151111, "2015-11-11"),
    ("03/04/2015", None),  # March or April: never a guess
    ("November 2015", None), ("next Tuesday", None), ("2015-02-30", None), ("None", None), (True, None),
    (float("nan"), None), (10**12, None),
])
def test_dates_are_read_only_when_they_name_one_day(value, expected):
    assert iso_date(value) == expected


def test_missing_value_markers_are_no_facts():
    assert [text_fact(v) for v in ("None", " NaN ", "", None, "n/a", "AP\n wire")] == [
        None, None, None, None, None, "AP wire"]


def test_the_facts_line_escapes_everything_and_links_only_web_addresses():
    facts = {"outlet": "<b>Gazette</b>", "published": "2024-03-05", "published_from": "page metadata",
             "author": "Ida & Co", "url": "javascript:alert(1)", "source_row": None}
    assert fact_parts(facts) == ["<b>Gazette</b>", "2024-03-05 (date from page metadata)", "by Ida & Co",
                                 "javascript:alert(1)"]
    assert facts_line(facts) == ('<p class="facts">&lt;b&gt;Gazette&lt;/b&gt; · 2024-03-05 (date from page '
                                 'metadata) · by Ida &amp; Co · javascript:alert(1)</p>')
    linked = facts_line({"url": "https://example.org/a?b=1&c=2"})
    assert linked == ('<p class="facts"><a href="https://example.org/a?b=1&amp;c=2" rel="noreferrer">'
                      "https://example.org/a?b=1&amp;c=2</a></p>")
    assert facts_line({}) == ""
    assert source_line("stories.csv", {"source_row": 12}) == "Source file: stories.csv, row 12"
    assert source_line("story.txt", {}) == "Source file: story.txt"


def test_document_defaults_to_no_facts():
    assert Document("x", []).facts.as_row() == {
        "title": None, "outlet": None, "published": None, "published_from": None, "author": None,
        "url": None, "source_row": None}
