"""A plain-text article (`.txt`): headline on the first line, then paragraphs, as ever."""

from __future__ import annotations

from ..reading import clean_text, decode
from ..structure import split_blocks
from .document import Document


def read_plain(data: bytes, name: str = "") -> Document:
    """Decode, clean and split a text file exactly as before readers existed (tables unchanged)."""
    text = clean_text(decode(data))
    return Document(text, split_blocks(text))
