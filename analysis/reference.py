"""The shipped corpus reference: per-article features of a public news corpus, as package data.

    python -m analysis reference DIR [--out FILE] [--workers N]      (or: make reference CORPUS=DIR)

The corpus study (07-Corpus) places an article among many; so that it works on a fresh clone,
offline, the project ships the features corpus mode computes for every story of the BBC News
corpus (D. Greene and P. Cunningham, ICML 2006): numbers and entity names only, no article text,
not even headlines. `analysis/data/reference-bbc.csv` holds one row per story;
`reference-bbc.json` next to it records the source, citation, build command, package version,
model and row count. Rebuilding it from the same corpus with the same code and model gives the
same bytes (no dates, floats rounded, rows sorted by article id).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, corpus, paths
from .columns import FACTS, names
from .errors import ArticleError
from .nlp import model_version, resolve_model_name

if TYPE_CHECKING:
    import pandas as pd

SHIPPED_CSV = "reference-bbc.csv"
DECIMALS = 4  # enough for every percentile rank; keeps the file small and its bytes stable
# Never shipped: article text, the facts around it (titles, bylines, addresses) or run details.
TEXT_COLUMNS = ("path", "headline", *names(FACTS), "fingerprint", "warnings")
BBC_ABOUT = {  # what the shipped reference says about its corpus (options of the command)
    "name": "BBC News business and technology stories, 2004–2005",
    "source": "the BBC News dataset (http://mlg.ucd.ie/datasets/bbc.html): its business and tech "
              "folders; the articles' copyright is the BBC's",
    "citation": 'D. Greene and P. Cunningham, "Practical Solutions to the Problem of Diagonal '
                'Dominance in Kernel Document Clustering", Proc. ICML 2006',
    "credit": "D. Greene and P. Cunningham, ICML 2006",
}
BUILD_COMMAND = "make reference CORPUS=<corpus folder>"


def shipped_path() -> Path:
    """Where the shipped reference lives inside the installed package."""
    return Path(str(resources.files("analysis") / "data" / SHIPPED_CSV))


def metadata_path(csv_path: str | os.PathLike) -> Path:
    """The metadata file that sits next to a reference CSV (same name, `.json`)."""
    return Path(csv_path).with_suffix(".json")


def reference_columns() -> list[str]:
    """The corpus `articles` columns a reference keeps: the id, then every number and name."""
    return [name for name in corpus.schemas()["articles"].names if name not in TEXT_COLUMNS]


def reference_frame(articles: pd.DataFrame) -> pd.DataFrame:
    """Corpus `articles` rows as reference rows: text columns dropped, floats rounded, by id."""
    frame = articles[reference_columns()].sort_values("article", ignore_index=True).copy()
    floats = frame.select_dtypes("float").columns
    frame[floats] = frame[floats].round(DECIMALS)
    return frame


@dataclass(frozen=True)
class Reference:
    """A reference read back: its rows and its metadata."""

    stories: pd.DataFrame
    meta: dict


def load_reference(csv_path: str | os.PathLike | None = None) -> Reference:
    """The shipped reference (or another one built with this module) with its metadata."""
    import pandas as pd

    path = Path(csv_path) if csv_path is not None else shipped_path()
    if not path.is_file():
        raise ArticleError(f"no such reference file: {paths.display_path(path)}")
    meta = json.loads(metadata_path(path).read_text(encoding="utf-8"))
    if meta.get("columns") != reference_columns():
        raise ArticleError(f"{paths.display_path(path)} was built with other features than this "
                           f"package computes (corpus schema {meta.get('corpus_schema')}, now "
                           f"{corpus.SCHEMA_VERSION}): rebuild it with {BUILD_COMMAND}")
    stories = pd.read_csv(path, dtype={"article": str, "smog_reliable": bool})
    return Reference(stories, meta)


def metadata(frame: pd.DataFrame, errors: int, out: Path, model: str, about: dict) -> dict:
    """What a reference records about itself: its corpus (`about`: name, source, citation, credit),
    how to rebuild it, with what, and what it holds."""
    return {
        **{key: about[key] for key in BBC_ABOUT},
        "build_command": f"{BUILD_COMMAND}  (= python -m analysis reference <corpus folder> "
                         f"--out {paths.display_path(out)})",
        "package_version": __version__,
        "model": model,
        "corpus_schema": corpus.SCHEMA_VERSION,
        "rows": len(frame),
        "unreadable_files": errors,
        "float_decimals": DECIMALS,
        "columns": list(frame.columns),
    }


def write_reference(frame: pd.DataFrame, meta: dict, out: Path) -> None:
    """Write the CSV and its metadata, each through a temporary file, so neither is half-written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    contents = {out: frame.to_csv(index=False, lineterminator="\n"),
                metadata_path(out): json.dumps(meta, indent=1, ensure_ascii=False) + "\n"}
    for target, text in contents.items():
        handle, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{target.name}-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                file.write(text)
            os.chmod(tmp, 0o666 & ~current_umask())
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@dataclass
class BuildSummary:
    """What a build did: rows written, files that could not be read, seconds taken."""

    out: Path
    rows: int
    errors: int
    seconds: float

    def line(self) -> str:
        """One line for the terminal."""
        unread = f", {self.errors} unreadable files left out" if self.errors else ""
        return (f"{self.rows} articles{unread} -> {paths.display_path(self.out)} "
                f"(+ {metadata_path(self.out).name}) in {self.seconds:.0f} s")


def build_reference(corpus_dir: str | os.PathLike, out: str | os.PathLike | None = None, *,
                    workers: int = 1, model: str | None = None, about: dict | None = None,
                    progress: bool = False) -> BuildSummary:
    """Run corpus mode over `corpus_dir` in a temporary folder and keep its features as a reference."""
    start = time.perf_counter()
    out = Path(out) if out is not None else shipped_path()
    if out.suffix != ".csv":
        raise ArticleError(f"--out must name a .csv file: {paths.display_path(out)}")
    model_name = resolve_model_name(model)
    with tempfile.TemporaryDirectory(prefix="reference-") as tmp:
        corpus.run_corpus(corpus_dir, Path(tmp) / "out", workers=workers, model=model_name,
                          progress=progress)
        articles = corpus.read_table(Path(tmp) / "out", "articles")
        errors = len(corpus.read_table(Path(tmp) / "out", "errors"))
    if articles.empty:
        raise ArticleError("no article could be read: no reference written")
    frame = reference_frame(articles)
    meta = metadata(frame, errors, out, model_version(model_name), about or BBC_ABOUT)
    write_reference(frame, meta, out)
    return BuildSummary(out, len(frame), errors, time.perf_counter() - start)


def reference_parser() -> argparse.ArgumentParser:
    """Arguments of `python -m analysis reference`."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis reference",
        description="Rebuild a corpus reference: the per-article features (numbers and entity "
        "names, no text) of every .txt article under DIR, as a CSV with a JSON metadata file.")
    parser.add_argument("corpus", metavar="DIR", nargs="?",
                        help="folder of plain-text articles (default: the CORPUS environment variable)")
    parser.add_argument("--out", help=f"CSV file to write (default: the shipped analysis/data/{SHIPPED_CSV})")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--model", help="spaCy pipeline package (default: see README)")
    for key, meaning in (("name", "a short name for charts and tables"), ("source", "where the corpus "
                         "comes from"), ("citation", "how to cite it"), ("credit", "a short citation")):
        parser.add_argument(f"--{key}", default=BBC_ABOUT[key], help=f"{meaning} (default: the BBC corpus's)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str]) -> int:
    """`python -m analysis reference ...`: build, then one summary line."""
    args = reference_parser().parse_args(argv)
    corpus_dir = args.corpus if args.corpus is not None else os.environ.get("CORPUS", "")
    if not corpus_dir.strip():
        raise ArticleError("the reference needs a corpus folder: make reference CORPUS=DIR "
                           "(or python -m analysis reference DIR)")
    about = {key: getattr(args, key) for key in BBC_ABOUT}
    summary = build_reference(corpus_dir, args.out, workers=args.workers, model=args.model,
                              about=about, progress=not args.no_progress)
    print(summary.line())
    return 0
