"""`python -m analysis`: six CSVs with the documented columns, or one `error:` line and nothing written."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest
from conftest import SEED

from analysis import TABLE_NAMES, paths

# The README's table contract.
COLUMNS = {
    "paragraphs": ["paragraph", "section", "start_char", "end_char", "text", "n_sentences", "n_words",
                   "quoted_words", "narrated_words", "quoted_share", "vader_compound_mean"],
    "sentences": ["sentence", "paragraph", "section", "start_char", "end_char", "text", "n_words",
                  "quoted_share", "in_quote", "speaker", "vader_compound", "vader_pos", "vader_neu",
                  "vader_neg", "textblob_polarity", "textblob_subjectivity"],
    "mentions": ["mention", "entity", "label", "text", "section", "paragraph", "sentence", "start_char",
                 "end_char", "in_quote"],
    "entities": ["entity", "label", "mentions", "aliases", "first_paragraph", "last_paragraph",
                 "in_quotes", "in_narration"],
    "quotes": ["quote", "kind", "text", "speaker", "speaker_label", "speaker_gender", "cue",
               "attribution", "paragraph", "last_paragraph", "start_char", "end_char", "n_words"],
    "readability": ["scope", "paragraph", "sentences", "words", "syllables", "polysyllables",
                    "difficult_words", "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog",
                    "smog_index", "coleman_liau_index", "automated_readability_index",
                    "dale_chall_readability_score", "linsear_write_formula", "consensus_grade",
                    "smog_reliable", "grade_note"],
}


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
                                  "16 entities, 22 quotes, 27 readability -> ")
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
