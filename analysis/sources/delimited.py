"""A delimited table of articles (`.csv`, `.tsv`), read as a stream of rows. Such files come from
any spreadsheet or script, so nothing is assumed: the encoding is sniffed from the first bytes
(a BOM, UTF-16 by its NUL bytes, UTF-8, else Windows-1252, undecodable bytes replaced and counted),
then the separator (`,` `;` tab `|`, the header line's most used) and whether quote marks quote.
The text opener serves `jsonlines` too; `delimited_rows` serves the metadata files of `sidecar`.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..errors import ArticleError
from .tablebase import Stream, table_columns

log = logging.getLogger("analysis.sources")

SAMPLE_BYTES = 64 * 1024  # what the encoding and separator are guessed from
SEPARATORS = (",", ";", "\t", "|")
FIELD_LIMIT = 4 * 1024 * 1024  # characters in one CSV field or JSON line (an article is at most 1M)
DECODE_ERRORS = "analysis.sources.tables.replace"  # the codec error handler that replaces and counts


# ---------------------------------------------------------------------------------- text encodings

_replaced: Counter = Counter()  # undecodable bytes replaced, per thread


def _replace_and_count(error: UnicodeError):
    _replaced[threading.get_ident()] += 1
    return "\ufffd", error.end


codecs.register_error(DECODE_ERRORS, _replace_and_count)


def replaced_so_far() -> int:
    return _replaced[threading.get_ident()]


def looks_utf16(sample: bytes) -> str | None:
    """`utf-16-le` / `utf-16-be` for text without a BOM, by where its NUL bytes fall (ASCII
    characters have a zero high byte), else None."""
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= max(4, 0.1 * half) and even * 10 <= odd:
        return "utf-16-le"
    if even >= max(4, 0.1 * half) and odd * 10 <= even:
        return "utf-16-be"
    return None


def sniff_encoding(sample: bytes, name: str) -> str:
    """The encoding of a text table from its first bytes: a BOM, else UTF-16 by its NUL pattern,
    else UTF-8 when the bytes read as UTF-8 (a few bad bytes allowed), else Windows-1252."""
    from ..reading import looks_like_utf8

    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    if b"\x00" in sample:
        guess = looks_utf16(sample)
        if guess:
            return guess
        hint = " (a zip archive: an .xlsx or .docx renamed?)" if sample.startswith(b"PK\x03\x04") else ""
        raise ArticleError(f"{name} is binary data, not a text table{hint}")
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and len(sample) == SAMPLE_BYTES:
            return "utf-8"  # the sample ends inside a character
    if looks_like_utf8(sample):
        return "utf-8"
    log.warning("%s is not UTF-8: read as Windows-1252", name)
    return "cp1252"


def open_text(path: Path, name: str) -> tuple[io.TextIOWrapper, str, bool]:
    """The file as text in its sniffed encoding (undecodable bytes become U+FFFD, counted), the
    decoded first bytes, and whether they are the whole file."""
    try:
        raw = open(path, "rb", buffering=1024 * 1024)  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise ArticleError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        sample = raw.read(SAMPLE_BYTES)
        encoding = sniff_encoding(sample, name)
        raw.seek(0)
    except ArticleError:
        raw.close()
        raise
    except OSError as exc:
        raw.close()
        raise ArticleError(f"cannot read {name}: {exc.strerror or exc}") from None
    handle = io.TextIOWrapper(raw, encoding=encoding, errors=DECODE_ERRORS, newline="")
    return handle, sample.decode(encoding, errors="replace").lstrip("\ufeff"), len(sample) < SAMPLE_BYTES


def warn_replaced(name: str, row: int, before: int) -> bool:
    if replaced_so_far() == before:
        return False
    log.warning("%s: undecodable bytes from about row %d replaced by U+FFFD (the file mixes encodings)",
                name, row)
    return True


# --------------------------------------------------------------------------------- CSV and TSV


def header_line(text: str) -> str:
    """The first line of a CSV text, a newline inside quotes not ending it."""
    quoted = False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            return text[:i]
    return text


def sniff_separator(text: str, default: str) -> str:
    """The separator the header line uses most (outside quotes); the suffix's when none."""
    line, counts, quoted = header_line(text), Counter(), False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char in SEPARATORS and not quoted:
            counts[char] += 1
    if not counts:
        return default
    best = max(counts.values())
    return default if counts[default] == best else next(s for s in SEPARATORS if counts[s] == best)


def sniff_quoting(text: str, separator: str, whole: bool) -> int:
    """CSV quoting for `,` and `;`; for tab and `|` only if the first bytes follow its rules
    (a TSV often holds a text opening with a quote mark that is no quoting: `"Yes," he said`)."""
    if separator in ",;":
        return csv.QUOTE_MINIMAL
    lines = list(io.StringIO(text, newline=""))
    if not whole:
        lines = lines[:-1]  # the last line may be cut short
    try:
        for _ in csv.reader(lines, delimiter=separator, strict=True):
            pass
    except csv.Error as exc:
        if whole or "unexpected end of data" not in str(exc):  # not a quoted text the sample cuts
            return csv.QUOTE_NONE
    return csv.QUOTE_MINIMAL


def delimited_rows(path: str | Path, name: str | None = None) -> tuple[list[str], Iterator[tuple]]:
    """The header of a `.csv` / `.tsv` and an iterator of (row, cells, reason): cells a list as
    long as the header (short rows padded with ""), or None with a reason (a row with more
    fields than the header). Blank lines are no rows. Encoding and separator are sniffed."""
    path = Path(path)
    name = name or path.name
    handle, sample, whole = open_text(path, name)
    default = "\t" if path.suffix.lower() == ".tsv" else ","
    separator = sniff_separator(sample, default)
    quoting = sniff_quoting(sample, separator, whole)
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(handle, delimiter=separator, quoting=quoting, strict=False)
    try:
        header = next((cells for cells in reader if cells), None)
    except csv.Error as exc:
        handle.close()
        raise ArticleError(f"{name} cannot be read as a table: {exc}") from None
    except OSError as exc:
        handle.close()
        raise ArticleError(f"cannot read {name}: {exc.strerror or exc}") from None
    if header is None:
        handle.close()
        raise ArticleError(f"{name} is empty (no header row)")
    header = [cell.replace("\ufeff", "").strip() for cell in header]
    return header, Stream(_delimited(reader, len(header), name), handle)


def _delimited(reader, width: int, name: str) -> Iterator[tuple]:
    row, before, warned = 0, replaced_so_far(), False
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ArticleError(f"{name} breaks off after row {row:,}: {exc} (an unclosed quote?)") from None
        except OSError as exc:
            raise ArticleError(f"cannot read {name} after row {row:,}: {exc.strerror or exc}") from None
        if not cells:
            continue
        row += 1
        if not warned:
            warned = warn_replaced(name, row, before)
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            yield row, None, (f"{len(cells)} fields where the header has {width} "
                              "(a separator inside an unquoted value?)")
            continue
        yield row, cells[:width] + [""] * (width - len(cells)), None


def delimited_source(path: Path, name: str, overrides, chunk_rows: int):
    header, rows = delimited_rows(path, name)
    try:
        columns = table_columns(header, overrides, source=name)
    except ArticleError:
        rows.close()
        raise
    index = {f: header.index(c) for f, c in columns.items()}

    def values() -> Iterator[tuple]:
        for row, cells, reason in rows:
            yield row, None if cells is None else {f: cells[i] for f, i in index.items()}, reason

    return header, columns, Stream(values(), rows)
