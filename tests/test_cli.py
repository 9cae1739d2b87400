"""`python -m analysis`: six CSVs with the documented columns, or one `error:` line and nothing written."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest
from conftest import SEED

from analysis import TABLE_NAMES, columns, paths

# The declared columns (tests/test_columns.py checks the README lists the same).
COLUMNS = {name: columns.names(declared) for name, declared in columns.ARTICLE_TABLES.items()}


def run_cli(*args, cwd=None) -> subprocess.CompletedProcess:
    """Run the command line in a fresh interpreter, with the session's temporary cache."""
    env = dict(os.environ, ANALYSIS_CACHE_DIR=str(paths.CACHE_DIR), PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=cwd or paths.PROJ_ROOT, timeout=120)


def test_good_article_writes_six_csvs(tmp_path):
    out = tmp_path / "tables"
    done = run_cli(SEED, "--out", out, "--no-cache")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("000_87a923203847aeeb: 27 paragraphs, 36 sentences, 57 mentions, "
                                  "16 entities, 23 quotes, 27 readability -> ")
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.csv" for name in TABLE_NAMES)
    for name in TABLE_NAMES:
        assert list(pd.read_csv(out / f"{name}.csv").columns) == COLUMNS[name], name
    entities = pd.read_csv(out / "entities.csv")
    assert entities[["entity", "label", "mentions"]].iloc[1].tolist() == ["John Kirby", "PERSON", 8]
    quotes = pd.read_csv(out / "quotes.csv")
    assert quotes.loc[quotes["kind"] == "scare", "text"].tolist() == ["special military operation",
                                                                      "demilitarize"]


@pytest.fixture
def bad_inputs(tmp_path):
    """Name -> a path the command line must refuse."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (tmp_path / "folder").mkdir()
    (tmp_path / "bad_toml.txt").write_text("Head\n\nKirby spoke.", encoding="utf-8")
    (tmp_path / "bad_toml.overrides.toml").write_text("[aliases\n", encoding="utf-8")
    return {
        "missing": (tmp_path / "missing.txt", "no such file"),
        "directory": (tmp_path / "folder", "is a directory"),
        "empty": (tmp_path / "empty.txt", "empty article"),
        "binary": (tmp_path / "binary.txt", "binary file"),
        "invalid-overrides": (tmp_path / "bad_toml.txt", "not valid TOML"),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "binary", "invalid-overrides"])
def test_bad_input_is_one_error_line_and_no_output(bad_inputs, tmp_path, case):
    path, message = bad_inputs[case]
    out = tmp_path / "out" / "tables"
    done = run_cli(path, "--out", out, "--no-cache")
    assert done.returncode != 0
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ") and message in lines[0]
    assert "Traceback" not in done.stderr
    assert not out.exists() and not out.parent.exists()


def test_usage_error_exits_non_zero():
    done = run_cli()
    assert done.returncode == 2
    assert "usage: python -m analysis" in done.stderr


def test_one_command_line_with_a_parser_per_command():
    done = run_cli("--help")
    assert done.returncode == 0
    assert done.stdout.startswith("usage: python -m analysis {tables,corpus,report,reference}")
    for command in ("tables", "corpus", "report", "reference"):
        done = run_cli(command, "--help")
        assert done.returncode == 0, command
        assert done.stdout.startswith(f"usage: python -m analysis {command}"), command


def test_tables_command_and_the_bare_article_form_write_the_same_tables(tmp_path):
    assert run_cli("tables", SEED, "--out", tmp_path / "a").returncode == 0
    assert run_cli(SEED, "--out", tmp_path / "b").returncode == 0
    for name in TABLE_NAMES:
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (tmp_path / "b" / f"{name}.csv").read_bytes()


def test_a_command_error_is_one_line(tmp_path):
    done = run_cli("tables", tmp_path / "missing.txt", "--out", tmp_path / "out")
    assert (done.returncode, done.stderr) == (2, f"error: no such file: {tmp_path / 'missing.txt'}\n")
    done = run_cli("report", "--article", tmp_path / "missing.txt")
    assert done.returncode == 2 and done.stderr.startswith("error: ") and len(done.stderr.splitlines()) == 1
