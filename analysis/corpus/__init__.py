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
  extraction as `article.build_tables` (entities, quotations, sentence sentiment, body
  readability) as plain rows, without pandas frames per article. Docs never leave the worker;
  textstat's caches are cleared after each chunk. Some helpers mirror `tables.py` row by row
  (the tests check they agree with `build_tables` on real articles).
- One worker runs in this process; N workers are N processes (`spawn`), each with its own model
  and its own `nlp.pipe` stream, so the extraction runs in parallel too (spaCy's `n_process`
  would send every Doc back to one process for the post-processing). `analysis.corpus.dask` runs
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

Where each step lives (each imports only the ones above it):
- schema.py: the tables' names, sort keys and pyarrow schemas.
- items.py: finding the articles of a folder, reading one article's bytes and overrides.
- features.py: one parsed article's rows, its `articles` row included.
- chunks.py: a chunk of articles into tables (one `nlp.pipe` stream), and the one
  "chunks in flight" loop the local pool and Dask share.
- pool.py: the local workers (this process, or N spawned processes); dask.py: Dask workers.
- store.py: the Parquet store (manifests, verification, reading the tables back).
- run.py: running a corpus (what is left, progress, summary line) and its command line.
"""

from __future__ import annotations

from ..errors import ArticleError
from .chunks import DEFAULT_CHUNK_SIZE, PIPE_BATCH_SIZE, extract_chunk, warm_up
from .discover import discover
from .items import FILE_GONE, Item, load_document
from .run import RunSummary, main, run_corpus
from .schema import READABILITY_COLUMNS, READABILITY_COUNTS, TABLES, pa_table, schemas
from .store import MANIFEST, SCHEMA_VERSION, CorpusOutput, read_corpus, read_table, sha256_of

__all__ = ["DEFAULT_CHUNK_SIZE", "FILE_GONE", "MANIFEST", "PIPE_BATCH_SIZE", "READABILITY_COLUMNS",
           "READABILITY_COUNTS", "SCHEMA_VERSION", "TABLES", "ArticleError", "CorpusOutput", "Item",
           "RunSummary", "discover", "extract_chunk", "load_document", "main", "pa_table",
           "read_corpus", "read_table", "run_corpus", "schemas", "sha256_of", "warm_up"]
