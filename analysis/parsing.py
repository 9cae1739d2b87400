"""Run spaCy once over an article's blocks and keep every doc with its offset into the text."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from .structure import Block, split_blocks
from .text import straighten

CHUNK_CHARS = 100_000  # well under spaCy's max_length, and its memory stays small per piece


@dataclass
class ParsedPiece:
    """A spaCy Doc for one block (or one chunk of a very long block) and where it starts."""

    block: Block
    offset: int
    doc: object


@dataclass
class ParsedArticle:
    """The article's text, its blocks, and the parsed pieces in text order."""

    text: str
    blocks: list[Block]
    pieces: list[ParsedPiece] = field(default_factory=list)

    def sentences(self):
        """(block, start, end, span) for each non-blank sentence, offsets into the article."""
        for piece in self.pieces:
            for sent in piece.doc.sents:
                if sent.text.strip():
                    yield piece.block, piece.offset + sent.start_char, piece.offset + sent.end_char, sent

    def tokens(self):
        """(block, absolute start, token) for every token in text order."""
        for piece in self.pieces:
            for token in piece.doc:
                yield piece.block, piece.offset + token.idx, token


def chunk_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """Split text into (start, end) pieces under `limit` chars, cutting after sentence ends."""
    spans, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        end = start + (cut + 1 if cut > 0 else limit)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def block_pieces(blocks: list[Block]) -> list[tuple[Block, int, str]]:
    """Each block cut into pieces small enough for spaCy, with absolute start offsets."""
    pieces = []
    for block in blocks:
        for start, end in chunk_spans(block.text, CHUNK_CHARS):
            pieces.append((block, block.start + start, block.text[start:end]))
    return pieces


def parse_stream(nlp, articles: list[tuple[str, list[Block]]],
                 batch_size: int = 64) -> Iterator[ParsedArticle]:
    """Parse (text, blocks) articles with one `nlp.pipe` stream over their straightened pieces;
    yield each article as soon as its last piece is parsed. Both modes parse through here."""
    split = [(text, blocks, block_pieces(blocks)) for text, blocks in articles]
    docs = iter(nlp.pipe((straighten(piece) for _, _, pieces in split for _, _, piece in pieces),
                         batch_size=batch_size))
    for text, blocks, pieces in split:
        yield ParsedArticle(text, blocks, [ParsedPiece(block, offset, next(docs))
                                           for block, offset, _ in pieces])


def parse_text(text: str, nlp, blocks: list[Block] | None = None) -> ParsedArticle:
    """Parse every block with one `nlp.pipe` stream: the blocks a reader found, or for plain
    text the blocks of `split_blocks`."""
    return next(parse_stream(nlp, [(text, split_blocks(text) if blocks is None else blocks)]))


def token_key(token) -> tuple[int, int]:
    """A stable key for a token (spaCy makes a new Token object on every access)."""
    return id(token.doc), token.i


class TokenIndex:
    """Find the tokens that start inside a character range, and any token's absolute offset."""

    def __init__(self, parsed: ParsedArticle):
        entries = [(start, token) for _, start, token in parsed.tokens()]
        self.starts = [start for start, _ in entries]
        self.tokens = [token for _, token in entries]
        self.offset_of = {token_key(token): start for start, token in entries}

    def between(self, start: int, end: int) -> list:
        """Tokens whose first character lies in [start, end)."""
        return self.tokens[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def start_of(self, token) -> int:
        """Absolute offset of a token of this article."""
        return self.offset_of[token_key(token)]
