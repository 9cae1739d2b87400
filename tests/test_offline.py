"""The whole analysis runs with the network cut off: nothing downloads at import or run time."""

from __future__ import annotations

import socket

import pytest
from conftest import SEED

from analysis import analyze, readability
from analysis.nlp import load_pipeline


@pytest.fixture
def no_network(monkeypatch):
    """Every way out of the machine raises (connect, create_connection, DNS lookups)."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_sockets_are_really_blocked(no_network):
    with pytest.raises(OSError, match="offline test"):
        socket.create_connection(("pypi.org", 443), timeout=1)
    assert len(no_network) == 1


def test_full_analysis_offline(no_network):
    fresh = load_pipeline.__wrapped__()  # the spaCy model loads offline (a fresh copy, not the cached one)
    assert "ner" in fresh.pipe_names
    readability.clear_caches()  # textstat recomputes syllables from scratch
    result = analyze(SEED, use_cache=False)
    assert no_network == []
    assert {name: len(t) for name, t in result.tables.items()} == {
        "paragraphs": 27, "sentences": 36, "mentions": 57, "entities": 16, "quotes": 23,
        "readability": 27}
    assert result.readability.loc[0, "syllables"] > 0


def test_every_reader_works_offline_and_requests_nothing(no_network, tmp_path):
    """A saved page full of remote addresses, a Word file and a table are read with no network
    attempt: nothing a page links to (images, styles, scripts, frames, its own URL) is fetched."""
    import docx
    import pandas as pd

    from analysis.sources import read_document

    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Harbour plan approved</title><link rel=stylesheet href='http://example.org/s.css'>"
        "<script src='https://example.org/x.js'></script><meta property='og:url' content='https://example.org/a'>"
        "</head><body><article><h1>Harbour plan approved</h1><img src='http://example.org/p.jpg'>"
        "<iframe src='https://example.org/frame'></iframe>"
        + "".join(f"<p>Paragraph {n} says the council approved the harbour plan on Tuesday after a year of "
                  "argument over the waterfront and its fishermen.</p>" for n in range(4))
        + "</article></body></html>", encoding="utf-8")
    word = docx.Document()
    word.add_paragraph("Harbour plan approved", style="Title")
    word.add_paragraph("The council approved the harbour plan on Tuesday.")
    word.save(tmp_path / "memo.docx")
    pd.DataFrame([{"title": "Harbour plan approved", "text": "The council approved it."}]).to_excel(
        tmp_path / "stories.xlsx", index=False)
    headlines = [read_document(page).blocks[0].text, read_document(tmp_path / "memo.docx").blocks[0].text,
                 read_document(tmp_path / "stories.xlsx", row="1").blocks[0].text]
    assert headlines == ["Harbour plan approved"] * 3
    assert no_network == []
