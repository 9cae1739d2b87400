"""Corpus mode over one large table: peak memory (and time) at N rows against 10× N rows.

    .venv/bin/python benchmarks/corpus_table_bench.py ../shared/corpus/bbc [--rows 10000 100000]
        [--words 20] [--workers 1]

The table is a CSV of N rows made from real stories: the first sentences of the BBC stories under
CORPUS (cut to about --words words, so 100k rows are analysed in minutes, not hours), each copy given
a new id, one of five outlets and a date in 2004-2005, cycling through the stories. Every run is
`python -m analysis corpus TABLE --out FRESH --workers W --no-progress` in a child process; the
parent samples the resident memory of the child and its workers four times a second and reports
the peak of their sum, with the wall time. Memory is the figure that matters: corpus mode streams a
table (it reads it once for the row ids, then again as chunks are handed out), so its peak should
be flat in the number of rows. Reading full-length rows alone is measured by table_bench.py.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SECONDS = 0.25
OUTLETS = ("Business Desk", "Tech Desk", "Wire", "Evening Post", "Morning Star")


def story_openings(corpus: Path, words: int) -> list[tuple[str, str]]:
    """(headline, opening) of every story: the body's first sentences up to about `words` words."""
    found = []
    for path in sorted(corpus.rglob("*.txt")):
        if path.name.startswith("README"):
            continue
        lines = [line.strip() for line in path.read_text(encoding="latin-1").splitlines() if line.strip()]
        if len(lines) < 2:
            continue
        sentences = re.split(r"(?<=[.!?])\s+", " ".join(lines[1:]))
        opening = []
        for sentence in sentences:
            opening.append(sentence)
            if len(" ".join(opening).split()) >= words:
                break
        found.append((lines[0], " ".join(opening)))
    return found


def write_table(path: Path, stories: list[tuple[str, str]], rows: int) -> int:
    """A CSV of `rows` articles cycling through the stories; returns its size in bytes."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "title", "text", "date", "outlet"])
        for n, (title, text) in zip(range(rows), itertools.cycle(stories)):
            day = f"{2004 + n % 2}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            out.writerow([f"s{n:07d}", title, text, day, OUTLETS[n % len(OUTLETS)]])
    return path.stat().st_size


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its children."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:  # the run ended between two samples
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def measure(table: Path, out: Path, workers: int) -> tuple[float, float, float, str]:
    """(peak MB of the process tree, peak MB of the main process alone, wall seconds, the run's
    summary line). With workers, the main process reads the table and writes Parquet; each worker
    analyses chunks."""
    command = [sys.executable, "-m", "analysis", "corpus", str(table), "--out", str(out),
               "--workers", str(workers), "--no-progress"]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, main_peak, watched = 0, 0, psutil.Process(child.pid)

    def sample():
        nonlocal peak, main_peak
        while child.poll() is None:
            peak = max(peak, tree_rss(watched))
            try:
                main_peak = max(main_peak, watched.memory_info().rss)
            except psutil.Error:
                return
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = child.communicate()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"corpus mode failed: {stderr.strip()[-500:]}")
    return peak / 2**20, main_peak / 2**20, time.perf_counter() - started, stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="folder of .txt stories to make rows from (BBC)")
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--words", type=int, default=20, help="words per row, about (default 20)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    stories = story_openings(args.corpus, args.words)
    work = Path(tempfile.mkdtemp(prefix="corpus-table-bench-"))
    print(f"{len(stories)} stories, rows of about {args.words} words; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print("| rows | CSV MB | workers | peak RSS of the run (MB) | of the main process (MB) | wall s "
          "| rows/s |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    try:
        for rows in args.rows:
            table = work / f"stories-{rows}.csv"
            size = write_table(table, stories, rows)
            peak, main_peak, seconds, line = measure(table, work / f"out-{rows}", args.workers)
            print(f"| {rows:,} | {size / 2**20:.1f} | {args.workers} | {peak:.0f} | {main_peak:.0f} | "
                  f"{seconds:.0f} | {rows / seconds:.0f} |", flush=True)
            print(f"<!-- {line} -->", flush=True)
            shutil.rmtree(work / f"out-{rows}", ignore_errors=True)
            table.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
