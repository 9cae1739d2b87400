"""Faults done for real: foreign and read-only output folders, a full disk, runs killed at chosen
points, two runs at once, Ctrl-C, damaged corpus output, dying workers, odd file names.

Nothing is lost (a folder the package did not write is never touched; the previous tables or
report stay whole), nothing is mixed (one article's files never land in another's folder), and
every failure is one `error:` line with exit status 2 (130 for an interrupt).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import SEED
from test_corpus import corpus_records, write_corpus

from analysis import TABLE_NAMES, analyze, corpus, outputs, paths, report
from analysis.errors import ArticleError

TABLE_FILES = sorted(f"{name}.csv" for name in TABLE_NAMES)
OTHER = ("Harbour plan approved\n\n"
         "The council approved the harbour plan on Monday, Mayor Anna Lindqvist said.\n")


def run_cli(*args, cwd=None, module="analysis", wait=True, timeout=300):
    """`python -m analysis ...` in a fresh interpreter with the session's temporary cache."""
    env = dict(os.environ, ANALYSIS_CACHE_DIR=str(paths.CACHE_DIR), PYTHONWARNINGS="ignore")
    command = [sys.executable, "-m", module, *map(str, args)]
    if not wait:
        return subprocess.Popen(command, cwd=cwd or paths.PROJ_ROOT, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return subprocess.run(command, cwd=cwd or paths.PROJ_ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def assert_one_error(done, fragment: str, status: int = 2, progress=("warning: ",)) -> str:
    """The run failed with exactly one `error:` line holding `fragment`, and no traceback
    (lines starting with one of `progress` aside)."""
    stderr = done.stderr if isinstance(done.stderr, str) else done.stderr.read()
    lines = [line for line in stderr.splitlines() if not line.startswith(progress)]
    assert done.returncode == status, stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert fragment in lines[0], lines[0]
    assert "Traceback" not in stderr
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (relative path -> bytes), to prove it was left as it was."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def article(folder: Path, name: str, text: str = OTHER) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- output folders the package did not make ------------------------------------------------------

def test_out_folder_with_foreign_files_is_refused_and_untouched(tmp_path):
    out = tmp_path / "mine"
    (out / "photos").mkdir(parents=True)
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "photos" / "a.jpg").write_bytes(b"\xff\xd8jpeg")
    (out / "quotes.csv").write_text("an older table\n", encoding="utf-8")
    before = snapshot(out)
    done = run_cli(SEED, "--out", out)
    line = assert_one_error(done, "holds files this package did not write")
    assert "notes.txt" in line and "photos/a.jpg" in line
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no build folder left beside it


def test_out_folder_of_tables_is_replaced_whole(tmp_path):
    out = tmp_path / "tables"
    out.mkdir()
    (out / "quotes.csv").write_text("an older table\n", encoding="utf-8")
    assert run_cli(SEED, "--out", out).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == TABLE_FILES
    assert (out / "quotes.csv").read_text(encoding="utf-8").startswith("quote,kind,text")


def test_read_only_out_folder_is_an_error_never_replaced(tmp_path):
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o555)
    inode = out.stat().st_ino
    try:
        assert_one_error(run_cli(SEED, "--out", out), "read-only")
        assert out.stat().st_ino == inode and (out.stat().st_mode & 0o777) == 0o555
        assert list(out.iterdir()) == []
    finally:
        out.chmod(0o755)


def test_read_only_parent_and_impossible_places_are_one_line(tmp_path):
    parent = tmp_path / "parent"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        assert_one_error(run_cli(SEED, "--out", parent / "tables"), "read-only")
        assert list(parent.iterdir()) == []
    finally:
        parent.chmod(0o755)
    assert_one_error(run_cli(SEED, "--out", "/proc/nope"), "cannot write /proc/nope")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert_one_error(run_cli(SEED, "--out", tmp_path / "file"), "must be a folder")
    assert_one_error(run_cli(SEED, "--out", tmp_path / "file" / "below"), "not a folder")


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_folders_follow_the_umask(tmp_path, umask):
    previous = os.umask(umask)
    try:
        out = analyze(SEED).write_tables(tmp_path / "a" / "tables")
        corpus_out = tmp_path / "corpus-out"
        corpus.CorpusOutput(corpus_out, "model").open()
    finally:
        os.umask(previous)
    expected = 0o777 & ~umask
    for folder in (out, out.parent, corpus_out, corpus_out / "articles", corpus_out / "chunks"):
        assert folder.stat().st_mode & 0o777 == expected, folder


@pytest.fixture
def full_disk(tmp_path):
    """A 256 KiB tmpfs, filled up: every write into it fails with ENOSPC."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip() or 'not root'}")
    try:
        filler = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(filler, b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(filler)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_is_one_line_and_leaves_nothing(full_disk, tmp_path):
    done = run_cli(SEED, "--out", full_disk / "tables")
    assert_one_error(done, "No space left on device")
    assert [p.name for p in full_disk.iterdir()] == ["filler"]
    root = write_corpus(tmp_path / "c", broken=False)
    done = run_cli("corpus", root, "--out", full_disk / "corpus", "--no-progress")
    assert_one_error(done, "No space left on device")


def test_full_disk_under_the_report_is_one_line(full_disk, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "REPORTS_DIR", full_disk / "reports")
    assert report.main(["--article", str(article(tmp_path, "harbour.txt"))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot write ") and err.endswith("No space left on device\n")
    assert len(err.splitlines()) == 1
    assert sorted(p.name for p in (full_disk / "reports").iterdir()) == [".locks"]  # no build left
    assert list((full_disk / "reports" / ".locks").iterdir()) == []


# --- killed at chosen points: the old tables stay whole ------------------------------------------

KILLED_SWAP = """
import os, signal, sys
from analysis import analyze, outputs
point = sys.argv[3]
rename = os.rename
if point == "after-setting-the-old-aside":   # the fallback for file systems without an exchange
    outputs.exchange = lambda a, b: False
    def rename_then_die(src, dst):
        rename(src, dst)
        if "+old-" in str(dst):
            os.kill(os.getpid(), signal.SIGKILL)
    os.rename = rename_then_die
else:                                        # just before the atomic exchange
    outputs.exchange = lambda a, b: os.kill(os.getpid(), signal.SIGKILL)
analyze(sys.argv[1], out_dir=sys.argv[2], use_cache=False)
"""


@pytest.mark.parametrize("point", ["before-the-exchange", "after-setting-the-old-aside"])
def test_a_run_killed_mid_swap_loses_nothing(tmp_path, point):
    out = tmp_path / "tables"
    analyze(SEED).write_tables(out)
    before = snapshot(out)
    other = article(tmp_path / "in", "other.txt")
    env = dict(os.environ, ANALYSIS_CACHE_DIR=str(paths.CACHE_DIR))
    done = subprocess.run([sys.executable, "-c", KILLED_SWAP, str(other), str(out), point],
                          cwd=paths.PROJ_ROOT, env=env, capture_output=True, timeout=300)
    assert done.returncode == -signal.SIGKILL
    whole = out if out.exists() else next(tmp_path.glob(".tables+old-*"))
    assert snapshot(whole) == before  # the old tables, whole, at the target or set aside
    assert run_cli(other, "--out", out).returncode == 0  # the next run tidies up and finishes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "tables"]
    assert sorted(p.name for p in out.iterdir()) == TABLE_FILES
    assert "Harbour" in (out / "paragraphs.csv").read_text(encoding="utf-8")


def test_ctrl_c_stops_with_130_and_writes_nothing(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    long = article(tmp_path / "in", "long.txt", text + "\n\n".join([text.split("\n\n", 1)[1]] * 100))
    out = tmp_path / "tables"
    run = run_cli(long, "--out", out, "--no-cache", wait=False)
    time.sleep(4)  # inside the model load or the parse of ~80,000 words
    run.send_signal(signal.SIGINT)
    run.wait(timeout=60)
    assert_one_error(run, "interrupted", status=130)
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["in"]


# --- one article, one folder, one writer -----------------------------------------------------------

def test_report_ids_never_collide_and_keep_the_bundled_name(tmp_path):
    business = article(tmp_path / "business", "001.txt")
    tech = article(tmp_path / "tech", "001.txt")
    assert paths.report_dir(business) != paths.report_dir(tech)
    assert paths.report_id(business).startswith("001-")
    assert paths.report_dir(SEED) == paths.REPORTS_DIR / "000_87a923203847aeeb"
    assert paths.report_id(tmp_path / "business" / ".." / "business" / "001.txt") == paths.report_id(business)
    assert "+" not in paths.report_id(article(tmp_path, "a+b.txt"))  # "+" separates build names


def test_a_symlinked_article_is_named_by_the_link(tmp_path):
    target = article(tmp_path / "store", "f81a2c.txt")
    link = tmp_path / "harbour-vote.txt"
    link.symlink_to(target)
    result = analyze(link)
    assert result.source == "harbour-vote.txt" and result.article_id == "harbour-vote"
    assert paths.report_id(link).startswith("harbour-vote-")


def test_an_article_named_with_a_leading_dash(tmp_path):
    article(tmp_path, "-x.txt")
    done = run_cli("-x.txt", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == TABLE_FILES


def test_a_second_writer_of_the_same_report_is_told_in_one_line(tmp_path, monkeypatch):
    other = article(tmp_path, "other.txt")
    with outputs.report_lock(paths.report_dir(other)):
        done = run_cli(other)  # default --out: reports/<id>/tables, under the report's lock
    assert_one_error(done, "another run is writing reports/other-")
    assert not (paths.report_dir(other) / "tables").exists()
    shutil.rmtree(paths.report_dir(other), ignore_errors=True)


def test_a_lock_file_is_exclusive_and_removed_after_use(tmp_path):
    path = tmp_path / "x.lock"
    with outputs.lock(path, busy="busy"):
        with pytest.raises(ArticleError, match="busy"), outputs.lock(path, busy="busy"):
            pass
    assert not path.exists()
    with outputs.lock(path, busy="busy"):  # free again
        assert path.exists()


def test_two_runs_of_one_article_at_once_finish_or_say_so(tmp_path):
    path = article(tmp_path, "harbour.txt")
    tables = paths.report_dir(path) / "tables"
    try:
        runs = [run_cli(path, "--no-cache", wait=False) for _ in range(2)]
        for run in runs:
            run.wait(timeout=300)
        finished = [run for run in runs if run.returncode == 0]
        assert finished, [run.stderr.read() for run in runs]
        for run in runs:
            if run.returncode:
                assert_one_error(run, "another run is writing")
        assert sorted(p.name for p in tables.iterdir()) == TABLE_FILES
        assert [p.name for p in tables.parent.iterdir()] == ["tables"]
    finally:
        shutil.rmtree(paths.report_dir(path), ignore_errors=True)


def test_two_runs_into_one_folder_at_once_never_mix(tmp_path):
    out = tmp_path / "tables"
    first, second = article(tmp_path / "a", "001.txt"), article(tmp_path / "b", "001.txt", OTHER.replace(
        "Harbour plan approved", "Bridge plan rejected"))
    for _ in range(3):
        runs = [run_cli(path, "--out", out, "--no-cache", wait=False) for path in (first, second)]
        for run in runs:
            run.wait(timeout=300)
            assert run.returncode == 0, run.stderr.read()
        paragraphs = pd.read_csv(out / "paragraphs.csv")
        headline = paragraphs["text"].iloc[0]
        sentences = pd.read_csv(out / "sentences.csv")
        assert sentences["text"].iloc[0] == headline  # every table from one and the same article
        assert sorted(p.name for p in out.iterdir()) == TABLE_FILES
        assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "tables"]


def test_stale_build_folders_of_dead_runs_are_cleaned_safely(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "REPORTS_DIR", tmp_path / "reports")
    mine, busy = paths.REPORTS_DIR / "mine-0123456789", paths.REPORTS_DIR / "busy-0123456789"
    (mine / "site").mkdir(parents=True)
    dead = [report.build_prefix("mine-0123456789") + "99999-dead", report.build_prefix("gone-1") + "1-x"]
    live = report.build_prefix("busy-0123456789") + "4242-live"
    longer = report.build_prefix("mine-0123456789-2") + "1-y"  # another report whose id starts alike
    for name in [*dead, live, longer]:
        (paths.REPORTS_DIR / name / "site").mkdir(parents=True)
    with outputs.report_lock(busy), outputs.report_lock(mine):
        report.clean_stale_builds(mine)
    left = sorted(p.name for p in paths.REPORTS_DIR.iterdir())
    assert left == sorted([".locks", "mine-0123456789", live])
    assert longer not in left  # its lock was free: its run is dead


def test_a_report_folder_with_foreign_files_is_refused(tmp_path, monkeypatch):
    target = tmp_path / "report"
    (target / "site").mkdir(parents=True)
    (target / "site" / "index.html").write_text("<p>old</p>", encoding="utf-8")
    (target / "my-notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(ArticleError, match="my-notes.md"):
        outputs.check_replaceable(target, report.report_contents(target), what="report")
    report.list_contents(target)  # a report that lists its files: anything else is foreign
    (target / "site" / "extra.html").write_text("mine too", encoding="utf-8")
    with pytest.raises(ArticleError, match="site/extra.html"):
        outputs.check_replaceable(target, report.report_contents(target) - {"site/extra.html"},
                                  what="report")


# --- corpus output that checks itself ------------------------------------------------------------

def test_damaged_parts_are_named_in_one_line_then_redone(tmp_path):
    root = write_corpus(tmp_path / "c")
    fresh, out = tmp_path / "fresh", tmp_path / "out"
    corpus.run_corpus(root, fresh, progress=False, chunk_size=2)
    corpus.run_corpus(root, out, progress=False, chunk_size=2)
    sentences = sorted((out / "sentences").glob("*.parquet"))[0]
    sentences.write_bytes(sentences.read_bytes()[:100])  # truncated
    with pytest.raises(ArticleError) as raised:
        corpus.read_corpus(out)
    message = str(raised.value)
    assert f"sentences/{sentences.name}" in message and "\n" not in message
    articles = sorted((out / "articles").glob("*.parquet"))[-1]
    articles.unlink()  # and a missing one
    again = corpus.run_corpus(root, out, progress=False, chunk_size=2)
    assert again.analysed + again.errors == 4  # two chunks of two redone, the rest kept
    assert corpus_records(out) == corpus_records(fresh)


def test_damaged_output_through_the_command_is_one_line(tmp_path):
    root = write_corpus(tmp_path / "c")
    out = tmp_path / "out"
    assert corpus.main([str(root), "--out", str(out), "--no-progress"]) == 0
    part = next((out / "articles").glob("*.parquet"))
    part.write_bytes(b"PAR1 not really")
    done = run_cli("corpus", root, "--out", out, "--no-progress")
    assert done.returncode == 0 and "will be analysed again" in done.stderr
    assert "Traceback" not in done.stderr and len(corpus.read_table(out, "articles")) == 4


def test_refused_corpus_folders(tmp_path):
    assert_one_error(run_cli("corpus", "", "--out", tmp_path / "o"), "no corpus given")
    assert_one_error(run_cli("corpus", ".", "--out", tmp_path / "o"), "the project itself")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "notes.rtf").write_text("x", encoding="utf-8")
    (tmp_path / "nothing" / "README.md").write_text("# About\n\nThe folder's notes.\n", encoding="utf-8")
    assert_one_error(run_cli("corpus", tmp_path / "nothing", "--out", tmp_path / "o"), "no articles under")
    (tmp_path / "media.csv").write_text("id,title\n1,A\n", encoding="utf-8")
    assert_one_error(run_cli("corpus", tmp_path / "media.csv", "--out", tmp_path / "o"), "no text column")
    assert not (tmp_path / "o").exists()


def test_another_corpus_is_never_mixed_into_an_output(tmp_path):
    first, second = write_corpus(tmp_path / "one", broken=False), write_corpus(tmp_path / "two")
    corpus.run_corpus(first, tmp_path / "out", progress=False)
    with pytest.raises(ArticleError, match="another corpus folder"):
        corpus.run_corpus(second, tmp_path / "out", progress=False)


def test_a_second_corpus_run_on_the_same_output_is_told_in_one_line(tmp_path):
    root = write_corpus(tmp_path / "c", broken=False)
    out = tmp_path / "out"
    out.mkdir()
    with outputs.lock(out, busy="held"):
        done = run_cli("corpus", root, "--out", out, "--no-progress")
    assert_one_error(done, "another corpus run is writing")


def big_corpus(folder: Path, copies: int) -> Path:
    """`copies` times the small corpus's four articles (distinct files, same texts)."""
    source = write_corpus(folder.parent / f"{folder.name}-source", broken=False)
    for i in range(copies):
        shutil.copytree(source / "business", folder / f"batch{i:03d}" / "business")
        shutil.copytree(source / "tech", folder / f"batch{i:03d}" / "tech")
    return folder


@pytest.mark.slow
def test_a_corpus_folder_vanishing_mid_run_is_one_line(tmp_path):
    root = big_corpus(tmp_path / "c", 40)
    out = tmp_path / "out"
    run = run_cli("corpus", root, "--out", out, "--no-progress", "--chunk-size", "2", wait=False)
    deadline = time.time() + 120
    while not list((out / "chunks").glob("*.json")) and time.time() < deadline:
        time.sleep(0.05)
    shutil.rmtree(root)
    run.wait(timeout=120)
    assert_one_error(run, "disappeared during the run")
    errors = corpus.read_table(out, "errors")
    assert errors.empty  # vanished files are retried, never recorded as the articles' fault


@pytest.mark.slow
def test_a_killed_pool_worker_is_one_line_and_the_rerun_completes(tmp_path):
    import psutil

    root = big_corpus(tmp_path / "c", 15)
    out = tmp_path / "out"
    run = run_cli("corpus", root, "--out", out, "--no-progress", "--chunk-size", "4",
                  "--workers", "2", wait=False)
    deadline = time.time() + 120
    while not list((out / "chunks").glob("*.json")) and time.time() < deadline:
        time.sleep(0.05)
    workers = [p for p in psutil.Process(run.pid).children(recursive=True)
               if "resource_tracker" not in " ".join(p.cmdline())]
    assert workers, "no worker process found"
    workers[0].kill()
    run.wait(timeout=120)
    assert_one_error(run, "worker process died")
    again = corpus.run_corpus(root, out, progress=False, chunk_size=4)
    assert again.skipped > 0 and again.unfinished == 0
    fresh = tmp_path / "fresh"
    corpus.run_corpus(root, fresh, progress=False, chunk_size=4)
    assert corpus_records(out) == corpus_records(fresh)


@pytest.mark.slow
def test_a_killed_dask_worker_is_retried_next_run_never_an_error(tmp_path):
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    root = big_corpus(tmp_path / "c", 6)
    out = tmp_path / "out"
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                     dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        killed = threading.Event()

        def kill_worker_once_busy() -> None:
            deadline = time.time() + 120
            while time.time() < deadline and not killed.is_set():
                if any(client.processing().values()):
                    time.sleep(0.5)  # inside the task (loading the model, parsing)
                    for pid in client.run(os.getpid).values():
                        os.kill(pid, signal.SIGKILL)
                    killed.set()
                time.sleep(0.05)

        killer = threading.Thread(target=kill_worker_once_busy)
        killer.start()
        first = corpus.run_corpus(root, out, progress=False, chunk_size=4, engine="dask",
                                  scheduler=cluster.scheduler_address)
        killer.join()
        assert killed.is_set()
        assert first.unfinished > 0 and "KilledWorker" in first.failure
        assert corpus.read_table(out, "errors").empty  # never stored as the articles' fault
        second = corpus.run_corpus(root, out, progress=False, chunk_size=4, engine="dask",
                                   scheduler=cluster.scheduler_address)
    assert second.unfinished == 0 and second.skipped == first.analysed + first.errors
    fresh = tmp_path / "fresh"
    corpus.run_corpus(root, fresh, progress=False, chunk_size=4)
    assert corpus_records(out) == corpus_records(fresh)


# --- make: file names are data, never code --------------------------------------------------------

def run_make(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, ANALYSIS_CACHE_DIR=str(paths.CACHE_DIR))
    env.pop("MAKEFLAGS", None)
    return subprocess.run(["make", "--no-print-directory", *args], cwd=paths.PROJ_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_passes_odd_names_as_data(tmp_path):
    name = str(tmp_path / 'x`touch INJECTED`"q" $HOME $(id) -.txt')
    done = run_make("report", f"ARTICLE={name}")
    assert f"error: no such file: {name}" in done.stderr.splitlines()
    assert not (paths.PROJ_ROOT / "INJECTED").exists()
    assert not list((paths.REPORTS_DIR / ".locks").glob("x_touch*"))  # refused before any lock
    done = run_make("report", "ARTICLE=-x.txt")
    assert "error: no such file: -x.txt" in done.stderr.splitlines()
    done = run_make("corpus")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "needs a folder or a table of articles" in done.stderr
    out = tmp_path / "o u`t`"
    done = run_make("corpus", f"CORPUS={tmp_path / 'no $such'}", f"OUT={out}", "WORKERS=1")
    assert "error: no such corpus folder: no $such" in done.stderr.splitlines()
    assert not out.exists()


# --- make report: Ctrl-C and a quiet, complete run -----------------------------------------------

def test_an_interrupted_run_removes_the_build_folders_it_made_and_no_others(tmp_path, monkeypatch):
    # a kernel that started just before Ctrl-C may write figures into the build after the run's
    # own clean-up; the interrupt handler removes this process's builds, never another run's
    monkeypatch.setattr(paths, "REPORTS_DIR", tmp_path)
    own = tmp_path / f"{report.build_prefix('harbour')}{os.getpid()}-0a1b2c3d"
    other = tmp_path / f"{report.build_prefix('harbour')}{os.getpid()}1-0a1b2c3d"
    (own / "figures").mkdir(parents=True)
    other.mkdir()
    report.remove_own_builds()
    assert not own.exists() and other.exists()


@pytest.mark.slow
def test_report_interrupted_keeps_the_previous_report(tmp_path):
    path = article(tmp_path, "harbour.txt")
    target = paths.report_dir(path)
    (target / "site").mkdir(parents=True)
    (target / "site" / "index.html").write_text("<p>the previous report</p>", encoding="utf-8")
    report.list_contents(target)
    before = snapshot(target)
    try:
        run = run_cli("--article", path, module="analysis.report", wait=False)
        deadline = time.time() + 240
        started = False
        while time.time() < deadline and not started:
            started = bool(list(paths.REPORTS_DIR.glob(f"{report.build_prefix(target.name)}*/notebooks/*")))
            time.sleep(0.2)
        assert started, "the notebooks never started"
        time.sleep(2)
        stopped_at = time.time()
        run.send_signal(signal.SIGINT)
        run.wait(timeout=60)
        assert time.time() - stopped_at < 15
        assert_one_error(run, "interrupted", status=130, progress=("warning: ", "running ", "ran "))
        assert snapshot(target) == before
        assert not list(paths.REPORTS_DIR.glob(f"{report.build_prefix(target.name)}*"))
    finally:
        shutil.rmtree(target, ignore_errors=True)


def test_report_kernels_start_quietly():
    manager = report.quiet_kernel_manager()(kernel_name="python3")
    assert manager.transport == "ipc"  # no "Kernel is running over TCP without encryption"
    other = report.quiet_kernel_manager()(kernel_name="python3")
    assert manager.ip != other.ip  # two kernels started side by side never share sockets


def test_the_chunk_manifest_lists_every_part(tmp_path):
    root = write_corpus(tmp_path / "c")
    corpus.run_corpus(root, tmp_path / "out", progress=False)
    manifest = json.loads((tmp_path / "out" / "chunks" / "part-00000.json").read_text(encoding="utf-8"))
    assert sorted(manifest["articles"]) == sorted(
        ["business/acme", "business/rates", "tech/nested/deep", "tech/phones", "broken/binary",
         "broken/empty"])
    for name, entry in manifest["parts"].items():
        part = tmp_path / "out" / entry["file"]
        assert entry["sha256"] == corpus.sha256_of(part) and entry["bytes"] == part.stat().st_size
        assert entry["rows"] == len(corpus.read_table(tmp_path / "out", name))
