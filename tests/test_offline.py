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
