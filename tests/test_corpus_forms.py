"""Corpus mode over collections as people hold them: a folder mixing every article form, a table
of articles in every table format, a folder with a metadata file beside it. The facts travel into
the `articles` table; bad rows and bad files become `errors` rows naming file and row; repeated
texts and unreadable dates are counted and said. Every collection is written into tmp_path."""

from __future__ import annotations

import json
import re

import docx
import pandas as pd
import pytest

from analysis import corpus
from analysis.__main__ import main as cli

STORY = ("The council approved the harbour plan on Tuesday.\n\n"
         '"It is a good day for the harbour," said Mayor Anna Lindqvist.')
ROWS = [
    {"id": "7", "title": "Harbour plan approved", "text": STORY, "date": "2024-03-05", "outlet": "Gazette",
     "author": "Ida Berg", "url": "https://example.org/a"},
    {"id": "8", "title": "Empty one", "text": "", "date": "2024-03-06", "outlet": "Gazette", "author": "",
     "url": ""},
    {"id": "9", "title": "Copy", "text": STORY, "date": "next week", "outlet": "Tribune", "author": "",
     "url": ""},
]
FACTS = ["article", "path", "headline", "title", "outlet", "published", "published_from", "author", "url",
         "source_row"]


def run(corpus_path, out, capsys, *extra) -> tuple[dict, str]:
    assert cli(["corpus", str(corpus_path), "--out", str(out), "--no-progress", *extra]) == 0
    return corpus.read_corpus(out), capsys.readouterr().err


def facts(tables) -> list[dict]:
    rows = tables["articles"][FACTS].astype(object)
    return [{k: (None if pd.isna(v) else v) for k, v in row.items()} for row in rows.to_dict("records")]


def write_table(path, rows: list[dict]):
    frame = pd.DataFrame(rows)
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".tsv":
        frame.to_csv(path, index=False, sep="\t")
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    elif path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_excel(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".parquet", ".xlsx"])
def test_a_table_of_articles_gives_rows_with_their_facts(tmp_path, capsys, suffix):
    table = write_table(tmp_path / f"stories{suffix}", ROWS)
    tables, err = run(table, tmp_path / "out", capsys)
    name = table.name
    assert facts(tables) == [
        {"article": "7", "path": name, "headline": "Harbour plan approved", "title": "Harbour plan approved",
         "outlet": "Gazette", "published": "2024-03-05", "published_from": "column 'date'",
         "author": "Ida Berg", "url": "https://example.org/a", "source_row": 1},
        {"article": "9", "path": name, "headline": "Copy", "title": "Copy", "outlet": "Tribune",
         "published": None, "published_from": None, "author": None, "url": None, "source_row": 3}]
    assert tables["errors"].to_dict("records") == [
        {"article": "8", "path": name, "reason": f"{name} row 2: empty text"}]
    assert tables["quotes"].query("kind == 'direct'")["speaker"].tolist() == ["Anna Lindqvist"] * 2
    assert "1 article repeats the body text of another (e.g. 7 = 9)" in err
    assert "1 article has a date that could not be read; left empty" in err
    fingerprints = tables["articles"]["fingerprint"].tolist()
    assert fingerprints[0] == fingerprints[1] and re.fullmatch(r"[0-9a-f]{16}", fingerprints[0])


def test_a_folder_mixes_every_form_and_reads_facts_from_a_metadata_file(tmp_path, capsys):
    root = tmp_path / "collection"
    (root / "tables").mkdir(parents=True)
    write_table(root / "tables" / "stories.csv", ROWS[:1])
    (root / "rates.txt").write_text("Rates held\n\nThe Bank of England kept rates at 4.75%.\n",
                                    encoding="utf-8")
    (root / "metadata.tsv").write_text("filename\tpublisher\tpublication_date\tauthor\n"
                                       "rates\tBBC\t2005-01-02\tNone\n", encoding="utf-8")
    (root / "notes.md").write_text("---\ndate: 2024-01-02\n---\n# Markdown story\n\nThe mayor *said* the "
                                   "plan was [good](https://x.org).\n", encoding="utf-8")
    (root / "page.html").write_text(
        "<html><head><title>Page story | Gazette</title><meta property='og:site_name' content='Gazette'>"
        "</head><body><nav>Home | News</nav><article><h1>Page story</h1>"
        + "".join(f"<p>Paragraph {i} of the page story says the harbour plan was approved by the council "
                  "after a long debate on Tuesday.</p>" for i in range(4))
        + "</article><footer>Copyright</footer></body></html>", encoding="utf-8")
    word = docx.Document()
    word.add_heading("Word story", level=0)
    word.add_paragraph("The council approved the plan, the Word file says.")
    word.core_properties.author = "Ida Berg"
    word.save(root / "memo.docx")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (root / "README.md").write_text("# About this folder\n\nNot an article.\n", encoding="utf-8")
    tables, _ = run(root, tmp_path / "out", capsys)
    rows = {row["article"]: row for row in facts(tables)}
    assert sorted(rows) == ["memo", "notes", "page", "rates", "tables/stories/7"]
    assert {k: rows["rates"][k] for k in ("headline", "outlet", "published", "published_from", "author")} == {
        "headline": "Rates held", "outlet": "BBC", "published": "2005-01-02",
        "published_from": "metadata.tsv column 'publication_date'", "author": None}
    assert (rows["notes"]["headline"], rows["notes"]["published"]) == ("Markdown story", "2024-01-02")
    assert (rows["page"]["headline"], rows["page"]["outlet"]) == ("Page story", "Gazette")
    assert (rows["memo"]["headline"], rows["memo"]["author"]) == ("Word story", "Ida Berg")
    assert rows["tables/stories/7"]["path"] == "tables/stories.csv"
    errors = tables["errors"].to_dict("records")
    assert [(e["article"], e["path"]) for e in errors] == [("broken", "broken.docx")]
    assert errors[0]["reason"].startswith("this Word file is damaged")
    page_sentences = tables["sentences"].query("article == 'page'")
    assert not page_sentences["text"].str.contains("Copyright|Home").any()


def test_a_table_without_a_text_column_is_refused_or_recorded(tmp_path, capsys):
    table = write_table(tmp_path / "media.csv", [{"id": 1, "title": "A", "url": "https://x.org"}])
    assert cli(["corpus", str(table), "--out", str(tmp_path / "out"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "id, title, url" in err
    root = tmp_path / "folder"
    root.mkdir()
    table.rename(root / "media.csv")
    (root / "a.txt").write_text("Headline\n\nThe council met on Tuesday.\n", encoding="utf-8")
    tables, _ = run(root, tmp_path / "out2", capsys)
    assert tables["articles"]["article"].tolist() == ["a"]
    assert tables["errors"][["article", "path"]].to_dict("records") == [
        {"article": "media", "path": "media.csv"}]


def test_columns_named_otherwise_are_given_with_columns(tmp_path, capsys):
    table = write_table(tmp_path / "export.csv", [{"story": "x", "body_text": STORY, "day": "2024-03-05"}])
    tables, _ = run(table, tmp_path / "out", capsys, "--columns", "text=body_text,date=day")
    assert facts(tables)[0]["published"] == "2024-03-05"
    assert tables["articles"]["body_words"].tolist() == [20]


def test_a_table_run_resumes_and_two_workers_write_what_one_writes(tmp_path, capsys):
    rows = [{"id": str(i), "title": f"Story {i}", "text": f"Story number {i} says the council met. " + STORY}
            for i in range(6)]
    table = write_table(tmp_path / "stories.jsonl", rows)
    assert cli(["corpus", str(table), "--out", str(tmp_path / "one"), "--no-progress", "--limit", "2",
                "--chunk-size", "2"]) == 0
    assert cli(["corpus", str(table), "--out", str(tmp_path / "one"), "--no-progress",
                "--chunk-size", "2"]) == 0
    second = capsys.readouterr().out.splitlines()[-1]
    assert re.fullmatch(r"4 articles analysed \(\d+\.\d/s\), 0 errors, 2 already done -> .*one", second)
    assert cli(["corpus", str(table), "--out", str(tmp_path / "two"), "--no-progress", "--workers", "2",
                "--chunk-size", "2"]) == 0
    one, two = corpus.read_corpus(tmp_path / "one"), corpus.read_corpus(tmp_path / "two")
    for name in corpus.TABLES:
        pd.testing.assert_frame_equal(one[name], two[name])
    assert one["articles"]["article"].tolist() == [str(i) for i in range(6)]
