"""An Excel table of articles (`.xlsx`), its first sheet read as a stream of rows. An .xlsx is a
zip of XML from anywhere, so before `openpyxl` sees it the archive is checked (`archive`: size,
compression ratio, encryption) and the prolog of every XML part is read for entity declarations,
which Excel never writes and an XML bomb needs. The whole file is held in memory to be checked
(at most `MAX_XLSX_BYTES`), and `openpyxl` holds the shared strings whole, as Excel stores them.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import ArticleError
from . import archive
from .document import one_line
from .tablebase import Stream, blank, first_line, table_columns

MAX_XLSX_BYTES = archive.MAX_INFLATED_BYTES  # an .xlsx is read into memory to be checked
PROLOG_LIMIT = 64 * 1024  # bytes of an XML member before its root element
XML_ROOT = re.compile(rb"<[A-Za-z_]")
XML_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_xml_prologs(workbook: zipfile.ZipFile) -> None:
    """Refuse an XML part that declares a document type (where entities are defined: a `billion
    laughs` bomb expands them past any memory); Excel never writes one. Reads only the prolog of
    each part, before its root element."""
    for member in workbook.infolist():
        shown = one_line(member.filename)[:100]  # a damaged directory may hold any characters
        if member.flag_bits & 0x1:  # zip encryption: zipfile would ask for a password
            raise ArticleError(f"this xlsx is encrypted ({shown} needs a password): save an "
                               "unprotected copy and try again")
        if not member.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with workbook.open(member) as handle:
                head = b""
                while len(head) < PROLOG_LIMIT:
                    chunk = handle.read(4096)
                    if not chunk:
                        break
                    head += chunk
                    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<\x00", b"\x00<")):
                        head = head.decode("utf-16", errors="ignore").encode()  # look at the text
                    root = XML_ROOT.search(head)
                    if root:
                        head = head[:root.start()]
                        break
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError) as exc:
            raise ArticleError(f"this xlsx is damaged ({shown}: {first_line(exc)})") from None
        if XML_DECLARATIONS.search(head):
            raise ArticleError(f"this xlsx declares XML entities in {shown}: refused as a possible XML bomb")
        if len(head) >= PROLOG_LIMIT:
            raise ArticleError(f"this xlsx is damaged ({shown} has no XML element)")


def xlsx_source(path: Path, name: str, overrides, chunk_rows: int):
    try:
        size = path.stat().st_size
        if size > MAX_XLSX_BYTES:
            raise ArticleError(f"{name} is too large for an .xlsx table ({size:,} bytes): save it as "
                               ".csv or .parquet")
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        with archive.open_office_zip(data, "xlsx") as workbook:
            check_xml_prologs(workbook)
    except ArticleError as exc:
        raise ArticleError(f"{name}: {one_line(str(exc))}") from None
    except NotImplementedError as exc:  # zipfile: a directory claiming an unknown zip version
        raise ArticleError(f"{name}: this xlsx is damaged ({first_line(exc)})") from None
    import warnings
    from xml.parsers.expat import ExpatError

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    # what openpyxl raises on a file it cannot make sense of (XML errors are SyntaxErrors,
    # defusedxml's refusals ValueErrors, an XML declaration naming no encoding a LookupError)
    failures = (InvalidFileException, zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError,
                IndexError, LookupError, SyntaxError, ExpatError, EOFError, OSError, NotImplementedError)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style", "unknown extension" ...
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except failures as exc:
        raise ArticleError(f"{name} cannot be read as an Excel workbook: {first_line(exc)}") from None
    del data
    try:
        if not book.worksheets:
            raise ArticleError(f"{name} has no worksheet")
        cells = book.worksheets[0].iter_rows(values_only=True)
        header = None
        for values in cells:
            if any(not blank(v) for v in values):
                header = [None if v is None else str(v).strip() for v in values]
                break
        if header is None:
            raise ArticleError(f"{name} is empty (its first sheet has no rows)")
        columns = table_columns([h for h in header if h], overrides, source=name)
    except failures as exc:
        book.close()
        raise ArticleError(f"{name} cannot be read as an Excel workbook: {first_line(exc)}") from None
    except ArticleError:
        book.close()
        raise
    index = {f: header.index(c) for f, c in columns.items()}

    def values() -> Iterator[tuple]:
        row = 0
        while True:
            try:
                found = next(cells, None)
            except failures as exc:
                raise ArticleError(f"{name} breaks off after row {row:,}: {first_line(exc)}") from None
            if found is None:
                return
            row += 1
            yield row, {f: found[i] if i < len(found) else None for f, i in index.items()}, None

    return [h for h in header if h], columns, Stream(values(), book)
