"""One article of a corpus: the item that names it, and reading it into a Document (from its file,
its shipped bytes or its table row), as corpus mode does in every worker."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..entities import Overrides, load_overrides, overrides_from_text, overrides_path_for
from ..errors import ArticleError
from ..sources import Document, document_from_bytes
from ..sources.sidecar import merged, with_sidecar_facts

MAX_ARTICLE_CHARS = 1_000_000  # spaCy's max_length; a longer "article" is reported, not parsed
FILE_GONE = "the file disappeared during the run"  # not the article's fault: retried, not stored


@dataclass(frozen=True, slots=True)  # slots: a table of 100k rows is 100k items
class Item:
    """One article to analyse: its id, its path relative to the corpus, and where to read it.

    `data` and `overrides` carry the file's bytes and its overrides TOML when the reading was
    done elsewhere (the Dask client reads, so workers need no access to the corpus folder);
    `facts` the facts of a metadata file beside it. A table's row has its `row` number, and
    `record` holds the row's values once the runner has streamed them in; `problem` is a reason
    the item cannot be read, found while discovering it (a table without a text column).
    """

    article: str
    path: str
    source: str
    data: bytes | None = None
    overrides: str | None = None
    row: int | None = None
    record: object = None
    problem: str | None = None
    facts: object = None


def article_id(relative: Path) -> str:
    """The id of an article: its path relative to the corpus folder, without its suffix."""
    return relative.with_suffix("").as_posix()


def with_contents(item: Item) -> Item:
    """The item with its bytes (and overrides text, if any) read in, for a worker elsewhere.

    A file that cannot be read here is left as it is: the worker then reports why.
    """
    if item.data is not None or item.record is not None or item.problem is not None:
        return item
    try:
        data = Path(item.source).read_bytes()
        toml = overrides_path(item)
        overrides = toml.read_text(encoding="utf-8", errors="replace") if toml.exists() else None
    except OSError:
        return item
    facts = with_sidecar_facts(Document("", []), Path(item.source)).facts
    return Item(item.article, item.path, item.source, data, overrides, facts=facts)


def overrides_path(item: Item) -> Path:
    """The overrides file next to the article, as for a single article."""
    return overrides_path_for(Path(item.source))


def item_overrides(item: Item) -> Overrides:
    """The article's overrides: shipped as text, or read from next to the file, or none."""
    if item.data is None:
        return load_overrides(overrides_path(item))
    if item.overrides is None:
        return Overrides()
    return overrides_from_text(item.overrides, overrides_path(item).name)


class CapturedWarnings(logging.Filter):
    """Collect (and silence) the reader's warnings for one article, to store them in its row."""

    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.messages.append(record.getMessage())
        return False


def item_bytes(item: Item) -> bytes:
    """The article file's bytes: shipped with the item, or read now."""
    if item.data is not None:
        return item.data
    try:
        return Path(item.source).read_bytes()
    except FileNotFoundError:
        raise ArticleError(FILE_GONE) from None
    except OSError as exc:
        raise ArticleError(f"cannot read the file: {exc.strerror or exc}") from None


def item_document(item: Item) -> Document:
    """The Document of an item: a table's row from its record, a file by its form, with the facts
    of a metadata file beside it."""
    from ..sources.record import document_from_record

    if item.problem is not None:
        raise ArticleError(item.problem)
    if item.row is not None:
        return document_from_record(item.record, Path(item.path).name)
    data = item_bytes(item)
    if len(data) > 4 * MAX_ARTICLE_CHARS:
        raise ArticleError(f"too long for an article ({len(data):,} bytes)")
    document = document_from_bytes(data, item.source)
    if item.facts is not None:
        return Document(document.text, document.blocks, merged(document.facts, item.facts))
    return with_sidecar_facts(document, Path(item.source)) if item.data is None else document


def load_document(item: Item) -> tuple[Document, Overrides, list[str]]:
    """(document, overrides, warnings) of one article; ArticleError with a one-line reason otherwise.

    The same checks as for a single article, on bytes that may have been read elsewhere; the
    readers' warnings are kept for the article's row instead of being logged.
    """
    captured = CapturedWarnings()
    loggers = [logging.getLogger(name) for name in ("analysis.reading", "analysis.sources")]
    for logger in loggers:
        logger.addFilter(captured)
    try:
        document = item_document(item)
    finally:
        for logger in loggers:
            logger.removeFilter(captured)
    if not document.text.strip():
        raise ArticleError("empty article (no text)")
    if len(document.text) > MAX_ARTICLE_CHARS:
        raise ArticleError(f"too long for an article ({len(document.text):,} characters; "
                           f"the limit is {MAX_ARTICLE_CHARS:,})")
    return document, item_overrides(item), captured.messages


def one_line(exc: BaseException) -> str:
    """An exception as a one-line reason for the errors table."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, ArticleError):
        return message or type(exc).__name__
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
