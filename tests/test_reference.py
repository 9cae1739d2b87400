"""The shipped corpus reference: what it holds (numbers and names, never article text), how small
it is, and that rebuilding it from a corpus gives the same bytes. Corpora are written into tmp_path."""

from __future__ import annotations

import json
import subprocess

import pytest

from analysis import paths, reference
from analysis.__main__ import main as cli

STORIES = {
    "business/001.txt": "Rates rise again\n\nThe Bank of England raised rates on Thursday, "
                        "its governor Mervyn King said.\n\n\"Inflation is too high,\" he said.\n",
    "business/002.txt": "Acme profits fall\n\nAcme Corporation said profits fell by 10%.\n",
    "tech/001.txt": "Phones get smarter\n\n\"People want the internet in their pocket,\" said Jane Smith "
                    "of Nokia.\n\nAnalysts at Gartner agreed.\n",
}


def write_stories(root):
    for relative, text in STORIES.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def test_the_shipped_reference_holds_features_and_no_text():
    shipped = reference.shipped_path()
    assert shipped.is_relative_to(paths.PROJ_ROOT / "analysis" / "data")
    assert shipped.stat().st_size + reference.metadata_path(shipped).stat().st_size < 1_000_000
    loaded = reference.load_reference()
    stories, meta = loaded.stories, loaded.meta
    assert list(stories.columns) == reference.reference_columns() == meta["columns"]
    assert not {"headline", "path", "text", "warnings"} & set(stories.columns)
    assert len(stories) == meta["rows"] and stories["article"].is_unique
    assert stories["article"].tolist() == sorted(stories["article"])
    assert (stories["n_sentences"] > 0).all() and (stories["body_words"] > 0).all()
    assert "Greene" in meta["citation"] and "ICML 2006" in meta["citation"]
    assert meta["build_command"].startswith("make reference CORPUS=")
    assert {"name", "source", "credit", "package_version", "model", "corpus_schema",
            "unreadable_files"} <= set(meta)


def test_rebuilding_gives_the_same_bytes_whatever_the_workers(tmp_path):
    corpus_dir = write_stories(tmp_path / "my stories")
    out = tmp_path / "ref" / "reference-test.csv"
    first = reference.build_reference(corpus_dir, out, workers=1)
    assert (first.rows, first.errors) == (3, 0)
    made = {p.name: p.read_bytes() for p in out.parent.iterdir()}
    assert sorted(made) == ["reference-test.csv", "reference-test.json"]
    reference.build_reference(corpus_dir, out, workers=2)
    assert {p.name: p.read_bytes() for p in out.parent.iterdir()} == made
    loaded = reference.load_reference(out)
    assert loaded.stories["article"].tolist() == ["business/001", "business/002", "tech/001"]
    assert loaded.stories["direct_quotes"].tolist() == [1, 0, 1]
    assert loaded.meta["rows"] == 3 and "my stories" not in json.dumps(loaded.meta)
    assert "Rates rise again" not in made["reference-test.csv"].decode("utf-8")


def test_the_command_reads_the_corpus_from_the_environment_as_data(tmp_path, monkeypatch, capsys):
    corpus_dir = write_stories(tmp_path / 'odd "name" `x` $(y)')
    out = tmp_path / "reference.csv"
    monkeypatch.setenv("CORPUS", str(corpus_dir))
    assert cli(["reference", "--out", str(out), "--no-progress"]) == 0
    assert capsys.readouterr().out.startswith("3 articles -> reference.csv (+ reference.json) in ")
    assert reference.load_reference(out).meta["rows"] == 3


def test_command_errors_are_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CORPUS", raising=False)
    assert cli(["reference", "--out", str(tmp_path / "r.csv")]) == 2
    assert capsys.readouterr().err == ("error: the reference needs a corpus folder: make reference "
                                       "CORPUS=DIR (or python -m analysis reference DIR)\n")
    monkeypatch.setenv("CORPUS", "  ")
    assert cli(["reference", "--out", str(tmp_path / "r.csv")]) == 2
    assert capsys.readouterr().err.startswith("error: the reference needs a corpus folder")
    write_stories(tmp_path / "c")
    assert cli(["reference", str(tmp_path / "c"), "--out", str(tmp_path / "r.txt")]) == 2
    assert capsys.readouterr().err == "error: --out must name a .csv file: r.txt\n"
    assert cli(["reference", str(tmp_path / "missing"), "--out", str(tmp_path / "r.csv")]) == 2
    assert capsys.readouterr().err == "error: no such corpus folder: missing\n"
    assert not (tmp_path / "r.csv").exists()
    with pytest.raises(reference.ArticleError, match="no such reference file"):
        reference.load_reference(tmp_path / "r.csv")


def test_a_reference_of_other_features_asks_to_be_rebuilt(tmp_path):
    out = tmp_path / "old.csv"
    out.write_text("article,n_words\nbusiness/001,12\n", encoding="utf-8")
    meta = {"corpus_schema": 1, "columns": ["article", "n_words"]}
    reference.metadata_path(out).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(reference.ArticleError, match=r"old.csv was built with other features .* "
                       r"\(corpus schema 1, now \d+\): rebuild it with make reference CORPUS="):
        reference.load_reference(out)


def test_make_passes_the_corpus_folder_through_the_environment():
    shown = subprocess.run(["make", "-n", "reference", 'CORPUS=a "b" `c`'], cwd=paths.PROJ_ROOT,
                           capture_output=True, text=True, check=True).stdout
    assert "-m analysis reference" in shown and '"b"' not in shown and "`c`" not in shown
