"""Corpus mode: Parquet tables, resuming, broken files, 1 vs 2 workers vs Dask, and agreement
with the single-article tables. Every corpus is written into tmp_path from the texts below (or the
bundled article): no test needs a folder outside the project."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import pandas as pd
import pytest

from analysis import corpus, paths, sentiment
from analysis.__main__ import main as cli
from analysis.article import build_tables
from analysis.corpus import features
from analysis.corpus import items as corpus_items
from analysis.entities import load_overrides, overrides_path_for
from analysis.nlp import resolve_model_name
from analysis.reading import read_article
from analysis.studies.sentiment import by_voice
from analysis.studies.structure import body as body_rows
from analysis.studies.structure import structure_counts
from analysis.text import word_starts

ARTICLES = {
    "business/acme.txt": (
        "Acme profits jump as sales of rockets soar\n\n"
        "Acme Corporation said on Monday that its profits rose by 40% in the three months to March.\n\n"
        '"We have never sold so many rockets," said chief executive Wile Coyote. "Demand is strong."\n\n'
        "Analysts at Road Runner Securities said the results were better than expected.\n"),
    "business/rates.txt": (
        "Bank holds interest rates\n\n"
        "The Bank of England kept interest rates at 4.75% on Thursday.\n\n"
        "Governor Mervyn King said inflation was likely to stay close to its target.\n"),
    "tech/phones.txt": (
        "Mobile phones get smarter\n\n"
        '"People want to carry the internet in their pocket," said Jane Smith of Nokia.\n\n'
        '"They want music, maps and email in one device.\n\n'
        '"And they want it to last all day," she added.\n'),
    "tech/nested/deep.txt": (
        "Search engines compete\n\n"
        "Google and Yahoo are racing to index more of the web, according to industry figures.\n"),
}
SEED_NAME = paths.DEFAULT_ARTICLE.name
GOOD_IDS = ["business/acme", "business/rates", "tech/nested/deep", "tech/phones"]
ERRORS = [
    {"article": "broken/binary", "path": "broken/binary.txt",
     "reason": "binary file (contains NUL bytes), not a plain-text article"},
    {"article": "broken/empty", "path": "broken/empty.txt", "reason": "empty article (no text)"},
]


def write_corpus(root, broken: bool = True):
    """The four articles above, two broken files, and files that are not articles."""
    for relative, text in ARTICLES.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    if broken:
        (root / "broken").mkdir()
        png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
        (root / "broken" / "binary.txt").write_bytes(png)
        (root / "broken" / "empty.txt").write_bytes(b"")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "skip.txt").write_text("Hidden\n\nNot an article.\n", encoding="utf-8")
    (root / "README.md").write_text("Not an article either: the folder's own notes.\n", encoding="utf-8")
    (root / "notes.rtf").write_text("{\\rtf1 Not a form corpus mode reads.}\n", encoding="utf-8")
    return root


@pytest.fixture
def small_corpus(tmp_path):
    return write_corpus(tmp_path / "corpus")


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts, every missing value as None: compares tables whatever their dtypes."""
    return [{k: (None if not isinstance(v, (list, tuple)) and pd.isna(v) else v) for k, v in row.items()}
            for row in frame.astype(object).to_dict("records")]


def corpus_records(out) -> dict[str, list[dict]]:
    return {name: records(table) for name, table in corpus.read_corpus(out).items()}


# --- the command --------------------------------------------------------------------------------

def test_command_writes_parquet_tables_and_records_broken_files(small_corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli(["corpus", str(small_corpus), "--out", str(out), "--no-progress"]) == 0
    printed = capsys.readouterr()
    assert re.fullmatch(r"4 articles analysed \(\d+\.\d/s\), 2 errors, 0 already done -> .*out\n",
                        printed.out)
    assert "2 articles could not be analysed" in printed.err
    for name in corpus.TABLES:
        assert [p.name for p in (out / name).glob("*.parquet")] == ["part-00000.parquet"], name
    tables = corpus.read_corpus(out)
    assert records(tables["errors"]) == ERRORS
    articles = tables["articles"].set_index("article")
    assert articles.index.tolist() == GOOD_IDS
    assert articles.loc["business/acme", "path"] == "business/acme.txt"
    assert articles["headline"].tolist() == [
        "Acme profits jump as sales of rockets soar", "Bank holds interest rates",
        "Search engines compete", "Mobile phones get smarter"]
    assert articles["n_paragraphs"].tolist() == [3, 2, 1, 3]
    assert articles["n_sentences"].tolist() == [4, 2, 1, 3]  # body sentences: headlines left out
    assert articles["body_words"].tolist() == [44, 24, 15, 33]
    assert articles["direct_quotes"].tolist() == [2, 0, 0, 2]
    assert articles.loc["business/acme", "top_speaker"] == "Wile Coyote"
    assert articles.loc["business/rates", "top_speaker"] == "Mervyn King"
    assert articles.loc["tech/phones", "top_speakers"] == "Jane Smith"
    assert articles.loc["tech/nested/deep", "top_entities"] == "Google; Yahoo"
    assert articles["warnings"].isna().all()
    sentences = tables["sentences"]
    assert sentences.groupby("article")["sentence"].apply(list).to_dict() == {
        "business/acme": [0, 1, 2, 3, 4], "business/rates": [0, 1, 2],
        "tech/nested/deep": [0, 1], "tech/phones": [0, 1, 2, 3]}
    assert tables["mentions"].query("article == 'business/rates'")["entity"].tolist() == [
        "Bank of England", "Mervyn King"]
    assert tables["quotes"].query("article == 'tech/phones' and kind == 'direct'")["speaker"].tolist() == [
        "Jane Smith", "Jane Smith"]


def test_command_errors_are_one_line(tmp_path, capsys):
    assert cli(["corpus", str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == "error: no such corpus folder: missing\n"
    (tmp_path / "empty").mkdir()
    assert cli(["corpus", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == ("error: no articles under empty (corpus mode reads .txt, .md, "
                                       ".html, .docx, .csv, .tsv, .jsonl, .parquet or .xlsx files)\n")
    write_corpus(tmp_path / "c", broken=False)
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "thesis.docx").write_text("mine", encoding="utf-8")
    assert cli(["corpus", str(tmp_path / "c"), "--out", str(tmp_path / "busy")]) == 2
    assert capsys.readouterr().err == (
        "error: busy is not empty and is not a corpus output folder: choose another --out\n")
    assert cli(["corpus", str(tmp_path / "c"), "--out", str(tmp_path / "o"), "--workers", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err


def test_discovery_follows_symlinked_folders_without_looping(tmp_path):
    root = write_corpus(tmp_path / "c", broken=False)
    elsewhere = write_corpus(tmp_path / "elsewhere", broken=False)
    (root / "linked").symlink_to(elsewhere / "tech", target_is_directory=True)
    (root / "tech" / "loop").symlink_to(root, target_is_directory=True)
    assert [item.article for item in corpus.discover(root)] == [
        "business/acme", "business/rates", "linked/nested/deep", "linked/phones",
        "tech/nested/deep", "tech/phones"]


def test_output_made_with_another_model_is_refused(small_corpus, tmp_path):
    out = tmp_path / "out"
    corpus.run_corpus(small_corpus, out, progress=False, limit=2)
    (out / corpus.MANIFEST).write_text('{"schema": 1, "model": "en_other-1.0"}', encoding="utf-8")
    with pytest.raises(corpus.ArticleError, match="holds a run made with en_other-1.0"):
        corpus.run_corpus(small_corpus, out, progress=False)


# --- resuming -----------------------------------------------------------------------------------

def test_resumed_run_skips_done_articles_and_matches_a_fresh_run(small_corpus, tmp_path):
    fresh = corpus.run_corpus(small_corpus, tmp_path / "fresh", progress=False)
    assert (fresh.total, fresh.skipped, fresh.analysed, fresh.errors) == (6, 0, 4, 2)

    out = tmp_path / "resumed"
    first = corpus.run_corpus(small_corpus, out, progress=False, limit=3, chunk_size=2)
    assert (first.total, first.skipped, first.analysed, first.errors) == (3, 0, 1, 2)
    # an interrupted chunk: parts written but never committed by an `articles` part
    orphan = out / "sentences" / "part-00099.parquet"
    orphan.write_bytes((out / "sentences" / "part-00001.parquet").read_bytes())
    second = corpus.run_corpus(small_corpus, out, progress=False, chunk_size=2)
    assert (second.total, second.skipped, second.analysed, second.errors) == (6, 3, 3, 0)
    assert not orphan.exists()
    assert sorted(p.name for p in (out / "articles").glob("*.parquet")) == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet", "part-00003.parquet"]
    third = corpus.run_corpus(small_corpus, out, progress=False)
    assert (third.total, third.skipped, third.analysed, third.errors) == (6, 6, 0, 0)
    assert corpus_records(out) == corpus_records(tmp_path / "fresh")


# --- bad articles never stop the run ------------------------------------------------------------

def test_an_article_that_fails_in_the_extraction_is_an_error_row(small_corpus, tmp_path, monkeypatch):
    real = features.article_tables

    def failing(item, *args, **kwargs):
        if item.article == "business/rates":
            raise RuntimeError("boom\nsecond line")
        return real(item, *args, **kwargs)

    monkeypatch.setattr(features, "article_tables", failing)
    summary = corpus.run_corpus(small_corpus, tmp_path / "out", progress=False)
    assert (summary.analysed, summary.errors) == (3, 3)
    errors = corpus.read_table(tmp_path / "out", "errors")
    assert records(errors) == [ERRORS[0], ERRORS[1], {
        "article": "business/rates", "path": "business/rates.txt", "reason": "RuntimeError: boom"}]


class FailsOn:
    """A spaCy pipeline that raises on one text, as spaCy does on a text it cannot handle."""

    def __init__(self, nlp, marker):
        self.nlp, self.marker = nlp, marker

    def pipe(self, texts, batch_size=32):
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            if self.marker in doc.text:
                raise ValueError(f"[E999] cannot parse {self.marker}")
            yield doc

    def __getattr__(self, name):
        return getattr(self.nlp, name)


def test_a_text_spacy_cannot_parse_costs_only_its_own_article(small_corpus, nlp):
    items = corpus.discover(small_corpus)
    tables = corpus.extract_chunk(items, FailsOn(nlp, "Governor Mervyn King"))
    assert tables["articles"].column("article").to_pylist() == [
        "business/acme", "tech/nested/deep", "tech/phones"]
    assert tables["errors"].to_pylist() == [ERRORS[0], ERRORS[1], {
        "article": "business/rates", "path": "business/rates.txt",
        "reason": "ValueError: [E999] cannot parse Governor Mervyn King"}]


def test_unreadable_and_oversized_files(tmp_path, nlp, monkeypatch):
    root = write_corpus(tmp_path / "c", broken=False)
    cp1252 = "Caf\xe9 prices rise\n\nThe caf\xe9 said prices rose.\n".encode("cp1252")
    (root / "cp1252.txt").write_bytes(cp1252)
    (root / "huge.txt").write_text("Headline\n\n" + "word " * 100, encoding="utf-8")
    monkeypatch.setattr(corpus_items, "MAX_ARTICLE_CHARS", 300)
    items = [i for i in corpus.discover(root) if i.article in ("cp1252", "huge")]
    items.append(corpus.Item("gone", "gone.txt", str(root / "gone.txt")))
    tables = corpus.extract_chunk(items, nlp)
    assert tables["errors"].to_pylist() == [
        {"article": "huge", "path": "huge.txt",
         "reason": "too long for an article (510 characters; the limit is 300)"},
        {"article": "gone", "path": "gone.txt", "reason": corpus.FILE_GONE}]  # retried, never stored
    assert tables["articles"].to_pylist()[0]["warnings"] == (
        "article is not valid UTF-8; decoded as Windows-1252 (smart quotes kept)")


# --- the same tables as one article at a time, whatever the engine --------------------------------

def test_corpus_rows_match_the_single_article_tables(tmp_path, nlp):
    root = write_corpus(tmp_path / "c", broken=False)
    seed = root / "seed" / paths.DEFAULT_ARTICLE.name
    seed.parent.mkdir()
    seed.write_bytes(paths.DEFAULT_ARTICLE.read_bytes())
    overrides = overrides_path_for(paths.DEFAULT_ARTICLE)
    overrides_path_for(seed).write_bytes(overrides.read_bytes())
    items = corpus.discover(root)
    corpus.warm_up(nlp)
    result = {name: table.to_pandas() for name, table in corpus.extract_chunk(items, nlp).items()}
    assert result["errors"].empty
    for item in items:
        path = root / item.path
        tables, top = build_tables(read_article(path), nlp, load_overrides(overrides_path_for(path)))
        for name in ("sentences", "mentions", "quotes"):
            mine = result[name].query("article == @item.article").drop(columns="article")
            assert records(mine) == records(tables[name][mine.columns]), (item.article, name)
        row = result["articles"].set_index("article").loc[item.article]
        body = tables["readability"].query("scope == 'body'").iloc[0]
        assert records(pd.DataFrame([row[corpus.READABILITY_COLUMNS]])) == records(
            pd.DataFrame([body[corpus.READABILITY_COLUMNS]]))
        paragraphs = tables["paragraphs"]
        in_body = paragraphs[paragraphs["section"] == "body"]
        assert (row["body_words"], row["quoted_words"]) == (
            in_body["n_words"].sum(), in_body["quoted_words"].sum())
        entities = tables["entities"]
        assert (row["entities"], row["mentions"], row["top_entities"]) == (
            len(entities), entities["mentions"].sum(),
            "; ".join(entities.query("label != 'NORP'")["entity"].head(5)))
        assert row["headline"] == top["headline"]
        body_sentences = tables["sentences"].query("section == 'body'")
        assert row["n_sentences"] == len(body_sentences)
        assert row["vader_compound_mean"] == pytest.approx(body_sentences["vader_compound"].mean())
    seed_row = result["articles"].set_index("article").loc[f"seed/{seed.stem}"]
    assert seed_row["top_speaker"] == "John Kirby"


CURLY = {  # spaCy parses these differently with curly marks: sentences, mentions and quotes
    "wall.txt": "Trump\u2019s \u201cwall\u201d talk alarms GOP\n\n\u201cI\u2019m not sure that\u2019s "
                "what we\u2019d do,\u201d said Sen. Lindsey Graham, R-S.C. \u201cWe\u2019ve got work to "
                "do.\u201d\n\nHillary Clinton\u2019s campaign said Trump\u2019s \u201crhetoric\u201d "
                "was \u201cdangerous\u201d and \u201cun-American.\u201d Obama\u2019s aides didn\u2019t "
                "comment.\n\n\u201cHe\u2019s wrong,\u201d Clinton said Tuesday in Iowa. "
                "\u201cAmerica\u2019s better than that.\u201d\n",
    "movement.txt": "Sanders\u2019s \u2018revolution\u2019 meets Clinton\u2019s machine\n\nBernie "
                    "Sanders\u2019s supporters say it\u2019s \u201ca movement, not a campaign.\u201d "
                    "Clinton\u2019s aides say the Vermont senator\u2019s \u201cnumbers don\u2019t add "
                    "up.\u201d\n\n\u201cWe\u2019ll see,\u201d Sanders told reporters in Des Moines. "
                    "\u201cThe people aren\u2019t buying what Wall Street\u2019s selling.\u201d\n",
}


def test_curly_quoted_articles_give_the_single_article_rows(tmp_path, nlp):
    """Both modes parse the straightened text, so curly marks give the same rows in both."""
    root = tmp_path / "c"
    root.mkdir()
    for name, text in CURLY.items():
        (root / name).write_text(text, encoding="utf-8")
    result = {name: t.to_pandas() for name, t in corpus.extract_chunk(corpus.discover(root), nlp).items()}
    for name in CURLY:
        tables, meta = build_tables(read_article(root / name), nlp, load_overrides(None))
        mine = {table: frame[frame["article"] == name[:-4]].drop(columns="article")
                for table, frame in result.items() if table != "errors"}
        for table in ("sentences", "mentions", "quotes"):
            assert records(mine[table]) == records(tables[table]), (name, table)
        assert records(mine["articles"].drop(columns="path")) == records(pd.DataFrame([meta["summary"]]))


def test_two_workers_write_what_one_worker_writes(small_corpus, tmp_path):
    one = corpus.run_corpus(small_corpus, tmp_path / "one", progress=False, chunk_size=2)
    two = corpus.run_corpus(small_corpus, tmp_path / "two", progress=False, chunk_size=2, workers=2)
    assert (two.analysed, two.errors) == (one.analysed, one.errors) == (4, 2)
    assert corpus_records(tmp_path / "two") == corpus_records(tmp_path / "one")
    assert sorted(p.name for p in (tmp_path / "two" / "articles").glob("*")) == sorted(
        p.name for p in (tmp_path / "one" / "articles").glob("*"))


def test_a_worker_process_never_imports_pyarrow_or_pandas(small_corpus):
    """Workers send plain rows; the parent makes the Arrow tables (pyarrow imports pandas)."""
    code = ("import sys; from analysis.corpus import discover, pool; pool.init_worker(sys.argv[2]); "
            "rows = pool.worker_chunk(discover(sys.argv[1]), 32); "
            "print(len(rows['articles']), *(m in sys.modules for m in ('pyarrow', 'pandas')))")
    done = subprocess.run([sys.executable, "-c", code, str(small_corpus), resolve_model_name(None)],
                          capture_output=True, text=True, cwd=paths.PROJ_ROOT, timeout=120)
    assert done.stdout.split() == ["4", "False", "False"], done.stderr


def test_dask_local_cluster_matches_the_local_run(small_corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    from analysis.corpus import dask as corpus_dask

    corpus.run_corpus(small_corpus, tmp_path / "local", progress=False, chunk_size=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        summary = corpus.run_corpus(small_corpus, tmp_path / "dask", progress=False, chunk_size=1,
                                    engine="dask", scheduler=cluster.scheduler_address)
        stats = list(client.run(corpus_dask.worker_stats).values())
    assert (summary.analysed, summary.errors) == (4, 2)
    assert corpus_records(tmp_path / "dask") == corpus_records(tmp_path / "local")
    # six one-article tasks on two workers: a worker loads the model once and keeps it
    assert len(stats) == 2 and sum(s["tasks"] for s in stats) == 6
    assert [s["model_loads"] for s in stats if s["tasks"]] == [1] * sum(1 for s in stats if s["tasks"])


# --- helpers that replace slower or bigger ones -------------------------------------------------

def test_word_starts_agree_with_the_tables_rule():
    alphabet = list("ab Z9_ -.,\"“”'’\t\n\u00a0\u2009²½é中!?()—")
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        rule = [m.start() for m in re.finditer(r"\S+", text[:end]) if m.start() >= start
                and any(c.isalnum() for c in m.group())] if start == 0 or text[start - 1].isspace() else None
        if rule is not None:
            assert word_starts(text, start, end) == rule, (text, start, end)


def test_reading_an_empty_output_gives_empty_tables(tmp_path):
    tables = corpus.read_corpus(tmp_path)
    assert list(tables["errors"].columns) == ["article", "path", "reason"]
    assert all(table.empty for table in tables.values())


# --- one article, two modes: the same figures -----------------------------------------------------

def test_a_corpus_of_the_bundled_article_gives_its_single_article_body_figures(tmp_path, seed):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / SEED_NAME).write_bytes(paths.DEFAULT_ARTICLE.read_bytes())
    overrides_path_for(folder / SEED_NAME).write_bytes(overrides_path_for(paths.DEFAULT_ARTICLE).read_bytes())
    corpus.run_corpus(folder, tmp_path / "out", progress=False)
    row = corpus.read_table(tmp_path / "out", "articles").iloc[0]

    counts = structure_counts(seed)
    assert (row["n_paragraphs"], row["n_sentences"], row["body_words"], row["quoted_words"]) == (
        counts["paragraphs"], counts["sentences"], counts["words"], counts["quoted_words"])
    assert row["quoted_share"] == round(counts["quoted_share"], 4)

    body = body_rows(seed.sentences)
    voices = by_voice(body).set_index("voice")["vader_compound"]
    labels = body["vader_compound"].map(sentiment.vader_label).value_counts()
    same = pytest.approx
    assert row["vader_compound_mean"] == same(body["vader_compound"].mean(), rel=1e-12)
    assert row["vader_compound_narration"] == same(voices["narration"], rel=1e-12)
    assert row["vader_compound_quotation"] == same(voices["quotation"], rel=1e-12)
    assert row["share_negative"] == labels["negative"] / len(body)
    assert row["share_positive"] == labels["positive"] / len(body)
    assert row["textblob_polarity_mean"] == same(body["textblob_polarity"].mean(), rel=1e-12)
    assert row["textblob_subjectivity_mean"] == same(body["textblob_subjectivity"].mean(), rel=1e-12)

    kinds = seed.quotes["kind"].value_counts()
    assert (row["direct_quotes"], row["indirect_quotes"], row["scare_quotes"]) == (
        kinds.get("direct", 0), kinds.get("indirect", 0), kinds.get("scare", 0))
    assert (row["entities"], row["mentions"]) == (len(seed.entities), seed.entities["mentions"].sum())

    readability = seed.readability.query("scope == 'body'").iloc[0]
    for column in corpus.READABILITY_COLUMNS:
        assert row[column] == readability[column], column
    for column, count in corpus.READABILITY_COUNTS.items():
        assert row[column] == readability[count], column
    # and the whole row is the single article's summary row, value for value
    assert records(pd.DataFrame([row]).drop(columns=["article", "path"])) == records(
        pd.DataFrame([seed.summary]))
