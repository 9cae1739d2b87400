"""Command line: `python -m analysis ARTICLE [--out DIR]` writes the six tables as CSV."""

from __future__ import annotations

import argparse
import logging
import sys

from . import paths
from .errors import ArticleError


def article_parser() -> argparse.ArgumentParser:
    """Arguments of the single-article command."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Analyse a news article into tidy CSV tables "
        "(paragraphs, sentences, mentions, entities, quotes, readability).")
    parser.add_argument("article", help="path to a plain-text article (headline on line one)")
    parser.add_argument("--out", help="folder for the CSV tables "
                        "(default: reports/<article-id>/tables)")
    parser.add_argument("--model", help="spaCy pipeline package to use (default: see README)")
    parser.add_argument("--overrides", help="entity overrides TOML "
                        "(default: <article>.overrides.toml next to the article)")
    parser.add_argument("--no-cache", action="store_true", help="parse again, ignore the cache")
    return parser


def run_article(argv: list[str]) -> int:
    """Analyse one article and write its tables; print where they went."""
    from .pipeline import analyze

    args = article_parser().parse_args(argv)
    out = args.out or paths.report_dir(args.article) / "tables"
    result = analyze(args.article, model=args.model, overrides=args.overrides,
                     use_cache=not args.no_cache, out_dir=out)
    counts = ", ".join(f"{len(t)} {name}" for name, t in result.tables.items())
    print(f"{result.article_id}: {counts} -> {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point: one-line errors and a non-zero exit for bad input, never a traceback."""
    argv = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    try:
        if argv and argv[0] == "corpus":
            from .corpus import main as corpus_main

            return corpus_main(argv[1:])
        if argv and argv[0] == "reference":
            from .reference import main as reference_main

            return reference_main(argv[1:])
        return run_article(argv)
    except ArticleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
