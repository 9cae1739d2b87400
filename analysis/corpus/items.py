"""Finding the articles of a corpus folder and reading one article's bytes, as corpus mode does."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..entities import Overrides, load_overrides, overrides_from_text, overrides_path_for
from ..errors import ArticleError
from ..reading import clean_text, decode

MAX_ARTICLE_CHARS = 1_000_000  # spaCy's max_length; a longer "article" is reported, not parsed
FILE_GONE = "the file disappeared during the run"  # not the article's fault: retried, not stored


@dataclass(frozen=True)
class Item:
    """One article to analyse: its id, its path relative to the corpus, and where to read it.

    `data` and `overrides` carry the file's bytes and its overrides TOML when the reading was
    done elsewhere (the Dask client reads, so workers need no access to the corpus folder).
    """

    article: str
    path: str
    source: str
    data: bytes | None = None
    overrides: str | None = None


def article_id(relative: Path) -> str:
    """The id of an article: its path relative to the corpus folder, without `.txt`."""
    return relative.with_suffix("").as_posix()


def discover(corpus_dir: str | os.PathLike, limit: int | None = None) -> list[Item]:
    """Every `*.txt` file under the folder (hidden files and folders skipped, symlinked folders
    followed), sorted by id; the first `limit`."""
    if str(corpus_dir).strip() == "":
        raise ArticleError("no corpus folder given: python -m analysis corpus DIR "
                           "(a folder of .txt articles)")
    root = Path(corpus_dir)
    if root.resolve() == paths.PROJ_ROOT:
        raise ArticleError("the corpus folder is the project itself: give a folder of .txt articles")
    if not root.exists():
        raise ArticleError(f"no such corpus folder: {paths.display_path(root)}")
    if not root.is_dir():
        raise ArticleError(f"not a folder: {paths.display_path(root)} (corpus mode reads a folder "
                           "of .txt articles)")
    items = []
    seen: set[str] = set()
    for folder, subfolders, files in os.walk(root, followlinks=True):  # symlinked folders too
        real = os.path.realpath(folder)
        if real in seen or real == str(paths.PROJ_ROOT):  # a link back up the tree; the project's
            subfolders.clear()  # own files (a corpus folder above the project) are not articles
            continue
        seen.add(real)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in files:
            path = Path(folder) / name
            if name.endswith(".txt") and not name.startswith(".") and path.is_file():
                relative = path.relative_to(root)
                items.append(Item(article_id(relative), relative.as_posix(), str(path)))
    items.sort(key=lambda item: item.article)
    if not items:
        raise ArticleError(f"no .txt articles under {paths.display_path(root)}")
    return items[:limit] if limit is not None else items


def with_contents(item: Item) -> Item:
    """The item with its bytes (and overrides text, if any) read in, for a worker elsewhere.

    A file that cannot be read here is left as it is: the worker then reports why.
    """
    if item.data is not None:
        return item
    try:
        data = Path(item.source).read_bytes()
        toml = overrides_path(item)
        overrides = toml.read_text(encoding="utf-8", errors="replace") if toml.exists() else None
    except OSError:
        return item
    return Item(item.article, item.path, item.source, data, overrides)


def overrides_path(item: Item) -> Path:
    """The overrides file next to the article, as for a single article."""
    return overrides_path_for(Path(item.source))


def item_overrides(item: Item) -> Overrides:
    """The article's overrides: shipped as text, or read from next to the file, or none."""
    if item.data is None:
        return load_overrides(overrides_path(item))
    if item.overrides is None:
        return Overrides()
    return overrides_from_text(item.overrides, overrides_path(item).name)


class CapturedWarnings(logging.Filter):
    """Collect (and silence) the reader's warnings for one article, to store them in its row."""

    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.messages.append(record.getMessage())
        return False


def load_text(item: Item) -> tuple[str, Overrides, list[str]]:
    """(text, overrides, warnings) of one article; ArticleError with a one-line reason otherwise.

    The same checks as `reading.read_article`, on bytes that may have been read elsewhere.
    """
    data = item.data
    if data is None:
        try:
            data = Path(item.source).read_bytes()
        except FileNotFoundError:
            raise ArticleError(FILE_GONE) from None
        except OSError as exc:
            raise ArticleError(f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > 4 * MAX_ARTICLE_CHARS:
        raise ArticleError(f"too long for an article ({len(data):,} bytes)")
    captured = CapturedWarnings()
    reader_log = logging.getLogger("analysis.reading")
    reader_log.addFilter(captured)
    try:
        text = clean_text(decode(data))
    finally:
        reader_log.removeFilter(captured)
    if not text.strip():
        raise ArticleError("empty article (no text)")
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleError(f"too long for an article ({len(text):,} characters; "
                           f"the limit is {MAX_ARTICLE_CHARS:,})")
    return text, item_overrides(item), captured.messages


def one_line(exc: BaseException) -> str:
    """An exception as a one-line reason for the errors table."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, ArticleError):
        return message or type(exc).__name__
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
