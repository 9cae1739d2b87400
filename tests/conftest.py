"""Shared fixtures: one spaCy pipeline and one analysis of the bundled article per test session.

Every test runs with the parse cache pointed at a temporary folder, so no test reads a stale
cache from an earlier run of the package (or writes into the project's own cache).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from analysis import analyze, paths
from analysis.article import build_tables
from analysis.entities import overrides_from_text
from analysis.nlp import load_pipeline
from analysis.reading import read_article

SEED = paths.DEFAULT_ARTICLE
QUOTE_MARKS_RE = re.compile('["“”„«»]')


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory):
    """Point the parse cache at an empty temporary folder for the whole session."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("analysis-cache")
        patch.setattr(paths, "CACHE_DIR", folder)
        patch.setenv("ANALYSIS_CACHE_DIR", str(folder))  # for command-line subprocesses
        yield folder


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once (load_pipeline is lru_cached too)."""
    return load_pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The bundled article as the package reads it."""
    return read_article(SEED)


@pytest.fixture(scope="session")
def seed(nlp):
    """The bundled article analysed once, without the cache."""
    return analyze(SEED, use_cache=False)


@pytest.fixture
def analyse_text(tmp_path, nlp):
    """A function: article text (headline first) -> Analysis, through the public entry point."""
    counter = iter(range(1000))

    def run(text: str, overrides: str | None = None):
        path = tmp_path / f"article_{next(counter)}.txt"
        path.write_text(text, encoding="utf-8")
        if overrides is not None:
            path.with_name(path.stem + ".overrides.toml").write_text(overrides, encoding="utf-8")
        return analyze(path, use_cache=False)

    return run


@pytest.fixture
def tables_of(nlp):
    """A function: article text (headline first) -> its six tables as attributes, parsed and
    extracted in memory (no file, no cache): how the quote and entity examples are checked."""

    def run(text: str, overrides: str = ""):
        tables, _ = build_tables(text, nlp, overrides_from_text(overrides, "article.overrides.toml"))
        return SimpleNamespace(**tables)

    return run


@pytest.fixture
def quotes_of(tables_of):
    """A function: article body (a headline is added) -> its quotes table."""

    def run(body: str):
        return tables_of("Headline\n\n" + body).quotes

    return run


def unquoted(text: str) -> str:
    """Text without double quotation marks, whitespace collapsed: compares quote spans to quote text."""
    return " ".join(QUOTE_MARKS_RE.sub(" ", text).split())
