"""The one per-article extraction: plain rows for every table and the summary row, on parsed
docs (no analyze(), no cache)."""

from __future__ import annotations

import pytest

from analysis import columns, extraction
from analysis.entities import Overrides
from analysis.parsing import parse_text

TEXT = ("Acme profits jump as sales soar\n\n"
        "Acme Corporation said on Monday that its profits rose in the three months to March.\n\n"
        '"We have never sold so many rockets," said chief executive Wile Coyote. "Demand is strong."\n\n'
        "Analysts at Road Runner Securities said Acme had done better than expected.\n")


@pytest.fixture(scope="module")
def rows(nlp):
    return extraction.extract(parse_text(TEXT, nlp), Overrides(), nlp)


def mention(entity, label, text, paragraph, section="body", in_quote=False, subject=False):
    return {"entity": entity, "label": label, "text": text, "paragraph": paragraph,
            "section": section, "in_quote": in_quote, "subject": subject}


def test_entities_ranked_by_mentions_then_name_captions_left_out():
    mentions = [mention("Zeta", "ORG", "Zeta", 1, section="headline"), mention("Acme", "ORG", "Acme Corp", 1),
                mention("Zeta", "ORG", "Zeta Ltd", 3, in_quote=True),
                mention("Acme", "ORG", "Acme", 2, subject=True),
                mention("Bob", "PERSON", "Bob", 2), mention("Bob", "PERSON", "Bob", 4, section="caption"),
                mention("Bob", "PERSON", "Bob", 5, section="caption")]
    quotes = [{"kind": "direct", "speaker": "Bob"}, {"kind": "scare", "speaker": "Bob"}]
    rows = extraction.entity_rows(mentions, quotes, first_body=2)
    signals = ["entity", "mentions", "aliases", "first_paragraph", "last_paragraph", "in_quotes",
               "in_narration",
               "in_headline", "in_first_paragraph", "as_subject", "quoting"]
    assert [[row[name] for name in signals] for row in rows] == [
        ["Acme", 2, "Acme; Acme Corp", 1, 2, 0, 2, False, True, 1, 0],
        ["Zeta", 2, "Zeta; Zeta Ltd", 1, 3, 1, 1, True, False, 0, 0],
        ["Bob", 1, "Bob", 2, 2, 0, 1, False, True, 0, 1]]
    assert all(0 <= row["salience"] <= 1 for row in rows)
    assert [m["salience"] for m in mentions[:2]] == [rows[1]["salience"], rows[0]["salience"]]


def test_every_row_set_has_the_declared_columns(rows):
    for name, declared in columns.ARTICLE_TABLES.items():
        expected = columns.names(declared)
        if name == "paragraphs":  # its sentiment mean is added by frames.frames
            expected = [c for c in expected if c != "vader_compound_mean"]
        assert all(list(row) == expected for row in rows[name]), name
    assert list(rows["summary"][0]) == columns.names(columns.SUMMARY)


def test_quoted_words_counted_inside_the_direct_quotation(rows):
    quoted = rows["paragraphs"][2]
    assert quoted["quoted_words"] == 10  # "We have never sold so many rockets" + "Demand is strong."
    assert quoted["narrated_words"] == 5  # said chief executive Wile Coyote
    assert [p["quoted_words"] for p in rows["paragraphs"] if p["paragraph"] != 2] == [0, 0, 0]


def test_summary_row_is_the_body_of_the_tables(rows):
    summary = rows["summary"][0]
    body = [s for s in rows["sentences"] if s["section"] == "body"]
    assert summary["headline"] == "Acme profits jump as sales soar"
    assert summary["n_sentences"] == len(body) and summary["n_paragraphs"] == 3
    assert summary["body_words"] == sum(p["n_words"] for p in rows["paragraphs"][1:])
    assert summary["vader_compound_mean"] == pytest.approx(
        sum(s["vader_compound"] for s in body) / len(body))
    assert summary["direct_quotes"] == 2 and summary["quoted_words"] == 10
    assert summary["entities"] == len(rows["entities"])
    assert summary["top_entities"].split("; ")[0] == rows["entities"][0]["entity"]
    body_row = rows["readability"][0]
    assert body_row["scope"] == "body"
    assert summary["flesch_reading_ease"] == body_row["flesch_reading_ease"]
    assert summary["textstat_words"] == body_row["words"]
    assert summary["warnings"] is None


def test_body_readability_only_when_asked(nlp):
    rows = extraction.extract(parse_text(TEXT, nlp), Overrides(), nlp, full_readability=False)
    assert [r["scope"] for r in rows["readability"]] == ["body"]


def test_non_english_text_is_warned_about_once(nlp):
    text = "Titre\n\n" + "Le gouvernement a annoncé hier une nouvelle réforme des retraites. " * 5
    rows = extraction.extract(parse_text(text, nlp), Overrides(), nlp, reader_warnings=["decoded"])
    assert rows["warnings"][0] == "decoded"
    assert rows["warnings"][1].startswith("the text does not look like English (")
    assert rows["summary"][0]["warnings"] == "; ".join(rows["warnings"])
