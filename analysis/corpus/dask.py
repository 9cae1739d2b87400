"""Corpus mode on Dask (`dask.distributed`): the same chunk extraction, one model per worker.

    python -m analysis corpus DIR --out OUT --engine dask --workers 2     # a LocalCluster
    python -m analysis corpus DIR --out OUT --scheduler tcp://HOST:8786   # a running cluster

Each task is one chunk of articles (`--chunk-size`, 32 by default: seconds of parsing, so the
task overhead is negligible). A worker loads the spaCy model on its first task and keeps it
(`load_pipeline` is cached per process), so a model is loaded once per worker process, not per
task. The client reads the files and ships their bytes with the task, so workers need the
package and the model installed, but no access to the corpus folder; the client writes the
Parquet parts as results arrive, under the same part names as a local run: the tables are
identical to those of `--workers 1`. Only chunk extraction is imported here: not the runner,
not the store.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from ..nlp import load_pipeline
from .chunks import Chunk, chunk_rows, chunks_in_flight, warm_up
from .items import with_contents

_TASKS: dict[str, int] = {}
# A worker with several threads would run tasks side by side on one model; spaCy's memory zones
# are per pipeline and not thread-safe, so tasks of one process take turns (start workers with
# --nthreads 1 and more processes instead).
_ONE_AT_A_TIME = threading.Lock()


def worker_pipeline(model: str):
    """The model of this worker process, loaded and warmed on its first task only."""
    nlp = load_pipeline(model)
    if model not in _TASKS:
        warm_up(nlp)
        _TASKS[model] = 0
    _TASKS[model] += 1
    return nlp


def worker_stats() -> dict:
    """This worker process's pid, model loads and tasks run (`client.run(worker_stats)`)."""
    return {"pid": os.getpid(), "model_loads": load_pipeline.cache_info().misses,
            "tasks": sum(_TASKS.values())}


def dask_chunk(items: list, model: str, batch_size: int) -> dict:
    """A Dask task: one chunk's rows with the worker's model (the client makes the tables)."""
    with _ONE_AT_A_TIME:
        return chunk_rows(items, worker_pipeline(model), batch_size=batch_size)


def run_on_dask(chunks: list[Chunk], model: str, batch_size: int, workers: int,
                scheduler: str | None, tick: Callable[[int], None], client=None):
    """Yield (chunk, tables) as tasks finish; a LocalCluster of `workers` unless given a scheduler
    address or a client. At most two chunks per worker are in flight, so memory stays flat."""
    from distributed import Client, LocalCluster, wait

    cluster = None
    own_client = client is None
    if own_client:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
    try:
        slots = max(1, len(client.scheduler_info().get("workers", {})) or workers) * 2

        def submit(chunk: Chunk):
            items = [with_contents(item) for item in chunk.items]
            return client.submit(dask_chunk, items, model, batch_size, pure=False)

        def finished(futures) -> set:
            return wait(list(futures), return_when="FIRST_COMPLETED").done

        yield from chunks_in_flight(chunks, submit, finished, slots, tick)
    finally:
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
