"""Running corpus mode: which articles are left, the chunks through the chosen workers into the
store, the progress bar and summary line, and the `python -m analysis corpus` command."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import outputs, paths
from ..errors import ArticleError
from ..nlp import load_pipeline, model_version, resolve_model_name
from .chunks import DEFAULT_CHUNK_SIZE, PIPE_BATCH_SIZE, Chunk, FailedChunk, chunked, warm_up
from .discover import discover
from .findings import duplicate_groups, unreadable_dates
from .items import FILE_GONE, Item
from .pool import run_in_pool, run_in_process
from .store import CorpusOutput
from .tablerows import with_records


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
    duplicates: list = field(default_factory=list)  # groups of article ids sharing one body text
    bad_dates: int = 0  # articles whose date was given but named no day (left empty)

    def findings(self) -> list[str]:
        """What the collection itself holds that a reader must know: repeated texts, unread dates."""
        lines = []
        if self.duplicates:
            copies = sum(len(group) - 1 for group in self.duplicates)
            example = " = ".join(self.duplicates[0][:3])
            lines.append(f"{copies} article{'s repeat' if copies > 1 else ' repeats'} the body text of "
                         f"another (e.g. {example}); each is analysed, and the articles table's "
                         "fingerprint column groups them")
        if self.bad_dates:
            have = "articles have" if self.bad_dates > 1 else "article has"
            lines.append(f"{self.bad_dates} {have} a date that could not be read; left empty (see "
                         "the warnings column)")
        return lines

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
               items: list[Item] | None = None, columns: dict | None = None) -> RunSummary:
    """Analyse every article of `corpus_dir` (a folder, or a table of articles whose columns
    `columns` may rename) not already in `out`; write the tables as Parquet."""
    if workers < 1 or chunk_size < 1 or batch_size < 1 or (limit is not None and limit < 1):
        raise ArticleError("--workers, --chunk-size, --limit and the batch size must be at least 1")
    if engine not in ("local", "dask"):
        raise ArticleError(f"unknown engine {engine!r}: local or dask")
    items = discover(corpus_dir, limit, columns) if items is None else items
    model_name = resolve_model_name(model)
    corpus_path = str(Path(corpus_dir).resolve()) if corpus_dir else None
    output = CorpusOutput(out, model_version(model_name), corpus_path)
    outputs.make_dirs(output.root)
    busy = f"another corpus run is writing {outputs.shown(out)}: wait for it to finish"
    with outputs.writing(out), outputs.lock(output.root, busy=busy):
        output.open()
        summary = analyse_missing(output, items, corpus_dir, model_name, workers=workers,
                                  chunk_size=chunk_size, batch_size=batch_size, progress=progress,
                                  engine=engine, scheduler=scheduler, columns=columns)
        summary.duplicates = duplicate_groups(output.root)
        summary.bad_dates = unreadable_dates(output.root)
    return summary


def chunk_results(chunks: Iterable[Chunk], model_name: str, nlp, batch_size: int, workers: int,
                  engine: str, scheduler: str | None, tick: Callable[[int], None]) -> Iterable:
    """(chunk, tables or FailedChunk) as the chosen engine finishes them."""
    if engine == "dask":
        from .dask import run_on_dask

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
                    scheduler: str | None, columns: dict | None = None) -> RunSummary:
    """Analyse the articles OUT does not hold yet, chunk by chunk, committing each (a table's
    rows read in as their chunk is handed out)."""
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
        results = chunk_results(with_records(chunks, columns), model_name, nlp, batch_size, workers,
                                engine, scheduler, bar.update) if chunks else []
        for chunk, tables in results:
            if corpus_dir is not None and not Path(corpus_dir).exists():
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
        description="Analyse every article of a folder (.txt, .md, .html, .docx files and tables "
        "of articles, any mix) or of one table (.csv, .tsv, .jsonl, .parquet, .xlsx): per-article "
        "features and facts, and the sentences, mentions and quotes tables as Parquet in OUT. A "
        "rerun skips the articles already in OUT; unreadable files and rows go to OUT/errors.")
    parser.add_argument("corpus", metavar="PATH", help="folder of articles (searched recursively; "
                        "a metadata.csv/.tsv beside the files gives their facts), or a table")
    parser.add_argument("--columns", help="a table's column names when they are not the usual "
                        "ones: text=body,title=headline,date=day")
    parser.add_argument("--out", help="output folder (created; reused to resume; "
                        "default reports/corpus/<folder name>)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes, each with its "
                        "own model (default 1; use the number of cores)")
    parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE,
                        help=f"articles per task and per part file (default {DEFAULT_CHUNK_SIZE})")
    parser.add_argument("--limit", type=int, help="only the first N articles (files sorted by path, "
                        "a table's rows in order)")
    parser.add_argument("--model", help="spaCy pipeline package (default: see README)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local processes, or Dask (a LocalCluster of --workers, or --scheduler)")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler, "
                        "e.g. tcp://10.0.0.5:8786 (implies --engine dask)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str]) -> int:
    """`python -m analysis corpus ...`: run, then one summary line; errors are listed, not fatal."""
    from ..sources.tables import parse_columns_option

    args = corpus_parser().parse_args(argv)
    engine = "dask" if args.scheduler else args.engine
    columns = parse_columns_option(args.columns) if args.columns else None
    items = discover(args.corpus, args.limit, columns)  # a wrong path is refused before anything is made
    out = args.out or str(paths.REPORTS_DIR / "corpus" / paths.safe_name(Path(args.corpus).resolve().name))
    summary = run_corpus(args.corpus, out, workers=args.workers, chunk_size=args.chunk_size,
                         model=args.model, limit=args.limit, progress=not args.no_progress,
                         engine=engine, scheduler=args.scheduler, items=items, columns=columns)
    print(summary.line(args.out or paths.display_path(out)))
    for line in summary.findings():
        print(f"warning: {line}", file=sys.stderr)
    if summary.errors:
        print(f"{summary.errors} articles could not be analysed: see {Path(out) / 'errors'} "
              "(read it with analysis.corpus.read_table)", file=sys.stderr)
    if summary.unfinished:
        count = "1 article was" if summary.unfinished == 1 else f"{summary.unfinished} articles were"
        print(f"error: {count} not analysed ({summary.failure}); run the same command again to "
              "retry", file=sys.stderr)
        return 2
    return 0
