"""Finding the articles of a corpus: every article file under a folder (any mix of forms, tables
among them) or every row of one table, each as an `Item` with its id, in a stable order."""

from __future__ import annotations

import os
from pathlib import Path

from .. import paths
from ..errors import ArticleError
from ..sources import ARTICLE_SUFFIXES, TABLE_SUFFIXES, is_table
from ..sources.sidecar import SIDECAR_NAMES
from .items import Item, article_id
from .tablerows import table_items

# A folder's own documentation is no article: README.md, LICENSE.txt, ABOUT.md (any suffix).
NOT_ARTICLES = {"readme", "license", "licence", "about", "changelog", "citation"}
FORMS = ".txt, .md, .html, .docx, .csv, .tsv, .jsonl, .parquet or .xlsx"


def is_article_file(path: Path) -> bool:
    """A file corpus mode reads: a known form (lower-case suffix, as saved by tools), not hidden,
    not a metadata file beside the articles and not the folder's own README or licence."""
    name = path.name
    return path.suffix in (*ARTICLE_SUFFIXES, *TABLE_SUFFIXES) and not name.startswith(".") \
        and name.lower() not in SIDECAR_NAMES and path.stem.lower() not in NOT_ARTICLES


def check_corpus_path(corpus: str | os.PathLike) -> Path:
    """The corpus as a path, refused in one line when it cannot be one."""
    if str(corpus).strip() == "":
        raise ArticleError("no corpus given: python -m analysis corpus PATH (a folder of articles, "
                           "or a table of articles)")
    root = Path(corpus)
    if root.resolve() == paths.PROJ_ROOT:
        raise ArticleError("the corpus folder is the project itself: give a folder of articles")
    if not root.exists():
        raise ArticleError(f"no such corpus folder: {paths.display_path(root)}")
    if not root.is_dir() and not is_table(root):
        raise ArticleError(f"not a folder or a table of articles: {paths.display_path(root)} (corpus "
                           f"mode reads a folder of {FORMS} files, or one table)")
    return root


def article_files(root: Path) -> list[Path]:
    """Every article file under the folder (hidden files and folders skipped, symlinked folders
    followed, a link back up the tree or into the project not followed)."""
    found = []
    seen: set[str] = set()
    for folder, subfolders, files in os.walk(root, followlinks=True):  # symlinked folders too
        real = os.path.realpath(folder)
        if real in seen or real == str(paths.PROJ_ROOT):  # a link back up the tree; the project's
            subfolders.clear()  # own files (a corpus folder above the project) are not articles
            continue
        seen.add(real)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        found.extend(Path(folder) / name for name in files
                     if is_article_file(Path(folder) / name) and (Path(folder) / name).is_file())
    return found


def file_items(root: Path, files: list[Path]) -> list[Item]:
    """One item per article file, with its id (a second file of the same name and another form
    keeps its suffix in its id: `story` and `story.html`)."""
    items, taken = [], set()
    for path in sorted(files, key=lambda p: (article_id(p.relative_to(root)), p.suffix != ".txt", p.name)):
        relative = path.relative_to(root)
        ident = article_id(relative)
        if ident in taken:
            ident = relative.as_posix()
        taken.add(ident)
        items.append(Item(ident, relative.as_posix(), str(path)))
    return items


def discover(corpus: str | os.PathLike, limit: int | None = None,
             columns: dict | None = None) -> list[Item]:
    """The articles of a corpus: each article file under a folder, and each row of every table
    (in the folder, or the corpus itself); the first `limit`. Files in id order, a table's rows
    in the table's order. Tables are streamed once here for their row ids, never held whole."""
    root = check_corpus_path(corpus)
    if not root.is_dir():
        items = table_items(root, "", root.name, columns, limit=limit, refuse=True)
    else:
        items = []
        for item in file_items(root, article_files(root)):
            if limit is not None and len(items) >= limit:
                break
            if is_table(item.source):
                prefix = Path(item.path).with_suffix("").as_posix()
                left = None if limit is None else limit - len(items)
                items.extend(table_items(Path(item.source), prefix, item.path, columns, limit=left))
            else:
                items.append(item)
    if not items:
        where = paths.display_path(root)
        raise ArticleError(f"no articles in {where}" if not root.is_dir() else
                           f"no articles under {where} (corpus mode reads {FORMS} files)")
    return items[:limit] if limit is not None else items
