"""Reading an article file: encodings, BOMs, line ends, markup, and one-line errors for bad input."""

from __future__ import annotations

import logging

import pytest

from analysis.errors import ArticleError
from analysis.reading import blank_markup, clean_text, decode, read_article

SMART = "“It isn’t over,” he said."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"Headline\n\nBody.", "Headline\n\nBody.", id="utf8"),
        pytest.param(b"\xef\xbb\xbfHeadline\n\nBody.", "Headline\n\nBody.", id="utf8-bom"),
        pytest.param(b"Headline\r\n\r\nBody.\r\n", "Headline\n\nBody.\n", id="crlf"),
        pytest.param(b"Headline\r\rBody.", "Headline\n\nBody.", id="cr-only"),
        pytest.param(SMART.encode("utf-8"), SMART, id="utf8-smart-quotes"),
        pytest.param(("\ufeff" + SMART).encode("utf-16-le"), SMART, id="utf16-le-bom"),
        pytest.param(("\ufeff" + SMART).encode("utf-16-be"), SMART, id="utf16-be-bom"),
        pytest.param(b"Tab\tkept", "Tab\tkept", id="tab-kept"),
    ],
)
def test_read_article_decodes(tmp_path, data, expected):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert read_article(path) == expected


@pytest.mark.parametrize(
    "text",
    [SMART, "Café’s “menu” – €5", "“MÜ” ‘a’ and “b”"],
    ids=["smart-quotes", "accent-before-apostrophe", "accent-before-closing-quote"],
)
def test_windows_1252_fallback_is_logged(text, caplog):
    # "café’s" is e9 92 in Windows-1252: it used to be mistaken for broken UTF-8 and mangled.
    with caplog.at_level(logging.WARNING, logger="analysis.reading"):
        assert decode(text.encode("cp1252")) == text
    assert "Windows-1252" in caplog.text


def test_invalid_utf8_inside_good_text_is_replaced_and_logged(caplog):
    good = "“Hello,” he said. "
    data = good.encode("utf-8") + b"\xff" + " “More.”".encode()
    with caplog.at_level(logging.WARNING, logger="analysis.reading"):
        assert decode(data) == good + "\ufffd “More.”"
    assert "invalid UTF-8 from byte 22" in caplog.text


def test_text_decoded_twice_is_read_as_written_and_logged(caplog):
    data = "Prosecutor Marc TrÃ©vidic said â€œnoâ€\x9d.".encode()
    with caplog.at_level(logging.WARNING, logger="analysis.reading"):
        assert decode(data) == data.decode()
    assert "decoded twice ('Ã©' at character 18)" in caplog.text


@pytest.mark.parametrize("text", ["Café in São Paulo, SÃO PAULO, Zürich, “quotes”, Ångström, naïve",
                                  "Ã la carte"])
def test_accented_text_gives_no_mojibake_warning(text, caplog):
    with caplog.at_level(logging.WARNING, logger="analysis.reading"):
        assert decode(text.encode()) == text
    assert caplog.text == ""


def test_valid_utf8_logs_nothing(caplog):
    with caplog.at_level(logging.WARNING, logger="analysis.reading"):
        decode(SMART.encode("utf-8"))
    assert caplog.records == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", id="png-nul-bytes"),
        pytest.param(bytes(range(1, 32)) * 4, "binary file", id="control-characters"),
        pytest.param(b"Headline \x81 body", "undecodable bytes at offset 9", id="undecodable"),
        pytest.param(b"\xff\xfeH\x00i", "undecodable UTF-16", id="truncated-utf16"),
        pytest.param(b"", "empty article", id="empty"),
        pytest.param(b" \n\r\n\t \n", "empty article", id="whitespace-only"),
        pytest.param(b"<p></p>\n<br/>", "empty article", id="markup-only"),
    ],
)
def test_bad_files_give_one_line_article_error(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ArticleError, match=message) as caught:
        read_article(path)
    assert "\n" not in str(caught.value)


def test_directory_is_refused(tmp_path):
    with pytest.raises(ArticleError, match="is a directory"):
        read_article(tmp_path)


def test_missing_path_is_refused(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "missing.txt")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>Kirby said.</p>", "   Kirby said.    "),
        ('He <a href="x">said</a> it.', "He " + " " * 12 + "said" + " " * 4 + " it."),
        ("A <!-- note --> B", "A               B"),
        ("A<script>var x = '<b>';</script>B", "A" + " " * 31 + "B"),
        ("A<STYLE>p {}</STYLE>B", "A" + " " * 19 + "B"),
        ("Line<br/>break", "Line     break"),
        ("3 < 4 and 5 > 2", "3 < 4 and 5 > 2"),
        ("Email <me@example.com>", "Email <me@example.com>"),
    ],
)
def test_markup_is_blanked_in_place(raw, expected):
    assert blank_markup(raw) == expected
    assert len(blank_markup(raw)) == len(raw)


def test_html_article_keeps_word_offsets(tmp_path, caplog):
    raw = "<h1>Headline</h1>\n\n<p>Kirby <b>said</b> so.</p>"
    path = tmp_path / "a.html.txt"
    path.write_text(raw, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="analysis.reading"):
        text = read_article(path)
    assert len(text) == len(raw)
    for word in ("Headline", "Kirby", "said", "so."):
        assert text.index(word) == raw.index(word)
    assert "HTML markup" in caplog.text


def test_a_few_control_characters_become_spaces():
    assert clean_text("A\x0cB\x07C\n") == "A B C\n"


def test_leading_bom_inside_text_is_dropped():
    assert clean_text("\ufeffHeadline") == "Headline"
