"""Run every notebook on an article and build the read-only HTML site (`make report`).

One run per article at a time (a lock in `reports/.locks/`). Everything is built in a folder
unique to the run, `reports/.build-<id>+<pid>-<random>/`, and swapped in for `reports/<id>/`
whole, only when all notebooks ran: a failed or interrupted run leaves the previous report as it
was and no half-written folder; build folders of killed runs are removed by the next run. For
the bundled article the figures are also copied to the committed `figures/` folder.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from pathlib import Path

from . import outputs, paths
from .errors import ArticleError
from .site import build_site

log = logging.getLogger(__name__)
NOTEBOOK_WORKERS = 2
BUILD_PREFIX = ".build-"
BUILD_SEPARATOR = "+"  # never in a report id, so one id's build prefix never matches another's
WRITTEN = ".written"  # every file of a report, listed: what a later run may replace
OLD_REPORT_ENTRIES = {"notebooks/", "site/", "figures/", "tables/"}  # reports without the list
KERNEL_SOCKETS: list[str] = []  # socket path prefixes of the kernels this process started


def notebook_paths() -> list[Path]:
    """The numbered study notebooks, in order."""
    return sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


def relative_to_root(path: Path) -> str:
    """A path as the notebooks should receive it: relative to the project when inside it
    (a symlinked article keeps the link's name), else absolute."""
    return paths.in_project(path) or str(paths.link_path(path))


def quiet_kernel_manager():
    """The kernel manager papermill starts kernels with: IPC transport (local Unix sockets, so
    ipykernel has no "running over TCP without encryption" to warn about), and no SIGINT at
    shutdown (jupyter_client interrupts before asking a kernel to stop; an idle kernel then
    logs "KeyboardInterrupt caught in kernel" on a run that went well)."""
    import uuid

    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.paths import jupyter_runtime_dir
    from traitlets import CaselessStrEnum, default

    class QuietKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        @default("ip")
        def _unique_socket_prefix(self) -> str:  # kernels started side by side never share one
            runtime = Path(jupyter_runtime_dir())
            runtime.mkdir(parents=True, exist_ok=True)
            prefix = str(runtime / f"kernel-{uuid.uuid4().hex[:12]}-ipc")
            KERNEL_SOCKETS.append(prefix)
            return prefix

        async def _async_interrupt_kernel(self) -> None:
            if not self.shutting_down:
                await super()._async_interrupt_kernel()

    return QuietKernelManager


def execute(notebook: Path, output: Path, parameters: dict) -> None:
    """Run one notebook with papermill in the project's kernel, cwd = notebooks/."""
    import papermill

    try:
        papermill.execute_notebook(
            str(notebook), str(output), parameters=parameters, kernel_name="python3",
            cwd=str(paths.NOTEBOOKS_DIR), progress_bar=False, log_output=False,
            kernel_manager_class=quiet_kernel_manager(),
        )
    except papermill.PapermillExecutionError as exc:
        reason = f"{exc.ename}: {exc.evalue}".splitlines()[0]
        raise ArticleError(f"notebook {notebook.name} failed: {reason}") from None
    except (RuntimeError, TimeoutError) as exc:  # the kernel did not start or died
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise ArticleError(f"notebook {notebook.name} could not run: {reason}") from None


def stop_kernels() -> None:
    """Kill the kernels this process started (they run in their own sessions, so Ctrl-C in the
    terminal does not reach them): an interrupted or failed run stops at once."""
    import psutil

    for child in psutil.Process().children(recursive=True):
        try:
            child.kill()
        except psutil.Error:
            pass
    for prefix in KERNEL_SOCKETS:  # a killed kernel leaves its socket files behind
        for socket in Path(prefix).parent.glob(f"{Path(prefix).name}-*"):
            socket.unlink(missing_ok=True)


def execute_all(notebooks: list[Path], out_dir: Path, parameters: dict) -> list[Path]:
    """Run the notebooks, as many at once as there are cores (up to NOTEBOOK_WORKERS).

    They are independent once the article's parse is cached, and each runs in its own kernel.
    On a failure or Ctrl-C the queued notebooks are dropped and the running kernels killed.
    """
    from concurrent.futures import ThreadPoolExecutor

    out_dir.mkdir(parents=True, exist_ok=True)
    outputs_ = [out_dir / notebook.name for notebook in notebooks]
    workers = max(1, min(NOTEBOOK_WORKERS, os.cpu_count() or 1, len(notebooks)))
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        jobs = [pool.submit(execute, nb, out, parameters) for nb, out in zip(notebooks, outputs_)]
        for notebook, job in zip(notebooks, jobs):
            job.result()
            print(f"ran {notebook.name}", file=sys.stderr, flush=True)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        stop_kernels()
        raise
    pool.shutdown()
    return outputs_


def report_contents(report: Path) -> set[str]:
    """What the package wrote in a report folder: its list of files, or for a report made
    before the list existed, its four subfolders."""
    listed = report / WRITTEN
    if listed.is_file():
        return {*listed.read_text(encoding="utf-8").splitlines(), WRITTEN}
    return set(OLD_REPORT_ENTRIES)


def list_contents(build: Path) -> None:
    """Write the list of every file in a finished build (`.written`)."""
    files = sorted(p.relative_to(build).as_posix() for p in build.rglob("*") if not p.is_dir())
    (build / WRITTEN).write_text("".join(f"{name}\n" for name in files), encoding="utf-8")


def build_prefix(report_id: str) -> str:
    """The name every build folder of one report starts with."""
    return f"{BUILD_PREFIX}{report_id}{BUILD_SEPARATOR}"


def remove_own_builds() -> None:
    """Remove the build folders this process made (named with its pid): after Ctrl-C, a kernel
    that started just before it may have written figures into the build after its clean-up."""
    for build in paths.REPORTS_DIR.glob(f"{BUILD_PREFIX}*{BUILD_SEPARATOR}{os.getpid()}-*"):
        shutil.rmtree(build, ignore_errors=True)


def clean_stale_builds(target: Path) -> None:
    """Remove build folders no live run owns: this report's (we hold its lock) and those of
    other reports whose lock is free (their run was killed). Restore a report left aside."""
    outputs.restore_or_clean(target, build_prefix(target.name))
    for build in paths.REPORTS_DIR.glob(f"{BUILD_PREFIX}*{BUILD_SEPARATOR}*"):
        report_id = build.name[len(BUILD_PREFIX):build.name.rindex(BUILD_SEPARATOR)]
        try:
            with outputs.report_lock(paths.REPORTS_DIR / report_id):
                outputs.restore_or_clean(paths.REPORTS_DIR / report_id, build_prefix(report_id))
        except ArticleError:
            continue  # that report is being built right now


def copy_figures(figures: Path) -> None:
    """Copy the bundled article's figures to the committed `figures/`, each file replaced whole
    (the bundled report's lock is held, so partial copies found here are a killed run's)."""
    with outputs.writing(paths.FIGURES_DIR):
        paths.FIGURES_DIR.mkdir(exist_ok=True)
        for stale in paths.FIGURES_DIR.glob(".*.partial-*"):
            stale.unlink()
        for figure in sorted(figures.glob("*")):
            partial = paths.FIGURES_DIR / f".{figure.name}.partial-{os.getpid()}"
            shutil.copy2(figure, partial)
            os.replace(partial, paths.FIGURES_DIR / figure.name)


def run_report(article: str | Path | None = None, row: str | None = None) -> Path:
    """Analyse the article (for a table, its row with id or number `row`), run all notebooks on
    it, write tables, figures and site; return the site."""
    from .article import analyze
    from .sources import read_document

    article = Path(article) if article else paths.DEFAULT_ARTICLE
    read_document(article, row)  # a missing or unreadable article is refused before anything is made
    target = paths.report_dir(article, row)
    outputs.make_dirs(paths.REPORTS_DIR)
    with outputs.report_lock(target):
        result = analyze(article, row=row)  # bad input fails here, before anything is written
        outputs.check_replaceable(target, report_contents(target), what="report")
        with outputs.writing(target):
            clean_stale_builds(target)
            build = outputs.fresh_dir(paths.REPORTS_DIR, build_prefix(target.name))
        is_default = article.resolve() == paths.DEFAULT_ARTICLE.resolve() and row is None
        try:
            result.write_tables(build / "tables")
            print(f"running {len(notebook_paths())} notebooks on {result.source}", file=sys.stderr,
                  flush=True)
            parameters = {"ARTICLE": None if is_default else relative_to_root(article),
                          "ARTICLE_ID": row, "FIGURES_DIR": relative_to_root(build / "figures")}
            with outputs.writing(build):
                executed = execute_all(notebook_paths(), build / "notebooks", parameters)
                build_site(executed, build / "site", result.source, result.headline, result.facts)
                list_contents(build)
                outputs.replace_folder(build, target)
        finally:
            shutil.rmtree(build, ignore_errors=True)
        if is_default:
            copy_figures(target / "figures")
    return target / "site" / "index.html"


def main(argv: list[str] | None = None, prog: str = "python -m analysis.report") -> int:
    """`python -m analysis report [--article PATH]` (or `python -m analysis.report`): one-line
    errors, non-zero exit on failure."""
    parser = argparse.ArgumentParser(prog=prog,
                                     description="Run every notebook on an article; build the site.")
    parser.add_argument("--article", help="article file: .txt, .md, .html, .docx, or a table of "
                        "articles with --id (default: the bundled seed); a name starting with '-' "
                        "as --article=-name.txt")
    parser.add_argument("--id", help="the row of a table: its id column's value or its row number")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    try:
        index = run_report(args.article or None, args.id or None)
    except ArticleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the world failed (disk full, folder gone): still one line
        print(f"error: {outputs.os_error(exc, exc.filename or '')}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        stop_kernels()  # again: a notebook thread may have started one since the first time
        remove_own_builds()  # such a kernel may have written into the build after its clean-up
        print("error: interrupted; the previous report is as it was", file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(130)  # notebook threads may still wait on their killed kernels: do not join them
    print(f"report written: {paths.display_path(index)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
