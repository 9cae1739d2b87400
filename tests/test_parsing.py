"""Parsing: pieces under spaCy's limit, and the token index that maps tokens to article offsets."""

from __future__ import annotations

from analysis.parsing import TokenIndex, chunk_spans, parse_text


def test_chunk_spans_cut_after_sentence_ends_and_cover_the_text():
    text = "First sentence here. Second one follows. Third is last."
    spans = chunk_spans(text, 25)
    assert spans == [(0, 20), (20, 40), (40, len(text))]  # each cut right after a full stop
    assert "".join(text[a:b] for a, b in spans) == text


def test_chunk_spans_of_a_short_text_is_the_whole_text():
    assert chunk_spans("Short.", 100) == [(0, 6)]


def test_token_index_maps_tokens_to_article_offsets(nlp):
    text = "Headline here\n\nKirby said it was “stunning”. Putin did not reply."
    parsed = parse_text(text, nlp)
    index = TokenIndex(parsed)
    tokens = index.between(text.index("Kirby"), text.index("Putin"))
    assert tokens[0].text == "Kirby" and tokens[-1].text == "."
    straight = str.maketrans("“”", '""')  # the parser reads curly marks straightened, one for one
    for token in index.tokens:
        start = index.start_of(token)
        assert text[start : start + len(token.text)].translate(straight) == token.text
    assert index.between(0, 0) == []
