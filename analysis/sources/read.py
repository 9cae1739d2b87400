"""Pick the reader for a file by its suffix, and read one article from a path (a table's row by id)."""

from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import ArticleError
from .document import Document

# suffix -> (module, function): imported on first use, so a run over text files never loads
# trafilatura or python-docx.
READERS = {
    ".txt": ("plain", "read_plain"), ".md": ("markdown", "read_markdown"),
    ".markdown": ("markdown", "read_markdown"), ".html": ("html", "read_html"),
    ".htm": ("html", "read_html"), ".xhtml": ("html", "read_html"), ".docx": ("word", "read_docx"),
}
ARTICLE_SUFFIXES = tuple(READERS)
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".parquet", ".xlsx")
UNSUPPORTED = {
    ".doc": "an old Word file: save it as .docx", ".rtf": "an RTF file: save it as .docx",
    ".pdf": "a PDF: PDF keeps no paragraphs; save the article as text, .docx or .html",
    ".odt": "an OpenDocument file: save it as .docx", ".xls": "an old Excel file: save it as .xlsx",
    ".json": "a JSON file: one article per line as .jsonl is read as a table",
}
MAX_FILE_BYTES = 64 * 1024 * 1024  # a single article file; tables are streamed instead


def suffix_of(name: str | Path) -> str:
    return Path(name).suffix.lower()


def is_table(name: str | Path) -> bool:
    """A table of articles (one row each), read by corpus mode or one row at a time."""
    return suffix_of(name) in TABLE_SUFFIXES


def reader_for(name: str | Path):
    """The reader of a file name's form; any other suffix (or none) is read as plain text."""
    suffix = suffix_of(name)
    if suffix in UNSUPPORTED:
        raise ArticleError(f"{Path(name).name} is {UNSUPPORTED[suffix]}")
    module, function = READERS.get(suffix, READERS[".txt"])
    return getattr(importlib.import_module(f"{__package__}.{module}"), function)


def document_from_bytes(data: bytes, name: str | Path) -> Document:
    """The Document of one article file's bytes; a one-line ArticleError when there is none."""
    document = reader_for(name)(data, str(name))
    if not document.text.strip():
        raise ArticleError("empty article (no text)")
    return document


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refused in one line when missing, a folder, unreadable or too large."""
    if not path.exists():
        raise ArticleError(f"no such file: {path}")
    if path.is_dir():
        raise ArticleError(f"is a directory, not an article file: {path}")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ArticleError(f"too large for one article ({size:,} bytes): {path}")
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read {path}: {exc.strerror}") from None


def read_document(path: str | Path, row: str | None = None, columns: dict | None = None) -> Document:
    """One article from a file: by its form, or for a table the row whose id (or number) is `row`.
    Facts from a `metadata.csv`/`.tsv` beside the file fill in what the file itself lacks."""
    from . import record, sidecar

    path = Path(path)
    if is_table(path):
        if not path.is_file():
            read_bytes(path)  # the same one-line refusal as for an article
        if row is None:
            raise ArticleError(f"{path.name} is a table of articles: choose one with --id ID "
                               "(ID=... for make report), or analyse them all with corpus mode")
        return record.read_row(path, row, columns)
    if row is not None:
        raise ArticleError(f"--id picks a row of a table; {path.name} is one article")
    try:
        document = document_from_bytes(read_bytes(path), path.name)
    except ArticleError as exc:
        message = str(exc)
        raise ArticleError(f"{message}: {path}" if message.startswith("empty article") else message) from None
    return sidecar.with_sidecar_facts(document, path)
