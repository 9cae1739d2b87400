"""The article entry point: `analyze` one article (a file in any form the readers know, or one row
of a table) into its tidy tables and summary row, the parse cached on disk, the tables written as
CSV on request."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, outputs, paths
from .columns import ARTICLE_TABLES, FACTS, names
from .entities import overrides_from_text, overrides_path_for, read_overrides_text
from .errors import ArticleError
from .extraction import extract
from .frames import frames
from .nlp import load_pipeline, model_version, resolve_model_name
from .parsing import parse_text
from .sources import Document, read_document
from .structure import Block

if TYPE_CHECKING:  # pandas is imported where tables are read: corpus workers never load it
    import pandas as pd

log = logging.getLogger(__name__)

TABLE_NAMES = tuple(ARTICLE_TABLES)  # paragraphs, sentences, mentions, entities, quotes, readability
TABLE_FILES = {f"{name}.csv" for name in TABLE_NAMES}  # all a table folder may hold


@dataclass
class Analysis:
    """An analysed article: identity, text, top matter, the summary row and the six tidy tables."""

    article_id: str
    source: str  # the file, as shown to readers
    model: str
    headline: str
    standfirst: str
    text: str  # the text as read and cleaned: every table's offsets point into it
    overrides: str | None  # the overrides file used, as shown to readers (None: none)
    summary: dict  # the article in one row, `columns.SUMMARY`: corpus mode's `articles` row
    tables: dict[str, pd.DataFrame]

    @property
    def facts(self) -> dict:
        """Title, outlet, date (and where it was read), author, url and table row, as the source
        gave them (None where it gave none): the `columns.FACTS` of the summary row."""
        return {name: self.summary.get(name) for name in names(FACTS)}

    @property
    def paragraphs(self) -> pd.DataFrame:
        return self.tables["paragraphs"]

    @property
    def sentences(self) -> pd.DataFrame:
        return self.tables["sentences"]

    @property
    def mentions(self) -> pd.DataFrame:
        return self.tables["mentions"]

    @property
    def entities(self) -> pd.DataFrame:
        return self.tables["entities"]

    @property
    def quotes(self) -> pd.DataFrame:
        return self.tables["quotes"]

    @property
    def readability(self) -> pd.DataFrame:
        return self.tables["readability"]

    def write_tables(self, out_dir: str | os.PathLike) -> Path:
        """Write every table as CSV into `out_dir`, atomically (all files or none)."""
        return write_tables(self.tables, Path(out_dir))


def source_digest() -> str:
    """A short hash of the package's own code, so a code change invalidates cached parses."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py"), key=lambda p: p.relative_to(package).as_posix()):
        digest.update(path.read_bytes())  # subpackages too: corpus mode feeds cached studies
    return digest.hexdigest()[:16]


def cache_key(document: Document, model: str, overrides_text: str) -> str:
    """Hash of everything a parse depends on: text, blocks, facts, model, overrides, package
    version and code."""
    structure = json.dumps([[b.section, b.start, b.end] for b in document.blocks])
    facts = json.dumps(document.facts.as_row(), sort_keys=True)
    parts = [document.text, structure, facts, model, overrides_text, __version__, source_digest()]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def build_tables(text: str, nlp, overrides, *, blocks: list[Block] | None = None,
                 facts: dict | None = None) -> tuple[dict[str, pd.DataFrame], dict]:
    """Parse once (the reader's blocks, or plain-text structure), extract every row set, and make
    the six tables; (tables, meta) where meta holds the headline, standfirst, warnings (logged
    here) and the summary row."""
    parsed = parse_text(text, nlp, blocks)
    rows = extract(parsed, overrides, nlp, facts=facts)
    for message in rows["warnings"]:
        log.warning(message)
    meta = {s: " ".join(b.text for b in parsed.blocks if b.section == s)
            for s in ("headline", "standfirst")}
    meta.update(warnings=rows["warnings"], summary=rows["summary"][0])
    return frames(rows), meta


def analyze(article: str | os.PathLike = paths.DEFAULT_ARTICLE, *, row: str | None = None,
            columns: dict | None = None, model: str | None = None,
            overrides: str | os.PathLike | None = None, use_cache: bool = True,
            out_dir: str | os.PathLike | None = None) -> Analysis:
    """Analyse one article: a `.txt`, `.md`, `.html`, `.docx` file, or the row of a table
    (`.csv`, `.tsv`, `.jsonl`, `.parquet`, `.xlsx`) whose id or number is `row` (`columns` renames
    the table's columns: {"text": "body"}). The on-disk parse is reused when nothing it depends
    on changed."""
    path = Path(article)
    document = read_document(path, row, columns)
    text = document.text
    if out_dir is not None:
        check_out_dir(out_dir)  # refuse before the parse, not after it
    overrides_file = Path(overrides) if overrides else overrides_path_for(path)
    if overrides and not overrides_file.exists():
        raise ArticleError(f"no such overrides file: {overrides_file}")
    overrides_text = read_overrides_text(overrides_file)
    model_name = resolve_model_name(model)
    model = model_version(model_name)
    key = cache_key(document, model, overrides_text)
    cached = load_cached(key) if use_cache else None
    if cached is None:
        nlp = load_pipeline(model_name)
        tables, top = build_tables(text, nlp, overrides_from_text(overrides_text, overrides_file.name),
                                   blocks=document.blocks, facts=document.facts.as_row())
        meta = {"model": model, **top}
        if use_cache:
            store_cached(key, tables, meta)
    else:
        tables, meta = cached
    result = Analysis(paths.article_id(path, row), paths.display_path(path), meta["model"],
                      meta["headline"], meta["standfirst"], text,
                      paths.display_path(overrides_file) if overrides_text else None,
                      meta["summary"], tables)
    if out_dir is not None:
        result.write_tables(out_dir)
    return result


def load_cached(key: str):
    """(tables, meta) from the cache, or None when absent or unreadable."""
    import pandas as pd

    folder = paths.CACHE_DIR / key
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLE_NAMES}
    except (OSError, ValueError):
        return None
    for message in meta.get("warnings", []):
        log.warning(message)
    return tables, meta


def store_cached(key: str, tables: dict, meta: dict) -> None:
    """Save a parse under its key; a cache that cannot be written is skipped, not fatal."""
    try:
        paths.CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = outputs.fresh_dir(paths.CACHE_DIR, ".tmp-")
        for name, table in tables.items():
            table.to_parquet(tmp / f"{name}.parquet", index=False)
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        target = paths.CACHE_DIR / key
        try:
            os.replace(tmp, target)
        except OSError:
            if not target.is_dir():
                raise
            shutil.rmtree(tmp)  # another run stored the same parse first: keep theirs
    except OSError as exc:
        log.warning("parse cache not written (%s)", exc)


def check_out_dir(out_dir: str | os.PathLike) -> Path:
    """The table folder, refused in one line when it cannot be (re)written: not a folder,
    read-only, holding files other than the six tables, or under a read-only parent."""
    out_dir = Path(out_dir)
    outputs.check_replaceable(out_dir, TABLE_FILES)
    existing = next((p for p in [out_dir.parent, *out_dir.parent.parents] if p.exists()), None)
    if existing is not None and existing.is_dir() and outputs.is_read_only(existing):
        raise ArticleError(f"cannot write {outputs.shown(out_dir)}: {outputs.shown(existing)} is read-only")
    return out_dir


def write_tables(tables: dict, out_dir: Path) -> Path:
    """Write the tables as CSV into out_dir: built in a sibling folder unique to this run, then
    swapped in whole (old or new tables, never a mix). One writer per parent folder at a time."""
    out_dir = check_out_dir(out_dir)
    outputs.make_dirs(out_dir.parent)
    builds = outputs.build_prefix(out_dir)
    with outputs.writing(out_dir), outputs.lock(out_dir.parent, busy=None):
        check_out_dir(out_dir)  # again, now that no other run can write here
        outputs.restore_or_clean(out_dir, builds)
        tmp = outputs.fresh_dir(out_dir.parent, builds)
        try:
            for name in TABLE_NAMES:
                tables[name].to_csv(tmp / f"{name}.csv", index=False, lineterminator="\n")
            outputs.replace_folder(tmp, out_dir)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return out_dir
