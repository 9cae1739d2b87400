"""The command line: `python -m analysis COMMAND ...`, one argument parser per command.

    python -m analysis tables ARTICLE [--id ID] [--out DIR]   the six tables of one article as CSV
    python -m analysis corpus PATH [--out OUT]      every article of a folder or table as Parquet
    python -m analysis report [--article PATH] [--id ID]   every notebook on an article, and the site
    python -m analysis reference [DIR]              rebuild the shipped corpus reference

`python -m analysis ARTICLE` (no command) is `tables`, and `python -m analysis.report` is
`report`, as they always were. Errors are one line: exit 2, or 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from contextlib import nullcontext
from pathlib import Path

from . import outputs, paths
from .errors import ArticleError


def article_parser() -> argparse.ArgumentParser:
    """Arguments of the single-article command."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis tables",
        description="Analyse a news article into tidy CSV tables "
        "(paragraphs, sentences, mentions, entities, quotes, readability).")
    parser.add_argument("article", help="an article: .txt (headline on line one), .md, a saved web "
                        "page (.html), a Word file (.docx), or a table of articles (.csv, .tsv, "
                        ".jsonl, .parquet, .xlsx) with --id")
    parser.add_argument("--id", help="the row of a table to analyse: its id column's value, or "
                        "its row number (1 = the first row after the header)")
    parser.add_argument("--columns", help="a table's column names when they are not the usual "
                        "ones: text=body,title=headline,date=day")
    parser.add_argument("--out", help="folder for the CSV tables "
                        "(default: reports/<article-id>/tables)")
    parser.add_argument("--model", help="spaCy pipeline package to use (default: see README)")
    parser.add_argument("--overrides", help="entity overrides TOML "
                        "(default: <article>.overrides.toml next to the article)")
    parser.add_argument("--no-cache", action="store_true", help="parse again, ignore the cache")
    return parser


def dashed_paths(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """Arguments that look like options but name existing files (`-x.txt`) as `./-x.txt`, so
    argparse takes them as the article."""
    options = {s for action in parser._actions for s in action.option_strings}
    return [f"./{arg}" if arg.startswith("-") and arg != "--" and arg.split("=")[0] not in options
            and os.path.lexists(arg) else arg for arg in argv]


def run_article(argv: list[str]) -> int:
    """Analyse one article and write its tables; print where they went.

    The default folder is inside the article's report, so its report lock is held meanwhile.
    """
    from .article import analyze
    from .sources import read_document
    from .sources.tables import parse_columns_option

    parser = article_parser()
    args = parser.parse_args(dashed_paths(argv, parser))
    columns = parse_columns_option(args.columns) if args.columns else None
    if args.out:
        out, guard = Path(args.out), nullcontext()
    else:
        read_document(args.article, args.id, columns)  # refused before anything is made (a lock file)
        report = paths.report_dir(args.article, args.id)
        out, guard = report / "tables", outputs.report_lock(report)
    with guard:
        result = analyze(args.article, row=args.id, columns=columns, model=args.model,
                         overrides=args.overrides, use_cache=not args.no_cache, out_dir=out)
    counts = ", ".join(f"{len(t)} {name}" for name, t in result.tables.items())
    print(f"{result.article_id}: {counts} -> {out}")
    return 0


def run_corpus_command(argv: list[str]) -> int:
    """`python -m analysis corpus ...` (its parser is `corpus.run.corpus_parser`)."""
    from .corpus import main as corpus_main

    return corpus_main(argv)


def run_reference_command(argv: list[str]) -> int:
    """`python -m analysis reference ...` (its parser is `reference.reference_parser`)."""
    from .reference import main as reference_main

    return reference_main(argv)


def run_report_command(argv: list[str]) -> int:
    """`python -m analysis report ...`: the report runner handles its own errors (it stops the
    notebook kernels on Ctrl-C)."""
    from .report import main as report_main

    return report_main(argv, prog="python -m analysis report")


COMMANDS = {"tables": run_article, "corpus": run_corpus_command, "report": run_report_command,
            "reference": run_reference_command}
USAGE = """usage: python -m analysis {tables,corpus,report,reference} ...

  tables ARTICLE [--id ID] [--out DIR]
                               the six tables of one article as CSV (also: python -m analysis ARTICLE);
                               ARTICLE is .txt, .md, .html, .docx, or a table (.csv .tsv .jsonl
                               .parquet .xlsx) with --id choosing its row
  corpus PATH [--out OUT]      every article of a folder (any mix of those forms) or of a table,
                               as Parquet tables
  report [--article PATH] [--id ID]
                               run every notebook on an article and build the HTML site
  reference [DIR]              rebuild the shipped corpus reference from a corpus folder

python -m analysis COMMAND --help describes a command's options."""


def main(argv: list[str] | None = None) -> int:
    """Entry point: one-line errors and a non-zero exit for bad input, never a traceback."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    command, rest = (argv[0], argv[1:]) if argv and argv[0] in COMMANDS else ("tables", argv)
    try:
        return COMMANDS[command](rest)
    except ArticleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the world failed (disk full, folder gone): still one line
        print(f"error: {outputs.os_error(exc, exc.filename or '')}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
