"""One article in every form, through `analyze()` and the command line: the readers' structure and
facts reach the tables and the summary; a table's row is chosen with `row=` / `--id`."""

from __future__ import annotations

import docx
import pandas as pd
import pytest

from analysis import ArticleError, analyze
from analysis.__main__ import main as cli

BODY = ('The council approved the harbour plan on Tuesday after a year of argument.\n\n'
        '"It is a good day for the harbour," said Mayor Anna Lindqvist.')
PAGE = ("<html><head><title>Harbour plan approved | Gazette</title>"
        "<meta property='og:site_name' content='Gazette'><meta name='author' content='Ida Berg'>"
        "<meta property='article:published_time' content='2024-03-05T09:00:00Z'>"
        "<link rel='canonical' href='https://gazette.example/harbour'></head><body>"
        "<nav>Home | Politics | Sport</nav><article><h1>Harbour plan approved</h1>"
        "<p>The council approved the harbour plan on Tuesday after a year of argument over the "
        "waterfront.</p>"
        "<h2>What it costs</h2>"
        '<p>"It is a good day for the harbour and for everyone who works there," said Mayor Anna '
        "Lindqvist.</p>"
        "<p>The Northern Ports Authority will pay for most of the work, the council said on Tuesday.</p>"
        "</article><footer>Copyright Gazette</footer></body></html>")


def check_offsets(article):
    """`text[start_char:end_char]` gives back every span the package built."""
    for table in (article.paragraphs, article.sentences, article.mentions, article.quotes):
        for row in table.itertuples():
            assert article.text[row.start_char:row.end_char] == row.text


def test_a_saved_page_gives_its_article_structure_and_facts(tmp_path):
    page = tmp_path / "harbour.html"
    page.write_text(PAGE, encoding="utf-8")
    article = analyze(page, use_cache=False)
    assert article.headline == "Harbour plan approved"
    assert article.paragraphs[["section", "text"]].values.tolist()[:3] == [
        ["headline", "Harbour plan approved"],
        ["body", "The council approved the harbour plan on Tuesday after a year of argument over the "
                 "waterfront."],
        ["subheading", "What it costs"]]
    assert article.summary["n_paragraphs"] == 3  # the subheading is no body paragraph
    assert article.facts["outlet"] == "Gazette" and article.facts["author"] == "Ida Berg"
    assert article.facts["published"] == "2024-03-05"
    assert article.facts["url"] == "https://gazette.example/harbour"
    assert not article.sentences["text"].str.contains("Copyright|Politics").any()
    assert article.quotes.query("kind == 'direct'")["speaker"].tolist() == ["Anna Lindqvist"]
    check_offsets(article)


def test_a_word_file_and_a_markdown_file(tmp_path):
    word = docx.Document()
    word.add_paragraph("Harbour plan approved", style="Title")
    for paragraph in BODY.split("\n\n"):
        word.add_paragraph(paragraph)
    word.core_properties.author = "Ida Berg"
    word.save(tmp_path / "memo.docx")
    from_word = analyze(tmp_path / "memo.docx", use_cache=False)
    markdown = "# Harbour plan approved\n\n" + BODY.replace("harbour plan", "**harbour** plan")
    (tmp_path / "story.md").write_text(markdown, encoding="utf-8")
    from_markdown = analyze(tmp_path / "story.md", use_cache=False)
    for article in (from_word, from_markdown):
        assert article.headline == "Harbour plan approved"
        assert article.paragraphs["section"].tolist() == ["headline", "body", "body"]
        assert article.paragraphs["text"].tolist()[1].startswith("The council approved the harbour plan")
        assert article.quotes.query("kind == 'direct'")["speaker"].tolist() == ["Anna Lindqvist"]
        check_offsets(article)
    assert from_word.facts["author"] == "Ida Berg"


def test_a_row_of_a_table_by_id_or_number(tmp_path, capsys):
    table = tmp_path / "stories.csv"
    pd.DataFrame([{"id": "a1", "headline": "First", "body": BODY, "publish_date": "2024-03-05",
                   "media_name": "Gazette"},
                  {"id": "b2", "headline": "Second", "body": "Nothing was said on Monday.",
                   "publish_date": "", "media_name": "Tribune"}]).to_csv(table, index=False)
    article = analyze(table, row="a1", use_cache=False)
    assert (article.article_id, article.headline, article.facts["outlet"], article.facts["source_row"]) == (
        "stories-a1", "First", "Gazette", 1)
    assert article.facts["published_from"] == "column 'publish_date'"
    with pytest.raises(ArticleError, match="no row with id zz"):
        analyze(table, row="zz", use_cache=False)
    out = tmp_path / "tables"
    assert cli(["tables", str(table), "--id", "b2", "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith("stories-b2: ")
    assert pd.read_csv(out / "paragraphs.csv")["text"].tolist() == ["Second", "Nothing was said on Monday."]
    assert cli(["tables", str(table)]) == 2
    assert capsys.readouterr().err.startswith(
        "error: stories.csv is a table of articles: choose one with --id")
