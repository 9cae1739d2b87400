"""Local workers: chunks extracted in this process, or in N spawned processes with a model each."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from ..errors import ArticleError
from ..nlp import load_pipeline
from .chunks import Chunk, chunk_rows, chunks_in_flight, extract_chunk, warm_up
from .items import Item

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
    """A pool task: one chunk's rows with the worker's model (tables are made by the parent)."""
    return chunk_rows(items, _WORKER["nlp"], batch_size=batch_size)


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
        try:
            yield from chunks_in_flight(
                chunks, lambda chunk: pool.submit(worker_chunk, chunk.items, batch_size),
                finished, 2 * workers, tick)
        except BrokenProcessPool:  # found on a result or on the next submit
            stop_children()
            raise ArticleError("a worker process died (out of memory?); "
                               "run the same command again to resume") from None
        except BaseException:  # Ctrl-C or an error: stop the workers now, not after their chunks
            pool.shutdown(wait=False, cancel_futures=True)
            stop_children()
            raise


def finished(futures) -> set:
    """The pool's futures that are done, waiting for at least one."""
    return wait(futures, return_when=FIRST_COMPLETED).done


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
