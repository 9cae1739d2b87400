"""Run every notebook on an article and build the read-only HTML site (`make report`).

Everything is built in `reports/.build-<id>/` and moved to `reports/<id>/` only when all
notebooks ran: a failed run leaves the previous report as it was and no half-written folder.
For the bundled article the figures are also copied to the committed `figures/` folder.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from pathlib import Path

from . import paths
from .errors import ArticleError
from .site import build_site

log = logging.getLogger(__name__)
NOTEBOOK_WORKERS = 2


def notebook_paths() -> list[Path]:
    """The numbered study notebooks, in order."""
    return sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


def relative_to_root(path: Path) -> str:
    """A path as the notebooks should receive it: relative to the project when inside it."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(paths.PROJ_ROOT))
    except ValueError:
        return str(resolved)


def execute(notebook: Path, output: Path, parameters: dict) -> None:
    """Run one notebook with papermill in the project's kernel, cwd = notebooks/."""
    import papermill

    try:
        papermill.execute_notebook(
            str(notebook), str(output), parameters=parameters, kernel_name="python3",
            cwd=str(paths.NOTEBOOKS_DIR), progress_bar=False, log_output=False,
        )
    except papermill.PapermillExecutionError as exc:
        reason = f"{exc.ename}: {exc.evalue}".splitlines()[0]
        raise ArticleError(f"notebook {notebook.name} failed: {reason}") from None


def execute_all(notebooks: list[Path], out_dir: Path, parameters: dict) -> list[Path]:
    """Run the notebooks, as many at once as there are cores (up to NOTEBOOK_WORKERS).

    They are independent once the article's parse is cached, and each runs in its own kernel.
    """
    from concurrent.futures import ThreadPoolExecutor

    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = [out_dir / notebook.name for notebook in notebooks]
    workers = max(1, min(NOTEBOOK_WORKERS, os.cpu_count() or 1, len(notebooks)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        jobs = [pool.submit(execute, nb, out, parameters) for nb, out in zip(notebooks, outputs)]
        for notebook, job in zip(notebooks, jobs):
            job.result()
            print(f"ran {notebook.name}", file=sys.stderr)
    return outputs


def run_report(article: str | Path | None = None) -> Path:
    """Analyse the article, run all notebooks on it, write tables, figures and site; return the site."""
    from .pipeline import analyze

    article = Path(article) if article else paths.DEFAULT_ARTICLE
    result = analyze(article)  # bad input fails here, before anything is written
    is_default = article.resolve() == paths.DEFAULT_ARTICLE.resolve()
    target = paths.report_dir(article)
    build = paths.REPORTS_DIR / f".build-{target.name}"
    shutil.rmtree(build, ignore_errors=True)
    build.mkdir(parents=True)
    try:
        result.write_tables(build / "tables")
        parameters = {"ARTICLE": None if is_default else relative_to_root(article),
                      "FIGURES_DIR": relative_to_root(build / "figures")}
        executed = execute_all(notebook_paths(), build / "notebooks", parameters)
        build_site(executed, build / "site", result.source, result.headline)
        shutil.rmtree(target, ignore_errors=True)
        build.rename(target)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    if is_default:
        paths.FIGURES_DIR.mkdir(exist_ok=True)
        for figure in sorted((target / "figures").glob("*")):
            shutil.copy2(figure, paths.FIGURES_DIR / figure.name)
    return target / "site" / "index.html"


def main(argv: list[str] | None = None) -> int:
    """`python -m analysis.report [--article PATH]`: one-line errors, non-zero exit on failure."""
    parser = argparse.ArgumentParser(prog="python -m analysis.report",
                                     description="Run every notebook on an article; build the site.")
    parser.add_argument("--article", help="article file (default: the bundled seed)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    try:
        index = run_report(args.article or None)
    except ArticleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"report written: {paths.display_path(index)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
