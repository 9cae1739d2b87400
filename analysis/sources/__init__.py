"""Readers: an article in any form people hold it (plain text, Markdown, a saved web page, a Word
file, a row of a table) into one `Document`: text, blocks with offsets, and the facts around it.

One reader per form, each `(bytes, name) -> Document`; `read.py` picks the reader by file suffix.
"""

from .document import SECTIONS, Document, Facts, assemble
from .read import ARTICLE_SUFFIXES, TABLE_SUFFIXES, document_from_bytes, is_table, read_document

__all__ = ["ARTICLE_SUFFIXES", "SECTIONS", "TABLE_SUFFIXES", "Document", "Facts", "assemble",
           "document_from_bytes", "is_table", "read_document"]
