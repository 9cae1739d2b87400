"""Corpus-mode benchmark: raw `nlp.pipe` against the full extraction with 1 and N workers.

    .venv/bin/python benchmarks/corpus_bench.py ../shared/corpus/bbc [--workers 1 2] [--repeat 2]
        [--components] [--limit N] [--modes raw extract-1 ...]

Every measurement runs in a fresh child process (`--child MODE`), so imports, model loads and
memory do not leak from one mode into the next. The child times its own section (model load
included) and reports wall and CPU seconds, its workers' CPU included; the parent samples the
memory of the child and its children four times a second. Modes:

- raw: `nlp.pipe` over the article texts, same model and components, in a process that imports
  spaCy and nothing of this package (the texts come from a JSON-lines file the parent wrote).
  Batches hold whole articles, as many as make the tokens of one extraction batch (spaCy's
  memory grows with the tokens per batch; its default of 1,000 texts would need gigabytes).
- raw-paragraphs: `nlp.pipe` over the same paragraph pieces the extraction parses, same batch:
  the parse alone, so the gap to `extract-1` is the cost of everything after the parse.
- extract-N: `analysis.corpus.run_corpus` with N workers into a fresh output folder, Parquet
  written, no progress bar.
- components (with --components): CPU time of each stage of the extraction on 100 articles.

Throughput is words per second, words counted as whitespace-separated runs of the decoded texts
(the same count for every mode). Wall-clock figures depend on what else the machine runs; CPU
figures (words per CPU-second, all processes) much less: both are reported with the load average,
and --repeat keeps each mode's best run. The Markdown report goes to stdout and to benchmarks/out/
(not committed); benchmarks/RESULTS.md records the figures of one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SECONDS = 0.25


# --- child side ---------------------------------------------------------------------------------

def child(mode: str, corpus: str, limit: int | None, out: str | None, texts_file: str | None,
          model: str | None, raw_batch: int, piece_batch: int) -> dict:
    """Run one mode in this process; return its timed section's wall and CPU seconds.

    The raw modes import spaCy and nothing of the package (their texts come from a JSON-lines
    file the parent wrote), so their memory is spaCy's alone.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, started = time.process_time(), time.perf_counter()
    if mode in ("raw", "raw-paragraphs"):
        import spacy

        nlp = spacy.load(model)

        def texts():
            with open(texts_file, encoding="utf-8") as lines:
                for line in lines:
                    record = json.loads(line)
                    yield from ([record["text"]] if mode == "raw" else record["pieces"])

        batch = raw_batch if mode == "raw" else piece_batch
        result = {"tokens": sum(len(doc) for doc in nlp.pipe(texts(), batch_size=batch))}
    elif mode.startswith("extract-"):
        sys.path.insert(0, str(ROOT))
        from analysis.corpus import run_corpus

        summary = run_corpus(corpus, out, workers=int(mode.split("-")[1]), limit=limit,
                                         model=model, progress=False)
        result = {"analysed": summary.analysed, "errors": summary.errors}
    else:
        raise SystemExit(f"unknown mode {mode}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["seconds"] = time.perf_counter() - started
    # the largest single process: this one, or one of its workers (reaped when the pool closed)
    result["max_process_rss_mb"] = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                       after.ru_maxrss) / 1024
    result["cpu_seconds"] = (time.process_time() - cpu + after.ru_utime - before.ru_utime
                             + after.ru_stime - before.ru_stime)
    return result


def components(corpus: str, n: int = 100) -> dict:
    """CPU seconds of each stage of the extraction on `n` articles spread over the corpus."""
    sys.path.insert(0, str(ROOT))
    from analysis import readability, sentiment
    from analysis.corpus import chunks as c
    from analysis.corpus import features
    from analysis.corpus import items as corpus_items
    from analysis.corpus.discover import discover
    from analysis.corpus.schema import pa_table
    from analysis.entities import raw_mentions, resolve_entities
    from analysis.extraction import body_prose
    from analysis.nlp import load_pipeline
    from analysis.parsing import TokenIndex
    from analysis.quotes import extract_speech

    items = discover(corpus)
    items = items[:: max(1, len(items) // n)][:n]
    nlp = load_pipeline(None)
    c.warm_up(nlp)
    spent: dict[str, float] = {}

    def timed(name, function):
        start = time.process_time()
        value = function()
        spent[name] = spent.get(name, 0.0) + time.process_time() - start
        return value

    for first in range(0, len(items), c.DEFAULT_CHUNK_SIZE):
        loaded = []
        for item in items[first : first + c.DEFAULT_CHUNK_SIZE]:
            document, overrides, warnings = timed("read and split",
                                                  lambda item=item: corpus_items.load_document(item))
            loaded.append(c.Loaded(item, document, overrides, warnings))
        extracted = []
        with nlp.memory_zone():
            parsed_all = timed("spaCy parse (paragraphs, one stream)", lambda loaded=loaded: list(
                c.parsed_articles(nlp, loaded, c.PIPE_BATCH_SIZE)))
            c.tidy_caches(nlp)  # as a run does once per chunk: textstat's caches start empty
            for article, parsed in parsed_all:
                extracted.append(timed("all extraction after the parse", lambda a=article, p=parsed:
                                       features.article_tables(a.item, p, a.overrides, nlp, a.warnings)))
            c.tidy_caches(nlp)  # the parts of it, timed again one by one in a second pass
            for article, parsed in parsed_all:
                found = raw_mentions(parsed)
                mapping, labels = resolve_entities(found, article.overrides)
                people = [(m["start_char"], mapping[m["name"]]) for m in found
                          if mapping.get(m["name"]) and labels.get(mapping[m["name"]]) == "PERSON"]
                index = timed("  entities and quotations", lambda p=parsed: TokenIndex(p))
                timed("  entities and quotations", lambda p=parsed, a=article: resolve_entities(
                    raw_mentions(p), a.overrides))
                timed("  entities and quotations", lambda p=parsed, i=index, m=mapping, lb=labels,
                      pe=people: extract_speech(p, i, m, lb, pe))
                texts = [parsed.text[s:e] for _, s, e, _ in parsed.sentences()]
                timed("  sentiment: VADER", lambda t=texts: [sentiment.vader_scores(x) for x in t])
                timed("  sentiment: TextBlob (pattern)", lambda t=texts: [
                    sentiment.textblob_scores(x) for x in t])
                timed("  readability (textstat, body)", lambda p=parsed: readability.readability_row(
                    "body", body_prose(p)))
        timed("Parquet tables (pyarrow)", lambda extracted=extracted: {
            name: pa_table(name, [row for tables in extracted for row in tables[name]])
            for name in ("articles", "sentences", "mentions", "quotes")})
        timed("cache clearing", lambda: c.tidy_caches(nlp))
    words = sum(len(corpus_items.load_document(item)[0].text.split()) for item in items)
    return {"articles": len(items), "words": words, "cpu_seconds": spent}


# --- parent side --------------------------------------------------------------------------------

def tree_memory(pid: int) -> tuple[float, float]:
    """(sum of RSS, sum of PSS) in MB over a process and its descendants."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0, 0.0
    rss = pss = 0
    for proc in procs:
        try:
            info = proc.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss / 2**20, pss / 2**20


def measure(mode: str, corpus: str, limit: int | None, texts_file: Path, model: str,
            raw_batch: int, piece_batch: int) -> dict:
    """Run a mode in a child process; figures from the child plus memory and CPU from outside."""
    out = tempfile.mkdtemp(prefix="corpus-bench-")
    result_file = Path(out) / "result.json"
    command = [sys.executable, __file__, corpus, "--child", mode, "--result", str(result_file),
               "--out", str(Path(out) / "tables"), "--texts", str(texts_file), "--model", model,
               "--raw-batch", str(raw_batch), "--piece-batch", str(piece_batch)]
    if limit:
        command += ["--limit", str(limit)]
    proc = subprocess.Popen(command, cwd=ROOT)
    samples: list[tuple[float, float, float]] = []
    start = time.perf_counter()

    def sample():
        while proc.poll() is None:
            rss, pss = tree_memory(proc.pid)
            if rss:
                samples.append((time.perf_counter() - start, rss, pss))
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    sampler.join()
    try:
        if code != 0:
            raise SystemExit(f"{mode} failed with exit code {code}")
        figures = json.loads(result_file.read_text())
    finally:
        shutil.rmtree(out, ignore_errors=True)
    figures["peak_rss_mb"] = max((s[1] for s in samples), default=0.0)
    figures["peak_pss_mb"] = max((s[2] for s in samples), default=0.0)
    end = samples[-1][0] if samples else 0.0
    figures["rss_by_quarter_mb"] = [
        round(max((s[1] for s in samples if q * end / 4 <= s[0] <= (q + 1) * end / 4), default=0.0))
        for q in range(4)]
    return figures


def machine() -> dict:
    """What the figures ran on."""
    import spacy

    sys.path.insert(0, str(ROOT))
    from analysis.nlp import model_version, resolve_model_name

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return {
        "date": dt.date.today().isoformat(), "nproc": os.cpu_count(), "cpu": cpu,
        "memory_gb": round(mem_kb / 2**20, 1), "python": platform.python_version(),
        "spacy": spacy.__version__, "model": model_version(resolve_model_name(None)),
        "platform": platform.platform(),
    }


def prepare_texts(corpus: str, limit: int | None, path: Path) -> tuple[int, int, int]:
    """Write the texts (as the extraction reads them) and their paragraph pieces as JSON lines
    for the raw modes; return (articles, words, pieces)."""
    sys.path.insert(0, str(ROOT))
    from analysis import corpus as corpus_mode
    from analysis.parsing import block_pieces

    items = corpus_mode.discover(corpus, limit)
    words = pieces = 0
    with open(path, "w", encoding="utf-8") as out:
        for item in items:
            try:
                document = corpus_mode.load_document(item)[0]
            except corpus_mode.ArticleError:
                continue
            chunks = [piece for _, _, piece in block_pieces(document.blocks)]
            text = document.text
            words += len(text.split())
            pieces += len(chunks)
            out.write(json.dumps({"text": text, "pieces": chunks}) + "\n")
    return len(items), words, pieces


def report(info: dict, articles: int, words: int, runs: dict, parts: dict | None) -> str:
    """The Markdown report: machine, table side by side, target checks."""
    best = {mode: max(results, key=lambda r: words / r["seconds"]) for mode, results in runs.items()}
    lines = [
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory_gb']} GB RAM, "
        f"Python {info['python']}, spaCy {info['spacy']}, model {info['model']}, {info['date']}.",
        f"Corpus: {articles} articles, {words:,} words. Batches: raw {info['raw_batch']} articles, "
        f"paragraphs {info['paragraph_batch']} pieces. Load average before/after: "
        f"{info['load_before']} / {info['load_after']}. Best of {info['repeat']} run(s) per mode.",
        "",
        "| mode | words/s (wall) | words per CPU-second | wall s | CPU s | peak memory, all processes "
        "(RSS / PSS MB) | largest process RSS MB | RSS by quarter of the run (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for mode, r in best.items():
        lines.append(
            f"| {mode} | {words / r['seconds']:,.0f} | {words / r['cpu_seconds']:,.0f} | "
            f"{r['seconds']:.1f} | {r['cpu_seconds']:.1f} | "
            f"{r['peak_rss_mb']:.0f} / {r['peak_pss_mb']:.0f} | "
            f"{r['max_process_rss_mb']:.0f} | {', '.join(map(str, r['rss_by_quarter_mb']))} |")
    if any(len(results) > 1 for results in runs.values()):
        lines += ["", "All runs, words/s (wall): " + "; ".join(
            f"{mode}: " + ", ".join(f"{words / r['seconds']:,.0f}" for r in results)
            for mode, results in runs.items())]
    lines += ["", "Targets:"]

    def rate(mode, cpu=False):
        r = best[mode]
        return words / (r["cpu_seconds"] if cpu else r["seconds"])

    if "raw" in best and "extract-1" in best:
        for baseline in ("raw", "raw-paragraphs"):
            if baseline in best:
                lines.append(
                    f"- extract-1 / {baseline}: {rate('extract-1') / rate(baseline):.2f} (wall), "
                    f"{rate('extract-1', True) / rate(baseline, True):.2f} (CPU); target >= 0.95")
        peak = best["extract-1"]["max_process_rss_mb"] / best["raw"]["max_process_rss_mb"]
        lines.append(f"- peak memory extract-1 (one process: worker and Parquet writer) / raw: "
                     f"{peak:.2f}; target <= 1.1")
    multi = sorted(m for m in best if m.startswith("extract-") and m != "extract-1")
    for mode in multi:
        if "raw" in best:
            worker = best[mode]["max_process_rss_mb"] / best["raw"]["max_process_rss_mb"]
            lines.append(f"- largest process of {mode} (a worker) / raw: {worker:.2f}; target <= 1.1")
        if "extract-1" in best:
            lines.append(f"- {mode} / extract-1: {rate(mode) / rate('extract-1'):.2f} (wall); "
                         "target >= 1.8 with 2 workers on 2 cores")
    if parts:
        lines += ["", f"Where the CPU time goes ({parts['articles']} articles, {parts['words']:,} words, "
                  "one process; indented lines are parts of the line above them, timed again alone):",
                  "", "| stage | CPU s | ms per article | share of the parse |", "|---|---:|---:|---:|"]
        parse = parts["cpu_seconds"]["spaCy parse (paragraphs, one stream)"]
        stages: dict[str, float] = {}
        whole = parts["cpu_seconds"].get("all extraction after the parse")
        named = sum(v for k, v in parts["cpu_seconds"].items() if k.startswith("  "))
        for stage, seconds in parts["cpu_seconds"].items():
            if stages and not stage.startswith("  ") and list(stages)[-1].startswith("  ") and whole:
                stages["  rows, word counts, features (the rest)"] = max(0.0, whole - named)
            stages[stage] = seconds
        for stage, seconds in stages.items():
            lines.append(f"| {stage} | {seconds:.2f} | {1000 * seconds / parts['articles']:.1f} | "
                         f"{seconds / parse:.1%} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="folder of .txt articles, e.g. ../shared/corpus/bbc")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="extraction runs")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=1, help="runs per mode (best kept)")
    parser.add_argument("--no-raw-paragraphs", action="store_true", help="skip that baseline")
    parser.add_argument("--modes", nargs="+", help="run only these modes (raw, raw-paragraphs, extract-N)")
    parser.add_argument("--components", action="store_true", help="also time each stage")
    parser.add_argument("--model", help="spaCy pipeline (default: the package's choice)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--texts", help=argparse.SUPPRESS)
    parser.add_argument("--raw-batch", type=int, default=8, help=argparse.SUPPRESS)
    parser.add_argument("--piece-batch", type=int, default=32, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "components":
        Path(args.result).write_text(json.dumps(components(args.corpus)))
        return 0
    if args.child:
        Path(args.result).write_text(json.dumps(child(
            args.child, args.corpus, args.limit, args.out, args.texts, args.model, args.raw_batch,
            args.piece_batch)))
        return 0
    if not Path(args.corpus).is_dir():
        raise SystemExit(f"no such corpus folder: {args.corpus}")
    info = machine()
    info["repeat"] = args.repeat
    info["load_before"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    from analysis import corpus as corpus_mode
    from analysis.nlp import resolve_model_name

    model = resolve_model_name(args.model)
    work = Path(tempfile.mkdtemp(prefix="corpus-bench-texts-"))
    texts_file = work / "texts.jsonl"
    articles, words, pieces = prepare_texts(args.corpus, args.limit, texts_file)
    # raw batches of whole articles that hold about as many tokens as the extraction's batches
    raw_batch = max(1, round(corpus_mode.PIPE_BATCH_SIZE * articles / max(1, pieces)))
    info["raw_batch"], info["paragraph_batch"] = raw_batch, corpus_mode.PIPE_BATCH_SIZE
    modes = args.modes or ["raw"] + ([] if args.no_raw_paragraphs else ["raw-paragraphs"]) + [
        f"extract-{n}" for n in args.workers]
    runs: dict[str, list] = {mode: [] for mode in modes}
    for round_ in range(args.repeat):
        for mode in modes:
            print(f"[{round_ + 1}/{args.repeat}] {mode} ...", file=sys.stderr, flush=True)
            runs[mode].append(measure(mode, args.corpus, args.limit, texts_file, model, raw_batch,
                                       corpus_mode.PIPE_BATCH_SIZE))
            r = runs[mode][-1]
            print(f"    {words / r['seconds']:,.0f} words/s, {r['cpu_seconds']:.1f} CPU s, "
                  f"max RSS {r['max_process_rss_mb']:.0f} MB", file=sys.stderr, flush=True)
    parts = None
    if args.components:
        with tempfile.TemporaryDirectory() as tmp:
            result = Path(tmp) / "components.json"
            subprocess.run([sys.executable, __file__, args.corpus, "--child", "components",
                            "--result", str(result)], check=True, cwd=ROOT)
            parts = json.loads(result.read_text())
    info["load_after"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    shutil.rmtree(work, ignore_errors=True)
    text = report(info, articles, words, runs, parts)
    print(text)
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (out_dir / f"corpus_bench-{stamp}.md").write_text(text, encoding="utf-8")
    (out_dir / f"corpus_bench-{stamp}.json").write_text(
        json.dumps({"machine": info, "articles": articles, "words": words, "runs": runs,
                    "components": parts}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
