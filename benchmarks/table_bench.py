"""Reading tables of articles: time and peak memory of streaming every row into a Document.

    .venv/bin/python benchmarks/table_bench.py ../shared/corpus/bbc --rows 10000 100000
        [--formats csv jsonl parquet parquet-1rg xlsx] [--keep DIR]

Builds, in a temporary folder, tables of N rows by replicating the `.txt` stories under the corpus
folder (first line the title, the rest the text) with new ids, outlets and dates, then reads each in
a fresh child process (`--child FILE`): `tables.iter_records` + `record.document_from_record` for
every row, nothing kept. The child reports its resident memory after the imports (before the table
is opened) and its peak resident memory (`ru_maxrss`) at the end, and the seconds of the reading
alone. Memory should not grow with the number of rows: the peak over the baseline is the same for
10k and 100k rows. Formats: `csv`, `jsonl`, `parquet` (row groups of 10,000 rows), `parquet-1rg`
(the whole table in one row group: still read page by page), `xlsx` (openpyxl, write-only; slow to
build, and an .xlsx over 256 MB inflated is refused as a possible zip bomb).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTLETS = ("BBC News", "Reuters", "The Guardian", "Associated Press", "Financial Times", "Le Monde")
FORMATS = ("csv", "jsonl", "parquet", "parquet-1rg", "xlsx")
SUFFIX = {"parquet-1rg": ".parquet"}
GROUP_ROWS = 10_000


# --- child side ---------------------------------------------------------------------------------

def rss_mb(field: str = "VmRSS") -> float:
    """Resident memory now (VmRSS) or at its highest (VmHWM) from Linux /proc, in MB. (Not
    `ru_maxrss`: Linux carries it over from the parent that forked the child.)"""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(path: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from analysis.errors import ArticleError
    from analysis.sources.record import document_from_record
    from analysis.sources.tables import iter_records

    if path.endswith(".parquet"):  # the format's library counts in the baseline
        import pyarrow.parquet  # noqa: F401
    elif path.endswith(".xlsx"):
        import openpyxl  # noqa: F401
    baseline = rss_mb()
    started = time.perf_counter()
    rows = errors = characters = blocks = dated = 0
    for record in iter_records(path):
        rows += 1
        try:
            document = document_from_record(record, Path(path).name)
        except ArticleError:
            errors += 1
            continue
        characters += len(document.text)
        blocks += len(document.blocks)
        dated += document.facts.published is not None
    seconds = time.perf_counter() - started
    peak = rss_mb("VmHWM")
    return {"rows": rows, "errors": errors, "characters": characters, "blocks": blocks, "dated": dated,
            "seconds": seconds, "baseline_mb": baseline, "peak_mb": peak}


# --- parent side --------------------------------------------------------------------------------

def stories(corpus: Path) -> list[tuple[str, str]]:
    """(title, text) of every `.txt` story under the folder: first line, and the rest."""
    found = []
    for path in sorted(corpus.rglob("*.txt")):
        raw = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        title, _, text = raw.strip().partition("\n")
        if title.strip() and text.strip():
            found.append((title.strip(), text.strip()))
    if not found:
        sys.exit(f"no .txt stories under {corpus}")
    return found


def rows_of(source: list[tuple[str, str]], count: int):
    start = dt.date(2004, 1, 1)
    for i in range(count):
        title, text = source[i % len(source)]
        yield {"story_id": f"s{i:07d}", "title": title, "text": text,
               "outlet": OUTLETS[i % len(OUTLETS)],
               "publish_date": (start + dt.timedelta(days=i % 3650)).isoformat()}


def write_table(kind: str, path: Path, source: list[tuple[str, str]], count: int) -> None:
    fields = ["story_id", "title", "text", "outlet", "publish_date"]
    if kind == "csv":
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fields)
            writer.writeheader()
            writer.writerows(rows_of(source, count))
    elif kind == "jsonl":
        with open(path, "w", encoding="utf-8") as handle:
            for row in rows_of(source, count):
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif kind in ("parquet", "parquet-1rg"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(f, pa.string()) for f in fields])
        if kind == "parquet-1rg":  # the whole table in one row group, as some writers leave it
            table = pa.Table.from_pylist(list(rows_of(source, count)), schema)
            pq.write_table(table, path, row_group_size=count, compression="snappy")
            return
        with pq.ParquetWriter(path, schema, compression="snappy") as writer:
            batch: list[dict] = []
            for row in rows_of(source, count):
                batch.append(row)
                if len(batch) == GROUP_ROWS:
                    writer.write_batch(pa.RecordBatch.from_pylist(batch, schema), row_group_size=GROUP_ROWS)
                    batch = []
            if batch:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema), row_group_size=GROUP_ROWS)
    elif kind == "xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)  # inline strings: openpyxl writes no shared strings
        sheet = book.create_sheet()
        sheet.append(fields)
        for row in rows_of(source, count):
            sheet.append([row[f] for f in fields])
        book.save(path)
    else:
        raise ValueError(kind)


def row_groups(path: Path) -> str:
    if path.suffix != ".parquet":
        return ""
    import pyarrow.parquet as pq

    return f"{pq.ParquetFile(path).num_row_groups}"


def measure(path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?")
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--formats", nargs="+", choices=FORMATS,
                        default=["csv", "jsonl", "parquet", "parquet-1rg"])
    parser.add_argument("--keep", help="build the tables in this folder and keep them")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    if not args.corpus:
        parser.error("give a corpus folder of .txt stories")
    source = stories(Path(args.corpus))
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="table-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{len(source)} stories from {args.corpus}; tables in {folder}; "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {dt.datetime.now():%Y-%m-%d %H:%M}\n",
          file=sys.stderr)
    lines = ["| format | rows | file MB | row groups | seconds | rows/s | RSS after imports MB | "
             "peak RSS MB | peak − baseline MB | errors | dated |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    try:
        for kind in args.formats:
            for count in args.rows:
                path = folder / f"table-{kind}-{count}{SUFFIX.get(kind, '.' + kind)}"
                built = time.perf_counter()
                write_table(kind, path, source, count)
                print(f"built {path.name} in {time.perf_counter() - built:.1f} s", file=sys.stderr)
                result = measure(path)
                size = path.stat().st_size / 1e6
                if "error" in result:
                    lines.append(f"| {kind} | {count:,} | {size:,.1f} | {row_groups(path)} | refused: "
                                 f"{result['error']} | | | | | | |")
                else:
                    lines.append(
                        f"| {kind} | {count:,} | {size:,.1f} | {row_groups(path)} | "
                        f"{result['seconds']:.1f} | "
                        f"{result['rows'] / result['seconds']:,.0f} | {result['baseline_mb']:.0f} | "
                        f"{result['peak_mb']:.0f} | {result['peak_mb'] - result['baseline_mb']:.0f} | "
                        f"{result['errors']} | {result['dated']:,} |")
                print(lines[-1], file=sys.stderr)
                if not args.keep:
                    path.unlink()
    finally:
        if not args.keep:
            for leftover in folder.iterdir():
                leftover.unlink()
            folder.rmdir()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
