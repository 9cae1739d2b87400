"""Facts for a folder of article files from a `metadata.csv` / `metadata.tsv` beside them.

One row per file: a key column names the file (`filename`, `file`, `path`, `id`, ...: its name with
or without its extension, or its path from the metadata file's folder), and facts columns are found
by the same names as in a table of articles (`title`, `publisher`, `publication_date`, `author`,
...). A file's own facts win; the metadata only fills what they lack. The metadata file of a folder
is read once per process (again only when it changes); a folder without one costs two `stat`s.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import replace
from pathlib import Path, PurePosixPath

from ..errors import ArticleError
from .delimited import delimited_rows
from .document import Document, Facts
from .facts import text_fact
from .record import date_fact, fact_text
from .tablebase import column_key, listing, table_columns

log = logging.getLogger("analysis.sources")

SIDECAR_NAMES = ("metadata.csv", "metadata.tsv")
KEY_NAMES = ("file", "filename", "file_name", "name", "path", "id", "doc_id")
FACT_FIELDS = ("title", "outlet", "date", "author", "url")
SEARCH_LEVELS = 3  # the file's folder and two above it (a metadata file at the top of a corpus)
FILLED = ("title", "outlet", "published", "author", "url")

_cache: dict[str, tuple[tuple, dict[str, Facts]]] = {}  # folder -> (file signature, facts by key)
_lock = threading.Lock()


def sidecar_path(folder: Path) -> tuple[Path, tuple] | None:
    """The metadata file in a folder and its (path, mtime, size) signature, or None."""
    for name in SIDECAR_NAMES:
        path = folder / name
        try:
            stat = os.stat(path)
        except OSError:
            continue
        if not os.path.isdir(path):
            return path, (str(path), stat.st_mtime_ns, stat.st_size)
    return None


def normal_key(value) -> str | None:
    """A key cell as a relative POSIX path (`./a\\b.txt` -> `a/b.txt`), or None when missing."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = text_fact(value)
    if text is None:
        return None
    text = text.replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text or None


def read_sidecar(path: Path) -> dict[str, Facts]:
    """Facts by key from one metadata file; an unusable file is ignored with a warning."""
    name = path.name
    try:
        header, rows = delimited_rows(path, name)
    except ArticleError as exc:
        log.warning("%s ignored: %s", path, exc)
        return {}
    try:
        by_key = {column_key(h): i for i, h in reversed(list(enumerate(header)))}
        key = next((by_key[k] for k in KEY_NAMES if k in by_key), None)
        if key is None:
            log.warning("%s ignored: no column names the files (%s); its columns are: %s", path,
                        ", ".join(KEY_NAMES), listing(header))
            return {}
        columns = table_columns([h for i, h in enumerate(header) if i != key], require_text=False)
        index = {f: header.index(c) for f, c in columns.items() if f in FACT_FIELDS}
        facts: dict[str, Facts] = {}
        repeated = 0
        for row, cells, _ in rows:
            if cells is None:
                continue
            ident = normal_key(cells[key])
            if ident is None:
                continue
            if ident in facts:
                repeated += 1
                continue
            facts[ident] = row_facts(cells, index, columns, f"{name} row {row}", name)
        if repeated:
            log.warning("%s: %d rows repeat a file named earlier; the first row of each is used",
                        path, repeated)
        return facts
    except ArticleError as exc:
        log.warning("%s ignored: %s", path, exc)
        return {}
    finally:
        rows.close()


def row_facts(cells: list, index: dict[str, int], columns: dict[str, str], place: str, name: str) -> Facts:
    value = {f: cells[i] for f, i in index.items()}
    published, published_from = (None, None)
    if "date" in value:
        published, published_from = date_fact(value["date"], columns["date"], place,
                                              f"{name} column '{columns['date']}'")
    return Facts(title=fact_text(value.get("title")), outlet=fact_text(value.get("outlet")),
                 published=published, published_from=published_from,
                 author=fact_text(value.get("author")), url=fact_text(value.get("url")))


def sidecar_facts(folder: str | os.PathLike) -> dict[str, Facts]:
    """Facts by key (the key column's values, as relative POSIX paths) from the metadata file of a
    folder; {} when it has none. Cached per folder until the file changes."""
    folder = Path(folder)
    found = sidecar_path(folder)
    if found is None:
        return {}
    path, signature = found
    cache_key = str(folder.absolute())
    with _lock:
        cached = _cache.get(cache_key)
    if cached and cached[0] == signature:
        return cached[1]
    facts = read_sidecar(path)
    with _lock:
        _cache[cache_key] = (signature, facts)
    return facts


def lookup(table: dict[str, Facts], relative: PurePosixPath) -> Facts | None:
    """A file's row: by its path from the metadata's folder (its name, beside it), with or
    without its extension."""
    for key in (relative.as_posix(), relative.with_suffix("").as_posix() if relative.suffix else None):
        if key and key in table:
            return table[key]
    return None


def missing(facts: Facts) -> bool:
    return any(getattr(facts, f) is None for f in FILLED)


def merged(own: Facts, extra: Facts) -> Facts:
    """The document's facts with what it lacks taken from `extra` (a date with where it came from)."""
    changes = {f: getattr(extra, f) for f in ("title", "outlet", "author", "url")
               if getattr(own, f) is None and getattr(extra, f) is not None}
    if own.published is None and extra.published is not None:
        changes.update(published=extra.published, published_from=extra.published_from)
    return replace(own, **changes) if changes else own


def with_sidecar_facts(document: Document, path: str | os.PathLike) -> Document:
    """The document with facts from a metadata file beside `path` (or up to two folders above,
    matched by relative path) filling only what its own facts lack; unchanged when there is none."""
    if not missing(document.facts):
        return document
    path = Path(path).absolute()
    folders = [path.parent, *path.parent.parents][:SEARCH_LEVELS]
    for folder in folders:
        table = sidecar_facts(folder)
        if not table:
            continue
        relative = PurePosixPath(*path.parts[len(folder.parts):])
        extra = lookup(table, relative)
        if extra is None:
            continue
        facts = merged(document.facts, extra)
        return document if facts is document.facts else replace(document, facts=facts)
    return document

