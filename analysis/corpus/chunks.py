"""One chunk of articles into tables: one `nlp.pipe` stream, then each article's rows; and the one
"chunks in flight" loop that the local process pool and Dask both run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from .. import readability, sentiment
from ..entities import Overrides
from ..parsing import ParsedArticle, parse_stream
from ..sources import Document
from . import features
from .items import Item, load_document, one_line
from .schema import TABLES, pa_table

DEFAULT_CHUNK_SIZE = 32  # articles per task: ~3 s of parsing, so a task's overhead is negligible
PIPE_BATCH_SIZE = 32  # paragraphs per nlp.pipe batch: spaCy's memory grows with tokens per batch
LEMMA_CACHE_MAX = 100_000  # spaCy's lemmatizer cache has no memory zone: clear it past this size


@dataclass
class Loaded:
    """An article read into its Document: the text, the blocks spaCy will parse, the facts."""

    item: Item
    document: Document
    overrides: Overrides
    warnings: list[str]


def parsed_articles(nlp, loaded: list[Loaded], batch_size: int) -> Iterator[tuple[Loaded, ParsedArticle]]:
    """One `nlp.pipe` stream over every article (`parsing.parse_stream`, as for one article);
    each article as soon as it is parsed."""
    yield from zip(loaded, parse_stream(nlp, [(a.document.text, a.document.blocks) for a in loaded],
                                        batch_size))


def parse_all(nlp, loaded: list[Loaded], batch_size: int, errors: list[dict]):
    """`parsed_articles`, but if spaCy fails mid-stream the rest are parsed one article per
    stream, so only the article at fault is lost (as an error row)."""
    yielded = 0
    try:
        for result in parsed_articles(nlp, loaded, batch_size):
            yield result
            yielded += 1
    except Exception:  # noqa: BLE001 - isolate the culprit below
        for article in loaded[yielded:]:
            try:
                result = next(parsed_articles(nlp, [article], batch_size))
            except Exception as exc:  # noqa: BLE001
                errors.append(error_row(article.item, one_line(exc)))
                continue
            yield result


def error_row(item: Item, reason: str) -> dict:
    """A row of the errors table."""
    return {"article": item.article, "path": item.path, "reason": reason}


def extract_chunk(items: list[Item], nlp, *, batch_size: int = PIPE_BATCH_SIZE,
                  on_article: Callable[[], None] | None = None) -> dict:
    """The five tables (pyarrow) for a chunk of articles; a bad article becomes an error row."""
    return arrow_tables(chunk_rows(items, nlp, batch_size=batch_size, on_article=on_article))


def arrow_tables(rows: dict[str, list[dict]]) -> dict:
    """A chunk's rows as the five pyarrow tables (in the process that writes them)."""
    return {name: pa_table(name, rows[name]) for name in TABLES}


def chunk_rows(items: list[Item], nlp, *, batch_size: int = PIPE_BATCH_SIZE,
               on_article: Callable[[], None] | None = None) -> dict[str, list[dict]]:
    """The rows of the five tables for a chunk of articles; a bad article becomes an error row.

    Plain rows, so a worker process never imports pyarrow (which imports pandas: 90 MB)."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    loaded = []
    for item in items:
        try:
            loaded.append(Loaded(item, *load_document(item)))
        except Exception as exc:  # noqa: BLE001 - any unreadable file is recorded, never fatal
            rows["errors"].append(error_row(item, one_line(exc)))
    with nlp.memory_zone():  # the Docs and their strings are freed when the chunk is done
        for article, parsed in parse_all(nlp, loaded, batch_size, rows["errors"]):
            try:
                new = features.article_tables(article.item, parsed, article.overrides, nlp, article.warnings,
                                              article.document.facts.as_row())
            except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop the run
                rows["errors"].append(error_row(article.item, one_line(exc)))
            else:
                for name, table_rows in new.items():
                    rows[name].extend(table_rows)
            if on_article:
                on_article()
    if on_article:
        for _ in range(len(items) - len(loaded)):
            on_article()
    tidy_caches(nlp)
    order = {item.article: i for i, item in enumerate(items)}
    rows["errors"].sort(key=lambda row: order[row["article"]])
    return rows


def tidy_caches(nlp) -> None:
    """Free what grows with the corpus: textstat's per-text caches, a large lemmatizer cache."""
    readability.clear_caches()
    if "lemmatizer" in nlp.pipe_names:
        cache = getattr(nlp.get_pipe("lemmatizer"), "cache", None)
        if isinstance(cache, dict) and len(cache) > LEMMA_CACHE_MAX:
            cache.clear()


def warm_up(nlp) -> None:
    """Load the lexicons and dictionaries once, before the first chunk is timed."""
    readability.use_offline_cmudict()
    readability.readability_row("body", "A short warm-up text. It has two sentences.")
    sentiment.sentence_scores("A good warm-up.")
    with nlp.memory_zone():
        list(nlp.pipe(["A warm-up sentence."]))


@dataclass
class Chunk:
    """Articles processed together, and the part name their tables are written under."""

    number: int
    items: list[Item]

    @property
    def part(self) -> str:
        return f"part-{self.number:05d}"


def chunked(items: list[Item], size: int, first: int = 0) -> list[Chunk]:
    """Consecutive chunks of `size` articles, numbered from `first`."""
    return [Chunk(first + k, items[i : i + size]) for k, i in enumerate(range(0, len(items), size))]


@dataclass
class FailedChunk:
    """A chunk whose task failed as a whole (worker died, Dask gave up): nothing is written, so
    its articles are analysed again by the next run."""

    reason: str


def chunks_in_flight(chunks: list[Chunk], submit: Callable, wait_any: Callable, slots: int,
                     tick: Callable[[int], None]):
    """(chunk, tables or FailedChunk) as submitted tasks finish, at most `slots` in flight.

    `submit(chunk)` returns a future of the chunk's rows (`chunk_rows`), made into pyarrow tables
    here; `wait_any(futures)` returns the finished ones. A failed task is a FailedChunk (its
    articles are retried next run); a broken local pool is raised.
    """
    queue = iter(chunks)
    running: dict = {}

    def top_up() -> None:
        while len(running) < slots and (chunk := next(queue, None)) is not None:
            running[submit(chunk)] = chunk

    top_up()
    while running:
        for future in sorted(wait_any(running), key=lambda f: running[f].number):
            chunk = running.pop(future)
            try:
                tables = arrow_tables(future.result())
            except BrokenProcessPool:
                raise  # the pool's runner says so in one line
            except Exception as exc:  # noqa: BLE001 - the task failed: retried next run
                tables = FailedChunk(f"worker failed: {one_line(exc)}")
            tick(len(chunk.items))
            top_up()
            yield chunk, tables
