"""The columns are declared once (analysis/columns.py): the README's table of columns, the
single-article DataFrames and the Parquet schemas of corpus mode all agree with it."""

from __future__ import annotations

import re

import pytest

from analysis import columns, corpus, paths


def readme_columns() -> dict[str, list[str]]:
    """table -> column names, from the README's `| `name.csv` | one row per | columns |` rows."""
    found = {}
    for line in (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `(\w+)\.csv` \| [^|]+ \| (.+) \|$", line)
        if match:
            listed = re.sub(r"\([^()]*\)", "", match.group(2))  # explanations in parentheses
            found[match.group(1)] = [name.strip() for name in listed.split(",")]
    return found


def test_readme_lists_the_declared_columns_of_every_table():
    assert readme_columns() == {name: columns.names(declared)
                                for name, declared in columns.ARTICLE_TABLES.items()}


def test_the_tables_have_the_declared_columns_and_types(seed):
    kinds = {"int": "int64", "int?": "Int64", "float": "float64", "bool": "bool"}
    for name, declared in columns.ARTICLE_TABLES.items():
        table = seed.tables[name]
        assert list(table.columns) == columns.names(declared), name
        for column, kind in declared:
            if kind in kinds and not table.empty:
                assert str(table[column].dtype) == kinds[kind], (name, column)


@pytest.mark.parametrize("name", corpus.TABLES)
def test_corpus_schemas_are_the_declared_columns(name):
    schema = corpus.schemas()[name]
    declared = columns.CORPUS_TABLES[name]
    assert schema.names == columns.names(declared)
    arrow = {"str": "string", "int": "int64", "int?": "int64", "float": "double", "bool": "bool"}
    assert [str(field.type) for field in schema] == [arrow[kind] for _, kind in declared]


def test_corpus_tables_are_the_single_article_tables_with_the_article_id():
    for name in ("sentences", "mentions", "quotes"):
        assert columns.CORPUS_TABLES[name] == (("article", "str"), *columns.ARTICLE_TABLES[name])
    assert columns.CORPUS_TABLES["articles"][2:] == columns.SUMMARY


def test_readme_lists_every_fact_column():
    """The README's table of facts names exactly the declared `columns.FACTS`, in order."""
    lines = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("| fact | what it holds |") + 2
    listed = []
    for line in lines[start:]:
        if not line.startswith("| "):
            break
        listed.append(line.split("|")[1].strip())
    assert listed == columns.names(columns.FACTS)
