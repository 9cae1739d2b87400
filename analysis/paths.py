"""Every path the project uses, built from one place (the repository root)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJ_ROOT / "seeds"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
FIGURES_DIR = PROJ_ROOT / "figures"
REPORTS_DIR = PROJ_ROOT / "reports"
DEFAULT_ARTICLE = SEEDS_DIR / "000_87a923203847aeeb.txt"
CACHE_DIR = Path(os.environ.get("ANALYSIS_CACHE_DIR", PROJ_ROOT / ".cache" / "analysis"))


def safe_name(name: str) -> str:
    """A name made file-system-safe: runs of other characters as `_`, no leading or trailing dot."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")


def article_id(path: str | os.PathLike, row: str | None = None) -> str:
    """A file-system-safe id for an article: its file name without the extension, and for the
    row of a table, the row's id after it (`stories-1234`)."""
    stem = safe_name(Path(path).stem) or "article"
    return f"{stem}-{safe_name(str(row)) or 'row'}" if row is not None else stem


def link_path(path: str | os.PathLike) -> Path:
    """The absolute path of a file with its folders resolved but its own name kept, so a
    symlinked article keeps the link's name (it is titled and identified by it)."""
    absolute = Path(os.path.abspath(path))
    return Path(os.path.realpath(absolute.parent)) / absolute.name


def report_id(path: str | os.PathLike, row: str | None = None) -> str:
    """The id of an article's report folder: its readable id plus a short hash of the file's
    resolved path (and row), so two different articles never share a folder (`tech/001.txt` and
    `business/001.txt`); the bundled article keeps its plain id."""
    resolved = Path(path).resolve()
    if resolved == DEFAULT_ARTICLE.resolve() and row is None:
        return article_id(DEFAULT_ARTICLE)
    where = os.fsencode(resolved) + (b"" if row is None else b"\x00" + str(row).encode("utf-8"))
    digest = hashlib.sha256(where).hexdigest()[:10]
    return f"{article_id(path, row)}-{digest}"


def report_dir(path: str | os.PathLike, row: str | None = None) -> Path:
    """Where `make report ARTICLE=...` and the command line write an article's outputs."""
    return REPORTS_DIR / report_id(path, row)


def in_project(path: str | os.PathLike) -> str | None:
    """The path relative to the project when inside it (folders resolved, a symlinked file
    keeping its own name), else None: the one rule for showing and passing on paths."""
    try:
        return str(link_path(path).relative_to(PROJ_ROOT))
    except ValueError:
        return None


def display_path(path: str | os.PathLike) -> str:
    """A path as shown to readers: relative to the project when inside it, else the file name."""
    return in_project(path) or link_path(path).name


def from_root(path: str | os.PathLike | None, default: Path) -> Path:
    """A notebook parameter as a path: relative paths count from the project root; None -> default."""
    if path is None or str(path) == "":
        return default
    path = Path(path)
    return path if path.is_absolute() else PROJ_ROOT / path
